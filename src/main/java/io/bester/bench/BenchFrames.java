package io.bester.bench;

import io.bester.daemon.wire.FrameEncoder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The frames of the workload, built and read cheaply: the load generator shares the machine (and
 * by default the JVM) with the daemon, so it neither builds JsonObjects per message nor parses
 * the frames it gets back. It finds its own keys in the bytes instead; the first delivery of each
 * receiver is also parsed in full to check its shape (see {@link Receiver}).
 *
 * <p>A message is a contract client message (wire-contract §3) whose {@code data} is exactly
 * S bytes of JSON when S is large enough:
 * <pre>{"header":{},"payload":{"type":"chat","id":SEQ,"data":{"bp":PAIR,"bs":SEQ,"bt":NANOS,"to":[...],"pad":"xxx"}}}</pre>
 * {@code bp}, {@code bs} and {@code bt} are the pair index, sequence number and send time
 * ({@link System#nanoTime}); the chat handler hands {@code data} on unchanged.
 */
final class BenchFrames {

  static final byte[] KEY_PAIR = ascii("\"bp\":");
  static final byte[] KEY_SEQ = ascii("\"bs\":");
  static final byte[] KEY_TIME = ascii("\"bt\":");
  static final byte[] KEY_ID = ascii("\"id\":");
  static final byte[] KEY_DELIVERED = ascii("\"delivered\":");
  static final byte[] STATUS_GOOD = ascii("\"status\":\"good\"");
  /** What {@link #longAfter} returns when the key is missing or not followed by a whole number. */
  static final long MISSING = Long.MIN_VALUE;

  private BenchFrames() {
  }

  /** A v3 client identify frame (wire-contract §2). */
  static Buffer identify(String user, String password) {
    return FrameEncoder.encode(new JsonObject().put("header", new JsonObject().put("identify", new JsonObject()
        .put("type", "client")
        .put("authentication", new JsonObject().put("username", user).put("password", password)))));
  }

  /** Builds the messages of one sender; confined to its event loop. */
  static final class MessageWriter {

    private final int pair;
    private final String to;
    private final int dataBytes;
    private final StringBuilder text = new StringBuilder(256);
    private byte[] pad = new byte[0];

    MessageWriter(int pair, List<String> recipients, int dataBytes) {
      this.pair = pair;
      this.to = new JsonArray(recipients).encode();
      this.dataBytes = dataBytes;
    }

    /** Appends one framed message to {@code out}. */
    void append(Buffer out, long seq, long sentAt) {
      text.setLength(0);
      text.append("{\"header\":{},\"payload\":{\"type\":\"chat\",\"id\":").append(seq).append(",\"data\":");
      int dataStart = text.length();
      text.append("{\"bp\":").append(pair).append(",\"bs\":").append(seq).append(",\"bt\":").append(sentAt)
          .append(",\"to\":").append(to).append(",\"pad\":\"");
      // what is left of S once the fixed part and the closing quote and brace are counted
      int padLength = Math.max(0, dataBytes - (text.length() - dataStart) - 2);
      if (pad.length < padLength) {
        pad = new byte[padLength];
        Arrays.fill(pad, (byte) 'x');
      }
      byte[] head = ascii(text);
      byte[] tail = TAIL;
      out.appendIntLE(head.length + padLength + tail.length);
      out.appendBytes(head);
      out.appendBytes(pad, 0, padLength);
      out.appendBytes(tail);
    }

    private static final byte[] TAIL = ascii("\"}}}");
  }

  /** The whole number after the first {@code key} in {@code body}, or {@link #MISSING}. */
  static long longAfter(byte[] body, byte[] key) {
    int at = indexOf(body, key, 0);
    if (at < 0) {
      return MISSING;
    }
    int i = at + key.length;
    boolean negative = i < body.length && body[i] == '-';
    if (negative) {
      i++;
    }
    int start = i;
    long value = 0;
    while (i < body.length && body[i] >= '0' && body[i] <= '9' && i - start < 19) {
      value = value * 10 + (body[i] - '0');
      i++;
    }
    if (i == start) {
      return MISSING;
    }
    return negative ? -value : value;
  }

  static boolean contains(byte[] body, byte[] needle) {
    return indexOf(body, needle, 0) >= 0;
  }

  static int indexOf(byte[] haystack, byte[] needle, int from) {
    int last = haystack.length - needle.length;
    byte first = needle[0];
    outer:
    for (int i = from; i <= last; i++) {
      if (haystack[i] != first) {
        continue;
      }
      for (int j = 1; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  static byte[] ascii(CharSequence text) {
    return text.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** A frame for an error message: its text, shortened. */
  static String describe(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }
}
