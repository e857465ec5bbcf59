package io.bester.daemon.session;

import static io.bester.daemon.support.TestClient.identify;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bester.daemon.support.DaemonFixture;
import io.bester.daemon.support.TestAccounts;
import io.bester.daemon.support.TestClient;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Opening a connection (§2): both identification forms and every fatal outcome. */
@Timeout(60)
class IdentifyTest {

  @TempDir
  static Path dir;
  static DaemonFixture daemon;

  @BeforeAll
  static void start() throws Exception {
    daemon = DaemonFixture.start(dir, json -> json.put("limits", new JsonObject()
        .put("identifyTimeoutMs", 1000).put("maxIdentifyFrameBytes", 512)));
  }

  @AfterAll
  static void stop() throws Exception {
    daemon.close();
  }

  @Test
  void v3IdentifyIsAnsweredWithAuthSpecial() {
    try (TestClient c = daemon.connect()) {
      c.send(identify("alice", TestAccounts.PASSWORD));
      JsonObject answer = c.next();
      assertEquals(new JsonObject("{\"header\":{\"status\":\"good\",\"messageType\":\"statusReport\"},\"payload\":{\"id\":\"auth_special\"}}"), answer);
    }
  }

  @Test
  void v2ScopeProcessesItsPayloadAfterAuthentication() {
    try (TestClient bob = daemon.login("bob"); TestClient alice = daemon.connect()) {
      alice.send(new JsonObject("{\"header\":{\"scope\":\"client\",\"authentication\":{\"username\":\"alice\",\"password\":\""
          + TestAccounts.PASSWORD + "\"}},\"payload\":{\"type\":\"chat\",\"id\":\"m1\",\"data\":{\"to\":[\"bob\"],\"text\":\"hi\"}}}"));
      alice.expectGood("auth_special");
      JsonObject report = alice.expectGood("m1");
      assertEquals(1, report.getJsonObject("payload").getInteger("delivered"));
      assertEquals("hi", bob.next().getJsonObject("payload").getJsonObject("data").getString("text"));
    }
  }

  @Test
  void laterHeadersWithAuthenticationAreIgnored() {
    try (TestClient c = daemon.login("alice")) {
      c.send(new JsonObject("{\"header\":{\"scope\":\"client\",\"authentication\":{\"username\":\"bob\",\"password\":\"x\"}},"
          + "\"payload\":{\"type\":\"dummy\",\"id\":5}}"));
      assertEquals("0", c.next().getJsonObject("header").getString("status"));
    }
  }

  @Test
  void unknownUserAndWrongPasswordGiveTheSameFatalFrame() {
    JsonObject unknown;
    JsonObject wrong;
    try (TestClient c = daemon.connect()) {
      unknown = c.send(identify("mallory", "whatever-pass")).expectFatal("auth_failed", "auth_special");
    }
    try (TestClient c = daemon.connect()) {
      wrong = c.send(identify("mallory", "another-pass")).expectFatal("auth_failed", "auth_special");
    }
    try (TestClient c = daemon.connect()) {
      JsonObject wrongForAlice = c.send(identify("alice", "wrong-password")).expectFatal("auth_failed", "auth_special");
      assertEquals(unknown.getJsonObject("header"), wrongForAlice.getJsonObject("header"));
      assertEquals(unknown.getJsonObject("payload").getJsonObject("error").getString("message").replace("mallory", "alice"),
          wrongForAlice.getJsonObject("payload").getJsonObject("error").getString("message"));
    }
    assertEquals(unknown, wrong);
  }

  @Test
  void missingOrEmptyCredentialsAreAuthFailed() {
    String[] frames = {
        "{\"header\":{\"identify\":{\"type\":\"client\"}}}",
        "{\"header\":{\"identify\":{\"type\":\"client\",\"authentication\":{\"username\":\"alice\",\"password\":\"\"}}}}",
        "{\"header\":{\"identify\":{\"type\":\"client\",\"authentication\":{\"username\":\"alice\",\"password\":7}}}}",
    };
    for (String frame : frames) {
      try (TestClient c = daemon.connect()) {
        c.sendBody(frame).expectFatal("auth_failed", "auth_special");
      }
    }
  }

  @Test
  void unreadableFirstFrameIsNotIdentified() {
    for (String body : new String[] {"not json", "{}", "{\"header\":{}}", "{\"payload\":{\"type\":\"chat\"}}", ""}) {
      try (TestClient c = daemon.connect()) {
        c.sendBody(body).expectFatal("not_identified", null);
      }
    }
  }

  @Test
  void unknownTypeOrScopeIsBadScope() {
    try (TestClient c = daemon.connect()) {
      c.sendBody("{\"header\":{\"identify\":{\"type\":\"robot\"}}}").expectFatal("bad_scope", null);
    }
    try (TestClient c = daemon.connect()) {
      c.sendBody("{\"header\":{\"scope\":\"robot\"}}").expectFatal("bad_scope", null);
    }
  }

  @Test
  void oversizeFirstFrameUsesTheIdentifyCap() {
    try (TestClient c = daemon.connect()) {
      c.sendRaw(new byte[] {0x01, 0x02, 0, 0}).expectFatal("frame_too_large", null);
    }
  }

  @Test
  void silenceIsClosedAfterTheIdentifyTimeout() {
    try (TestClient c = daemon.connect()) {
      c.expectFatal("not_identified", null);
    }
  }

  @Test
  void messagesBeforeIdentificationAreNotIdentified() {
    try (TestClient c = daemon.connect()) {
      c.send(TestClient.message("dummy", 1, null)).expectFatal("not_identified", null);
    }
  }
}
