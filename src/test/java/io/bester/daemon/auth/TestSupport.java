package io.bester.daemon.auth;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/** Small future helpers for the auth tests. */
final class TestSupport {

  private TestSupport() {
  }

  /** Succeeds if {@code f} failed with an AccountException of the given reason. */
  static Future<Void> expectReason(Future<?> f, AccountException.Reason reason) {
    return f.transform(ar -> {
      if (ar.succeeded()) {
        return Future.failedFuture(new AssertionError("expected " + reason + " but succeeded"));
      }
      Throwable t = ar.cause();
      if (t instanceof AccountException && ((AccountException) t).reason() == reason) {
        return Future.succeededFuture();
      }
      return Future.failedFuture(new AssertionError("expected " + reason + " but got " + t, t));
    });
  }

  /** Succeeds if {@code f} failed with an exception of the given type. */
  static <E extends Throwable> Future<E> expectFailure(Future<?> f, Class<E> type) {
    return f.transform(ar -> {
      if (ar.succeeded()) {
        return Future.failedFuture(new AssertionError("expected " + type.getSimpleName()
            + " but succeeded with " + ar.result()));
      }
      if (type.isInstance(ar.cause())) {
        return Future.succeededFuture(type.cast(ar.cause()));
      }
      return Future.failedFuture(new AssertionError("expected " + type.getSimpleName()
          + " but got " + ar.cause(), ar.cause()));
    });
  }

  /**
   * Re-evaluates {@code condition} every {@code intervalMs} until it yields true; fails once
   * {@code timeoutMs} have passed. Completes with the elapsed milliseconds.
   */
  static Future<Long> eventually(Vertx vertx, long timeoutMs, long intervalMs,
      Supplier<Future<Boolean>> condition) {
    long start = System.nanoTime();
    Promise<Long> promise = Promise.promise();
    check(vertx, start, timeoutMs, intervalMs, condition, promise);
    return promise.future();
  }

  private static void check(Vertx vertx, long start, long timeoutMs, long intervalMs,
      Supplier<Future<Boolean>> condition, Promise<Long> promise) {
    condition.get().onComplete(ar -> {
      long elapsed = (System.nanoTime() - start) / 1_000_000;
      if (ar.succeeded() && ar.result()) {
        promise.complete(elapsed);
      } else if (elapsed > timeoutMs) {
        promise.fail(new AssertionError("condition not met within " + timeoutMs + " ms"
            + (ar.failed() ? ": " + ar.cause() : "")));
      } else {
        vertx.setTimer(intervalMs, id -> check(vertx, start, timeoutMs, intervalMs, condition,
            promise));
      }
    });
  }

  /** A future completing after {@code ms} milliseconds. */
  static Future<Void> delay(Vertx vertx, long ms) {
    Promise<Void> p = Promise.promise();
    vertx.setTimer(ms, id -> p.complete());
    return p.future();
  }
}
