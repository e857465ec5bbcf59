package io.bester.daemon.cli;

import io.vertx.core.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import sun.misc.Signal;

/**
 * What the long-running commands share: waiting for start-up from the main thread, and on
 * SIGTERM or SIGINT a graceful stop and exit 0 (a JVM shutdown hook would exit 143).
 */
final class Foreground {

  /** How long start-up may take (cluster joins are the slow part). */
  static final long START_TIMEOUT_S = 60;
  /** How long a graceful stop may take before the process exits 1. */
  private static final long STOP_TIMEOUT_S = 30;

  private Foreground() {
  }

  /** The started thing, or a failure whose message is one line for the user. */
  static <T> T await(Future<T> starting) throws StartFailure {
    try {
      return starting.toCompletionStage().toCompletableFuture().get(START_TIMEOUT_S, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new StartFailure(describe(e.getCause()));
    } catch (TimeoutException e) {
      throw new StartFailure("not ready after " + START_TIMEOUT_S + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartFailure("interrupted");
    }
  }

  /** On the first SIGTERM or SIGINT, runs {@code stop} and exits 0 (1 if it failed). */
  static void stopOnSignal(Supplier<Future<?>> stop) {
    AtomicBoolean stopping = new AtomicBoolean();
    Runnable stopper = () -> {
      if (!stopping.compareAndSet(false, true)) {
        return;
      }
      new Thread(() -> {
        try {
          stop.get().toCompletionStage().toCompletableFuture().get(STOP_TIMEOUT_S, TimeUnit.SECONDS);
          System.exit(0);
        } catch (Exception e) {
          System.err.println("besterd: unclean stop: " + describe(e));
          System.exit(1);
        }
      }, "besterd-stop").start();
    };
    Signal.handle(new Signal("TERM"), signal -> stopper.run());
    Signal.handle(new Signal("INT"), signal -> stopper.run());
  }

  static String describe(Throwable cause) {
    String message = cause.getMessage();
    return message == null ? cause.getClass().getSimpleName() : message;
  }

  /** Start-up did not succeed; the message is for the user. */
  static final class StartFailure extends Exception {
    StartFailure(String message) {
      super(message, null, false, false);
    }
  }
}
