package io.bester.daemon.handler;

import static io.bester.daemon.support.TestClient.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bester.daemon.support.DaemonFixture;
import io.bester.daemon.support.HandlerProcess;
import io.bester.daemon.support.TestClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * External handlers on UNIX sockets (wire-contract §4 item 2, §4.1, §4.2, §11), against real
 * handler processes that the test starts itself ({@code echo_handler.py}; its docstring lists the
 * modes that a message's {@code data.mode} selects).
 *
 * <p>One daemon serves several types: {@code echo} (a connection per message), {@code env} (the
 * same with the envelope), {@code pecho} (persistent, 4 connections) on one handler process;
 * {@code pretry} (persistent, 1 connection) on a handler that closes every connection at its
 * second request; {@code crashy} on a process of its own; {@code missing} on no socket at all.
 */
@Timeout(60)
class ExternalHandlerTest {

  private static final long TIMEOUT_MS = 1000;

  @TempDir
  static Path dir;
  static Path script;
  static HandlerProcess echo;
  static HandlerProcess retry;
  static DaemonFixture daemon;

  @BeforeAll
  static void start() throws Exception {
    script = HandlerProcess.install(dir);
    echo = HandlerProcess.start(script, dir.resolve("echo.sock"), Map.of());
    retry = HandlerProcess.start(script, dir.resolve("retry.sock"), Map.of("CLOSE_ON_SECOND", "1"));
    JsonObject typeMap = new JsonObject()
        .put("echo", socket("echo.sock"))
        .put("env", socket("echo.sock").put("envelope", true))
        .put("pecho", socket("echo.sock").put("persistent", true).put("connections", 4))
        .put("pretry", socket("retry.sock").put("persistent", true).put("connections", 1))
        .put("crashy", socket("crash.sock"))
        .put("missing", socket("missing.sock"));
    JsonArray types = new JsonArray().add("chat");
    typeMap.fieldNames().forEach(types::add);
    daemon = DaemonFixture.start(dir, json -> json.put("handlers", new JsonObject()
        .put("availableTypes", types)
        .put("typeMap", typeMap)
        .put("timeoutMs", TIMEOUT_MS)
        .put("verticles", new JsonArray().add(new JsonObject()
            .put("class", ForwardingHandler.class.getName())
            .put("config", new JsonObject().put("type", "fwd").put("next", "echo"))))));
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (daemon != null) {
        daemon.close();
      }
    } finally {
      if (echo != null) {
        echo.close();
      }
      if (retry != null) {
        retry.close();
      }
    }
  }

  private static JsonObject socket(String name) {
    return new JsonObject().put("unixDomainSocketPath", dir.resolve(name).toString());
  }

  @Test
  void bothResponseShapesAreExecuted() {
    try (TestClient alice = daemon.login("alice"); TestClient bob = daemon.login("bob")) {
      JsonObject data = new JsonObject().put("to", new JsonArray().add("bob")).put("text", "hi");
      alice.send(message("echo", "s1", data));
      JsonObject expected = new JsonObject().put("header", new JsonObject()
              .put("messageType", "receivedMessage").put("from", "alice"))
          .put("payload", new JsonObject().put("type", "echo").put("data", data));
      assertEquals(expected, bob.next());
      assertEquals(1, alice.expectGood("s1").getJsonObject("payload").getInteger("delivered"));

      JsonObject shape2 = data.copy().put("mode", "shape2");
      alice.send(message("echo", "s2", shape2));
      JsonObject received = bob.next();
      assertEquals("echo", received.getJsonObject("payload").getString("type"),
          "payload.type is the handler's type, whatever the response's payload says");
      assertEquals(shape2, received.getJsonObject("payload").getJsonObject("data"));
      alice.expectGood("s2");
    }
  }

  @Test
  void envelopeCarriesSenderTagTypeAndServer() {
    try (TestClient alice = daemon.login("alice"); TestClient bob = daemon.login("bob")) {
      JsonObject data = new JsonObject().put("to", new JsonArray().add("bob")).put("x", 1);
      // 1. a string tag; 2. a number tag stays a number; 3. no tag is null
      Object[] ids = {"e1", 42, null};
      for (Object id : ids) {
        alice.send(message("env", id, data));
        JsonObject envelope = bob.next().getJsonObject("payload").getJsonObject("data");
        JsonObject expected = new JsonObject().put("from", "alice").put("id", id).put("type", "env")
            .put("server", "test-node").put("data", data);
        assertEquals(expected, envelope);
        alice.expectGood(id);
      }
    }
  }

  @Test
  void dataOfEveryJsonTypeReachesTheHandlerAsIs() {
    List<Object> values = List.of(7, -1.5, "text", true, new JsonArray().add(1).add("a").addNull(),
        new JsonObject(), new JsonObject().put("nested", new JsonObject().put("a", new JsonArray().add(1))));
    try (TestClient alice = daemon.login("alice")) {
      List<Object> all = new ArrayList<>(values);
      all.add(null);
      int n = 0;
      for (Object value : all) {
        // without a "to", the handler sends the data back to alice (plain) or to the sender (envelope)
        alice.send(message("echo", "plain" + n, value));
        assertSameJson(value, payloadData(alice.next()));
        alice.expectGood("plain" + n);
        alice.send(message("env", "env" + n, value));
        JsonObject envelope = (JsonObject) payloadData(alice.next());
        assertTrue(envelope.containsKey("data"), envelope.encode());
        assertSameJson(value, envelope.getValue("data"));
        alice.expectGood("env" + n);
        n++;
      }
    }
  }

  @Test
  void errorStatusIsHandlerErrorWithTheStatusAsReceived() {
    try (TestClient alice = daemon.login("alice")) {
      alice.send(message("echo", "e1", new JsonObject().put("mode", "error").put("status", "7")));
      assertEquals("7", alice.expectBad("e1", "handler_error").getJsonObject("payload").getJsonObject("error").getValue("status"));
      alice.send(message("pecho", "e2", new JsonObject().put("mode", "error").put("status", 3)));
      assertEquals(3, alice.expectBad("e2", "handler_error").getJsonObject("payload").getJsonObject("error").getValue("status"));
    }
  }

  @Test
  void unreadableAnswersAreHandlerFailed() {
    try (TestClient alice = daemon.login("alice")) {
      for (String type : List.of("echo", "pecho")) {
        alice.send(message(type, "g1", new JsonObject().put("mode", "garbage")));
        alice.expectBad("g1", "handler_failed");
        alice.send(message(type, "g2", new JsonObject().put("mode", "rawgarbage")));
        alice.expectBad("g2", "handler_failed");
        alice.send(message(type, "ok", new JsonObject().put("to", new JsonArray().add("alice"))));
        alice.next();
        alice.expectGood("ok");
      }
    }
  }

  @Test
  void closingWithoutAnAnswerIsHandlerFailed() {
    try (TestClient alice = daemon.login("alice")) {
      alice.send(message("echo", "c1", new JsonObject().put("mode", "close")));
      JsonObject report = alice.expectBad("c1", "handler_failed");
      assertTrue(report.getJsonObject("payload").getJsonObject("error").getString("message").contains("without answering"),
          report.encode());
    }
  }

  @Test
  void aSilentHandlerTimesOutAndTheDaemonKeepsServing() {
    try (TestClient alice = daemon.login("alice")) {
      for (String type : List.of("echo", "pecho")) {
        long sent = System.nanoTime();
        alice.send(message(type, "h", new JsonObject().put("mode", "hang")));
        alice.expectBad("h", "handler_timeout");
        long tookMs = (System.nanoTime() - sent) / 1_000_000;
        assertTrue(tookMs >= TIMEOUT_MS - 50 && tookMs < TIMEOUT_MS + 2000, "answered after " + tookMs + " ms");
        alice.send(message(type, "after", new JsonObject().put("to", new JsonArray().add("alice"))));
        alice.next();
        alice.expectGood("after");
      }
    }
  }

  @Test
  void aLateAnswerIsDropped() {
    try (TestClient alice = daemon.login("alice")) {
      // the handler would deliver to alice 1.5 s after the request; the timeout is 1 s
      alice.send(message("echo", "late", new JsonObject().put("mode", "late").put("delay", 1.5)));
      alice.expectBad("late", "handler_timeout");
      assertNull(alice.poll(1000), "nothing may be delivered after the timeout");
    }
  }

  @Test
  void aPersistentConnectionWhoseAnswerNeverCameIsNotReused() {
    try (TestClient alice = daemon.login("alice")) {
      long before = connOf(alice, "pecho", "i1");
      alice.send(message("pecho", "h", new JsonObject().put("mode", "hang")));
      alice.expectBad("h", "handler_timeout");
      long after = connOf(alice, "pecho", "i2");
      assertNotEquals(before, after, "the connection that hung was reused");
    }
  }

  @Test
  void aHandlerCrashingMidRequestIsHandlerFailed() throws Exception {
    try (HandlerProcess crashy = HandlerProcess.start(script, dir.resolve("crash.sock"), Map.of());
         TestClient alice = daemon.login("alice")) {
      alice.send(message("crashy", "boom", new JsonObject().put("mode", "crash")));
      alice.expectBad("boom", "handler_failed");
      assertEquals(3, crashy.awaitExit());
      alice.send(message("crashy", "gone", new JsonObject()));
      alice.expectBad("gone", "handler_failed");
    }
  }

  @Test
  void aMissingSocketIsHandlerFailedAndTheDaemonStartedAnyway() {
    try (TestClient alice = daemon.login("alice")) {
      alice.send(message("missing", "m", new JsonObject()));
      JsonObject report = alice.expectBad("m", "handler_failed");
      assertTrue(report.getJsonObject("payload").getJsonObject("error").getString("message").contains("missing.sock"),
          report.encode());
    }
  }

  @Test
  void persistentConnectionsServeManySequentialRequestsOnOneConnection() {
    try (TestClient alice = daemon.login("alice")) {
      Set<Long> conns = new HashSet<>();
      for (int i = 0; i < 100; i++) {
        conns.add(connOf(alice, "pecho", i));
      }
      assertEquals(1, conns.size(), "one request at a time needs one kept-open connection: " + conns);
    }
  }

  @Test
  void persistentConnectionsServeConcurrentRequestsOnAtMostTheirNumber() {
    List<String> users = List.of("alice", "bob", "carol");
    List<TestClient> clients = new ArrayList<>();
    try {
      for (String user : users) {
        clients.add(daemon.login(user));
      }
      int perClient = 60;
      for (int i = 0; i < perClient; i++) {
        for (int c = 0; c < clients.size(); c++) {
          clients.get(c).send(message("pecho", i, info(users.get(c))));
        }
      }
      Set<Long> conns = new HashSet<>();
      for (TestClient client : clients) {
        for (int i = 0; i < perClient; i++) {
          conns.add(payloadInfo(client.next()).getLong("conn"));
          client.expectGood(i);
        }
      }
      assertTrue(conns.size() <= 4, "more connections than configured: " + conns);
    } finally {
      clients.forEach(TestClient::close);
    }
  }

  @Test
  void aKeptOpenConnectionTheHandlerClosedIsReopenedAndTheRequestRetried() {
    // The handler closes each connection when its second request arrives: every request after
    // the first finds its kept-open connection closed and must be retried on a new one.
    try (TestClient alice = daemon.login("alice")) {
      List<Long> conns = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        conns.add(connOf(alice, "pretry", "r" + i));
      }
      assertEquals(5, new HashSet<>(conns).size(), "each request had a connection of its own: " + conns);
    }
  }

  @Test
  void theRetryHappensOnceOnly() {
    try (TestClient alice = daemon.login("alice")) {
      connOf(alice, "pecho", "warm");  // a kept-open connection now exists
      // closes the kept-open connection, and the fresh one of the retry too
      alice.send(message("pecho", "twice", new JsonObject().put("mode", "close")));
      alice.expectBad("twice", "handler_failed");
      connOf(alice, "pecho", "still-serving");
    }
  }

  @Test
  void sendHandlerGoesFromAJavaVerticleThroughAnExternalHandlerOnToChat() {
    try (TestClient alice = daemon.login("alice"); TestClient bob = daemon.login("bob")) {
      JsonObject data = new JsonObject().put("to", new JsonArray().add("bob")).put("text", "relayed")
          .put("mode", "forward").put("next", "chat");
      alice.send(message("fwd", "chain", data));
      JsonObject received = bob.next();
      assertEquals("chat", received.getJsonObject("payload").getString("type"));
      assertEquals(data, received.getJsonObject("payload").getJsonObject("data"));
      assertEquals(1, alice.expectGood("chain").getJsonObject("payload").getInteger("delivered"));
    }
  }

  // ---- helpers ----

  private static JsonObject info(String to) {
    return new JsonObject().put("mode", "info").put("to", new JsonArray().add(to));
  }

  /** Sends an info request to {@code type} for alice and returns the handler's connection serial. */
  private static long connOf(TestClient alice, String type, Object id) {
    alice.send(message(type, id, info("alice")));
    long conn = payloadInfo(alice.next()).getLong("conn");
    alice.expectGood(id);
    return conn;
  }

  private static JsonObject payloadInfo(JsonObject delivery) {
    assertEquals("receivedMessage", delivery.getJsonObject("header").getString("messageType"), delivery.encode());
    return delivery.getJsonObject("payload").getJsonObject("data");
  }

  private static Object payloadData(JsonObject delivery) {
    assertEquals("receivedMessage", delivery.getJsonObject("header").getString("messageType"), delivery.encode());
    JsonObject payload = delivery.getJsonObject("payload");
    assertTrue(payload.containsKey("data"), delivery.encode());
    return payload.getValue("data");
  }

  /** JSON equality, numbers compared by value whatever Java type the parser chose. */
  private static void assertSameJson(Object expected, Object actual) {
    assertEquals(new JsonArray().add(expected), new JsonArray().add(actual));
  }
}
