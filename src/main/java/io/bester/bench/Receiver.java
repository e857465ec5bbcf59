package io.bester.bench;

import io.vertx.core.json.JsonObject;

/**
 * A receiving connection: records the send → receive latency of each delivery and checks that
 * the sequence numbers of its one sender arrive in order, each once. The first delivery is also
 * parsed in full and checked against the contract's shape (§4.2) when {@code expectedFrom} is set.
 */
final class Receiver extends BenchConnection {

  private final int pair;
  /** The sender's username as header.from should carry it, or null when frames arrive as sent (relay). */
  private final String expectedFrom;
  private long next;
  private boolean shapeChecked;
  private volatile long received;
  private volatile long reordered;

  Receiver(Target.Endpoint endpoint, String user, int pair, String expectedFrom, Metrics metrics, Probe probe) {
    super(endpoint, user, metrics, probe);
    this.pair = pair;
    this.expectedFrom = expectedFrom;
  }

  @Override
  protected void onMessage(byte[] body) {
    long now = System.nanoTime();
    long[] stamp = BenchFrames.stamp(body);
    if (stamp == null || stamp[0] != pair) {
      metrics.error(user + ": unexpected frame: " + BenchFrames.describe(body));
      return;
    }
    long seq = stamp[1];
    long sentAt = stamp[2];
    if (!shapeChecked) {
      shapeChecked = true;
      checkShape(body);
    }
    if (seq != next) {
      reordered++;
    }
    next = Math.max(next, seq + 1);
    received++;
    metrics.latency.recordValue(Math.max(0, now - sentAt));
  }

  private void checkShape(byte[] body) {
    if (expectedFrom == null) {
      return;
    }
    try {
      JsonObject frame = new JsonObject(new String(body, java.nio.charset.StandardCharsets.UTF_8));
      JsonObject header = frame.getJsonObject("header");
      JsonObject payload = frame.getJsonObject("payload");
      if (!"receivedMessage".equals(header.getString("messageType")) || !expectedFrom.equals(header.getString("from"))
          || !"chat".equals(payload.getString("type")) || payload.getJsonObject("data").getLong("bs") == null) {
        metrics.error(user + ": a delivery not shaped as the contract says: " + BenchFrames.describe(body));
      }
    } catch (RuntimeException e) {
      metrics.error(user + ": unreadable delivery: " + BenchFrames.describe(body));
    }
  }

  /** Deliveries so far (read by the main thread). */
  long received() {
    return received;
  }

  /** Deliveries whose sequence number was not the next one expected: late, early or repeated. */
  long reordered() {
    return reordered;
  }

  int pair() {
    return pair;
  }
}
