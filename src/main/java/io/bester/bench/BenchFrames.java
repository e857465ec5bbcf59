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

  /** Builds the messages of one sender, without garbage per message; confined to its event loop. */
  static final class MessageWriter {

    private static final byte[] HEAD = ascii("{\"header\":{},\"payload\":{\"type\":\"chat\",\"id\":");
    private static final byte[] DATA = ascii(",\"data\":{\"bp\":");
    private static final byte[] SEQ = ascii(",\"bs\":");
    private static final byte[] TIME = ascii(",\"bt\":");
    private static final byte[] TO = ascii(",\"to\":");
    private static final byte[] PAD = ascii(",\"pad\":\"");
    private static final byte[] TAIL = ascii("\"}}}");

    private final long pair;
    private final byte[] to;
    private final int dataBytes;
    private byte[] text = new byte[256];
    private int length;

    MessageWriter(int pair, List<String> recipients, int dataBytes) {
      this.pair = pair;
      this.to = ascii(new JsonArray(recipients).encode());
      this.dataBytes = dataBytes;
    }

    /** Appends one framed message to {@code out}. */
    void append(Buffer out, long seq, long sentAt) {
      length = 0;
      put(HEAD);
      put(seq);
      put(DATA);
      int dataStart = length - 6;  // the data object starts at its '{', before "bp":
      put(pair);
      put(SEQ);
      put(seq);
      put(TIME);
      put(sentAt);
      put(TO);
      put(to);
      put(PAD);
      // what is left of S once the rest of the data object and its closing quote and brace are counted
      int padLength = Math.max(0, dataBytes - (length - dataStart) - 2);
      ensure(padLength + TAIL.length);
      Arrays.fill(text, length, length + padLength, (byte) 'x');
      length += padLength;
      put(TAIL);
      out.appendIntLE(length);
      out.appendBytes(text, 0, length);
    }

    private void put(byte[] bytes) {
      ensure(bytes.length);
      System.arraycopy(bytes, 0, text, length, bytes.length);
      length += bytes.length;
    }

    private void put(long value) {
      ensure(20);
      if (value < 0) {
        text[length++] = '-';
        value = -value;  // nanoTime never reaches Long.MIN_VALUE in practice
      }
      int digits = 1;
      for (long v = value; v >= 10; v /= 10) {
        digits++;
      }
      for (int i = length + digits - 1; i >= length; i--) {
        text[i] = (byte) ('0' + value % 10);
        value /= 10;
      }
      length += digits;
    }

    private void ensure(int more) {
      if (length + more > text.length) {
        text = Arrays.copyOf(text, Math.max(text.length * 2, length + more));
      }
    }
  }

  /**
   * The pair, sequence number and send time of a message or delivery, read in one scan: they are
   * the first three keys of {@code data}, in that order (the chat handler keeps data as it is).
   * Null when they are not there.
   */
  static long[] stamp(byte[] body) {
    int at = indexOf(body, KEY_PAIR, 0);
    if (at < 0) {
      return null;
    }
    long[] stamp = new long[3];
    int[] pos = {at + KEY_PAIR.length};
    stamp[0] = number(body, pos);
    if (!expect(body, pos, KEY_SEQ_NEXT)) {
      return null;
    }
    stamp[1] = number(body, pos);
    if (!expect(body, pos, KEY_TIME_NEXT)) {
      return null;
    }
    stamp[2] = number(body, pos);
    return stamp[0] == MISSING || stamp[1] == MISSING || stamp[2] == MISSING ? null : stamp;
  }

  private static final byte[] KEY_SEQ_NEXT = ascii(",\"bs\":");
  private static final byte[] KEY_TIME_NEXT = ascii(",\"bt\":");

  private static boolean expect(byte[] body, int[] pos, byte[] literal) {
    if (pos[0] + literal.length > body.length) {
      return false;
    }
    for (int i = 0; i < literal.length; i++) {
      if (body[pos[0] + i] != literal[i]) {
        return false;
      }
    }
    pos[0] += literal.length;
    return true;
  }

  /** The whole number after the first {@code key} in {@code body}, or {@link #MISSING}. */
  static long longAfter(byte[] body, byte[] key) {
    int at = indexOf(body, key, 0);
    return at < 0 ? MISSING : number(body, new int[] {at + key.length});
  }

  /** The whole number at {@code pos[0]}, which moves past it; {@link #MISSING} when there is none. */
  private static long number(byte[] body, int[] pos) {
    int i = pos[0];
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
    pos[0] = i;
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
