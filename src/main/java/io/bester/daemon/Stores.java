package io.bester.daemon;

import io.bester.daemon.auth.AccountStore;
import io.bester.daemon.auth.FileAccountStore;
import io.bester.daemon.auth.RedisAccountStore;
import io.bester.daemon.config.Database;
import io.bester.daemon.config.DatabaseType;
import io.vertx.core.Vertx;
import java.nio.file.Path;

/**
 * Picks the account store that {@code database} names: the file store (relative paths resolve
 * against the working directory) or the Redis store at {@code database.redis}. The store is not
 * opened here; {@link AccountStore#open()} is the caller's.
 */
public final class Stores {

  private Stores() {
  }

  public static AccountStore open(Vertx vertx, Database database) {
    if (database.type() == DatabaseType.REDIS) {
      return new RedisAccountStore(vertx, database.redisHost(), database.redisPort());
    }
    return new FileAccountStore(vertx, Path.of(database.filePath()).toAbsolutePath());
  }
}
