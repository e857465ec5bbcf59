package io.bester.daemon.cli;

import static io.bester.daemon.support.TestClient.chat;
import static io.bester.daemon.support.TestClient.identify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bester.client.BesterClient;
import io.bester.daemon.support.DaemonProcess;
import io.bester.daemon.support.TestClient;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end, as a user runs it: {@code scripts/besterd} as a process in its own working
 * directory, accounts made with {@code scripts/besterd user}, two clients chatting, SIGTERM.
 */
@Timeout(120)
class ScriptsIT {

  private static final Path BESTERD = Path.of("scripts/besterd").toAbsolutePath();

  @TempDir
  Path work;
  private Process daemon;
  private DaemonProcess daemonProcess;

  @AfterEach
  void kill() {
    if (daemon != null) {
      daemon.destroyForcibly();
    }
  }

  private Path config() throws IOException {
    Path conf = work.resolve("test.json");
    Files.writeString(conf, "{\"network\": {\"types\": [\"tcp4\"], \"tcp4\": {\"address\": \"127.0.0.1\", \"port\": \"0\"}},"
        + " \"database\": {\"type\": \"file\", \"file\": {\"path\": \"data/accounts.json\"}}}");
    return conf;
  }

  private Process run(String stdin, String... args) throws IOException {
    List<String> command = new java.util.ArrayList<>(List.of(BESTERD.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(work.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    if (stdin != null) {
      process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    process.getOutputStream().close();
    return process;
  }

  private int exitOf(Process process) throws InterruptedException {
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the command did not finish");
    return process.exitValue();
  }

  /** Starts the daemon and returns its port from the ready line. */
  private int startDaemon(Path conf) throws Exception {
    daemonProcess = DaemonProcess.start(work, conf);
    daemon = daemonProcess.process();
    return daemonProcess.port();
  }

  @Test
  void chatBetweenTwoTerminalsThenSigterm() throws Exception {
    Path conf = config();
    assertEquals(0, exitOf(run("alice-password\n", "user", "add", "alice", "--conf", conf.toString())));
    assertEquals(0, exitOf(run("bob-password\n", "user", "add", "bob", "--conf", conf.toString())));
    assertTrue(Files.exists(work.resolve("data/accounts.json")), "relative store path resolves against the working directory");
    String stored = Files.readString(work.resolve("data/accounts.json"));
    assertTrue(!stored.contains("alice-password") && stored.contains("$pbkdf2$it=210000$"), stored);

    int port = startDaemon(conf);
    try (TestClient alice = new TestClient(BesterClient.tcp("127.0.0.1", port));
         TestClient bob = new TestClient(BesterClient.tcp("127.0.0.1", port))) {
      alice.send(identify("alice", "alice-password")).expectGood("auth_special");
      bob.send(identify("bob", "bob-password")).expectGood("auth_special");
      alice.send(chat("m1", "hi bob", "bob"));
      assertEquals(1, alice.expectGood("m1").getJsonObject("payload").getInteger("delivered"));
      JsonObject received = bob.next();
      assertEquals("alice", received.getJsonObject("header").getString("from"));
      assertEquals("hi bob", received.getJsonObject("payload").getJsonObject("data").getString("text"));

      // an account added while the daemon runs works within 2 s, without a restart
      assertEquals(0, exitOf(run("carol-password\n", "user", "add", "carol", "--conf", conf.toString())));
      assertTrue(canLogInWithin("carol", "carol-password", port, 2500), "carol could not log in within 2 s");

      daemon.destroy();  // SIGTERM
      bob.expectFatal("shutting_down", null);
      assertEquals(0, exitOf(daemon));
    }
  }

  private static boolean canLogInWithin(String user, String password, int port, long millis) throws Exception {
    long deadline = System.currentTimeMillis() + millis;
    while (System.currentTimeMillis() < deadline) {
      try (TestClient c = new TestClient(BesterClient.tcp("127.0.0.1", port))) {
        c.send(identify(user, password));
        if ("good".equals(c.next().getJsonObject("header").getString("status"))) {
          return true;
        }
      }
    }
    return false;
  }

  @Test
  void userCommandsFailClearly() throws Exception {
    Path conf = config();
    assertEquals(0, exitOf(run("alice-password\n", "user", "add", "alice", "--conf", conf.toString())));
    assertNotEquals(0, exitOf(run("alice-password\n", "user", "add", "alice", "--conf", conf.toString())), "existing user");
    assertNotEquals(0, exitOf(run("short\n", "user", "add", "dave", "--conf", conf.toString())), "weak password");
    assertNotEquals(0, exitOf(run("whatever-pass\n", "user", "passwd", "nobody", "--conf", conf.toString())), "unknown user");
    assertNotEquals(0, exitOf(run(null, "user", "del", "nobody", "--conf", conf.toString())), "unknown user");
    assertEquals(0, exitOf(run("new-password\n", "user", "passwd", "alice", "--conf", conf.toString())));
    Process list = run(null, "user", "list", "--conf", conf.toString());
    String names = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, exitOf(list));
    assertEquals("alice\n", names);
    assertEquals(0, exitOf(run(null, "user", "del", "alice", "--conf", conf.toString())));
  }

  @Test
  void invalidConfigIsRefusedNamingTheField() throws Exception {
    Path conf = work.resolve("bad.json");
    Files.writeString(conf, "{\"network\": {\"types\": [\"tcp4\"], \"tcp4\": {\"address\": \"127.0.0.1\", \"port\": \"abc\"}}}");
    Process process = new ProcessBuilder(BESTERD.toString(), conf.toString()).directory(work.toFile())
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertNotEquals(0, exitOf(process));
    assertTrue(output.contains("network.tcp4.port"), output);
  }
}
