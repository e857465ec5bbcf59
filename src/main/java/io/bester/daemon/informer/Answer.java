package io.bester.daemon.informer;

import io.vertx.core.json.JsonObject;

/**
 * The outcome of one informer request (§7): a value, an error message, or "close this
 * connection" for {@code quit}. Kept apart from its JSON because the two transports treat
 * {@code quit} differently.
 */
public final class Answer {

  static final String STATUS_OK = "0";
  static final String STATUS_ERROR = "1";

  private final Object data;
  private final String error;
  private final boolean quit;

  private Answer(Object data, String error, boolean quit) {
    this.data = data;
    this.error = error;
    this.quit = quit;
  }

  public static Answer ok(Object data) {
    return new Answer(data, null, false);
  }

  public static Answer error(String message) {
    return new Answer(null, message, false);
  }

  public static Answer quit() {
    return new Answer(null, null, true);
  }

  /** True for {@code quit}: a connection is closed instead of answered. */
  public boolean closesConnection() {
    return quit;
  }

  /**
   * {@code {"status":"0","data":...}} or {@code {"status":"1","error":"..."}}. A {@code quit}
   * has no connection to close on the event bus, so there it is answered
   * {@code {"status":"0","data":null}}; this is that answer.
   */
  public JsonObject toJson() {
    if (error != null) {
      return new JsonObject().put("status", STATUS_ERROR).put("error", error);
    }
    return new JsonObject().put("status", STATUS_OK).put("data", data);
  }

  @Override
  public String toString() {
    return quit ? "quit" : toJson().encode();
  }
}
