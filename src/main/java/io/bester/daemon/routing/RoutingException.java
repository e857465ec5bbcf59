package io.bester.daemon.routing;

import io.bester.daemon.protocol.ErrorCode;
import io.bester.daemon.protocol.Replies;
import io.vertx.core.json.JsonObject;

/** A message that could not be routed; {@link #error()} is the error object of its bad report. */
public final class RoutingException extends RuntimeException {

  private final transient JsonObject error;

  public RoutingException(ErrorCode code, String message) {
    this(Replies.error(code, message));
  }

  public RoutingException(JsonObject error) {
    super(error.getString("message"), null, false, false);
    this.error = error;
  }

  public JsonObject error() {
    return error;
  }
}
