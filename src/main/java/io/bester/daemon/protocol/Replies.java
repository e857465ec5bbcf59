package io.bester.daemon.protocol;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** The frames the daemon sends (§3.1, §4.2, §5, §6, §10), built in one place. */
public final class Replies {

  private Replies() {
  }

  public static JsonObject good(Object id) {
    return report("good", new JsonObject().put("id", id));
  }

  /** The report of a message whose handler asked for {@code sendClients}. */
  public static JsonObject delivered(Object id, int delivered, List<String> offline) {
    return report("good", new JsonObject().put("id", id).put("delivered", delivered)
        .put("offline", new JsonArray(new ArrayList<>(offline))));
  }

  public static JsonObject bad(Object id, ErrorCode code, String message) {
    return bad(id, error(code, message));
  }

  /** A bad report whose error carries more than code and message (status, failed targets). */
  public static JsonObject bad(Object id, JsonObject error) {
    return report("bad", new JsonObject().put("id", id).put("error", error));
  }

  public static JsonObject fatal(Object id, ErrorCode code, String message) {
    return new JsonObject()
        .put("header", new JsonObject().put("status", "bad").put("messageType", "fatal"))
        .put("payload", new JsonObject().put("id", id).put("error", error(code, message)));
  }

  public static JsonObject error(ErrorCode code, String message) {
    return new JsonObject().put("code", code.wireName()).put("message", message);
  }

  /** The only answer to {@code dummy} (§3.1), in the first daemon's shape. */
  public static JsonObject dummy(Object id) {
    return new JsonObject()
        .put("header", new JsonObject().put("status", "0"))
        .put("payload", new JsonObject().put("type", Names.TYPE_DUMMY).put("id", id).put("data", null));
  }

  /** A delivery to a recipient session (§4.2 sendClients). */
  public static JsonObject received(String from, String type, Object data) {
    return new JsonObject()
        .put("header", new JsonObject().put("messageType", "receivedMessage").put("from", from))
        .put("payload", new JsonObject().put("type", type).put("data", data));
  }

  public static JsonObject ping() {
    return new JsonObject().put("header", new JsonObject().put("messageType", "ping"));
  }

  private static JsonObject report(String status, JsonObject payload) {
    return new JsonObject()
        .put("header", new JsonObject().put("status", status).put("messageType", "statusReport"))
        .put("payload", payload);
  }
}
