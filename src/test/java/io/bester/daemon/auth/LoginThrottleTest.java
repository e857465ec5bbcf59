package io.bester.daemon.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

  private final AtomicLong now = new AtomicLong(1_000_000);

  private LoginThrottle throttle(int maxFailures, long windowMs) {
    return new LoginThrottle(maxFailures, windowMs, now::get);
  }

  @Test
  void blocksAfterMaxFailuresUntilTheWindowEnds() {
    LoginThrottle t = throttle(3, 60_000);
    assertFalse(t.blocked("10.0.0.1", "alice"));
    t.failure("10.0.0.1", "alice");
    now.addAndGet(1_000);
    t.failure("10.0.0.1", "alice");
    assertFalse(t.blocked("10.0.0.1", "alice"), "2 of 3 failures");
    now.addAndGet(1_000);
    t.failure("10.0.0.1", "alice");
    assertTrue(t.blocked("10.0.0.1", "alice"), "3 of 3 failures");
    // window started at the first failure: 60 s after it, not after the last one
    now.addAndGet(57_999);
    assertTrue(t.blocked("10.0.0.1", "alice"));
    now.addAndGet(1);
    assertFalse(t.blocked("10.0.0.1", "alice"));
    // and a new window starts from zero
    t.failure("10.0.0.1", "alice");
    assertFalse(t.blocked("10.0.0.1", "alice"));
  }

  @Test
  void throttledTriesDoNotExtendTheWindow() {
    LoginThrottle t = throttle(2, 10_000);
    t.failure("a", "u");
    t.failure("a", "u");
    for (int i = 0; i < 9; i++) {
      now.addAndGet(1_000);
      assertTrue(t.blocked("a", "u"));
      t.failure("a", "u"); // the caller may still report failures while throttled
    }
    now.addAndGet(1_000); // 10 s after the first failure
    assertFalse(t.blocked("a", "u"));
  }

  @Test
  void failuresInDifferentWindowsDoNotAddUp() {
    LoginThrottle t = throttle(2, 10_000);
    t.failure("a", "u");
    now.addAndGet(10_000);
    t.failure("a", "u");
    assertFalse(t.blocked("a", "u"));
    now.addAndGet(9_999);
    t.failure("a", "u");
    assertTrue(t.blocked("a", "u"));
  }

  @Test
  void successClearsThePair() {
    LoginThrottle t = throttle(2, 10_000);
    t.failure("a", "u");
    t.failure("a", "u");
    assertTrue(t.blocked("a", "u"));
    t.success("a", "u");
    assertFalse(t.blocked("a", "u"));
    t.failure("a", "u");
    assertFalse(t.blocked("a", "u"), "counting restarts after a success");
  }

  @Test
  void pairsAreIndependent() {
    LoginThrottle t = throttle(1, 10_000);
    t.failure("10.0.0.1", "alice");
    assertTrue(t.blocked("10.0.0.1", "alice"));
    assertFalse(t.blocked("10.0.0.2", "alice"));
    assertFalse(t.blocked("10.0.0.1", "bob"));
    t.success("10.0.0.1", "bob");
    assertTrue(t.blocked("10.0.0.1", "alice"));
    t.failure(null, null); // tolerated
    assertTrue(t.blocked(null, null));
  }

  @Test
  void expiredEntriesArePruned() {
    LoginThrottle t = throttle(3, 10_000);
    for (int i = 0; i < 1_000; i++) {
      t.failure("10.0.0." + i, "u");
      now.incrementAndGet();
    }
    assertEquals(1_000, t.size());
    now.addAndGet(10_000);
    t.blocked("x", "y");
    assertEquals(0, t.size());
  }

  @Test
  void memoryIsCapped() {
    LoginThrottle t = new LoginThrottle(1, 60_000, now::get, 100);
    t.failure("first", "u");
    for (int i = 0; i < 1_000; i++) {
      t.failure("10.0." + i, "u");
    }
    assertEquals(100, t.size());
    assertFalse(t.blocked("first", "u"), "oldest window evicted");
    assertTrue(t.blocked("10.0.999", "u"));
    // the default cap
    assertEquals(100_000, LoginThrottle.DEFAULT_MAX_ENTRIES);
  }

  @Test
  void hugeNamesDoNotInflateKeys() {
    LoginThrottle t = throttle(2, 60_000);
    String prefix = "x".repeat(LoginThrottle.MAX_KEY_CHARS);
    t.failure("a", prefix + "1".repeat(100_000));
    t.failure("a", prefix + "2".repeat(100_000));
    assertEquals(1, t.size(), "names longer than the key limit share one entry");
    assertTrue(t.blocked("a", prefix + "3"));
  }

  @Test
  void rejectsBadArguments() {
    assertThrows(IllegalArgumentException.class, () -> throttle(0, 1));
    assertThrows(IllegalArgumentException.class, () -> throttle(1, 0));
    assertThrows(IllegalArgumentException.class, () -> new LoginThrottle(1, 1, now::get, 0));
    assertThrows(NullPointerException.class, () -> new LoginThrottle(1, 1, null));
  }
}
