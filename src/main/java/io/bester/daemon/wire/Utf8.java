package io.bester.daemon.wire;

import io.vertx.core.buffer.Buffer;

/**
 * Strict UTF-8 validation (RFC 3629) for JSON text: no overlong forms, no surrogates, nothing
 * above U+10FFFF, no NUL byte. Jackson only checks part of this, and wire-contract §1 wants
 * every invalid byte refused.
 */
final class Utf8 {

  private Utf8() {
  }

  static boolean isValid(Buffer bytes) {
    int length = bytes.length();
    int i = 0;
    while (i < length) {
      int b = bytes.getByte(i) & 0xFF;
      if (b == 0) {
        // NUL never appears in JSON text (it must be escaped in strings); refusing it also keeps
        // Jackson from guessing UTF-16 or UTF-32 from the zero bytes of such a body
        return false;
      }
      if (b < 0x80) {
        i++;
        continue;
      }
      int needed;
      int min;
      if (b >= 0xC2 && b <= 0xDF) {
        needed = 1;
        min = 0x80;
      } else if (b >= 0xE0 && b <= 0xEF) {
        needed = 2;
        min = 0x800;
      } else if (b >= 0xF0 && b <= 0xF4) {
        needed = 3;
        min = 0x10000;
      } else {
        return false;
      }
      if (i + needed >= length) {
        return false;
      }
      int codePoint = b & (0x3F >> needed);
      for (int k = 1; k <= needed; k++) {
        int c = bytes.getByte(i + k) & 0xFF;
        if ((c & 0xC0) != 0x80) {
          return false;
        }
        codePoint = (codePoint << 6) | (c & 0x3F);
      }
      if (codePoint < min || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
        return false;
      }
      i += needed + 1;
    }
    return true;
  }
}
