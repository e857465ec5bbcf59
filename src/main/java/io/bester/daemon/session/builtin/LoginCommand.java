package io.bester.daemon.session.builtin;

import io.bester.daemon.protocol.ErrorCode;
import io.bester.daemon.protocol.Replies;
import io.bester.daemon.routing.Execution;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** {@code login}: authenticate again, possibly as another user; a failure leaves the session as it was. */
final class LoginCommand implements BuiltinCommand {

  @Override
  public Future<Execution> run(BuiltinSession session, Object id, JsonObject args) {
    String username = Args.string(args, "username");
    String password = Args.string(args, "password");
    if (username == null || password == null) {
      return Future.succeededFuture(Execution.report(
          Replies.bad(id, ErrorCode.AUTH_FAILED, "login needs a username and a password")));
    }
    return session.checkPassword(username, password)
        .<Execution>map(ok -> ok
            ? () -> {
              session.loginAs(username);
              return Future.succeededFuture(Replies.good(id));
            }
            : Execution.report(Replies.bad(id, ErrorCode.AUTH_FAILED, "login failed for user '" + username + "'")))
        .otherwise(cause -> Execution.report(Args.storeFailure(id, cause)));
  }
}
