package io.bester.daemon.auth;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * Password strength rules. A password is weak if it is {@code null}, has fewer than
 * {@code minLength} characters, is longer than {@link #MAX_BYTES} bytes in UTF-8, or contains an
 * unpaired UTF-16 surrogate (which cannot be encoded and would silently hash as {@code '?'}).
 * Both limits apply to the NFC-normalised password, the form that {@link PasswordHasher} hashes.
 *
 * <p>Characters are Unicode code points, so "é" counts as one character whether it arrives precomposed
 * or as "e" + combining accent.
 */
public final class PasswordPolicy {

  /** Longest accepted password, in UTF-8 bytes. */
  public static final int MAX_BYTES = 1024;

  private final int minLength;

  /** @param minLength minimum number of characters (code points), at least 1 */
  public PasswordPolicy(int minLength) {
    if (minLength < 1) {
      throw new IllegalArgumentException("minLength must be at least 1");
    }
    this.minLength = minLength;
  }

  public int minLength() {
    return minLength;
  }

  public boolean isWeak(String password) {
    if (password == null || password.isEmpty()) {
      return true;
    }
    // Cheap bound before normalising (NFC at most composes a few chars into one).
    if (password.length() > 4 * MAX_BYTES) {
      return true;
    }
    if (hasUnpairedSurrogate(password)) {
      return true;
    }
    String nfc = Normalizer.normalize(password, Normalizer.Form.NFC);
    if (nfc.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      return true;
    }
    return nfc.codePointCount(0, nfc.length()) < minLength;
  }

  static boolean hasUnpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return true;
        }
      } else if (Character.isLowSurrogate(c)) {
        return true;
      }
    }
    return false;
  }
}
