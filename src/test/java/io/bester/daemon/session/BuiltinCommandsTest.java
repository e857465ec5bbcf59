package io.bester.daemon.session;

import static io.bester.daemon.support.TestClient.builtin;
import static io.bester.daemon.support.TestClient.chat;
import static io.bester.daemon.support.TestClient.identify;
import static io.bester.daemon.support.TestClient.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.bester.daemon.support.DaemonFixture;
import io.bester.daemon.support.TestAccounts;
import io.bester.daemon.support.TestClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code builtin} commands (§3.1) and registration, by builtin and by v3 identify (§2, §11),
 * on a daemon with registration closed (the default) and on one with it open.
 */
@Timeout(60)
class BuiltinCommandsTest {

  /** A user of the closed daemon that only the changePassword test touches. */
  static final String DORA = "dora";
  static final String WEAK = "1234567";

  @TempDir
  static Path dir;
  static DaemonFixture closed;
  static DaemonFixture open;

  @BeforeAll
  static void start() throws Exception {
    Path closedDir = Files.createDirectories(dir.resolve("closed"));
    TestAccounts.write(closedDir.resolve("accounts.json"), List.of(DORA));
    closed = DaemonFixture.start(closedDir);
    open = DaemonFixture.start(Files.createDirectories(dir.resolve("open")),
        json -> json.put("accounts", new JsonObject().put("registration", "open")));
  }

  @AfterAll
  static void stop() throws Exception {
    closed.close();
    open.close();
  }

  static JsonObject credentials(String user, String password) {
    return new JsonObject().put("username", user).put("password", password);
  }

  static JsonObject registerIdentify(String user, String password) {
    JsonObject frame = identify(user, password);
    frame.getJsonObject("header").getJsonObject("identify").put("register", true);
    return frame;
  }

  static void assertDelivered(JsonObject report, int delivered, String... offline) {
    assertEquals(delivered, report.getJsonObject("payload").getInteger("delivered"), report.encode());
    assertEquals(new JsonArray(List.of((Object[]) offline)), report.getJsonObject("payload").getJsonArray("offline"), report.encode());
  }

  // ---- close, logout, login ------------------------------------------------------------------

  @Test
  void closeReportsGoodThenCloses() {
    try (TestClient carol = closed.login("carol")) {
      carol.send(builtin("bye", "close", null));
      carol.expectGood("bye");
      carol.expectClosed();
    }
  }

  @Test
  void afterLogoutOnlyLoginAndCloseWork() {
    try (TestClient alice = closed.login("alice"); TestClient bob = closed.login("bob")) {
      alice.send(builtin("out", "logout", null));
      alice.expectGood("out");

      alice.send(message("dummy", "d", null));
      alice.expectBad("d", "not_authenticated");
      alice.send(chat("c", "hi", "bob"));
      alice.expectBad("c", "not_authenticated");
      alice.send(builtin("cp", "changePassword", new JsonObject().put("oldPassword", TestAccounts.PASSWORD).put("newPassword", "whatever-long")));
      alice.expectBad("cp", "not_authenticated");
      alice.send(builtin("again", "logout", null));
      alice.expectBad("again", "not_authenticated");
      alice.send(builtin("reg", "register", credentials("newbie3", TestAccounts.PASSWORD)));
      alice.expectBad("reg", "not_authenticated");
      assertNull(bob.poll(100), "the refused chat delivered nothing");

      bob.send(chat("toAlice", "are you there", "alice"));
      assertDelivered(bob.expectGood("toAlice"), 0, "alice");
      assertNull(alice.poll(200), "a logged-out session receives no deliveries");

      alice.send(builtin("cl", "close", null));
      alice.expectGood("cl");
      alice.expectClosed();
    }
  }

  @Test
  void loginAfterLogoutChangesWhoReceives() {
    try (TestClient session = closed.login("alice"); TestClient bob = closed.login("bob")) {
      session.send(builtin("out", "logout", null));
      session.expectGood("out");
      session.send(builtin("in", "login", credentials("carol", TestAccounts.PASSWORD)));
      session.expectGood("in");

      bob.send(chat("toCarol", "hi carol", "carol"));
      assertDelivered(bob.expectGood("toCarol"), 1);
      JsonObject delivery = session.next();
      assertEquals("bob", delivery.getJsonObject("header").getString("from"));
      assertEquals("hi carol", delivery.getJsonObject("payload").getJsonObject("data").getString("text"));

      bob.send(chat("toAlice", "hi alice", "alice"));
      assertDelivered(bob.expectGood("toAlice"), 0, "alice");
      assertNull(session.poll(200));

      session.send(chat("fromCarol", "it is me", "bob"));
      session.expectGood("fromCarol");
      assertEquals("carol", bob.next().getJsonObject("header").getString("from"), "the session now sends as carol");
    }
  }

  @Test
  void aFailedLoginAfterLogoutStaysLoggedOut() {
    try (TestClient session = closed.login("alice"); TestClient bob = closed.login("bob")) {
      session.send(builtin("out", "logout", null));
      session.expectGood("out");
      session.send(builtin("wrong", "login", credentials("alice", "not-the-password")));
      session.expectBad("wrong", "auth_failed");
      session.send(message("dummy", "d", null));
      session.expectBad("d", "not_authenticated");
      bob.send(chat("toAlice", "x", "alice"));
      assertDelivered(bob.expectGood("toAlice"), 0, "alice");
    }
  }

  @Test
  void pipelinedMessagesSeeWhatABuiltinChanged() {
    try (TestClient session = closed.login("alice"); TestClient bob = closed.login("bob")) {
      session.send(builtin("out", "logout", null))
          .send(message("dummy", "d", null))
          .send(builtin("in", "login", credentials("carol", TestAccounts.PASSWORD)))
          .send(chat("c", "sent after login", "bob"));
      session.expectGood("out");
      session.expectBad("d", "not_authenticated");
      session.expectGood("in");
      session.expectGood("c");
      assertEquals("carol", bob.next().getJsonObject("header").getString("from"));
    }
  }

  @Test
  void loginAsAnotherUserWithoutLogout() {
    try (TestClient session = closed.login("alice"); TestClient bob = closed.login("bob")) {
      session.send(builtin("in", "login", credentials("carol", TestAccounts.PASSWORD)));
      session.expectGood("in");
      bob.send(chat("toAlice", "x", "alice", "carol"));
      assertDelivered(bob.expectGood("toAlice"), 1, "alice");
      assertEquals("receivedMessage", session.next().getJsonObject("header").getString("messageType"));
      assertNull(session.poll(200), "delivered once, to carol");
    }
  }

  @Test
  void aFailedLoginLeavesTheSessionAsItWas() {
    try (TestClient alice = closed.login("alice"); TestClient bob = closed.login("bob")) {
      alice.send(builtin("wrong", "login", credentials("bob", "not-the-password")));
      alice.expectBad("wrong", "auth_failed");
      alice.send(builtin("unknown", "login", credentials("nobody", TestAccounts.PASSWORD)));
      alice.expectBad("unknown", "auth_failed");
      alice.send(builtin("empty", "login", null));
      alice.expectBad("empty", "auth_failed");
      alice.send(message("dummy", "stillIn", null));
      assertEquals("0", alice.next().getJsonObject("header").getString("status"));

      bob.send(chat("toAlice", "still you?", "alice"));
      assertDelivered(bob.expectGood("toAlice"), 1);
      assertEquals("still you?", alice.next().getJsonObject("payload").getJsonObject("data").getString("text"));
      alice.send(chat("back", "yes", "bob"));
      alice.expectGood("back");
      assertEquals("alice", bob.next().getJsonObject("header").getString("from"));
    }
  }

  // ---- changePassword ------------------------------------------------------------------------

  @Test
  void changePassword() {
    String newPassword = "a-new-password";
    try (TestClient dora = closed.login(DORA)) {
      dora.send(builtin("wrongOld", "changePassword", new JsonObject().put("oldPassword", "not-it-at-all").put("newPassword", newPassword)));
      dora.expectBad("wrongOld", "auth_failed");
      dora.send(builtin("weak", "changePassword", new JsonObject().put("oldPassword", TestAccounts.PASSWORD).put("newPassword", WEAK)));
      dora.expectBad("weak", "weak_password");
      dora.send(builtin("ok", "changePassword", new JsonObject().put("oldPassword", TestAccounts.PASSWORD).put("newPassword", newPassword)));
      dora.expectGood("ok");
      dora.send(message("dummy", "stillIn", null));
      assertEquals("0", dora.next().getJsonObject("header").getString("status"), "the session stays logged in");
    }
    try (TestClient again = closed.connect()) {
      again.send(identify(DORA, newPassword));
      again.expectGood("auth_special");
    }
    try (TestClient old = closed.connect()) {
      old.send(identify(DORA, TestAccounts.PASSWORD)).expectFatal("auth_failed", "auth_special");
    }
  }

  // ---- register: closed ----------------------------------------------------------------------

  @Test
  void registerWhileClosedIsRegistrationClosed() {
    try (TestClient alice = closed.login("alice")) {
      alice.send(builtin("r", "register", credentials("newbie", TestAccounts.PASSWORD)));
      alice.expectBad("r", "registration_closed");
    }
    try (TestClient c = closed.connect()) {
      c.send(identify("newbie", TestAccounts.PASSWORD)).expectFatal("auth_failed", "auth_special");
    }
  }

  @Test
  void registerIdentifyWhileClosedIsFatal() {
    try (TestClient c = closed.connect()) {
      c.send(registerIdentify("newbie2", TestAccounts.PASSWORD)).expectFatal("registration_closed", "auth_special");
    }
    try (TestClient c = closed.connect()) {
      c.send(registerIdentify("alice", TestAccounts.PASSWORD)).expectFatal("registration_closed", "auth_special");
    }
  }

  // ---- register: open ------------------------------------------------------------------------

  @Test
  void registerCreatesAnAccountThatCanLogIn() {
    try (TestClient alice = open.login("alice")) {
      alice.send(builtin("r", "register", credentials("erin", TestAccounts.PASSWORD)));
      alice.expectGood("r");
      try (TestClient erin = open.login("erin")) {
        erin.send(chat("hello", "I am new", "alice"));
        assertDelivered(erin.expectGood("hello"), 1);
        assertEquals("erin", alice.next().getJsonObject("header").getString("from"),
            "registering did not change the registering session");
      }
    }
  }

  @Test
  void registerRefusesExistingNamesAndWeakPasswords() {
    try (TestClient alice = open.login("alice")) {
      alice.send(builtin("exists", "register", credentials("bob", TestAccounts.PASSWORD)));
      alice.expectBad("exists", "user_exists");
      alice.send(builtin("weak", "register", credentials("fred", WEAK)));
      alice.expectBad("weak", "weak_password");
    }
    try (TestClient fred = open.connect()) {
      fred.send(identify("fred", WEAK)).expectFatal("auth_failed", "auth_special");
    }
  }

  @Test
  void registerIdentifyCreatesAndAuthenticates() {
    try (TestClient alice = open.login("alice"); TestClient gina = open.connect()) {
      gina.send(registerIdentify("gina", TestAccounts.PASSWORD));
      assertEquals(new JsonObject("{\"header\":{\"status\":\"good\",\"messageType\":\"statusReport\"},\"payload\":{\"id\":\"auth_special\"}}"),
          gina.next());
      alice.send(chat("toGina", "welcome", "gina"));
      assertDelivered(alice.expectGood("toGina"), 1);
      assertEquals("welcome", gina.next().getJsonObject("payload").getJsonObject("data").getString("text"));
    }
    try (TestClient again = open.connect()) {
      again.send(identify("gina", TestAccounts.PASSWORD));
      again.expectGood("auth_special");
    }
  }

  @Test
  void registerIdentifyWithAnExistingNameOrWeakPasswordIsFatal() {
    try (TestClient c = open.connect()) {
      c.send(registerIdentify("alice", "some-other-password")).expectFatal("user_exists", "auth_special");
    }
    try (TestClient c = open.connect()) {
      c.send(registerIdentify("hank", WEAK)).expectFatal("weak_password", "auth_special");
    }
    try (TestClient c = open.connect()) {
      c.send(identify("hank", WEAK)).expectFatal("auth_failed", "auth_special");
    }
  }

  // ---- malformed and unknown -----------------------------------------------------------------

  @Test
  void unknownOrUnnamedCommands() {
    try (TestClient alice = closed.login("alice")) {
      alice.send(builtin("u", "selfDestruct", null));
      alice.expectBad("u", "unknown_command");
      alice.send(message("builtin", "noData", null));
      alice.expectBad("noData", "malformed");
      alice.send(message("builtin", "noCommand", new JsonObject().put("args", new JsonObject())));
      alice.expectBad("noCommand", "malformed");
      alice.send(message("builtin", "commandNotObject", new JsonObject().put("command", "close")));
      alice.expectBad("commandNotObject", "malformed");
      alice.send(message("builtin", "noType", new JsonObject().put("command", new JsonObject().put("args", new JsonObject()))));
      alice.expectBad("noType", "malformed");
      alice.send(message("dummy", "alive", null));
      assertEquals("alive", alice.next().getJsonObject("payload").getValue("id"), "a malformed builtin is not fatal");
    }
  }
}
