package io.bester.daemon.session;

import io.bester.daemon.protocol.ErrorCode;
import io.bester.daemon.protocol.Replies;
import io.bester.daemon.routing.Execution;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * The messages of one connection that are being handled, in arrival order (§3). Handling runs
 * concurrently; each message's {@link Execution} (its deliveries, then its report) runs only when
 * every earlier one has finished, so recipients and the sender see the sender's order.
 * Everything here runs on the session's context.
 */
final class InFlightQueue {

  private record Entry(Object id, Future<Execution> handled) {
  }

  private final Context context;
  private final ArrayDeque<Entry> queue = new ArrayDeque<>();
  private final Consumer<JsonObject> reportWriter;
  private final Runnable onProgress;
  private boolean executing;

  /** {@code onProgress} runs after each report, so the session can resume reading or finish closing. */
  InFlightQueue(Context context, Consumer<JsonObject> reportWriter, Runnable onProgress) {
    this.context = context;
    this.reportWriter = reportWriter;
    this.onProgress = onProgress;
  }

  void add(Object id, Future<Execution> handled) {
    queue.add(new Entry(id, handled));
    if (handled.isComplete()) {
      drain();
    } else {
      handled.onComplete(done -> onContext(this::drain));
    }
  }

  int size() {
    return queue.size();
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }

  private void drain() {
    while (!executing && !queue.isEmpty()) {
      Entry head = queue.peek();
      if (!head.handled().isComplete()) {
        return;
      }
      executing = true;
      Future<JsonObject> report = run(head);
      if (!report.isComplete()) {
        report.onComplete(done -> onContext(() -> {
          finish(head, done.succeeded() ? done.result() : null, done.cause());
          drain();
        }));
        return;
      }
      finish(head, report.result(), report.cause());
    }
  }

  private static Future<JsonObject> run(Entry entry) {
    if (entry.handled().failed()) {
      return Future.failedFuture(entry.handled().cause());
    }
    try {
      return entry.handled().result().run();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private void finish(Entry entry, JsonObject report, Throwable failure) {
    executing = false;
    queue.poll();
    reportWriter.accept(report != null ? report
        : Replies.bad(entry.id(), ErrorCode.HANDLER_FAILED, "internal error: " + failure));
    onProgress.run();
  }

  private void onContext(Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }
}
