package io.bester.daemon.session.builtin;

import io.bester.daemon.protocol.Replies;
import io.bester.daemon.routing.Execution;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** {@code close}: report good, then the daemon closes the connection. */
final class CloseCommand implements BuiltinCommand {

  @Override
  public Future<Execution> run(BuiltinSession session, Object id, JsonObject args) {
    return Future.succeededFuture(() -> {
      session.closeAfterReport();
      return Future.succeededFuture(Replies.good(id));
    });
  }
}
