package io.bester.daemon.session.builtin;

import io.bester.daemon.protocol.Replies;
import io.bester.daemon.routing.Execution;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** {@code logout}: the session stays open but is no longer authenticated and receives nothing. */
final class LogoutCommand implements BuiltinCommand {

  @Override
  public Future<Execution> run(BuiltinSession session, Object id, JsonObject args) {
    return Future.succeededFuture(() -> {
      session.logout();
      return Future.succeededFuture(Replies.good(id));
    });
  }
}
