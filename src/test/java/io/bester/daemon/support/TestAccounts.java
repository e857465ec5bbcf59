package io.bester.daemon.support;

import io.bester.daemon.auth.AccountStore;
import io.bester.daemon.auth.FileAccountStore;
import io.bester.daemon.auth.PasswordHasher;
import io.bester.daemon.auth.RedisAccountStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Writes accounts before a daemon starts, into an account file or into Redis. Every test user
 * has {@link #PASSWORD}, hashed once per test run: PBKDF2 at 210 000 iterations is slow on purpose.
 */
public final class TestAccounts {

  public static final String PASSWORD = "correct-horse";

  private static String hash;

  private TestAccounts() {
  }

  /** Creates {@code users} in the account file {@code file}. */
  public static void write(Path file, List<String> users) throws Exception {
    write(vertx -> new FileAccountStore(vertx, file), users);
  }

  /** Creates {@code users} in the Redis store at {@code host:port}. */
  public static void writeRedis(String host, int port, List<String> users) throws Exception {
    write(vertx -> new RedisAccountStore(vertx, host, port), users);
  }

  private static synchronized void write(Function<Vertx, AccountStore> storeOf, List<String> users) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      if (hash == null) {
        hash = new PasswordHasher(vertx).hash(PASSWORD).await(30, TimeUnit.SECONDS);
      }
      AccountStore store = storeOf.apply(vertx);
      store.open().await(10, TimeUnit.SECONDS);
      List<Future<Void>> created = new ArrayList<>();
      for (String user : users) {
        created.add(store.create(user, hash));
      }
      Future.all(created).await(10, TimeUnit.SECONDS);
      store.close().await(10, TimeUnit.SECONDS);
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
