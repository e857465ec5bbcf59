package io.bester.daemon.cli;

import static io.bester.daemon.support.TestClient.identify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bester.client.BesterClient;
import io.bester.daemon.support.RedisServer;
import io.bester.daemon.support.DaemonProcess;
import io.bester.daemon.support.TestClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/besterd} with {@code database.type = "redis"}, as processes: the user commands
 * write to Redis, the daemon logs in from it, and with Redis down the daemon refuses to start with
 * one line naming {@code database.redis}.
 */
@Timeout(180)
class RedisScriptsIT {

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

  private Path config(int redisPort) throws IOException {
    Path conf = work.resolve("redis.json");
    Files.writeString(conf, "{\"network\": {\"types\": [\"tcp4\"], \"tcp4\": {\"address\": \"127.0.0.1\", \"port\": \"0\"}},"
        + " \"database\": {\"type\": \"redis\", \"redis\": {\"address\": \"127.0.0.1\", \"port\": \"" + redisPort + "\"}}}");
    return conf;
  }

  private Process run(String stdin, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(BESTERD.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(work.toFile()).start();
    if (stdin != null) {
      process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    process.getOutputStream().close();
    return process;
  }

  /** Exit status, standard output and standard error of a finished command. */
  private record Result(int exit, String out, String err) {
  }

  private Result finish(Process process) throws Exception {
    // The outputs are small; read them before waiting.
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(90, TimeUnit.SECONDS), "the command did not finish");
    return new Result(process.exitValue(), out, err);
  }

  /** Standard error without the launcher's build notice (the jar may be rebuilt on first use). */
  private static List<String> errorLines(Result r) {
    List<String> lines = new ArrayList<>();
    for (String line : r.err().split("\n")) {
      if (!line.isBlank() && !line.startsWith("besterd: building ") && !line.matches("(\\e\\[[0-9;]*m)+")) {
        lines.add(line);
      }
    }
    return lines;
  }

  @Test
  void userCommandsWriteToRedisAndTheDaemonLogsInFromIt() throws Exception {
    try (RedisServer redis = RedisServer.start(work)) {
      Path conf = config(redis.port());
      Result added = finish(run("bob-password\n", "user", "add", "bob", "--conf", conf.toString()));
      assertEquals(0, added.exit(), added.err());
      String stored = redis.command("HGET", "bester:accounts", "bob");
      assertTrue(stored != null && stored.startsWith("$pbkdf2$it=210000$"), String.valueOf(stored));
      Result again = finish(run("bob-password\n", "user", "add", "bob", "--conf", conf.toString()));
      assertNotEquals(0, again.exit());
      assertTrue(again.err().contains("the user exists already"), again.err());
      Result list = finish(run(null, "user", "list", "--conf", conf.toString()));
      assertEquals(0, list.exit(), list.err());
      assertEquals("bob\n", list.out());

      int port = startDaemon(conf);
      try (TestClient bob = new TestClient(BesterClient.tcp("127.0.0.1", port))) {
        bob.send(identify("bob", "bob-password")).expectGood("auth_special");
      }
      // deleted through the CLI while the daemon runs: refused at once
      assertEquals(0, finish(run(null, "user", "del", "bob", "--conf", conf.toString())).exit());
      try (TestClient bob = new TestClient(BesterClient.tcp("127.0.0.1", port))) {
        bob.send(identify("bob", "bob-password")).expectFatal("auth_failed", "auth_special");
      }
      daemon.destroy();
      assertTrue(daemon.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, daemon.exitValue());
    }
  }

  @Test
  void withRedisDownTheDaemonRefusesToStartWithOneLineAndTheUserCommandsFail() throws Exception {
    int deadPort = RedisServer.freePort();
    Path conf = config(deadPort);
    String expected = "database.redis: cannot reach Redis at 127.0.0.1:" + deadPort + ": Connection refused";

    Result start = finish(run(null, conf.toString()));
    assertEquals(1, start.exit());
    assertEquals("", start.out(), "no ready line");
    assertEquals(List.of("besterd: cannot start: " + expected), errorLines(start));

    Result add = finish(run("bob-password\n", "user", "add", "bob", "--conf", conf.toString()));
    assertEquals(1, add.exit());
    assertEquals(List.of("besterd: user add bob: " + expected), errorLines(add));
  }

  /** Starts the daemon and returns its port from the ready line. */
  private int startDaemon(Path conf) throws Exception {
    daemonProcess = DaemonProcess.start(work, conf);
    daemon = daemonProcess.process();
    return daemonProcess.port();
  }
}
