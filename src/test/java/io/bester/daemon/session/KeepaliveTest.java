package io.bester.daemon.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bester.daemon.support.DaemonFixture;
import io.bester.daemon.support.TestClient;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Optional keepalive (§10, §11): pings to identified clients, idle close after three silent intervals. */
@Timeout(60)
class KeepaliveTest {

  private static final JsonObject PING = new JsonObject().put("header", new JsonObject().put("messageType", "ping"));

  @TempDir
  static Path dir;
  static DaemonFixture daemon;

  @BeforeAll
  static void start() throws Exception {
    daemon = DaemonFixture.start(dir, json -> json.put("limits", new JsonObject()
        .put("pingIntervalMs", 300).put("identifyTimeoutMs", 5000)));
  }

  @AfterAll
  static void stop() throws Exception {
    daemon.close();
  }

  @Test
  void aClientThatAnswersPingsStaysAndOneThatIsSilentIsClosedWithoutAFrame() {
    try (TestClient lively = daemon.login("alice"); TestClient silent = daemon.login("bob")) {
      // lively answers each ping with a dummy, for longer than three intervals
      for (int i = 0; i < 5; i++) {
        assertEquals(PING, lively.next());
        lively.send(TestClient.message("dummy", i, null));
        assertEquals("0", lively.next().getJsonObject("header").getString("status"));
      }
      // silent got pings, then the close, and nothing else
      int pings = 0;
      for (JsonObject frame = silent.poll(5000); frame != null; frame = silent.poll(5000)) {
        assertEquals(PING, frame);
        pings++;
      }
      assertTrue(pings >= 1 && pings <= 3, "pings before the idle close: " + pings);
      silent.expectClosed();
      assertTrue(daemon.daemon().stats().closesByReason().getOrDefault("idle", 0L) >= 1,
          daemon.daemon().stats().closesByReason().toString());
    }
  }

  @Test
  void unidentifiedConnectionsGetNoPing() {
    try (TestClient stranger = daemon.connect()) {
      assertNull(stranger.poll(800), "no ping before identification");
    }
  }
}
