package io.bester.daemon.session.builtin;

import io.bester.daemon.protocol.ErrorCode;
import io.bester.daemon.protocol.Replies;
import io.bester.daemon.routing.Execution;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** {@code changePassword}: the old password must be right and the new one not weak. */
final class ChangePasswordCommand implements BuiltinCommand {

  @Override
  public Future<Execution> run(BuiltinSession session, Object id, JsonObject args) {
    String oldPassword = Args.string(args, "oldPassword");
    String newPassword = Args.string(args, "newPassword");
    if (oldPassword == null || newPassword == null) {
      return Future.succeededFuture(Execution.report(
          Replies.bad(id, ErrorCode.AUTH_FAILED, "changePassword needs oldPassword and newPassword")));
    }
    return session.accounts().changePassword(session.username(), oldPassword, newPassword)
        .map(v -> Execution.report(Replies.good(id)))
        .otherwise(cause -> Execution.report(Args.accountFailure(id, cause)));
  }
}
