package io.bester.daemon.config;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.parsetools.JsonEventType;
import io.vertx.core.parsetools.JsonParser;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Finds a key given twice in one JSON object. JsonObject keeps only the last occurrence, so in a
 * strict config a duplicate would silently override the first setting; this pass over the raw
 * text catches that before the parsed object is used.
 */
final class DuplicateKeys {

  private DuplicateKeys() {
  }

  /**
   * @param text JSON already accepted by {@link io.vertx.core.json.Json#decodeValue(String)}, which
   *             allows comments
   * @throws ConfigException naming the duplicated key's path
   */
  static void check(String text) {
    Deque<Container> open = new ArrayDeque<>();
    String[] duplicate = {null};
    boolean[] failed = {false};
    JsonParser parser = JsonParser.newParser();
    // Cannot happen for text the codec accepted; should the two parsers ever disagree, the
    // codec's verdict stands and this check gives up rather than failing start-up.
    parser.exceptionHandler(error -> failed[0] = true);
    parser.handler(event -> {
      if (duplicate[0] != null || failed[0]) {
        return;
      }
      JsonEventType type = event.type();
      if (type == JsonEventType.END_OBJECT || type == JsonEventType.END_ARRAY) {
        open.poll();
        return;
      }
      Container parent = open.peek();
      String path = "";
      if (parent != null) {
        path = parent.pathOf(event.fieldName());
        if (path == null) {
          duplicate[0] = Fields.child(parent.path, event.fieldName());
          return;
        }
      }
      if (type == JsonEventType.START_OBJECT || type == JsonEventType.START_ARRAY) {
        open.push(new Container(path, type == JsonEventType.START_OBJECT));
      }
    });
    parser.handle(Buffer.buffer(blankComments(text)));
    parser.end();
    if (duplicate[0] != null && !failed[0]) {
      throw Fields.fail(duplicate[0], "duplicate key");
    }
  }

  /** The text with comments replaced by spaces: the streaming parser, unlike the codec, rejects them. */
  static String blankComments(String text) {
    StringBuilder out = new StringBuilder(text);
    int i = 0;
    while (i < out.length()) {
      char c = out.charAt(i);
      if (c == '"') {
        i++;
        while (i < out.length() && out.charAt(i) != '"') {
          i += out.charAt(i) == '\\' ? 2 : 1;
        }
        i++;
      } else if (c == '/' && i + 1 < out.length() && (out.charAt(i + 1) == '/' || out.charAt(i + 1) == '*')) {
        boolean line = out.charAt(i + 1) == '/';
        int end = line ? indexOrEnd(out, "\n", i + 2) : indexOrEnd(out, "*/", i + 2) + 2;
        for (int k = i; k < Math.min(end, out.length()); k++) {
          out.setCharAt(k, ' ');
        }
        i = end;
      } else {
        i++;
      }
    }
    return out.toString();
  }

  private static int indexOrEnd(StringBuilder text, String needle, int from) {
    int at = text.indexOf(needle, from);
    return at < 0 ? text.length() : at;
  }

  private static final class Container {
    final String path;
    final Set<String> keys;
    int nextIndex;

    Container(String path, boolean object) {
      this.path = path;
      this.keys = object ? new HashSet<>() : null;
    }

    /** Path of the next member, or null if it repeats a key of this object. */
    String pathOf(String fieldName) {
      if (keys == null) {
        return Fields.element(path, nextIndex++);
      }
      return keys.add(fieldName) ? Fields.child(path, fieldName) : null;
    }
  }
}
