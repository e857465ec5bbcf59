package io.bester.daemon.robustness;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Bounded waits for conditions that no event announces (a counter in the daemon, a file another
 * process writes). Every wait has a deadline and fails with what it was waiting for.
 */
final class Await {

  private static final long STEP_MS = 20;

  private Await() {
  }

  static void until(String what, long timeoutMs, BooleanSupplier condition) {
    until(what, timeoutMs, condition, () -> "");
  }

  /** {@code state} describes what was seen, for the failure message. */
  static void until(String what, long timeoutMs, BooleanSupplier condition, Supplier<String> state) {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeoutMs + " ms: " + what + " " + state.get());
      }
      try {
        Thread.sleep(STEP_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }
}
