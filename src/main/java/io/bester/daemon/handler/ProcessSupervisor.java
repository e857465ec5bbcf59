package io.bester.daemon.handler;

import io.bester.daemon.config.ConfigException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs an external handler's {@code handlerBinary} (wire-contract §4 item 2, §11): starts it with
 * no arguments, in the daemon's working directory, with the absolute socket path in
 * {@value #SOCKET_ENV}; logs its output line by line; restarts it with backoff whenever it exits;
 * stops it with SIGTERM, then SIGKILL, when the daemon stops.
 *
 * <p>Deploy it as a {@link io.vertx.core.ThreadingModel#WORKER} verticle: starting a process and
 * waiting for one to end block, and a worker thread is where that may happen.
 *
 * <p>The program owns its socket: nothing here creates or removes it. Start-up completes when the
 * socket file exists, or after {@link Settings#socketWaitMs()} with a warning, so that the
 * daemon's ready line (§9) means the handler can be reached. A socket file left over from an
 * earlier run counts as there.
 */
public final class ProcessSupervisor extends VerticleBase {

  /** Environment variable that tells the program where to listen. */
  public static final String SOCKET_ENV = "BESTER_HANDLER_SOCKET";
  /** Time a program gets to create its socket before the daemon starts without it, milliseconds (§11). */
  public static final long DEFAULT_SOCKET_WAIT_MS = 10_000;
  /** Time a program gets to end after SIGTERM before it is killed, milliseconds. */
  public static final long DEFAULT_TERM_GRACE_MS = 3_000;
  /** How often the socket file is looked for during start-up, milliseconds. */
  static final long SOCKET_POLL_MS = 50;
  /** Delay before the first restart, milliseconds; it doubles with every exit in a row. */
  static final long FIRST_BACKOFF_MS = 200;
  /** Longest delay between restarts, milliseconds. */
  static final long MAX_BACKOFF_MS = 10_000;
  /** A program that ran this long was healthy: its next restart comes after the first delay again, milliseconds. */
  static final long STABLE_AFTER_MS = 30_000;
  /** Longest output line logged as is, characters; longer ones are cut, a handler's output is not ours to trust. */
  static final int MAX_LOGGED_LINE = 2_000;

  private static final Logger LOG = Logger.getLogger(ProcessSupervisor.class.getName());

  private final Settings settings;
  private final String prefix;
  private Process process;
  private long startedAt;
  private long backoffMs = FIRST_BACKOFF_MS;
  private long restartTimer = -1;
  private long socketPoll = -1;
  private boolean stopping;

  /**
   * One supervised program.
   *
   * @param type             the payload type it handles, used as the log prefix
   * @param program          the program, absolute
   * @param socket           its socket, absolute
   * @param workingDirectory where it runs: the daemon's working directory
   * @param socketWaitMs     how long start-up waits for the socket file, milliseconds
   * @param termGraceMs      how long stopping waits after SIGTERM before SIGKILL, milliseconds
   */
  public record Settings(String type, Path program, Path socket, Path workingDirectory, long socketWaitMs,
                         long termGraceMs) {

    /** The contract's timings, for a program run in the daemon's working directory. */
    public static Settings of(String type, Path program, Path socket) {
      return new Settings(type, program, socket, Path.of("").toAbsolutePath(), DEFAULT_SOCKET_WAIT_MS,
          DEFAULT_TERM_GRACE_MS);
    }
  }

  public ProcessSupervisor(Settings settings) {
    this.settings = settings;
    this.prefix = "handler " + settings.type() + ": ";
  }

  /**
   * Refuses a program that cannot be run, naming the config field (§8); blocking, so call it off
   * the event loop.
   */
  public static void checkProgram(String type, Path program) {
    if (!Files.isRegularFile(program) || !Files.isExecutable(program)) {
      throw new ConfigException("handlers.typeMap." + type + ".handlerBinary",
          program + " does not exist or is not an executable file");
    }
  }

  @Override
  public Future<?> start() {
    launch();
    return socketAppeared();
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    cancel(restartTimer);
    cancel(socketPoll);
    if (process != null && process.isAlive()) {
      terminate(process);
    }
    return Future.succeededFuture();
  }

  private void launch() {
    ProcessBuilder builder = new ProcessBuilder(settings.program().toString())
        .directory(settings.workingDirectory().toFile());
    builder.environment().put(SOCKET_ENV, settings.socket().toString());
    Process started;
    try {
      started = builder.start();
    } catch (IOException e) {
      LOG.warning(prefix + "cannot start " + settings.program() + ": " + e.getMessage());
      scheduleRestart();
      return;
    }
    process = started;
    startedAt = System.nanoTime();
    LOG.info(prefix + "started " + settings.program() + " (pid " + started.pid() + ")");
    closeQuietly(started);
    log(started.getInputStream(), Level.INFO, "stdout");
    log(started.getErrorStream(), Level.WARNING, "stderr");
    started.onExit().thenRun(() -> context.runOnContext(v -> onExit(started)));
  }

  private void onExit(Process exited) {
    if (stopping || exited != process) {
      return;
    }
    if (TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt) >= STABLE_AFTER_MS) {
      backoffMs = FIRST_BACKOFF_MS;
    }
    LOG.warning(prefix + "exited with status " + exited.exitValue() + "; restarting in " + backoffMs + " ms");
    scheduleRestart();
  }

  private void scheduleRestart() {
    long delay = backoffMs;
    backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
    restartTimer = vertx.setTimer(delay, id -> {
      restartTimer = -1;
      if (!stopping) {
        launch();
      }
    });
  }

  /** Completes once the socket file exists, or after the wait with a warning: the daemon starts either way. */
  private Future<Void> socketAppeared() {
    Promise<Void> appeared = Promise.promise();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.socketWaitMs());
    socketPoll = vertx.setPeriodic(1, SOCKET_POLL_MS, id -> vertx.fileSystem().exists(settings.socket().toString())
        .onComplete(ar -> {
          if (appeared.future().isComplete()) {
            return;
          }
          if (ar.succeeded() && ar.result()) {
            cancel(socketPoll);
            appeared.complete();
          } else if (System.nanoTime() - deadline >= 0) {
            cancel(socketPoll);
            LOG.warning(prefix + "no socket at " + settings.socket() + " after " + settings.socketWaitMs()
                + " ms; starting without it, its messages answer handler_failed until it appears");
            appeared.complete();
          }
        }));
    return appeared.future();
  }

  /** SIGTERM to the program and whatever it started, then SIGKILL to what is left after the grace time. */
  private void terminate(Process program) {
    List<ProcessHandle> all = new ArrayList<>();
    all.add(program.toHandle());
    program.descendants().forEach(all::add);
    all.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.termGraceMs());
    for (ProcessHandle handle : all) {
      long left = deadline - System.nanoTime();
      try {
        handle.onExit().get(Math.max(0, left), TimeUnit.NANOSECONDS);
      } catch (Exception stillThere) {
        LOG.warning(prefix + "pid " + handle.pid() + " still running " + settings.termGraceMs()
            + " ms after SIGTERM; killing it");
        handle.destroyForcibly();
      }
    }
    try {
      program.waitFor(settings.termGraceMs(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info(prefix + "stopped");
  }

  /** The program gets an empty standard input: a handler that reads it must not wait for the daemon. */
  private void closeQuietly(Process started) {
    try {
      started.getOutputStream().close();
    } catch (IOException e) {
      LOG.log(Level.FINE, "cannot close a handler's standard input", e);
    }
  }

  /** Logs a stream line by line on a plain thread: reading a pipe blocks. */
  private void log(InputStream stream, Level level, String name) {
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          LOG.log(level, prefix + (line.length() > MAX_LOGGED_LINE ? line.substring(0, MAX_LOGGED_LINE) + "…" : line));
        }
      } catch (IOException e) {
        LOG.log(Level.FINE, prefix + name + " closed", e);
      }
    }, "besterd-" + settings.type() + "-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  private void cancel(long timer) {
    if (timer != -1) {
      vertx.cancelTimer(timer);
    }
  }
}
