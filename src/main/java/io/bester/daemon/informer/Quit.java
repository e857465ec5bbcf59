package io.bester.daemon.informer;

import io.vertx.core.Future;

/** {@code quit}: the socket transport closes the connection without an answer (§7). */
final class Quit implements Query {

  static final String NAME = "quit";

  @Override
  public Future<Answer> answer(Object data) {
    return Future.succeededFuture(Answer.quit());
  }
}
