package io.bester.daemon.session;

import io.vertx.core.Vertx;

/**
 * Optional keepalive of a client session (§10, {@code limits.pingIntervalMs}, off when 0): a ping
 * every interval, and the session is idle once the peer has sent nothing for three intervals.
 * Runs on the session's context.
 */
final class Keepalive {

  /** Silence for this many intervals makes a peer idle. */
  static final int IDLE_INTERVALS = 3;

  private final Vertx vertx;
  private final long intervalMs;
  private final Runnable ping;
  private final Runnable idle;
  private long lastHeard = System.currentTimeMillis();
  private long timer = -1;

  Keepalive(Vertx vertx, long intervalMs, Runnable ping, Runnable idle) {
    this.vertx = vertx;
    this.intervalMs = intervalMs;
    this.ping = ping;
    this.idle = idle;
  }

  void heard() {
    lastHeard = System.currentTimeMillis();
  }

  void start() {
    if (intervalMs > 0 && timer < 0) {
      heard();
      timer = vertx.setPeriodic(intervalMs, t -> tick());
    }
  }

  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  private void tick() {
    if (System.currentTimeMillis() - lastHeard >= IDLE_INTERVALS * intervalMs) {
      stop();
      idle.run();
    } else {
      ping.run();
    }
  }
}
