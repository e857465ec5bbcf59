package io.bester.daemon.protocol;

/** Every error code of the wire contract (§2–§6, §10), with its name on the wire. */
public enum ErrorCode {
  // fatal (§6)
  FRAME_TOO_LARGE("frame_too_large"),
  AUTH_FAILED("auth_failed"),
  NOT_IDENTIFIED("not_identified"),
  BAD_SCOPE("bad_scope"),
  SERVER_NOT_ALLOWED("server_not_allowed"),
  REGISTRATION_CLOSED("registration_closed"),
  USER_EXISTS("user_exists"),
  WEAK_PASSWORD("weak_password"),
  STORE_UNAVAILABLE("store_unavailable"),
  SLOW_CONSUMER("slow_consumer"),
  TOO_MANY_CONNECTIONS("too_many_connections"),
  MALFORMED("malformed"),
  SHUTTING_DOWN("shutting_down"),
  // non-fatal (§3–§5)
  NOT_AUTHENTICATED("not_authenticated"),
  UNKNOWN_COMMAND("unknown_command"),
  INVALID_USERNAME("invalid_username"),
  NO_HANDLER("no_handler"),
  HANDLER_ERROR("handler_error"),
  HANDLER_FAILED("handler_failed"),
  HANDLER_TIMEOUT("handler_timeout"),
  HANDLER_LOOP("handler_loop"),
  BAD_COMMAND("bad_command"),
  SERVER_UNREACHABLE("server_unreachable");

  private final String wireName;

  ErrorCode(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
