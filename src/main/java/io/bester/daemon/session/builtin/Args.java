package io.bester.daemon.session.builtin;

import io.bester.daemon.auth.AccountException;
import io.bester.daemon.protocol.ErrorCode;
import io.bester.daemon.protocol.Replies;
import io.vertx.core.json.JsonObject;

/** Reading builtin arguments and turning account failures into reports, shared by the commands. */
final class Args {

  private Args() {
  }

  static String string(JsonObject args, String key) {
    return args.getValue(key) instanceof String s ? s : null;
  }

  static JsonObject accountFailure(Object id, Throwable cause) {
    if (!(cause instanceof AccountException account)) {
      return storeFailure(id, cause);
    }
    return Replies.bad(id, codeOf(account.reason()), account.getMessage());
  }

  static JsonObject storeFailure(Object id, Throwable cause) {
    return Replies.bad(id, ErrorCode.STORE_UNAVAILABLE, "the account store is unavailable");
  }

  /** The wire code of an account failure; the names match one to one. */
  static ErrorCode codeOf(AccountException.Reason reason) {
    switch (reason) {
      case USER_EXISTS: return ErrorCode.USER_EXISTS;
      case WEAK_PASSWORD: return ErrorCode.WEAK_PASSWORD;
      case AUTH_FAILED: return ErrorCode.AUTH_FAILED;
      case REGISTRATION_CLOSED: return ErrorCode.REGISTRATION_CLOSED;
      case INVALID_USERNAME: return ErrorCode.INVALID_USERNAME;
      case UNKNOWN_USER: return ErrorCode.AUTH_FAILED;
      default: return ErrorCode.STORE_UNAVAILABLE;
    }
  }
}
