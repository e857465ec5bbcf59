package io.bester.bench;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The outcome of one scenario run. Rates are over the measured window; lost, reordered and
 * unacknowledged count over the whole run (warm-up included), after the drain.
 *
 * @param name             the run's name, used for its files: the scenario, with "-rateN" in the open loop
 * @param scenario         the scenario
 * @param target           what was measured
 * @param inProcess        the server shares this JVM with the load generator
 * @param options          the options of the run
 * @param windowNs         the measured window as it was, in nanoseconds
 * @param sentInWindow     messages sent within the window
 * @param deliveredInWindow deliveries received within the window
 * @param ackedInWindow    reports received within the window
 * @param latency          send → receive of the deliveries received within the window, ns
 * @param scheduleLag      open loop: how late messages left after their scheduled time, ns (null when closed)
 * @param sent             messages sent in the whole run
 * @param expectedDeliveries deliveries the sent messages should have produced
 * @param delivered        deliveries received in the whole run
 * @param lost             deliveries that never arrived (after the drain)
 * @param reordered        deliveries that came out of their sender's order (or twice)
 * @param unacked          messages without a report after the drain
 * @param errors           bad reports, unexpected frames, dropped connections
 * @param errorSamples     the first few of those, as text
 * @param usage            CPU, allocations and write calls over the window
 * @param timeline         per-second figures from the start of the warm-up
 */
record RunResult(String name, BenchOptions.Scenario scenario, String target, boolean inProcess, BenchOptions options,
                 long windowNs, long sentInWindow, long deliveredInWindow, long ackedInWindow, Histogram latency,
                 Histogram scheduleLag, long sent, long expectedDeliveries, long delivered, long lost, long reordered,
                 long unacked, long errors, List<String> errorSamples, Probe.Usage usage, List<Second> timeline) {

  /** One sampling interval (about a second). Latencies in microseconds; NaN when nothing arrived. */
  record Second(double startS, double endS, boolean measured, double deliveredPerS, double ackedPerS,
                double p50Us, double p99Us, double p999Us, double maxUs) {
  }

  /** A run counts only with nothing lost, nothing out of order, every message answered and no error. */
  boolean valid() {
    return lost == 0 && reordered == 0 && unacked == 0 && errors == 0 && deliveredInWindow > 0;
  }

  double windowS() {
    return windowNs / 1e9;
  }

  double deliveredPerS() {
    return deliveredInWindow / windowS();
  }

  double ackedPerS() {
    return ackedInWindow / windowS();
  }

  double sentPerS() {
    return sentInWindow / windowS();
  }

  /** A latency percentile of the window, in microseconds. */
  double latencyUs(double percentile) {
    return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1000.0;
  }

  double maxLatencyUs() {
    return latency.getTotalCount() == 0 ? Double.NaN : latency.getMaxValue() / 1000.0;
  }

  /** CPU seconds per million deliveries; {@code cpuNs} < 0 means unknown. */
  double cpuSecondsPerMillion(long cpuNs) {
    return cpuNs < 0 || deliveredInWindow == 0 ? Double.NaN : cpuNs / 1e9 / (deliveredInWindow / 1e6);
  }

  double perDelivery(long count) {
    return count < 0 || deliveredInWindow == 0 ? Double.NaN : (double) count / deliveredInWindow;
  }
}
