package io.bester.daemon.handler;

import io.bester.daemon.protocol.Names;
import io.bester.daemon.wire.FrameEncoder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * Builds the one frame an external handler receives for a message (wire-contract §4 item 2,
 * §4.1): the message's {@code data} as it is, or with the envelope
 * {@code {"from", "id", "type", "server", "data"}}.
 */
final class RequestFrames {

  /** JSON's number grammar (RFC 8259 §6), which is also what Java prints for an id it parsed. */
  private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
  private static final Pattern JSON_INTEGER = Pattern.compile("-?(0|[1-9][0-9]*)");

  private RequestFrames() {
  }

  static Buffer build(Message<Object> message, String type, boolean envelope) {
    Object body = envelope ? envelope(message, type) : message.body();
    // Json.encode, not JsonObject.encode: data may be any JSON value, a bare number or null too.
    return FrameEncoder.frame(Buffer.buffer(Json.encode(body)));
  }

  private static JsonObject envelope(Message<Object> message, String type) {
    return new JsonObject()
        .put("from", message.headers().get(Names.HEADER_USER))
        .put("id", id(message.headers().get(Names.HEADER_ID)))
        .put("type", type)
        .put("server", message.headers().get(Names.HEADER_SERVER))
        .put("data", message.body());
  }

  /**
   * The client's tag from the {@code bester-id} header. The header is text, so a tag that reads
   * as a JSON number goes out as a number: a client that tagged with {@code 42} gets {@code 42}
   * back, one that tagged with the string {@code "42"} gets the number too (the header cannot
   * tell them apart).
   */
  static Object id(String text) {
    if (text == null || !JSON_NUMBER.matcher(text).matches()) {
      return text;
    }
    if (!JSON_INTEGER.matcher(text).matches()) {
      return Double.parseDouble(text);
    }
    BigInteger value = new BigInteger(text);
    return value.bitLength() < 64 ? (Object) value.longValue() : value;
  }
}
