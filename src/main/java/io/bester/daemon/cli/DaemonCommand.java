package io.bester.daemon.cli;

import io.bester.daemon.Daemon;
import io.bester.daemon.config.ConfigLoader;
import io.bester.daemon.config.DaemonConfig;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import sun.misc.Signal;

/** Runs the daemon in the foreground: ready line on start, graceful stop and exit 0 on SIGTERM/SIGINT. */
final class DaemonCommand {

  /** How long start-up may take before the daemon gives up (cluster joins are the slow part). */
  private static final long START_TIMEOUT_S = 60;

  private final Path configFile;
  private final boolean cluster;

  DaemonCommand(Path configFile, boolean cluster) {
    this.configFile = configFile;
    this.cluster = cluster;
  }

  int run() {
    DaemonConfig loaded = ConfigLoader.load(configFile);
    DaemonConfig config = cluster ? loaded.withClusterEnabled(true) : loaded;
    Daemon daemon;
    try {
      daemon = Daemon.start(config).toCompletionStage().toCompletableFuture().get(START_TIMEOUT_S, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      System.err.println("besterd: cannot start: " + describe(e.getCause()));
      return 1;
    } catch (TimeoutException e) {
      System.err.println("besterd: cannot start: not ready after " + START_TIMEOUT_S + " s");
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
    System.out.println("besterd ready " + String.join(" ", daemon.boundAddresses()));
    System.out.flush();
    CompletableFuture<Void> stopping = new CompletableFuture<>();
    Signal.handle(new Signal("TERM"), signal -> stop(daemon, stopping));
    Signal.handle(new Signal("INT"), signal -> stop(daemon, stopping));
    return -1;
  }

  private static void stop(Daemon daemon, CompletableFuture<Void> stopping) {
    if (!stopping.complete(null)) {
      return;
    }
    Thread stopper = new Thread(() -> {
      try {
        daemon.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        System.exit(0);
      } catch (Exception e) {
        System.err.println("besterd: unclean stop: " + describe(e));
        System.exit(1);
      }
    }, "besterd-stop");
    stopper.start();
  }

  static String describe(Throwable cause) {
    String message = cause.getMessage();
    return message == null ? cause.getClass().getSimpleName() : message;
  }
}
