package io.bester.daemon.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bester.client.BesterClient;
import io.bester.daemon.support.DaemonProcess;
import io.bester.daemon.support.TestAccounts;
import io.bester.daemon.support.TestClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM and SIGINT (§9, §11): the daemon stops accepting and reading, answers every message
 * it has read (here: in flight at a handler that takes a second), then sends
 * {@code shutting_down} to every identified session and closes; unidentified connections are
 * closed without a frame; the process exits 0 within a bounded time.
 */
@Timeout(120)
class ShutdownIT {

  static final int IN_FLIGHT = 5;
  static final double HANDLER_DELAY_S = 1.0;
  /** handlers.timeoutMs (5 s) + 2 s of grace in Daemon.stop, plus the JVM's own exit. */
  static final long EXIT_LIMIT_MS = 15_000;

  @TempDir
  Path dir;

  DaemonProcess start() throws Exception {
    TestAccounts.write(dir.resolve("data/accounts.json"), List.of("alice", "bob"));
    Path handler = dir.resolve("slow_handler.py");
    try (InputStream in = ShutdownIT.class.getResourceAsStream("/handlers/slow_handler.py")) {
      assertNotNull(in, "test resource handlers/slow_handler.py");
      Files.copy(in, handler, StandardCopyOption.REPLACE_EXISTING);
    }
    Files.setPosixFilePermissions(handler, PosixFilePermissions.fromString("rwxr-xr-x"));
    JsonObject config = new JsonObject()
        .put("network", new JsonObject().put("types", new JsonArray().add("tcp4"))
            .put("tcp4", new JsonObject().put("address", "127.0.0.1").put("port", 0)))
        .put("database", new JsonObject().put("type", "file")
            .put("file", new JsonObject().put("path", "data/accounts.json")))
        .put("handlers", new JsonObject()
            .put("availableTypes", new JsonArray().add("chat").add("slow"))
            .put("typeMap", new JsonObject().put("slow", new JsonObject()
                .put("handlerBinary", "./slow_handler.py").put("unixDomainSocketPath", "slow.sock"))));
    return DaemonProcess.start(dir, config);
  }

  static JsonObject slow(int n, String to) {
    return TestClient.message("slow", n, new JsonObject().put("n", n).put("delay", HANDLER_DELAY_S)
        .put("to", new JsonArray().add(to)));
  }

  /** Lines the slow handler has logged: one per request it received. */
  long handled() {
    try {
      Path log = dir.resolve("slow-handler.log");
      return Files.exists(log) ? Files.readAllLines(log).size() : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void signal(Process process, String name) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
    assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + name);
  }

  /** The "n" of the next delivery. */
  static Object delivered(TestClient recipient) {
    JsonObject frame = recipient.next();
    assertEquals("receivedMessage", frame.getJsonObject("header").getString("messageType"), frame.encode());
    return frame.getJsonObject("payload").getJsonObject("data").getValue("n");
  }

  static void expectShuttingDown(TestClient client) {
    JsonObject fatal = client.next();
    assertEquals("fatal", fatal.getJsonObject("header").getString("messageType"), fatal.encode());
    assertEquals("shutting_down", TestClient.errorCode(fatal), fatal.encode());
    client.expectClosed();
  }

  static void expectExitZero(Process process, long signalledAt) throws InterruptedException {
    assertTrue(process.waitFor(EXIT_LIMIT_MS, TimeUnit.MILLISECONDS), "still running " + EXIT_LIMIT_MS
        + " ms after the signal");
    System.out.printf("shutdown: exit %d, %d ms after the signal%n", process.exitValue(),
        (System.nanoTime() - signalledAt) / 1_000_000);
    assertEquals(0, process.exitValue(), "exit status");
  }

  @Test
  void sigtermAnswersWhatWasReadThenSaysShuttingDown() throws Exception {
    try (DaemonProcess daemon = start();
         TestClient alice = daemon.login("alice", TestAccounts.PASSWORD);
         TestClient bob = daemon.login("bob", TestAccounts.PASSWORD);
         RawConnection silent = RawConnection.open(daemon.port());
         RawConnection halfIdentified = RawConnection.open(daemon.port())) {
      byte[] identify = BesterClient.frame(
          TestClient.identify("alice", TestAccounts.PASSWORD).encode().getBytes(StandardCharsets.UTF_8));
      halfIdentified.write(Arrays.copyOf(identify, identify.length / 2));

      // 1. messages in flight: the handler has them all, and answers each a second later
      for (int n = 0; n < IN_FLIGHT; n++) {
        alice.send(slow(n, "bob"));
      }
      Await.until("the handler has every message", 10_000, () -> handled() == IN_FLIGHT,
          () -> "(it has " + handled() + ")");

      // 2. SIGTERM; the unidentified connections are closed without a frame
      long signalled = System.nanoTime();
      daemon.process().destroy();
      assertEquals(List.of(), silent.framesUntilEnd(10_000), "no frame for a connection that never identified");
      assertEquals(List.of(), halfIdentified.framesUntilEnd(10_000), "no frame for one that was identifying");

      // 3. the daemon has stopped accepting and reading: a new connection gets nothing, nor does
      //    a message sent now (the messages read before are still answered below)
      alice.send(TestClient.message("dummy", "tooLate", null));
      try (RawConnection late = RawConnection.open(daemon.port())) {
        late.send(TestClient.identify("bob", TestAccounts.PASSWORD));
        assertEquals(List.of(), late.framesUntilEnd(10_000), "a connection after SIGTERM is not served");
      } catch (UncheckedIOException refused) {
        // refused outright: fine as well
      }

      // 4. every message that was read is answered, in order; then shutting_down
      for (int n = 0; n < IN_FLIGHT; n++) {
        alice.expectGood(n);
      }
      expectShuttingDown(alice);
      // bob, who had nothing in flight, stays a recipient until every session has answered
      for (int n = 0; n < IN_FLIGHT; n++) {
        assertEquals("receivedMessage", bob.next().getJsonObject("header").getString("messageType"));
      }
      expectShuttingDown(bob);

      // 5. and the process ends by itself, with status 0
      expectExitZero(daemon.process(), signalled);
      assertEquals(IN_FLIGHT, handled(), "nothing was handed to the handler after SIGTERM");
    }
  }

  @Test
  void messagesInFlightAreDeliveredBeforeShuttingDown() throws Exception {
    try (DaemonProcess daemon = start();
         TestClient alice = daemon.login("alice", TestAccounts.PASSWORD);
         TestClient bob = daemon.login("bob", TestAccounts.PASSWORD)) {
      for (int n = 0; n < IN_FLIGHT; n++) {
        alice.send(TestClient.message("slow", n, new JsonObject().put("n", n).put("delay", HANDLER_DELAY_S)
            .put("to", new JsonArray().add("alice").add("bob"))));
      }
      Await.until("the handler has every message", 10_000, () -> handled() == IN_FLIGHT,
          () -> "(it has " + handled() + ")");
      long signalled = System.nanoTime();
      daemon.process().destroy();
      for (int n = 0; n < IN_FLIGHT; n++) {
        assertEquals(n, delivered(bob));
        assertEquals(n, delivered(alice));
        assertEquals(2, alice.expectGood(n).getJsonObject("payload").getInteger("delivered"));
      }
      expectShuttingDown(bob);
      expectShuttingDown(alice);
      expectExitZero(daemon.process(), signalled);
    }
  }

  @Test
  void sigintDoesTheSame() throws Exception {
    try (DaemonProcess daemon = start();
         TestClient alice = daemon.login("alice", TestAccounts.PASSWORD)) {
      alice.send(slow(0, "bob"));
      Await.until("the handler has the message", 10_000, () -> handled() == 1);
      long signalled = System.nanoTime();
      signal(daemon.process(), "INT");
      alice.expectGood(0);
      expectShuttingDown(alice);
      expectExitZero(daemon.process(), signalled);
    }
  }

  @Test
  void anIdleDaemonStopsAtOnce() throws Exception {
    try (DaemonProcess daemon = start();
         TestClient alice = daemon.login("alice", TestAccounts.PASSWORD)) {
      long signalled = System.nanoTime();
      daemon.process().destroy();
      expectShuttingDown(alice);
      expectExitZero(daemon.process(), signalled);
      long tookMs = (System.nanoTime() - signalled) / 1_000_000;
      assertTrue(tookMs < 5000, "an idle daemon took " + tookMs + " ms to stop");
    }
  }
}
