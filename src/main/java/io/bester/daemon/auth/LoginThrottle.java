package io.bester.daemon.auth;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Limits password guessing per (remote address, username) pair.
 *
 * <p>The first failure of a pair opens a window of {@code windowMs}; once {@code maxFailures}
 * failures have been counted in that window, {@link #blocked} is true until the window ends.
 * The window is fixed at the first failure: neither further failures nor throttled attempts extend
 * it. After the window a pair starts from zero. {@link #success} clears the pair.
 *
 * <p>Memory is bounded: expired pairs are pruned as the throttle is used (amortised O(1), entries
 * are kept in window-start order), and at most {@code maxEntries} pairs are tracked; when full, the
 * pair whose window started first is dropped. Address and username are truncated to
 * {@value #MAX_KEY_CHARS} characters for the key, so huge names cannot inflate memory.
 *
 * <p>Thread-safe (synchronized; every operation is short). The clock should be monotonic, e.g.
 * {@code () -> System.nanoTime() / 1_000_000}; a clock that goes backwards only delays pruning.
 */
public final class LoginThrottle {

  public static final int DEFAULT_MAX_ENTRIES = 100_000;
  static final int MAX_KEY_CHARS = 256;

  private final int maxFailures;
  private final long windowMs;
  private final LongSupplier clock;
  private final int maxEntries;
  /** Insertion order == window start order (expired entries are removed before re-insertion). */
  private final LinkedHashMap<Key, Window> windows = new LinkedHashMap<>();

  public LoginThrottle(int maxFailures, long windowMs, LongSupplier clockMillis) {
    this(maxFailures, windowMs, clockMillis, DEFAULT_MAX_ENTRIES);
  }

  public LoginThrottle(int maxFailures, long windowMs, LongSupplier clockMillis, int maxEntries) {
    if (maxFailures < 1) {
      throw new IllegalArgumentException("maxFailures must be at least 1");
    }
    if (windowMs < 1) {
      throw new IllegalArgumentException("windowMs must be positive");
    }
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be at least 1");
    }
    this.maxFailures = maxFailures;
    this.windowMs = windowMs;
    this.clock = Objects.requireNonNull(clockMillis, "clockMillis");
    this.maxEntries = maxEntries;
  }

  /** True if the pair has used up its failures in the current window; the caller should refuse. */
  public synchronized boolean blocked(String address, String username) {
    long now = clock.getAsLong();
    prune(now);
    Key key = Key.of(address, username);
    Window w = windows.get(key);
    if (w == null) {
      return false;
    }
    if (expired(w, now)) {
      windows.remove(key);
      return false;
    }
    return w.failures >= maxFailures;
  }

  /** Records a failed login of the pair. */
  public synchronized void failure(String address, String username) {
    long now = clock.getAsLong();
    prune(now);
    Key key = Key.of(address, username);
    Window w = windows.get(key);
    if (w != null && !expired(w, now)) {
      if (w.failures < maxFailures) {
        w.failures++;
      }
      return;
    }
    if (w != null) {
      windows.remove(key);
    }
    while (windows.size() >= maxEntries) {
      Iterator<Map.Entry<Key, Window>> it = windows.entrySet().iterator();
      it.next();
      it.remove();
    }
    windows.put(key, new Window(now));
  }

  /** Records a successful login: forgets the pair's failures. */
  public synchronized void success(String address, String username) {
    windows.remove(Key.of(address, username));
  }

  /** Number of pairs currently tracked (including expired ones not yet pruned). */
  public synchronized int size() {
    return windows.size();
  }

  private boolean expired(Window w, long now) {
    return now - w.start >= windowMs;
  }

  private void prune(long now) {
    Iterator<Window> it = windows.values().iterator();
    while (it.hasNext()) {
      if (!expired(it.next(), now)) {
        break;
      }
      it.remove();
    }
  }

  private static final class Window {
    final long start;
    int failures = 1;

    Window(long start) {
      this.start = start;
    }
  }

  private record Key(String address, String username) {
    static Key of(String address, String username) {
      return new Key(truncate(address), truncate(username));
    }

    private static String truncate(String s) {
      if (s == null) {
        return "";
      }
      return s.length() <= MAX_KEY_CHARS ? s : s.substring(0, MAX_KEY_CHARS);
    }
  }
}
