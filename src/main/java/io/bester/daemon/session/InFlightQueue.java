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
 * The messages of one connection that are being handled, in arrival order (§3). It works in
 * two stages, both in arrival order:
 * <ol>
 *   <li>handling (the handler round trips) runs concurrently; when a message is handled and
 *       every earlier one has started its execution, its {@link Execution} starts: deliveries
 *       are issued then, so recipients see the sender's order;</li>
 *   <li>reports are written in the same order as their executions finish.</li>
 * </ol>
 * An execution does not wait for the previous one to finish: a delivery to another cluster
 * member that is slow to answer (one that just died) delays the reports behind it by one
 * timeout, not by one timeout per message. A report that is ready is written before the next
 * execution starts, so a sender that is also a recipient sees delivery, report, delivery,
 * report. Everything here runs on the session's context.
 */
final class InFlightQueue {

  private record Entry(Object id, Future<Execution> handled) {
  }

  private final Context context;
  private final ArrayDeque<Entry> handling = new ArrayDeque<>();
  private final ArrayDeque<Future<JsonObject>> reporting = new ArrayDeque<>();
  private final Consumer<JsonObject> reportWriter;
  private final Runnable onProgress;

  /** {@code onProgress} runs after each report, so the session can resume reading or finish closing. */
  InFlightQueue(Context context, Consumer<JsonObject> reportWriter, Runnable onProgress) {
    this.context = context;
    this.reportWriter = reportWriter;
    this.onProgress = onProgress;
  }

  void add(Object id, Future<Execution> handled) {
    handling.add(new Entry(id, handled));
    if (handled.isComplete()) {
      drain();
    } else {
      handled.onComplete(done -> onContext(this::drain));
    }
  }

  /** Messages read and not yet answered. */
  int size() {
    return handling.size() + reporting.size();
  }

  boolean isEmpty() {
    return handling.isEmpty() && reporting.isEmpty();
  }

  private void drain() {
    while (!handling.isEmpty() && handling.peek().handled().isComplete()) {
      Entry head = handling.poll();
      Future<JsonObject> report = run(head);
      reporting.add(report);
      if (!report.isComplete()) {
        report.onComplete(done -> onContext(this::writeReports));
      }
      // a report that is ready goes out before the next message's deliveries
      writeReports();
    }
    writeReports();
  }

  private void writeReports() {
    while (!reporting.isEmpty() && reporting.peek().isComplete()) {
      reportWriter.accept(reporting.poll().result());
      onProgress.run();
    }
  }

  /** Never fails: a failure becomes a handler_failed report for the message's id. */
  private static Future<JsonObject> run(Entry entry) {
    Future<JsonObject> report;
    if (entry.handled().failed()) {
      report = Future.failedFuture(entry.handled().cause());
    } else {
      try {
        report = entry.handled().result().run();
      } catch (RuntimeException e) {
        report = Future.failedFuture(e);
      }
    }
    return report.otherwise(failure -> Replies.bad(entry.id(), ErrorCode.HANDLER_FAILED, "internal error: " + failure));
  }

  private void onContext(Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }
}
