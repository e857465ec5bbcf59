package io.bester.daemon.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bester.daemon.config.ConfigLoader;
import io.bester.daemon.support.DaemonFixture;
import io.bester.daemon.support.TestClient;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The example handlers (Java and Kotlin), deployed from config the way the README says. */
@Timeout(60)
class ExampleHandlerTest {

  @TempDir
  static Path dir;
  static DaemonFixture daemon;

  @BeforeAll
  static void start() throws Exception {
    ConfigLoader.load(Path.of("conf/examples/handlers.json"));  // the example must be a valid config
    JsonObject handlers = new JsonObject(Files.readString(Path.of("conf/examples/handlers.json"))).getJsonObject("handlers");
    daemon = DaemonFixture.start(dir, json -> json.put("handlers", handlers));
  }

  @AfterAll
  static void stop() throws Exception {
    daemon.close();
  }

  @Test
  void shoutUppercasesAndSaysWhoShouted() {
    try (TestClient alice = daemon.login("alice"); TestClient bob = daemon.login("bob")) {
      alice.send(TestClient.message("shout", "s1", new JsonObject("{\"to\":[\"bob\"],\"text\":\"hello\"}")));
      assertEquals(1, alice.expectGood("s1").getJsonObject("payload").getInteger("delivered"));
      JsonObject received = bob.next();
      assertEquals("shout", received.getJsonObject("payload").getString("type"));
      assertEquals(new JsonObject().put("text", "HELLO").put("by", "alice"), received.getJsonObject("payload").getJsonObject("data"));
    }
  }

  @Test
  void refusalIsHandlerErrorWithTheStatus() {
    try (TestClient alice = daemon.login("alice")) {
      alice.send(TestClient.message("shout", "s2", "not an object"));
      JsonObject report = alice.expectBad("s2", "handler_error");
      assertEquals(2, report.getJsonObject("payload").getJsonObject("error").getInteger("status"));
    }
  }

  @Test
  void kotlinHandlerRunsLikeAJavaOne() {
    try (TestClient alice = daemon.login("alice"); TestClient bob = daemon.login("bob")) {
      alice.send(TestClient.message("reverse", "r1", new JsonObject("{\"to\":[\"bob\"],\"text\":\"abc\"}")));
      alice.expectGood("r1");
      assertEquals(new JsonObject().put("text", "cba").put("by", "alice"),
          bob.next().getJsonObject("payload").getJsonObject("data"));
      alice.send(TestClient.message("reverse", "r2", 42));
      JsonObject report = alice.expectBad("r2", "handler_error");
      assertEquals(3, report.getJsonObject("payload").getJsonObject("error").getInteger("status"));
    }
  }

  @Test
  void chatStaysBuiltIn() {
    try (TestClient alice = daemon.login("alice")) {
      alice.send(TestClient.chat("c", "x", "alice"));
      alice.next();
      alice.expectGood("c");
    }
  }
}
