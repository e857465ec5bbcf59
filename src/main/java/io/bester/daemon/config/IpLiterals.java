package io.bester.daemon.config;

/**
 * Recognises IP literals and host names purely syntactically. {@code InetAddress.getByName} would
 * resolve anything that is not a literal through DNS, which must never happen while parsing
 * config (start-up would block on the resolver, and a CIDR must not depend on DNS at all).
 */
final class IpLiterals {

  private IpLiterals() {
  }

  /** The 4 bytes of a dotted-quad IPv4 literal, or null if {@code s} is not one. */
  static byte[] ipv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      // Leading zeros are rejected because some resolvers read them as octal.
      if (p.isEmpty() || p.length() > 3 || !allDigits(p) || (p.length() > 1 && p.charAt(0) == '0')) {
        return null;
      }
      int v = Integer.parseInt(p);
      if (v > 255) {
        return null;
      }
      out[i] = (byte) v;
    }
    return out;
  }

  /**
   * The 16 bytes of an IPv6 literal (RFC 4291 text form, optionally ending in a dotted quad), or
   * null if {@code s} is not one. Brackets and zone ids ({@code %eth0}) are not accepted.
   */
  static byte[] ipv6(String s) {
    int gap = s.indexOf("::");
    if (gap != s.lastIndexOf("::")) {
      return null;
    }
    int[] head;
    int[] tail;
    if (gap < 0) {
      head = groups(s, true);
      tail = new int[0];
      if (head == null || head.length != 8) {
        return null;
      }
    } else {
      head = groups(s.substring(0, gap), false);
      tail = groups(s.substring(gap + 2), true);
      if (head == null || tail == null || head.length + tail.length > 7) {
        return null;
      }
    }
    byte[] out = new byte[16];
    for (int i = 0; i < head.length; i++) {
      put(out, i, head[i]);
    }
    for (int i = 0; i < tail.length; i++) {
      put(out, 8 - tail.length + i, tail[i]);
    }
    return out;
  }

  /**
   * Whether {@code s} is a syntactically valid host name: dot-separated labels of letters, digits,
   * '-' (not at either end) and '_' (container and compose service names use it), at most 253
   * characters, with an optional trailing dot. A name whose last label is all digits is rejected,
   * as RFC 1123 asks, so a mistyped address such as {@code 256.1.1.1} is not taken for a name.
   */
  static boolean isHostname(String s) {
    String name = s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    if (name.isEmpty() || name.length() > 253) {
      return false;
    }
    String[] labels = name.split("\\.", -1);
    for (String label : labels) {
      if (label.isEmpty() || label.length() > 63 || label.charAt(0) == '-' || label.charAt(label.length() - 1) == '-') {
        return false;
      }
      for (int i = 0; i < label.length(); i++) {
        char c = label.charAt(i);
        if (!(isAsciiLetterOrDigit(c) || c == '-' || c == '_')) {
          return false;
        }
      }
    }
    return !allDigits(labels[labels.length - 1]);
  }

  /** Groups of one side of "::" (16-bit values; a trailing dotted quad counts as two), or null. */
  private static int[] groups(String part, boolean quadAllowed) {
    if (part.isEmpty()) {
      return new int[0];
    }
    String[] tokens = part.split(":", -1);
    String last = tokens[tokens.length - 1];
    byte[] quad = null;
    if (last.indexOf('.') >= 0) {
      quad = quadAllowed ? ipv4(last) : null;
      if (quad == null) {
        return null;
      }
    }
    int hexCount = quad == null ? tokens.length : tokens.length - 1;
    int[] out = new int[quad == null ? hexCount : hexCount + 2];
    for (int i = 0; i < hexCount; i++) {
      String t = tokens[i];
      if (t.isEmpty() || t.length() > 4) {
        return null;
      }
      int v = 0;
      for (int k = 0; k < t.length(); k++) {
        int d = hexDigit(t.charAt(k));
        if (d < 0) {
          return null;
        }
        v = v * 16 + d;
      }
      out[i] = v;
    }
    if (quad != null) {
      out[hexCount] = ((quad[0] & 0xff) << 8) | (quad[1] & 0xff);
      out[hexCount + 1] = ((quad[2] & 0xff) << 8) | (quad[3] & 0xff);
    }
    return out;
  }

  private static void put(byte[] out, int group, int value) {
    out[2 * group] = (byte) (value >>> 8);
    out[2 * group + 1] = (byte) value;
  }

  // Character.digit would also accept non-ASCII digits such as fullwidth ones.
  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private static boolean allDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
