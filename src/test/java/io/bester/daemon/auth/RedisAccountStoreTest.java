package io.bester.daemon.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.bester.daemon.Stores;
import io.bester.daemon.auth.AccountException.Reason;
import io.bester.daemon.config.Database;
import io.bester.daemon.support.RedisServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RedisAccountStore} against a real {@code redis-server} (started by the test, no
 * persistence). Tests that stop or freeze Redis use a server of their own.
 */
@Timeout(60)
class RedisAccountStoreTest {

  private static final String H1 = "$pbkdf2$it=210000$c2FsdHNhbHRzYWx0c2FsdA$aGFzaDE";
  private static final String H2 = "$pbkdf2$it=210000$c2FsdHNhbHRzYWx0c2FsdA$aGFzaDI";
  private static final long WAIT_S = 10;

  @TempDir
  static Path dir;
  static RedisServer redis;
  static Vertx vertx;
  static Vertx otherVertx;

  private final List<AccountStore> stores = new ArrayList<>();

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.start(dir);
    vertx = Vertx.vertx();
    otherVertx = Vertx.vertx();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    try {
      vertx.close().await(WAIT_S, TimeUnit.SECONDS);
      otherVertx.close().await(WAIT_S, TimeUnit.SECONDS);
    } finally {
      redis.close();
    }
  }

  @BeforeEach
  void emptyRedis() throws Exception {
    assertEquals("OK", redis.command("FLUSHALL"));
  }

  @AfterEach
  void closeStores() throws Exception {
    for (AccountStore store : stores) {
      store.close().await(WAIT_S, TimeUnit.SECONDS);
    }
  }

  private RedisAccountStore open(Vertx on, RedisServer server) throws Exception {
    RedisAccountStore store = new RedisAccountStore(on, server.host(), server.port());
    stores.add(store);
    store.open().await(WAIT_S, TimeUnit.SECONDS);
    return store;
  }

  private RedisAccountStore open() throws Exception {
    return open(vertx, redis);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.await(WAIT_S, TimeUnit.SECONDS);
  }

  /** The failure of {@code f}, which must fail within the wait. */
  private static Throwable failureOf(Future<?> f) throws Exception {
    try {
      f.await(WAIT_S, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw e;
    } catch (Exception e) {
      return e;
    }
    fail("expected a failure, but it succeeded");
    return null;
  }

  private static void assertReason(Reason reason, Future<?> f) throws Exception {
    Throwable t = failureOf(f);
    assertInstanceOf(AccountException.class, t, String.valueOf(t));
    assertEquals(reason, ((AccountException) t).reason(), String.valueOf(t));
  }

  // ------------------------------------------------------------------------------- basics

  @Test
  void createUpdateDeleteAndSortedUsernames() throws Exception {
    RedisAccountStore store = open();
    assertEquals(List.of(), await(store.usernames()));
    await(store.create("bob", H1));
    await(store.create("alice", H1));
    await(store.create("Zoë", H2));
    assertEquals(Optional.of(H1), await(store.hash("alice")));
    assertEquals(Optional.of(H2), await(store.hash("Zoë")));
    assertEquals(Optional.empty(), await(store.hash("ALICE")), "usernames are case-sensitive");
    assertEquals(List.of("Zoë", "alice", "bob"), await(store.usernames()), "natural String order");

    await(store.update("alice", H2));
    assertEquals(Optional.of(H2), await(store.hash("alice")));
    await(store.delete("bob"));
    assertEquals(Optional.empty(), await(store.hash("bob")));
    assertEquals(List.of("Zoë", "alice"), await(store.usernames()));
  }

  @Test
  void keyLayoutIsOneHashOfUsernameToPhcString() throws Exception {
    RedisAccountStore store = open();
    await(store.create("alice", H1));
    await(store.create("Zoë", H2));
    assertEquals(List.of(RedisAccountStore.KEY), redis.send("KEYS", "*"));
    assertEquals("hash", redis.command("TYPE", "bester:accounts"));
    assertEquals(H1, redis.command("HGET", "bester:accounts", "alice"));
    assertEquals(H2, redis.command("HGET", "bester:accounts", "Zoë"), "field names are UTF-8");
    // written from outside (another tool): seen at once
    redis.send("HSET", "bester:accounts", "dave", H1);
    assertEquals(Optional.of(H1), await(store.hash("dave")));
  }

  @Test
  void userExistsAndUnknownUserChangeNothing() throws Exception {
    RedisAccountStore store = open();
    await(store.create("alice", H1));
    assertReason(Reason.USER_EXISTS, store.create("alice", H2));
    assertEquals(Optional.of(H1), await(store.hash("alice")));
    assertReason(Reason.UNKNOWN_USER, store.update("bob", H2));
    assertEquals(Optional.empty(), await(store.hash("bob")), "update must not create");
    assertReason(Reason.UNKNOWN_USER, store.delete("bob"));
    assertReason(Reason.UNKNOWN_USER, store.delete(""));
    assertReason(Reason.UNKNOWN_USER, store.delete(null));
    assertEquals(List.of("alice"), await(store.usernames()));
  }

  @Test
  void badArgumentsAreRefusedBeforeRedis() throws Exception {
    RedisAccountStore store = open();
    assertInstanceOf(IllegalArgumentException.class, failureOf(store.create("", H1)));
    assertInstanceOf(IllegalArgumentException.class, failureOf(store.create(null, H1)));
    assertInstanceOf(IllegalArgumentException.class, failureOf(store.create("a\uD800b", H1)));
    assertInstanceOf(IllegalArgumentException.class, failureOf(store.create("alice", "")));
    assertInstanceOf(IllegalArgumentException.class, failureOf(store.update("alice", null)));
    assertEquals(Optional.empty(), await(store.hash(null)));
    assertEquals(Optional.empty(), await(store.hash("")));
    // an unpaired surrogate would be sent as '?' in UTF-8: it must not find user "a?b"
    await(store.create("a?b", H1));
    assertEquals(Optional.empty(), await(store.hash("a\uD800b")));
    assertReason(Reason.UNKNOWN_USER, store.delete("a\uD800b"));
  }

  @Test
  void storesMadeByStoresOpenFromTheConfig() throws Exception {
    Database database = Database.fromJson(new JsonObject().put("type", "redis")
        .put("redis", new JsonObject().put("address", "127.0.0.1").put("port", String.valueOf(redis.port()))),
        "database");
    AccountStore store = Stores.open(vertx, database);
    stores.add(store);
    assertInstanceOf(RedisAccountStore.class, store);
    await(store.open());
    await(store.create("alice", H1));
    assertEquals(H1, redis.command("HGET", "bester:accounts", "alice"));
  }

  // -------------------------------------------------------------------------- concurrency

  @Test
  void concurrentCreatesOfOneNameHaveExactlyOneWinner() throws Exception {
    RedisAccountStore a = open(vertx, redis);
    RedisAccountStore b = open(otherVertx, redis);
    for (int round = 0; round < 20; round++) {
      String name = "user" + round;
      List<Future<Void>> attempts = new ArrayList<>();
      List<String> hashes = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        String hash = H1 + "-" + i;
        hashes.add(hash);
        attempts.add((i % 2 == 0 ? a : b).create(name, hash));
      }
      await(Future.join(attempts).otherwiseEmpty());
      int winner = -1;
      for (int i = 0; i < attempts.size(); i++) {
        Future<Void> f = attempts.get(i);
        assertTrue(f.isComplete());
        if (f.succeeded()) {
          assertEquals(-1, winner, "two creates of " + name + " succeeded");
          winner = i;
        } else {
          assertInstanceOf(AccountException.class, f.cause());
          assertEquals(Reason.USER_EXISTS, ((AccountException) f.cause()).reason(), String.valueOf(f.cause()));
        }
      }
      assertTrue(winner >= 0, "no create of " + name + " succeeded");
      assertEquals(Optional.of(hashes.get(winner)), await(b.hash(name)), "the winner's hash is stored");
    }
  }

  @Test
  void updateRacingDeleteNeverResurrectsTheUser() throws Exception {
    RedisAccountStore a = open(vertx, redis);
    RedisAccountStore b = open(otherVertx, redis);
    int updatesFirst = 0;
    for (int round = 0; round < 200; round++) {
      await(a.create("victim", H1));
      Future<Void> update = a.update("victim", H2);
      Future<Void> delete = b.delete("victim");
      await(Future.join(update, delete).otherwiseEmpty());
      assertTrue(delete.succeeded(), "delete failed: " + delete.cause());
      if (update.succeeded()) {
        updatesFirst++;
      } else {
        assertInstanceOf(AccountException.class, update.cause());
        assertEquals(Reason.UNKNOWN_USER, ((AccountException) update.cause()).reason());
      }
      assertEquals(Optional.empty(), await(a.hash("victim")), "round " + round + ": the user came back");
      assertEquals(0L, redis.send("HEXISTS", "bester:accounts", "victim"));
    }
    // not asserted (scheduling decides), but useful when the test is read in a report
    System.out.println("update won the race in " + updatesFirst + " of 200 rounds");
  }

  @Test
  void twoDaemonsSeeEachOthersChangesAtOnce() throws Exception {
    RedisAccountStore a = open(vertx, redis);
    RedisAccountStore b = open(otherVertx, redis);
    await(a.create("alice", H1));
    assertEquals(Optional.of(H1), await(b.hash("alice")), "no cache, no polling delay");
    await(b.update("alice", H2));
    assertEquals(Optional.of(H2), await(a.hash("alice")));
    await(b.create("bob", H1));
    assertEquals(List.of("alice", "bob"), await(a.usernames()));
    await(a.delete("alice"));
    assertEquals(Optional.empty(), await(b.hash("alice")));
    assertReason(Reason.UNKNOWN_USER, b.update("alice", H1));
    assertReason(Reason.USER_EXISTS, a.create("bob", H2));
  }

  // ------------------------------------------------------------------------ unavailability

  @Test
  void redisStoppedFailsPromptlyAndRestartedWorksWithoutReopening(@TempDir Path own) throws Exception {
    try (RedisServer server = RedisServer.start(own)) {
      RedisAccountStore store = open(vertx, server);
      await(store.create("alice", H1));

      server.stop();
      long start = System.nanoTime();
      Throwable read = failureOf(store.hash("alice"));
      assertInstanceOf(StoreException.class, read, String.valueOf(read));
      assertTrue(read.getMessage().contains("Redis at 127.0.0.1:" + server.port()), read.getMessage());
      assertInstanceOf(StoreException.class, failureOf(store.usernames()));
      assertReason(Reason.STORE_UNAVAILABLE, store.create("bob", H1));
      assertReason(Reason.STORE_UNAVAILABLE, store.update("alice", H2));
      assertReason(Reason.STORE_UNAVAILABLE, store.delete("alice"));
      long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(elapsedMs < 3000, "five failed operations took " + elapsedMs + " ms");

      server.restart(); // same port, empty (no persistence)
      assertEquals(Optional.empty(), await(store.hash("alice")));
      await(store.create("alice", H2));
      assertEquals(Optional.of(H2), await(store.hash("alice")));
      assertEquals(List.of("alice"), await(store.usernames()));
    }
  }

  @Test
  void theFirstOperationAfterAQuietRestartWorks(@TempDir Path own) throws Exception {
    try (RedisServer server = RedisServer.start(own)) {
      RedisAccountStore store = open(vertx, server);
      for (int round = 0; round < 3; round++) {
        // pooled connections exist, then Redis goes away and comes back while the store is idle
        List<Future<Optional<String>>> reads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          reads.add(store.hash("alice"));
        }
        await(Future.all(reads));
        server.stop();
        server.restart();
        await(store.create("alice", H1));
        assertEquals(Optional.of(H1), await(store.hash("alice")));
      }
    }
  }

  @Test
  void frozenRedisTimesOutWithinTheCommandTimeoutAndRecovers(@TempDir Path own) throws Exception {
    try (RedisServer server = RedisServer.start(own)) {
      RedisAccountStore store = open(vertx, server);
      await(store.create("alice", H1));

      server.freeze(); // connections stay open, nothing is answered
      try {
        long start = System.nanoTime();
        Future<Optional<String>> read = store.hash("alice");
        Future<Void> write = store.update("alice", H2);
        Throwable readFailure = failureOf(read);
        Throwable writeFailure = failureOf(write);
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertInstanceOf(StoreException.class, readFailure, String.valueOf(readFailure));
        assertTrue(readFailure.getMessage().contains("no answer within 2000 ms"), readFailure.getMessage());
        assertInstanceOf(AccountException.class, writeFailure);
        assertEquals(Reason.STORE_UNAVAILABLE, ((AccountException) writeFailure).reason());
        assertTrue(elapsedMs >= RedisAccountStore.COMMAND_TIMEOUT_MS - 100 && elapsedMs < 3500,
            "failed after " + elapsedMs + " ms");
      } finally {
        server.resume();
      }
      // The queued commands are answered now; the store works without reopening.
      assertEquals(Optional.of(H2), await(store.hash("alice")),
          "the timed-out update was applied after all: a timeout means 'unknown', as documented");
      await(store.update("alice", H1));
      assertEquals(Optional.of(H1), await(store.hash("alice")));
    }
  }

  @Test
  void openAgainstADeadPortFailsWithOneLineNamingDatabaseRedis() throws Exception {
    int port = RedisServer.freePort();
    RedisAccountStore store = new RedisAccountStore(vertx, "127.0.0.1", port);
    stores.add(store);
    long start = System.nanoTime();
    Throwable t = failureOf(store.open());
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertInstanceOf(StoreException.class, t, String.valueOf(t));
    assertEquals("database.redis: cannot reach Redis at 127.0.0.1:" + port + ": Connection refused", t.getMessage());
    assertTrue(elapsedMs < 3000, "open took " + elapsedMs + " ms");
    assertInstanceOf(StoreException.class, failureOf(store.hash("alice")), "not open");
    assertReason(Reason.STORE_UNAVAILABLE, store.create("alice", H1));
  }

  @Test
  void openRefusesAKeyThatIsNotAHash() throws Exception {
    redis.send("SET", "bester:accounts", "something else");
    RedisAccountStore store = new RedisAccountStore(vertx, redis.host(), redis.port());
    stores.add(store);
    Throwable t = failureOf(store.open());
    assertInstanceOf(StoreException.class, t);
    assertEquals("database.redis: key bester:accounts at Redis 127.0.0.1:" + redis.port()
        + " is a string, not a hash", t.getMessage());
    // and it can be opened once the key is fixed
    redis.send("DEL", "bester:accounts");
    await(store.open());
    await(store.create("alice", H1));
  }

  @Test
  void aWrongKeyTypeAfterOpeningIsStoreUnavailable() throws Exception {
    RedisAccountStore store = open();
    redis.send("SET", "bester:accounts", "oops");
    Throwable t = failureOf(store.hash("alice"));
    assertInstanceOf(StoreException.class, t);
    assertTrue(t.getMessage().contains("WRONGTYPE"), t.getMessage());
    assertReason(Reason.STORE_UNAVAILABLE, store.create("alice", H1));
    assertEquals("oops", redis.command("GET", "bester:accounts"), "nothing was overwritten");
  }

  @Test
  void aClosedStoreRefusesEverything() throws Exception {
    RedisAccountStore store = open();
    await(store.close());
    assertInstanceOf(StoreException.class, failureOf(store.hash("alice")));
    assertInstanceOf(StoreException.class, failureOf(store.usernames()));
    assertReason(Reason.STORE_UNAVAILABLE, store.create("alice", H1));
    assertInstanceOf(IllegalStateException.class, failureOf(store.open()));
    assertNotNull(await(store.close().map("closing twice is fine")));
    assertEquals(List.of(), redis.send("KEYS", "*"), "nothing was written");
  }

  @Test
  void constructorChecksTheAddress() {
    assertThrows(IllegalArgumentException.class, () -> new RedisAccountStore(vertx, "127.0.0.1", 0));
    assertThrows(IllegalArgumentException.class, () -> new RedisAccountStore(vertx, "", 6379));
    assertEquals("[::1]:6379", new RedisAccountStore(vertx, "::1", 6379).address());
  }
}
