package io.bester.daemon.session;

import static io.bester.daemon.support.TestClient.chat;
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

/** The built-in chat handler and sendClients delivery (§4.2, §4.3). */
@Timeout(60)
class ChatTest {

  @TempDir
  static Path dir;
  static DaemonFixture daemon;

  @BeforeAll
  static void start() throws Exception {
    daemon = DaemonFixture.start(dir);
  }

  @AfterAll
  static void stop() throws Exception {
    daemon.close();
  }

  @Test
  void chatReachesEverySessionOfTheUser() {
    try (TestClient alice = daemon.login("alice"); TestClient bob1 = daemon.login("bob"); TestClient bob2 = daemon.login("bob")) {
      alice.send(chat("m1", "hello", "bob"));
      JsonObject report = alice.expectGood("m1");
      assertEquals(2, report.getJsonObject("payload").getInteger("delivered"));
      assertEquals(new JsonArray(), report.getJsonObject("payload").getJsonArray("offline"));
      JsonObject expected = new JsonObject("{\"header\":{\"messageType\":\"receivedMessage\",\"from\":\"alice\"},"
          + "\"payload\":{\"type\":\"chat\",\"data\":{\"to\":[\"bob\"],\"text\":\"hello\"}}}");
      assertEquals(expected, bob1.next());
      assertEquals(expected, bob2.next());
    }
  }

  @Test
  void offlineUsersAreListedOnceInRequestOrder() {
    try (TestClient alice = daemon.login("alice"); TestClient bob = daemon.login("bob")) {
      alice.send(chat(7, "x", "zed", "bob", "carol", "zed", "bob"));
      JsonObject report = alice.expectGood(7);
      assertEquals(1, report.getJsonObject("payload").getInteger("delivered"));
      assertEquals(new JsonArray().add("zed").add("carol"), report.getJsonObject("payload").getJsonArray("offline"));
      bob.next();
      assertNull(bob.poll(200), "a repeated name is delivered once per session");
    }
  }

  @Test
  void senderMaySendToItself() {
    try (TestClient alice = daemon.login("alice")) {
      alice.send(chat("self", "me", "alice"));
      assertEquals("receivedMessage", alice.next().getJsonObject("header").getString("messageType"),
          "deliveries are written before the report");
      assertEquals(1, alice.expectGood("self").getJsonObject("payload").getInteger("delivered"));
    }
  }

  @Test
  void pipelinedMessagesToItselfAlternateDeliveryAndReport() {
    try (TestClient alice = daemon.login("alice")) {
      for (int i = 0; i < 20; i++) {
        alice.send(chat(i, "t" + i, "alice"));
      }
      for (int i = 0; i < 20; i++) {
        assertEquals("t" + i, alice.next().getJsonObject("payload").getJsonObject("data").getString("text"));
        alice.expectGood(i);
      }
    }
  }

  @Test
  void badRecipientsAreHandlerError() {
    try (TestClient alice = daemon.login("alice")) {
      alice.send(TestClient.message("chat", "a", new JsonObject().put("to", "bob")));
      alice.expectBad("a", "handler_error");
      alice.send(TestClient.message("chat", "b", new JsonObject().put("to", new JsonArray().add(1))));
      alice.expectBad("b", "handler_error");
      alice.send(TestClient.message("chat", "c", "just text"));
      alice.expectBad("c", "handler_error");
    }
  }

  @Test
  void aClosedSessionIsOffline() {
    try (TestClient alice = daemon.login("alice")) {
      TestClient carol = daemon.login("carol");
      carol.send(TestClient.builtin("bye", "close", null));
      carol.expectGood("bye");
      carol.expectClosed();
      carol.close();
      alice.send(chat("after", "x", "carol"));
      JsonObject report = alice.expectGood("after");
      assertEquals(0, report.getJsonObject("payload").getInteger("delivered"));
      assertEquals(new JsonArray().add("carol"), report.getJsonObject("payload").getJsonArray("offline"));
    }
  }
}
