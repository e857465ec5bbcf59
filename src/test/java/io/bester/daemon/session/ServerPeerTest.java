package io.bester.daemon.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.bester.daemon.support.DaemonFixture;
import io.bester.daemon.support.TestClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Inbound server peers (§2, §11): both identification forms, admission by address and secret. */
@Timeout(60)
class ServerPeerTest {

  @TempDir
  static Path dir;
  static DaemonFixture daemon;

  @BeforeAll
  static void start() throws Exception {
    daemon = DaemonFixture.start(dir, json -> json.put("federation", new JsonObject().put("secret", "peer-secret")));
  }

  @AfterAll
  static void stop() throws Exception {
    daemon.close();
  }

  private static JsonObject chatPayload(String id, String to) {
    return new JsonObject().put("type", "chat").put("id", id)
        .put("data", new JsonObject().put("to", new JsonArray().add(to)).put("text", "from afar"));
  }

  @Test
  void v3ServerIdentifyIsAnsweredAndItsMessagesRouted() {
    try (TestClient bob = daemon.login("bob"); TestClient peer = daemon.connect()) {
      peer.send(new JsonObject("{\"header\":{\"identify\":{\"type\":\"server\",\"name\":\"node-b\",\"secret\":\"peer-secret\"}}}"));
      peer.expectGood("auth_special");
      peer.send(new JsonObject().put("header", new JsonObject().put("from", "zoe")).put("payload", chatPayload("p1", "bob")));
      assertEquals(1, peer.expectGood("p1").getJsonObject("payload").getInteger("delivered"));
      assertEquals("zoe@node-b", bob.next().getJsonObject("header").getString("from"));
      peer.send(new JsonObject().put("header", new JsonObject()).put("payload", chatPayload("p2", "bob")));
      peer.expectGood("p2");
      assertEquals("node-b", bob.next().getJsonObject("header").getString("from"), "no user: the peer's name");
    }
  }

  @Test
  void v2ServerFrameGetsNoSeparateAnswerButItsPayloadIsReported() {
    try (TestClient bob = daemon.login("bob"); TestClient peer = daemon.connect()) {
      peer.send(new JsonObject().put("header", new JsonObject().put("scope", "server").put("name", "old-node")
          .put("secret", "peer-secret").put("from", "ann")).put("payload", chatPayload("v2", "bob")));
      JsonObject report = peer.expectGood("v2");
      assertEquals(1, report.getJsonObject("payload").getInteger("delivered"));
      assertEquals("ann@old-node", bob.next().getJsonObject("header").getString("from"));
      assertNull(peer.poll(200), "exactly one frame for the v2 server frame");
    }
  }

  @Test
  void v2ServerWithoutNameIsKnownByItsAddress() {
    try (TestClient bob = daemon.login("bob"); TestClient peer = daemon.connect()) {
      peer.send(new JsonObject().put("header", new JsonObject().put("scope", "server").put("secret", "peer-secret"))
          .put("payload", chatPayload("anon", "bob")));
      peer.expectGood("anon");
      String from = bob.next().getJsonObject("header").getString("from");
      assertEquals(true, from.matches("127\\.0\\.0\\.1:\\d+"), from);
    }
  }

  @Test
  void aWrongOrMissingSecretIsServerNotAllowed() {
    try (TestClient peer = daemon.connect()) {
      peer.send(new JsonObject("{\"header\":{\"identify\":{\"type\":\"server\",\"name\":\"x\",\"secret\":\"nope\"}}}"));
      peer.expectFatal("server_not_allowed", null);
    }
    try (TestClient peer = daemon.connect()) {
      peer.send(new JsonObject("{\"header\":{\"scope\":\"server\"},\"payload\":{\"type\":\"chat\",\"id\":\"1\"}}"));
      peer.expectFatal("server_not_allowed", null);
    }
  }

  @Test
  void anAddressOutsideAllowIsServerNotAllowed() throws Exception {
    try (DaemonFixture closed = DaemonFixture.start(dir.resolve("closed"), json -> json.put("federation",
        new JsonObject().put("allow", new JsonArray().add("10.0.0.0/8"))));
         TestClient peer = closed.connect()) {
      peer.send(new JsonObject("{\"header\":{\"identify\":{\"type\":\"server\",\"name\":\"x\"}}}"));
      peer.expectFatal("server_not_allowed", null);
    }
  }
}
