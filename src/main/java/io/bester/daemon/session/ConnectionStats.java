package io.bester.daemon.session;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Connection counts shared by every listener: open, unidentified, and closes by reason (§10). */
public final class ConnectionStats {

  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger unidentified = new AtomicInteger();
  private final Map<String, LongAdder> closes = new ConcurrentHashMap<>();

  /** Admits a new connection unless a limit is reached; the caller must call {@link #closed} later if true. */
  public boolean tryOpen(int maxConnections, int maxUnidentified) {
    if (open.incrementAndGet() > maxConnections) {
      open.decrementAndGet();
      return false;
    }
    if (unidentified.incrementAndGet() > maxUnidentified) {
      unidentified.decrementAndGet();
      open.decrementAndGet();
      return false;
    }
    return true;
  }

  public void identified() {
    unidentified.decrementAndGet();
  }

  public void closed(boolean wasIdentified, String reason) {
    open.decrementAndGet();
    if (!wasIdentified) {
      unidentified.decrementAndGet();
    }
    closes.computeIfAbsent(reason, r -> new LongAdder()).increment();
  }

  public void refused(String reason) {
    closes.computeIfAbsent(reason, r -> new LongAdder()).increment();
  }

  public int openConnections() {
    return open.get();
  }

  /** Closes so far by reason, sorted by name. */
  public Map<String, Long> closesByReason() {
    Map<String, Long> snapshot = new TreeMap<>();
    closes.forEach((reason, count) -> snapshot.put(reason, count.sum()));
    return snapshot;
  }
}
