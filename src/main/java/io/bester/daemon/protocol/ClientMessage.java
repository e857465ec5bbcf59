package io.bester.daemon.protocol;

import io.vertx.core.json.JsonObject;

/**
 * One message from a client or a server peer (§3): its tag, its type and its data.
 * The id is a String, a Number or null; data is any JSON value.
 */
public record ClientMessage(Object id, String type, Object data) {

  public static ClientMessage parse(JsonObject frame) throws ProtocolException {
    if (!(frame.getValue("payload") instanceof JsonObject payload)) {
      throw new ProtocolException(ErrorCode.MALFORMED, "payload must be an object");
    }
    return fromPayload(payload);
  }

  public static ClientMessage fromPayload(JsonObject payload) throws ProtocolException {
    Object id = idOf(payload.getValue("id"));
    if (!(payload.getValue("type") instanceof String type)) {
      throw new ProtocolException(ErrorCode.MALFORMED, "payload.type must be a string", id);
    }
    return new ClientMessage(id, type, payload.getValue("data"));
  }

  private static Object idOf(Object raw) {
    return raw instanceof String || raw instanceof Number ? raw : null;
  }

  /** The id as the text of the {@code bester-id} header, or null when there is none. */
  public String idText() {
    return id == null ? null : id.toString();
  }
}
