package io.bester.daemon.session;

import static io.bester.daemon.support.TestClient.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.bester.daemon.handler.HandlerVerticle;
import io.bester.daemon.protocol.HandlerResponse;
import io.bester.daemon.support.DaemonFixture;
import io.bester.daemon.support.TestClient;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Pipelining (§3): order of reports and deliveries while messages are handled at once, and limits.maxInFlight. */
@Timeout(60)
class PipeliningTest {

  static final int MAX_IN_FLIGHT = 2;

  @TempDir
  static Path dir;
  static DaemonFixture daemon;
  /** A second daemon with limits.maxInFlight = {@value #MAX_IN_FLIGHT}. */
  static DaemonFixture narrow;

  /** "slow": how many requests it has seen, and how many it had seen when its first reply left. */
  static final AtomicInteger slowSeen = new AtomicInteger();
  static final AtomicInteger seenAtFirstReply = new AtomicInteger(-1);

  /** "hold" on the narrow daemon: answers nothing until released. */
  static final BlockingQueue<Object> holdSeen = new LinkedBlockingQueue<>();
  static final List<Promise<JsonObject>> held = new ArrayList<>();
  static final AtomicReference<Context> holdContext = new AtomicReference<>();
  static boolean released;

  @BeforeAll
  static void start() throws Exception {
    daemon = DaemonFixture.start(Files.createDirectories(dir.resolve("default")));
    narrow = DaemonFixture.start(Files.createDirectories(dir.resolve("narrow")),
        json -> json.put("limits", new JsonObject().put("maxInFlight", MAX_IN_FLIGHT)));
    Vertx vertx = daemon.daemon().vertx();
    // data = {"n": <index>, "delayMs": <how long to hold the reply>, "to": [<recipients>]}
    vertx.deployVerticle(HandlerVerticle.of("slow", req -> {
      slowSeen.incrementAndGet();
      JsonObject data = (JsonObject) req.data();
      List<String> to = new ArrayList<>();
      data.getJsonArray("to").forEach(name -> to.add((String) name));
      JsonObject response = HandlerResponse.sendClients(to, data);
      long delay = data.getLong("delayMs");
      if (delay == 0) {
        return Future.succeededFuture(response);
      }
      Promise<JsonObject> reply = Promise.promise();
      vertx.setTimer(delay, t -> {
        seenAtFirstReply.compareAndSet(-1, slowSeen.get());
        reply.complete(response);
      });
      return reply.future();
    })).await(10, TimeUnit.SECONDS);
    narrow.daemon().vertx().deployVerticle(HandlerVerticle.of("hold", req -> {
      holdContext.set(Vertx.currentContext());
      holdSeen.add(req.data());
      JsonObject response = HandlerResponse.sendClients(List.of(req.user()), req.data());
      if (released) {
        return Future.succeededFuture(response);
      }
      Promise<JsonObject> reply = Promise.promise();
      held.add(reply);
      return reply.future().map(v -> response);
    })).await(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    daemon.close();
    narrow.close();
  }

  static JsonObject slow(int n, long delayMs, String... to) {
    return message("slow", n, new JsonObject().put("n", n).put("delayMs", delayMs).put("to", new JsonArray(List.of((Object[]) to))));
  }

  @Test
  void reportsAndDeliveriesKeepTheSendOrder() {
    long[] delays = {800, 600, 400, 200, 0, 0, 0, 0};
    slowSeen.set(0);
    seenAtFirstReply.set(-1);
    try (TestClient alice = daemon.login("alice"); TestClient bob = daemon.login("bob")) {
      for (int n = 0; n < delays.length; n++) {
        alice.send(slow(n, delays[n], "bob"));
      }
      for (int n = 0; n < delays.length; n++) {
        JsonObject report = alice.expectGood(n);
        assertEquals(1, report.getJsonObject("payload").getInteger("delivered"), report.encode());
      }
      for (int n = 0; n < delays.length; n++) {
        JsonObject delivery = bob.next();
        assertEquals("receivedMessage", delivery.getJsonObject("header").getString("messageType"), delivery.encode());
        assertEquals(n, delivery.getJsonObject("payload").getJsonObject("data").getInteger("n"), "delivery order");
      }
      assertNull(alice.poll(300), "each message gets exactly one report");
      assertNull(bob.poll(0), "each message is delivered once");
      assertEquals(delays.length, seenAtFirstReply.get(),
          "every message was being handled before the slowest first one answered: they ran at once");
    }
  }

  @Test
  void aDummyIsAnsweredInItsPlace() {
    try (TestClient alice = daemon.login("alice")) {
      alice.send(slow(1, 500));
      alice.send(message("dummy", "d1", "ignored"));
      alice.send(slow(2, 300));
      alice.send(message("dummy", 2, null));
      alice.send(slow(3, 0));
      alice.expectGood(1);
      assertEquals(new JsonObject("{\"header\":{\"status\":\"0\"},\"payload\":{\"type\":\"dummy\",\"id\":\"d1\",\"data\":null}}"), alice.next());
      alice.expectGood(2);
      assertEquals(new JsonObject("{\"header\":{\"status\":\"0\"},\"payload\":{\"type\":\"dummy\",\"id\":2,\"data\":null}}"), alice.next());
      alice.expectGood(3);
      assertNull(alice.poll(200));
    }
  }

  @Test
  void closeWaitsForTheMessagesBeforeIt() {
    try (TestClient alice = daemon.login("alice")) {
      alice.send(slow(1, 400));
      alice.send(message("dummy", "d", null));
      alice.send(TestClient.builtin("bye", "close", null));
      alice.expectGood(1);
      assertEquals("d", alice.next().getJsonObject("payload").getValue("id"));
      alice.expectGood("bye");
      alice.expectClosed();
    }
  }

  @Test
  void pastMaxInFlightTheDaemonStopsReading() throws Exception {
    int total = 5;
    try (TestClient alice = narrow.login("alice")) {
      for (int n = 0; n < total; n++) {
        alice.send(message("hold", n, n));
      }
      for (int n = 0; n < MAX_IN_FLIGHT; n++) {
        assertEquals(n, holdSeen.poll(TestClient.WAIT_S, TimeUnit.SECONDS), "the handler gets the first messages in order");
      }
      assertNull(holdSeen.poll(300, TimeUnit.MILLISECONDS),
          "with " + MAX_IN_FLIGHT + " messages in progress the daemon must not read the next one");
      assertNull(alice.poll(0), "nothing is answered while the handler holds its replies");

      holdContext.get().runOnContext(v -> {
        released = true;
        held.forEach(p -> p.complete());
        held.clear();
      });
      for (int n = MAX_IN_FLIGHT; n < total; n++) {
        Object seen = holdSeen.poll(TestClient.WAIT_S, TimeUnit.SECONDS);
        assertNotNull(seen, "message " + n + " was never read after the release");
        assertEquals(n, seen);
      }
      for (int n = 0; n < total; n++) {
        JsonObject delivery = alice.next();
        assertEquals("receivedMessage", delivery.getJsonObject("header").getString("messageType"), delivery.encode());
        assertEquals(n, delivery.getJsonObject("payload").getValue("data"));
        alice.expectGood(n);
      }
      assertNull(alice.poll(200), "one report per message, none dropped, none doubled");
    }
  }
}
