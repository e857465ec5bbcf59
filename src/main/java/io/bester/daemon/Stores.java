package io.bester.daemon;

import io.bester.daemon.auth.AccountStore;
import io.bester.daemon.auth.FileAccountStore;
import io.bester.daemon.config.Database;
import io.bester.daemon.config.DatabaseType;
import io.vertx.core.Vertx;
import java.nio.file.Path;

/** Picks the account store that {@code database} names; relative paths resolve against the working directory. */
public final class Stores {

  private Stores() {
  }

  public static AccountStore open(Vertx vertx, Database database) {
    if (database.type() == DatabaseType.REDIS) {
      throw new IllegalStateException("config: database.type: the redis store is not supported yet");
    }
    return new FileAccountStore(vertx, Path.of(database.filePath()).toAbsolutePath());
  }
}
