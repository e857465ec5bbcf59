package io.bester.daemon.routing;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The last step of routing one message, run when the message reaches the head of its
 * session's queue so that deliveries and reports keep the sender's order (§3).
 * It performs the deliveries, if any, and yields the status report.
 */
@FunctionalInterface
public interface Execution {

  Future<JsonObject> run();

  static Execution report(JsonObject report) {
    return () -> Future.succeededFuture(report);
  }
}
