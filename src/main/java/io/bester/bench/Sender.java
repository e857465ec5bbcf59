package io.bester.bench;

import java.util.List;

/**
 * A sending connection. Closed loop: at most {@code window} messages unacknowledged, one more
 * sent per report. Open loop: {@code ratePerSecond} messages a second on a 1 ms timer, whatever
 * the reports, up to a safety bound. Reports must come back in order, one per message
 * (wire-contract §3); with {@code idsInReports} their ids are checked against the sequence.
 */
final class Sender extends BenchConnection {

  /** Open loop: past this many unacknowledged messages the generator stops and calls the run overloaded. */
  static final long OPEN_LOOP_MAX_IN_FLIGHT = 200_000;

  private final int pair;
  private final int window;
  private final double ratePerSecond;
  private final boolean idsInReports;
  private final long deliveriesPerMessage;
  private final BenchFrames.MessageWriter writer;
  private boolean running;
  private long startedAt;
  private long timer = -1;
  private volatile long sent;
  private volatile long acked;

  Sender(Target.Endpoint endpoint, String user, int pair, List<String> recipients, int dataBytes, int window,
         double ratePerSecond, boolean idsInReports, long deliveriesPerMessage, Metrics metrics, Probe probe) {
    super(endpoint, user, metrics, probe);
    this.pair = pair;
    this.window = window;
    this.ratePerSecond = ratePerSecond;
    this.idsInReports = idsInReports;
    this.deliveriesPerMessage = deliveriesPerMessage;
    this.writer = new BenchFrames.MessageWriter(pair, recipients, dataBytes);
  }

  /** Starts sending; called from any thread. */
  void go() {
    onLoop(() -> {
      running = true;
      startedAt = System.nanoTime();
      if (ratePerSecond > 0) {
        timer = vertx.setPeriodic(1, id -> tick());
      } else {
        for (int i = 0; i < window; i++) {
          sendOne(System.nanoTime());
        }
        flush();
      }
    });
  }

  /** Stops sending new messages; reports still count. Called from any thread. */
  void halt() {
    onLoop(() -> {
      running = false;
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    });
  }

  private void tick() {
    if (!running) {
      return;
    }
    long now = System.nanoTime();
    long due = (long) ((now - startedAt) * ratePerSecond / 1e9) + 1;
    if (sent - acked > OPEN_LOOP_MAX_IN_FLIGHT) {
      metrics.error(user + ": overloaded: more than " + OPEN_LOOP_MAX_IN_FLIGHT + " messages unacknowledged");
      halt();
      return;
    }
    for (long seq = sent; seq < due; seq++) {
      long scheduled = startedAt + (long) (seq * 1e9 / ratePerSecond);
      metrics.scheduleLag.recordValue(Math.max(0, now - scheduled));
      sendOne(now);
    }
    flush();
  }

  private void sendOne(long now) {
    writer.append(batch, sent, now);
    sent++;
  }

  @Override
  protected void onMessage(byte[] body) {
    long expected = acked;
    if (!BenchFrames.contains(body, BenchFrames.STATUS_GOOD)) {
      metrics.error(user + ": a report that is not good: " + BenchFrames.describe(body));
    } else if (idsInReports && BenchFrames.longAfter(body, BenchFrames.KEY_ID) != expected) {
      metrics.error(user + ": report out of order, expected id " + expected + ": " + BenchFrames.describe(body));
    } else if (idsInReports && BenchFrames.longAfter(body, BenchFrames.KEY_DELIVERED) != deliveriesPerMessage) {
      metrics.error(user + ": expected delivered " + deliveriesPerMessage + ": " + BenchFrames.describe(body));
    }
    if (expected >= sent) {
      metrics.error(user + ": a report for no message: " + BenchFrames.describe(body));
      return;
    }
    acked = expected + 1;
    if (running && ratePerSecond <= 0) {
      sendOne(System.nanoTime());
    }
  }

  long sent() {
    return sent;
  }

  long acked() {
    return acked;
  }

  int pair() {
    return pair;
  }
}
