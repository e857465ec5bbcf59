package io.bester.daemon.handler;

import static io.bester.daemon.support.TestClient.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bester.daemon.support.DaemonFixture;
import io.bester.daemon.support.HandlerProcess;
import io.bester.daemon.support.TestClient;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code handlerBinary}: the daemon starts the program, waits for its socket before it is ready,
 * restarts it when it dies and stops it when the daemon stops (wire-contract §4 item 2, §9, §11).
 * The first tests run whole daemons; the last ones deploy a {@link ProcessSupervisor} alone with
 * short timings, so that the give-up and kill paths take milliseconds rather than the contract's
 * seconds.
 */
@Timeout(60)
class ProcessSupervisorTest {

  private static final Pattern STARTED = Pattern.compile("handler \\S+: started .* \\(pid (\\d+)\\)");

  @TempDir
  Path dir;
  private final BlockingQueue<LogRecord> logs = new LinkedBlockingQueue<>();
  private final List<LogRecord> seen = new ArrayList<>();
  private final Logger supervisorLog = Logger.getLogger(ProcessSupervisor.class.getName());
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      logs.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  };
  private final List<Long> pids = new ArrayList<>();

  @BeforeEach
  void captureLogs() {
    supervisorLog.addHandler(capture);
  }

  @AfterEach
  void cleanUp() {
    supervisorLog.removeHandler(capture);
    // whatever a failed test left running
    pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
  }

  @Test
  void readyComesAfterTheSocketAndTheProgramGetsAnAbsoluteSocketAndTheWorkingDirectory() throws Exception {
    Path script = HandlerProcess.install(dir);
    // The program is started without arguments; the wrapper only makes it slow to listen.
    Path wrapper = HandlerProcess.writeProgram(dir.resolve("slow.sh"),
        "#!/bin/sh\nHANDLER_DELAY=0.7 exec " + script + " \"$@\"\n");
    Path cwd = Path.of("").toAbsolutePath();
    String relativeProgram = cwd.relativize(wrapper).toString();
    String relativeSocket = cwd.relativize(dir.resolve("sup.sock")).toString();
    try (DaemonFixture daemon = DaemonFixture.start(dir, json -> json.put("handlers", handlers("sup",
        new JsonObject().put("handlerBinary", relativeProgram).put("unixDomainSocketPath", relativeSocket))))) {
      assertTrue(Files.exists(dir.resolve("sup.sock")), "Daemon.start completed before the handler's socket appeared");
      try (TestClient alice = daemon.login("alice")) {
        JsonObject info = info(alice, "i");
        pids.add(info.getLong("pid"));
        assertEquals(cwd.resolve(relativeSocket).toString(), info.getString("socket"));
        assertTrue(Path.of(info.getString("socket")).isAbsolute());
        assertEquals(cwd.toRealPath().toString(), info.getString("cwd"));
        assertEquals(new JsonArray(), info.getJsonArray("argv"));
      }
    }
  }

  @Test
  void aKilledProgramIsRestartedAndServesAgainAndStopEndsIt() throws Exception {
    Path script = HandlerProcess.install(dir);
    DaemonFixture daemon = DaemonFixture.start(dir, json -> json.put("handlers", handlers("sup",
        new JsonObject().put("handlerBinary", script.toString())
            .put("unixDomainSocketPath", dir.resolve("sup.sock").toString()))));
    long second;
    try (TestClient alice = daemon.login("alice")) {
      long first = info(alice, "before").getLong("pid");
      pids.add(first);
      ProcessHandle handle = ProcessHandle.of(first).orElseThrow();
      handle.destroyForcibly();
      handle.onExit().get(TestClient.WAIT_S, TimeUnit.SECONDS);
      // The restart cannot be seen by a client except by being served again, so ask until
      // a new process answers; each try is answered at once (handler_failed while it is down).
      Long restarted = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TestClient.WAIT_S);
      for (int attempt = 0; restarted == null && System.nanoTime() < deadline; attempt++) {
        alice.send(message("sup", attempt, info()));
        JsonObject frame = alice.next();
        if ("receivedMessage".equals(frame.getJsonObject("header").getString("messageType"))) {
          restarted = frame.getJsonObject("payload").getJsonObject("data").getLong("pid");
          alice.expectGood(attempt);
        } else {
          assertEquals("handler_failed", TestClient.errorCode(frame), frame.encode());
          Thread.sleep(50);  // pacing between tries, not synchronisation
        }
      }
      assertNotNull(restarted, "the program was not restarted within " + TestClient.WAIT_S + " s");
      assertNotEquals(first, restarted.longValue());
      second = restarted;
      pids.add(second);
    } finally {
      daemon.close();
    }
    Optional<ProcessHandle> after = ProcessHandle.of(second);
    assertFalse(after.isPresent() && after.get().isAlive(), "the program outlived the daemon");
  }

  @Test
  void aMissingOrNonExecutableProgramIsAStartUpErrorNamingTheField() throws Exception {
    Path notExecutable = Files.writeString(dir.resolve("plain.py"), "print('hi')\n");
    for (Path program : List.of(dir.resolve("nope.py"), notExecutable)) {
      Path daemonDir = Files.createTempDirectory(dir, "daemon");
      Exception refused = assertThrows(Exception.class, () -> DaemonFixture.start(daemonDir, json -> json.put("handlers",
          handlers("sup", new JsonObject().put("handlerBinary", program.toString())
              .put("unixDomainSocketPath", dir.resolve("sup.sock").toString())))));
      assertTrue(refused.getMessage().startsWith("config: handlers.typeMap.sup.handlerBinary: "), refused.getMessage());
      assertTrue(refused.getMessage().contains(program.toString()), refused.getMessage());
    }
  }

  @Test
  void startGivesUpWaitingForTheSocketAndOutputIsLoggedLineByLine() throws Exception {
    Path program = HandlerProcess.writeProgram(dir.resolve("quiet.sh"),
        "#!/bin/sh\necho out-line\necho err-line >&2\nexec sleep 60\n");
    Vertx vertx = Vertx.vertx();
    try {
      long begin = System.nanoTime();
      String id = deploy(vertx, program, 300, 2000);
      long tookMs = (System.nanoTime() - begin) / 1_000_000;
      assertTrue(tookMs >= 300, "start completed after " + tookMs + " ms, before the wait was over");
      long pid = startedPid();
      assertEquals(Level.INFO, awaitLog("handler t: out-line").getLevel());
      assertEquals(Level.WARNING, awaitLog("handler t: err-line").getLevel());
      awaitLog("handler t: no socket at .*");
      vertx.undeploy(id).await(TestClient.WAIT_S, TimeUnit.SECONDS);
      assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "SIGTERM did not end it");
    } finally {
      vertx.close().await(TestClient.WAIT_S, TimeUnit.SECONDS);
    }
  }

  @Test
  void aProgramIgnoringSigtermIsKilledAfterTheGraceTime() throws Exception {
    Path program = HandlerProcess.writeProgram(dir.resolve("stubborn.sh"),
        "#!/bin/sh\ntrap '' TERM\necho started\nwhile true; do sleep 1; done\n");
    Vertx vertx = Vertx.vertx();
    try {
      String id = deploy(vertx, program, 100, 500);
      long pid = startedPid();
      awaitLog("handler t: started");  // it ignores SIGTERM from here on
      long begin = System.nanoTime();
      vertx.undeploy(id).await(TestClient.WAIT_S, TimeUnit.SECONDS);
      long tookMs = (System.nanoTime() - begin) / 1_000_000;
      assertTrue(tookMs >= 500, "stopped after " + tookMs + " ms: was it really ignoring SIGTERM?");
      assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "still running after SIGKILL");
    } finally {
      vertx.close().await(TestClient.WAIT_S, TimeUnit.SECONDS);
    }
  }

  @Test
  void restartsBackOffDoublingTheDelay() throws Exception {
    Path program = HandlerProcess.writeProgram(dir.resolve("dies.sh"), "#!/bin/sh\nexit 1\n");
    Vertx vertx = Vertx.vertx();
    try {
      deploy(vertx, program, 100, 500);
      List<Instant> starts = new ArrayList<>();
      awaitLogs("handler t: started .*", 4).forEach(started -> starts.add(started.getInstant()));
      // 200 ms, then 400, then 800 (a little early is fine for timer jitter, not half)
      for (int i = 1; i < starts.size(); i++) {
        long gapMs = Duration.between(starts.get(i - 1), starts.get(i)).toMillis();
        long expected = ProcessSupervisor.FIRST_BACKOFF_MS << (i - 1);
        assertTrue(gapMs >= expected - 20, "restart " + i + " after " + gapMs + " ms, expected " + expected);
      }
    } finally {
      vertx.close().await(TestClient.WAIT_S, TimeUnit.SECONDS);
    }
  }

  // ---- helpers ----

  private static JsonObject handlers(String type, JsonObject entry) {
    return new JsonObject().put("availableTypes", new JsonArray().add("chat").add(type))
        .put("typeMap", new JsonObject().put(type, entry))
        .put("timeoutMs", 1000);
  }

  private static JsonObject info() {
    return new JsonObject().put("mode", "info").put("to", new JsonArray().add("alice"));
  }

  private static JsonObject info(TestClient alice, Object id) {
    alice.send(message("sup", id, info()));
    JsonObject delivery = alice.next();
    assertEquals("receivedMessage", delivery.getJsonObject("header").getString("messageType"), delivery.encode());
    alice.expectGood(id);
    return delivery.getJsonObject("payload").getJsonObject("data");
  }

  private String deploy(Vertx vertx, Path program, long socketWaitMs, long termGraceMs) throws Exception {
    ProcessSupervisor supervisor = new ProcessSupervisor(new ProcessSupervisor.Settings("t", program,
        dir.resolve("never.sock"), Path.of("").toAbsolutePath(), socketWaitMs, termGraceMs));
    return vertx.deployVerticle(supervisor, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
        .await(TestClient.WAIT_S, TimeUnit.SECONDS);
  }

  private long startedPid() throws InterruptedException {
    LogRecord started = awaitLog("handler t: started .*");
    Matcher matcher = STARTED.matcher(started.getMessage());
    assertTrue(matcher.matches(), started.getMessage());
    long pid = Long.parseLong(matcher.group(1));
    pids.add(pid);
    return pid;
  }

  /** The first captured log record matching {@code regex}; bounded. */
  private LogRecord awaitLog(String regex) throws InterruptedException {
    return awaitLogs(regex, 1).get(0);
  }

  /** The first {@code count} captured log records matching {@code regex}, in order; bounded. */
  private List<LogRecord> awaitLogs(String regex, int count) throws InterruptedException {
    Pattern pattern = Pattern.compile(regex);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TestClient.WAIT_S);
    while (true) {
      List<LogRecord> matching = new ArrayList<>();
      for (LogRecord record : seen) {
        if (pattern.matcher(record.getMessage()).matches()) {
          matching.add(record);
        }
      }
      if (matching.size() >= count) {
        return matching.subList(0, count);
      }
      LogRecord next = logs.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      assertNotNull(next, "fewer than " + count + " log records matching " + regex + " in " + TestClient.WAIT_S + " s");
      seen.add(next);
    }
  }
}
