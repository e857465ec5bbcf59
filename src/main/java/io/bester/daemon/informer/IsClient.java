package io.bester.daemon.informer;

import io.vertx.core.Future;

/**
 * {@code isClient}: whether the username in {@code data} has a session. True means online; the
 * first daemon answered the other way round, and §7 tells us not to copy that.
 */
final class IsClient implements Query {

  static final String NAME = "isClient";

  private final DaemonView view;

  IsClient(DaemonView view) {
    this.view = view;
  }

  @Override
  public Future<Answer> answer(Object data) {
    if (!(data instanceof String username)) {
      return Future.succeededFuture(Answer.error("isClient needs data: a username string"));
    }
    return view.isOnline(username).map(Answer::ok);
  }
}
