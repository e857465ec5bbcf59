package io.bester.daemon.session.builtin;

import io.bester.daemon.protocol.Replies;
import io.bester.daemon.routing.Execution;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** {@code register}: create another account when registration is open; the session is unchanged. */
final class RegisterCommand implements BuiltinCommand {

  @Override
  public Future<Execution> run(BuiltinSession session, Object id, JsonObject args) {
    String username = Args.string(args, "username");
    String password = Args.string(args, "password");
    return session.accounts().register(username == null ? "" : username, password == null ? "" : password)
        .map(v -> Execution.report(Replies.good(id)))
        .otherwise(cause -> Execution.report(Args.accountFailure(id, cause)));
  }
}
