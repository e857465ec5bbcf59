package io.bester.daemon.informer;

import io.vertx.core.Future;

/** One informer command (§7). The answer is a future so that a query may one day ask the cluster. */
interface Query {

  /**
   * Answers the command's {@code data} (null when absent). A bad argument is an
   * {@link Answer#error}, not a failed future.
   */
  Future<Answer> answer(Object data);
}
