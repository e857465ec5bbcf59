package io.bester.daemon.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses a frame body into a {@link JsonObject}, refusing what wire-contract §1 and §10 call
 * malformed: invalid UTF-8, invalid JSON, trailing data, a root that is not an object, nesting
 * deeper than the limit (the outermost object is depth 1) and duplicate keys.
 *
 * <p>Vert.x's own decoder silently keeps the last of two duplicate keys, hence this parser.
 */
public final class StrictJson {

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNumberLength(1000)
          .maxStringLength(Integer.MAX_VALUE)
          .maxNestingDepth(Integer.MAX_VALUE)
          .build())
      .build();

  private StrictJson() {
  }

  /** Thrown for any body that is not one well-formed JSON object within the limits. */
  public static final class MalformedJsonException extends Exception {
    public MalformedJsonException(String message) {
      super(message, null, false, false);
    }
  }

  public static JsonObject parseObject(Buffer body, int maxDepth) throws MalformedJsonException {
    if (body.length() == 0) {
      throw new MalformedJsonException("empty frame");
    }
    if (!Utf8.isValid(body)) {
      throw new MalformedJsonException("frame is not valid UTF-8");
    }
    try (JsonParser parser = FACTORY.createParser((InputStream) new BufferInputStream(body))) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new MalformedJsonException("a frame must hold a JSON object");
      }
      JsonObject result = new JsonObject(readObject(parser, 1, maxDepth));
      if (parser.nextToken() != null) {
        throw new MalformedJsonException("trailing data after the JSON object");
      }
      return result;
    } catch (IOException | RuntimeException e) {
      throw new MalformedJsonException("invalid JSON: " + firstLine(e.getMessage()));
    }
  }

  private static Map<String, Object> readObject(JsonParser parser, int depth, int maxDepth)
      throws IOException, MalformedJsonException {
    checkDepth(depth, maxDepth);
    Map<String, Object> map = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      parser.nextToken();
      map.put(key, readValue(parser, depth, maxDepth));
    }
    return map;
  }

  private static Object readValue(JsonParser parser, int depth, int maxDepth)
      throws IOException, MalformedJsonException {
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT:
        return new JsonObject(readObject(parser, depth + 1, maxDepth));
      case START_ARRAY:
        return readArray(parser, depth + 1, maxDepth);
      case VALUE_STRING:
        return parser.getText();
      case VALUE_NUMBER_INT:
        return parser.getNumberValue();
      case VALUE_NUMBER_FLOAT:
        double value = parser.getDoubleValue();
        // past a double's range: keep the number as written rather than turn it into Infinity
        return Double.isInfinite(value) ? parser.getDecimalValue() : value;
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new MalformedJsonException("unexpected token " + token);
    }
  }

  private static JsonArray readArray(JsonParser parser, int depth, int maxDepth)
      throws IOException, MalformedJsonException {
    checkDepth(depth, maxDepth);
    JsonArray array = new JsonArray();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      array.add(readValue(parser, depth, maxDepth));
    }
    return array;
  }

  private static void checkDepth(int depth, int maxDepth) throws MalformedJsonException {
    if (depth > maxDepth) {
      throw new MalformedJsonException("JSON nested deeper than " + maxDepth);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int cut = message.indexOf('\n');
    String line = cut < 0 ? message : message.substring(0, cut);
    return line.length() > 120 ? line.substring(0, 120) : line;
  }

  /** Reads a Vert.x buffer without copying it into a byte array first. */
  private static final class BufferInputStream extends InputStream {
    private final Buffer buffer;
    private int position;

    BufferInputStream(Buffer buffer) {
      this.buffer = buffer;
    }

    @Override
    public int read() {
      return position < buffer.length() ? buffer.getByte(position++) & 0xFF : -1;
    }

    @Override
    public int read(byte[] target, int offset, int length) {
      int available = buffer.length() - position;
      if (available <= 0) {
        return -1;
      }
      int n = Math.min(length, available);
      buffer.getBytes(position, position + n, target, offset);
      position += n;
      return n;
    }
  }
}
