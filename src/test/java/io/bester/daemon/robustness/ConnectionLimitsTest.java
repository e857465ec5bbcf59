package io.bester.daemon.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bester.daemon.session.ConnectionStats;
import io.bester.daemon.support.DaemonFixture;
import io.bester.daemon.support.TestAccounts;
import io.bester.daemon.support.TestClient;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code limits.maxConnections} and {@code limits.maxUnidentified} (contract §10, §11): the
 * connection past a limit gets fatal {@code too_many_connections} with id null and is closed at
 * once; a refused connection does not count; once one closes, a new one is accepted again.
 */
@Timeout(60)
class ConnectionLimitsTest {

  static final int MAX_CONNECTIONS = 3;
  static final int MAX_UNIDENTIFIED = 2;
  /** "At once": far below identifyTimeoutMs (10 s), the other way such a connection could end. */
  static final long AT_ONCE_MS = 2000;

  @TempDir
  static Path dir;
  static DaemonFixture daemon;

  @BeforeAll
  static void start() throws Exception {
    daemon = DaemonFixture.start(dir, json -> json.put("limits", new JsonObject()
        .put("maxConnections", MAX_CONNECTIONS)
        .put("maxUnidentified", MAX_UNIDENTIFIED)));
  }

  @AfterAll
  static void stop() throws Exception {
    daemon.close();
  }

  static ConnectionStats stats() {
    return daemon.daemon().stats();
  }

  /** Each test starts from a daemon whose earlier connections are all gone. */
  @BeforeEach
  void noConnectionsLeft() {
    awaitOpen(0);
  }

  static void awaitOpen(int expected) {
    Await.until("the daemon counts " + expected + " open connections", 5000,
        () -> stats().openConnections() == expected, () -> "(it counts " + stats().openConnections() + ")");
  }

  static long refusals() {
    return stats().closesByReason().getOrDefault("too_many_connections", 0L);
  }

  /** Opens a connection past a limit and checks the one frame and the prompt close. */
  static void expectRefused() {
    long refusedBefore = refusals();
    long started = System.nanoTime();
    try (RawConnection extra = RawConnection.open(daemon.port())) {
      List<JsonObject> frames = extra.framesUntilEnd(5000);
      long tookMs = (System.nanoTime() - started) / 1_000_000;
      assertEquals(1, frames.size(), "exactly one frame before the close: " + frames);
      JsonObject fatal = frames.get(0);
      assertEquals("fatal", fatal.getJsonObject("header").getString("messageType"), fatal.encode());
      assertEquals("bad", fatal.getJsonObject("header").getString("status"), fatal.encode());
      assertEquals("too_many_connections", TestClient.errorCode(fatal), fatal.encode());
      assertTrue(fatal.getJsonObject("payload").containsKey("id"), "the id is there, as null: " + fatal.encode());
      assertEquals(null, fatal.getJsonObject("payload").getValue("id"), fatal.encode());
      assertTrue(tookMs < AT_ONCE_MS, "closed after " + tookMs + " ms");
    }
    assertEquals(refusedBefore + 1, refusals(), "the refusal is counted under its reason");
  }

  @Test
  void unidentifiedConnectionsPastMaxUnidentifiedAreRefused() {
    try (RawConnection first = RawConnection.open(daemon.port());
         RawConnection second = RawConnection.open(daemon.port())) {
      awaitOpen(MAX_UNIDENTIFIED);
      // 1. the third unidentified one is refused, though maxConnections has room
      expectRefused();
      assertEquals(MAX_UNIDENTIFIED, stats().openConnections(), "a refused connection does not count");

      // 2. once one of them closes, a new connection is accepted and may identify
      first.close();
      awaitOpen(1);
      try (TestClient alice = daemon.login("alice")) {
        // 3. alice identified, so one more unidentified fits: second + this one
        try (RawConnection third = RawConnection.open(daemon.port())) {
          awaitOpen(MAX_CONNECTIONS);
          third.send(TestClient.identify("bob", TestAccounts.PASSWORD));
          assertEquals("auth_special", third.next(10_000).getJsonObject("payload").getString("id"));
          // 4. now three are open: the next one is refused by maxConnections
          expectRefused();
        }
        alice.send(TestClient.message("dummy", "still", null));
        assertEquals("still", alice.next().getJsonObject("payload").getValue("id"), "the refusals did not touch alice");
      }
    }
  }

  @Test
  void connectionsPastMaxConnectionsAreRefusedUntilOneCloses() {
    List<TestClient> clients = new ArrayList<>();
    try {
      for (String user : DaemonFixture.USERS) {
        clients.add(daemon.login(user));
      }
      assertEquals(MAX_CONNECTIONS, clients.size());
      awaitOpen(MAX_CONNECTIONS);
      // 1. refused again and again: the refusals never take a slot
      for (int i = 0; i < 20; i++) {
        expectRefused();
      }
      assertEquals(MAX_CONNECTIONS, stats().openConnections());

      // 2. bob leaves; the next connection is accepted and logs in
      clients.remove(1).close();
      awaitOpen(MAX_CONNECTIONS - 1);
      clients.add(daemon.login("bob"));

      // 3. and the limit holds again
      expectRefused();
      for (TestClient client : clients) {
        client.send(TestClient.message("dummy", "alive", null));
        assertEquals("alive", client.next().getJsonObject("payload").getValue("id"));
      }
    } finally {
      clients.forEach(TestClient::close);
    }
  }
}
