package io.bester.daemon.session;

import static io.bester.daemon.support.TestClient.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bester.daemon.handler.HandlerVerticle;
import io.bester.daemon.protocol.HandlerResponse;
import io.bester.daemon.support.DaemonFixture;
import io.bester.daemon.support.TestClient;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Handlers on the event bus (§4): request headers, both response shapes, every failure and command (§4.2). */
@Timeout(60)
class HandlerRoutingTest {

  static final long TIMEOUT_MS = 1000;
  static final int MAX_HOPS = 3;

  @TempDir
  static Path dir;
  static DaemonFixture daemon;

  /** Requests seen by the "capture" handler, which sends their data back to the sender. */
  static final BlockingQueue<Message<Object>> captured = new LinkedBlockingQueue<>();
  /** Requests seen by "chainB", the second handler of a sendHandler chain. */
  static final BlockingQueue<Message<Object>> chained = new LinkedBlockingQueue<>();
  static final AtomicInteger hops = new AtomicInteger();
  static final CountDownLatch lateAnswered = new CountDownLatch(1);

  @BeforeAll
  static void start() throws Exception {
    daemon = DaemonFixture.start(dir, json -> json.put("handlers", new JsonObject()
        .put("timeoutMs", TIMEOUT_MS).put("maxHops", MAX_HOPS)));
    Vertx vertx = daemon.daemon().vertx();
    deploy(HandlerVerticle.of("echo", req -> Future.succeededFuture(HandlerResponse.sendClients(List.of(req.user()), req.data()))));
    consumer("capture", msg -> {
      captured.add(msg);
      msg.reply(HandlerResponse.sendClients(List.of(msg.headers().get("bester-user")), msg.body()));
    });
    consumer("shape1", msg -> msg.reply(new JsonObject()
        .put("header", new JsonObject().put("status", "0")
            .put("command", new JsonObject().put("type", "sendClients").put("data", new JsonArray().add("bob"))))
        .put("data", new JsonObject().put("shape", 1).put("got", msg.body()))));
    consumer("shape2", msg -> msg.reply(new JsonObject()
        .put("header", new JsonObject().put("status", 0).put("command", "sendClients").put("commandData", new JsonArray().add("bob")))
        .put("payload", new JsonObject().put("type", "somethingElse").put("data", new JsonObject().put("shape", 2).put("got", msg.body())))));
    consumer("refuse", msg -> msg.fail(42, "nope"));
    consumer("status", msg -> msg.reply(new JsonObject()
        .put("header", new JsonObject().put("status", msg.body())
            .put("command", new JsonObject().put("type", "sendClients").put("data", new JsonArray().add("alice"))))
        .put("data", "should not be delivered")));
    consumer("garbage", msg -> msg.reply(garbage((String) msg.body())));
    consumer("cmd", msg -> msg.reply(badCommand((String) msg.body())));
    consumer("never", msg -> { });
    consumer("late", msg -> vertx.setTimer(TIMEOUT_MS + 200, t -> {
      msg.reply(HandlerResponse.sendClients(List.of("alice"), "late"));
      lateAnswered.countDown();
    }));
    deploy(HandlerVerticle.of("chainA", req -> Future.succeededFuture(HandlerResponse.sendHandler("chainB",
        new JsonObject().put("fromA", req.data()).put("typeSeenByA", req.type())))));
    consumer("chainB", msg -> {
      chained.add(msg);
      msg.reply(HandlerResponse.sendClients(List.of("bob"), msg.body()));
    });
    deploy(HandlerVerticle.of("hop", req -> {
      hops.incrementAndGet();
      int left = ((Number) req.data()).intValue();
      return Future.succeededFuture(left > 0
          ? HandlerResponse.sendHandler("hop", left - 1)
          : HandlerResponse.sendClients(List.of(req.user()), "arrived"));
    }));
    deploy(HandlerVerticle.of("loop", req -> Future.succeededFuture(HandlerResponse.sendHandler("loop", req.data()))));
    deploy(HandlerVerticle.of("federate", req -> Future.succeededFuture(
        HandlerResponse.sendServers(List.of("127.0.0.1:1", "[::1]:2", "node-b"), req.data()))));
  }

  @AfterAll
  static void stop() throws Exception {
    daemon.close();
  }

  static void deploy(HandlerVerticle verticle) throws Exception {
    daemon.daemon().vertx().deployVerticle(verticle).await(10, TimeUnit.SECONDS);
  }

  static void consumer(String type, Handler<Message<Object>> handler) throws Exception {
    daemon.daemon().vertx().eventBus().consumer("bester.handler." + type, handler).completion().await(10, TimeUnit.SECONDS);
  }

  static Object garbage(String kind) {
    switch (kind) {
      case "noHeader":
        return new JsonObject().put("data", "x").put("command", "sendClients");
      case "headerNotObject":
        return new JsonObject().put("header", "0").put("data", "x");
      case "noStatus":
        return new JsonObject().put("header", new JsonObject()
            .put("command", new JsonObject().put("type", "sendClients").put("data", new JsonArray().add("alice"))));
      case "array":
        return new JsonArray().add(1);
      case "number":
        return 5;
      default:
        return "this is not JSON";
    }
  }

  static JsonObject badCommand(String kind) {
    JsonObject header = new JsonObject().put("status", "0");
    switch (kind) {
      case "unknown":
        header.put("command", new JsonObject().put("type", "explode").put("data", new JsonArray().add("bob")));
        break;
      case "noCommand":
        break;
      case "sendClientsString":
        header.put("command", new JsonObject().put("type", "sendClients").put("data", "bob"));
        break;
      case "sendClientsObject":
        header.put("command", "sendClients").put("commandData", new JsonObject().put("to", "bob"));
        break;
      default:
        header.put("command", new JsonObject().put("type", "sendClients").put("data", new JsonArray().add("bob").add(7)));
        break;
    }
    return new JsonObject().put("header", header).put("data", "x");
  }

  static Message<Object> take(BlockingQueue<Message<Object>> queue) throws InterruptedException {
    Message<Object> msg = queue.poll(TestClient.WAIT_S, TimeUnit.SECONDS);
    assertNotNull(msg, "the handler got no request within " + TestClient.WAIT_S + " s");
    return msg;
  }

  static JsonObject data(JsonObject delivery) {
    return delivery.getJsonObject("payload").getJsonObject("data");
  }

  // ---- requests ------------------------------------------------------------------------------

  @Test
  void requestHeadersComeFromTheSession() throws Exception {
    captured.clear();
    try (TestClient alice = daemon.login("alice")) {
      alice.send(new JsonObject()
          .put("header", new JsonObject().put("from", "mallory").put("user", "mallory").put("scope", "client")
              .put("authentication", new JsonObject().put("username", "bob").put("password", "x")))
          .put("payload", new JsonObject().put("type", "capture").put("id", "h1")
              .put("data", new JsonObject().put("from", "mallory").put("user", "mallory"))));
      Message<Object> request = take(captured);
      assertEquals("alice", request.headers().get("bester-user"), "the user comes from the session, never from the message");
      assertEquals("h1", request.headers().get("bester-id"));
      assertEquals("capture", request.headers().get("bester-type"));
      assertEquals("test-node", request.headers().get("bester-server"));
      assertEquals(new JsonObject().put("from", "mallory").put("user", "mallory"), request.body());
      assertEquals("alice", alice.next().getJsonObject("header").getString("from"));
      alice.expectGood("h1");

      alice.send(message("capture", 17, "x"));
      request = take(captured);
      assertEquals("17", request.headers().get("bester-id"), "a number id is passed as its text");
      assertEquals("alice", request.headers().get("bester-user"));
      alice.next();
      alice.expectGood(17);
    }
  }

  @Test
  void dataOfEveryJsonTypeReachesTheHandlerUnchanged() throws Exception {
    captured.clear();
    List<Object> values = Arrays.asList(null, 0, 42, -7, 1_000_000_000_000L, 3.25, "text", "", "ünïcødé ☃ 𝄞",
        true, false, new JsonArray(), new JsonArray().add(1).add("a").addNull().add(true).add(new JsonObject().put("k", "v")),
        new JsonObject(), new JsonObject().put("nested", new JsonObject().put("a", new JsonArray().add(1).add(2))).putNull("n"));
    try (TestClient alice = daemon.login("alice")) {
      for (int i = 0; i < values.size(); i++) {
        Object value = values.get(i);
        alice.send(message("capture", i, value));
        assertEquals(value, take(captured).body(), "handler data for " + value);
        JsonObject delivery = alice.next();
        assertEquals("receivedMessage", delivery.getJsonObject("header").getString("messageType"), delivery.encode());
        assertTrue(delivery.getJsonObject("payload").containsKey("data"), delivery.encode());
        assertEquals(value, delivery.getJsonObject("payload").getValue("data"), "delivered data for " + value);
        alice.expectGood(i);
      }
    }
  }

  @Test
  void aNumberBeyondLongRangeReachesTheHandler() throws Exception {
    captured.clear();
    BigInteger big = new BigInteger("123456789012345678901234567890");
    try (TestClient alice = daemon.login("alice")) {
      alice.send(message("capture", "big", big));
      JsonObject delivery = alice.next();
      assertEquals("receivedMessage", delivery.getJsonObject("header").getString("messageType"), delivery.encode());
      assertEquals(big, new BigInteger(delivery.getJsonObject("payload").getValue("data").toString()));
      alice.expectGood("big");
      assertEquals(big, new BigInteger(take(captured).body().toString()));
    }
  }

  @Test
  void idsAreEchoedWhenStringOrNumberElseNull() {
    try (TestClient alice = daemon.login("alice")) {
      Object[][] cases = {
          {"abc", "abc"}, {17, 17}, {2.5, 2.5}, {1_000_000_000_000L, 1_000_000_000_000L}, {"", ""},
          {new JsonObject().put("x", 1), null}, {new JsonArray().add(1), null}, {true, null}, {null, null},
      };
      for (Object[] c : cases) {
        alice.send(message("echo", c[0], "d"));
        alice.next();
        alice.expectGood(c[1]);
        // the same for a report that is an error
        alice.send(message("no-such-type", c[0], "d"));
        alice.expectBad(c[1], "no_handler");
      }
      alice.sendBody("{\"header\":{},\"payload\":{\"type\":\"echo\",\"data\":\"d\"}}");
      alice.next();
      JsonObject report = alice.expectGood(null);
      assertTrue(report.getJsonObject("payload").containsKey("id"), "an absent id is echoed as null: " + report.encode());
      alice.sendBody("{\"header\":{},\"payload\":{\"type\":\"no-such-type\",\"data\":\"d\"}}");
      alice.expectBad(null, "no_handler");
    }
  }

  // ---- response shapes -----------------------------------------------------------------------

  @Test
  void bothResponseShapesAreExecuted() {
    try (TestClient alice = daemon.login("alice"); TestClient bob = daemon.login("bob")) {
      alice.send(message("shape1", "s1", "one"));
      JsonObject report = alice.expectGood("s1");
      assertEquals(1, report.getJsonObject("payload").getInteger("delivered"));
      assertEquals(new JsonObject("{\"header\":{\"messageType\":\"receivedMessage\",\"from\":\"alice\"},"
          + "\"payload\":{\"type\":\"shape1\",\"data\":{\"shape\":1,\"got\":\"one\"}}}"), bob.next());

      alice.send(message("shape2", "s2", "two"));
      report = alice.expectGood("s2");
      assertEquals(1, report.getJsonObject("payload").getInteger("delivered"));
      assertEquals(new JsonObject("{\"header\":{\"messageType\":\"receivedMessage\",\"from\":\"alice\"},"
          + "\"payload\":{\"type\":\"shape2\",\"data\":{\"shape\":2,\"got\":\"two\"}}}"), bob.next(),
          "payload.type is the handler's type, whatever the response's payload says");
    }
  }

  // ---- failures ------------------------------------------------------------------------------

  @Test
  void aTypeWithoutHandlerIsNoHandlerAtOnce() {
    try (TestClient alice = daemon.login("alice")) {
      long started = System.nanoTime();
      alice.send(message("nobody-handles-this", "n1", "x"));
      JsonObject report = alice.expectBad("n1", "no_handler");
      long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      assertTrue(elapsedMs < TIMEOUT_MS, "no_handler took " + elapsedMs + " ms; it must not wait for handlers.timeoutMs");
      assertNotNull(report.getJsonObject("payload").getJsonObject("error").getString("message"));
    }
  }

  @Test
  void aFailedMessageIsHandlerErrorWithItsCode() {
    try (TestClient alice = daemon.login("alice")) {
      alice.send(message("refuse", "r1", "x"));
      JsonObject error = alice.expectBad("r1", "handler_error").getJsonObject("payload").getJsonObject("error");
      assertEquals(42, error.getValue("status"));
    }
  }

  @Test
  void anErrorStatusIsHandlerErrorWithTheStatusAsReceived() {
    try (TestClient alice = daemon.login("alice")) {
      alice.send(message("status", "e1", "3"));
      JsonObject error = alice.expectBad("e1", "handler_error").getJsonObject("payload").getJsonObject("error");
      assertEquals("3", error.getValue("status"), "a string status stays a string");

      alice.send(message("status", "e2", 7));
      error = alice.expectBad("e2", "handler_error").getJsonObject("payload").getJsonObject("error");
      assertEquals(7, error.getValue("status"), "a number status stays a number");

      // and the success values, for contrast: "0" and 0 deliver
      alice.send(message("status", "ok1", "0"));
      alice.next();
      alice.expectGood("ok1");
      alice.send(message("status", "ok2", 0));
      alice.next();
      alice.expectGood("ok2");
    }
  }

  @Test
  void anUnreadableResponseIsHandlerFailed() {
    try (TestClient alice = daemon.login("alice")) {
      for (String kind : List.of("noHeader", "headerNotObject", "noStatus", "array", "number", "notJson")) {
        alice.send(message("garbage", kind, kind));
        alice.expectBad(kind, "handler_failed");
      }
      alice.send(message("dummy", "still", null));
      assertEquals("0", alice.next().getJsonObject("header").getString("status"), "the connection is still served");
    }
  }

  @Test
  void aSilentHandlerIsHandlerTimeout() {
    try (TestClient alice = daemon.login("alice")) {
      long started = System.nanoTime();
      alice.send(message("never", "t1", "x"));
      alice.expectBad("t1", "handler_timeout");
      long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      assertTrue(elapsedMs >= TIMEOUT_MS - 100, "timed out after " + elapsedMs + " ms, before handlers.timeoutMs");
    }
  }

  @Test
  void aLateAnswerAfterTheTimeoutIsDropped() throws Exception {
    try (TestClient alice = daemon.login("alice")) {
      alice.send(message("late", "l1", "x"));
      alice.expectBad("l1", "handler_timeout");
      assertTrue(lateAnswered.await(TestClient.WAIT_S, TimeUnit.SECONDS), "the late handler never answered");
      assertNull(alice.poll(300), "the late answer must produce neither a delivery nor a second report");
      alice.send(message("dummy", "after", null));
      assertEquals("after", alice.next().getJsonObject("payload").getValue("id"));
    }
  }

  @Test
  void unknownOrMisshapenCommandsAreBadCommand() {
    try (TestClient alice = daemon.login("alice"); TestClient bob = daemon.login("bob")) {
      for (String kind : List.of("unknown", "noCommand", "sendClientsString", "sendClientsObject", "sendClientsNumberInArray")) {
        alice.send(message("cmd", kind, kind));
        alice.expectBad(kind, "bad_command");
      }
      assertNull(bob.poll(200), "a bad command delivers nothing");
    }
  }

  // ---- commands ------------------------------------------------------------------------------

  @Test
  void sendHandlerChainDeliversAsTheLastHandler() throws Exception {
    chained.clear();
    try (TestClient alice = daemon.login("alice"); TestClient bob = daemon.login("bob")) {
      alice.send(message("chainA", "c1", new JsonObject().put("text", "via A")));
      JsonObject report = alice.expectGood("c1");
      assertEquals(1, report.getJsonObject("payload").getInteger("delivered"));
      JsonObject expectedData = new JsonObject().put("fromA", new JsonObject().put("text", "via A")).put("typeSeenByA", "chainA");
      assertEquals(new JsonObject().put("header", new JsonObject().put("messageType", "receivedMessage").put("from", "alice"))
          .put("payload", new JsonObject().put("type", "chainB").put("data", expectedData)), bob.next());
      Message<Object> atB = take(chained);
      assertEquals(expectedData, atB.body());
      assertEquals("chainB", atB.headers().get("bester-type"));
      assertEquals("alice", atB.headers().get("bester-user"));
      assertEquals("c1", atB.headers().get("bester-id"));
    }
  }

  @Test
  void forwardsUpToMaxHopsWorkAndOneMoreIsHandlerLoop() {
    try (TestClient alice = daemon.login("alice")) {
      hops.set(0);
      alice.send(message("hop", "exact", MAX_HOPS));
      assertEquals("arrived", alice.next().getJsonObject("payload").getValue("data"));
      alice.expectGood("exact");
      assertEquals(MAX_HOPS + 1, hops.get(), "the first handler and " + MAX_HOPS + " forwards");

      hops.set(0);
      alice.send(message("hop", "over", MAX_HOPS + 1));
      alice.expectBad("over", "handler_loop");
      assertEquals(MAX_HOPS + 1, hops.get(), "the forward past maxHops is not made");

      alice.send(message("loop", "forever", "x"));
      alice.expectBad("forever", "handler_loop");
    }
  }

  @Test
  void sendServersWithoutFederationIsServerUnreachable() {
    try (TestClient alice = daemon.login("alice")) {
      alice.send(message("federate", "f1", "x"));
      JsonObject error = alice.expectBad("f1", "server_unreachable").getJsonObject("payload").getJsonObject("error");
      assertEquals(new JsonArray().add("127.0.0.1:1").add("[::1]:2").add("node-b"), error.getJsonArray("failed"));
    }
  }
}
