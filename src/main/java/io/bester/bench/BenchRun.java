package io.bester.bench;

import io.bester.bench.BenchOptions.Scenario;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Runs one scenario: starts its target, connects and logs in every receiver then every sender,
 * lets the senders go, samples the counters about once a second through the warm-up and the
 * measured window, stops the senders and waits for the last deliveries and reports.
 */
final class BenchRun {

  private static final long SECOND_NS = 1_000_000_000L;

  private final Scenario scenario;
  private final BenchOptions options;
  private final PrintStream log;

  BenchRun(Scenario scenario, BenchOptions options, PrintStream log) {
    this.scenario = scenario;
    this.options = options;
    this.log = log;
  }

  String name() {
    return scenario.wireName() + (scenario == Scenario.RELAY && !options.relayBatched() ? "-unbatched" : "")
        + (options.openLoop() ? "-rate" + options.rate() : "");
  }

  RunResult run() throws Exception {
    int senders = scenario == Scenario.FANOUT ? 1 : options.pairs();
    int receivers = scenario == Scenario.FANOUT ? options.recipients() : options.pairs();
    log.printf("bench %s: starting %s%n", name(), scenario == Scenario.RELAY ? "the relay"
        : options.external() ? "against " + options.host() + ":" + options.port() : "besterd in this JVM");
    try (Target target = target(senders, receivers)) {
      Vertx client = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(options.clientLoops()));
      try {
        return measure(target, client, senders, receivers);
      } finally {
        client.close().await(30, TimeUnit.SECONDS);
      }
    }
  }

  private Target target(int senders, int receivers) throws Exception {
    if (scenario == Scenario.RELAY) {
      return Target.relay(options.userPrefix(), options.pairs(), options.relayBatched());
    }
    if (options.external()) {
      return Target.external(options.host(), options.port(), options.userPrefix(), options.password(),
          options.daemonPid());
    }
    if (scenario == Scenario.EXTERNAL && options.external()) {
      throw new IllegalArgumentException("--scenario external starts its own daemon and handler: no --host");
    }
    return Target.inProcessDaemon(options.userPrefix(), senders, receivers, scenario == Scenario.EXTERNAL);
  }

  private RunResult measure(Target target, Vertx client, int senderCount, int receiverCount) throws Exception {
    Metrics metrics = new Metrics();
    Probe probe = new Probe(options.external() && scenario != Scenario.RELAY ? options.daemonPid() : 0);
    Target.Endpoint endpoint = target.endpoint();
    boolean fanout = scenario == Scenario.FANOUT;

    List<Receiver> receivers = new ArrayList<>();
    List<String> receiverNames = new ArrayList<>();
    for (int i = 0; i < receiverCount; i++) {
      int pair = fanout ? 0 : i;
      receiverNames.add(target.receiver(i));
      receivers.add(new Receiver(endpoint, target.receiver(i), pair, target.deliveredFrom(target.sender(pair)),
          metrics, probe));
    }
    deployAll(client, receivers);
    List<Sender> senders = new ArrayList<>();
    double ratePerSender = options.openLoop() ? (double) options.rate() / senderCount : 0;
    for (int i = 0; i < senderCount; i++) {
      List<String> to = fanout ? receiverNames : List.of(target.receiver(i));
      senders.add(new Sender(endpoint, target.sender(i), i, to, options.size(), options.window(), ratePerSender,
          target.reportsCarryIds(), to.size(), metrics, probe));
    }
    deployAll(client, senders);
    log.printf("bench %s: %d receivers and %d senders logged in; %s s warm-up, %s s measured%n", name(),
        receiverCount, senderCount, seconds(options.warmupMs()), seconds(options.durationMs()));

    long t0 = System.nanoTime();
    senders.forEach(Sender::go);
    long warmEnd = t0 + options.warmupMs() * 1_000_000L;
    long end = warmEnd + options.durationMs() * 1_000_000L;

    List<RunResult.Second> timeline = new ArrayList<>();
    Histogram window = new Histogram(3);
    long lastAt = t0;
    long lastDelivered = 0;
    long lastAcked = 0;
    long lastSent = 0;
    long windowDelivered = 0;
    long windowAcked = 0;
    long windowSent = 0;
    Probe.Snapshot startUsage = options.warmupMs() == 0 ? probe.snapshot() : null;
    Probe.Snapshot endUsage = null;
    long nextSecond = t0 + SECOND_NS;
    while (lastAt < end) {
      long boundary = Math.min(nextSecond, end);
      if (lastAt < warmEnd) {
        boundary = Math.min(boundary, warmEnd);
      }
      sleepUntil(boundary);
      long now = System.nanoTime();
      boolean measured = lastAt >= warmEnd;
      if (boundary == warmEnd && startUsage == null) {
        startUsage = probe.snapshot();
      }
      if (boundary == end) {
        endUsage = probe.snapshot();
      }
      long delivered = receivers.stream().mapToLong(Receiver::received).sum();
      long acked = senders.stream().mapToLong(Sender::acked).sum();
      long sent = senders.stream().mapToLong(Sender::sent).sum();
      Histogram interval = metrics.latency.getIntervalHistogram();
      double s = (now - lastAt) / 1e9;
      timeline.add(new RunResult.Second((lastAt - t0) / 1e9, (now - t0) / 1e9, measured,
          (delivered - lastDelivered) / s, (acked - lastAcked) / s, us(interval, 50), us(interval, 99),
          us(interval, 99.9), interval.getTotalCount() == 0 ? Double.NaN : interval.getMaxValue() / 1000.0));
      if (measured) {
        window.add(interval);
        windowDelivered += delivered - lastDelivered;
        windowAcked += acked - lastAcked;
        windowSent += sent - lastSent;
      }
      if (boundary >= nextSecond) {
        nextSecond += SECOND_NS;
      }
      lastAt = now;
      lastDelivered = delivered;
      lastAcked = acked;
      lastSent = sent;
    }
    long windowNs = lastAt - warmEnd;
    Probe.Usage usage = probe.between(startUsage, endUsage);
    Histogram lag = options.openLoop() ? metrics.scheduleLag.getIntervalHistogram() : null;

    senders.forEach(Sender::halt);
    drain(senders, receivers, fanout);

    long sent = 0;
    long unacked = 0;
    for (Sender sender : senders) {
      sent += sender.sent();
      unacked += sender.sent() - sender.acked();
    }
    long expected = 0;
    long delivered = 0;
    long lost = 0;
    long reordered = 0;
    for (Receiver receiver : receivers) {
      long shouldHave = senders.get(receiver.pair()).sent();
      expected += shouldHave;
      delivered += receiver.received();
      lost += Math.max(0, shouldHave - receiver.received());
      reordered += receiver.reordered();
      if (receiver.received() > shouldHave) {
        metrics.error(receiver.user + ": " + (receiver.received() - shouldHave) + " more deliveries than messages sent");
      }
    }
    for (BenchConnection connection : senders) {
      connection.closing = true;
    }
    for (BenchConnection connection : receivers) {
      connection.closing = true;
    }
    return new RunResult(name(), scenario, target.description(), target.inProcess(), options, windowNs, windowSent,
        windowDelivered, windowAcked, window, lag, sent, expected, delivered, lost, reordered, unacked,
        metrics.errors(), metrics.errorSamples(), usage, timeline);
  }

  /** Waits until every message has its report and every delivery arrived, or the drain time is up. */
  private void drain(List<Sender> senders, List<Receiver> receivers, boolean fanout) {
    long deadline = System.nanoTime() + options.drainMs() * 1_000_000L;
    while (System.nanoTime() < deadline) {
      // the senders have stopped, but a halt is asynchronous: read "sent" after a pause
      LockSupport.parkNanos(20_000_000L);
      boolean done = true;
      for (Sender sender : senders) {
        done &= sender.acked() == sender.sent();
      }
      for (Receiver receiver : receivers) {
        done &= receiver.received() >= senders.get(receiver.pair()).sent();
      }
      if (done) {
        return;
      }
    }
    log.printf("bench %s: not everything arrived within the drain time of %s s%n", name(), seconds(options.drainMs()));
  }

  private static <T extends BenchConnection> void deployAll(Vertx client, List<T> connections) throws Exception {
    List<Future<String>> deployed = new ArrayList<>();
    for (T connection : connections) {
      deployed.add(client.deployVerticle(connection));
    }
    // a login is a PBKDF2 verification on the daemon: 100 of them take a while on 2 cores
    Future.all(deployed).await(60 + connections.size(), TimeUnit.SECONDS);
  }

  private static void sleepUntil(long deadline) {
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
    }
  }

  private static double us(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
  }

  static String seconds(long ms) {
    return ms % 1000 == 0 ? String.valueOf(ms / 1000) : String.valueOf(ms / 1000.0);
  }
}
