package io.bester.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * What the connections of one run record, from any event loop; the sampler reads it once per
 * second. Latencies are in nanoseconds. (Message counts are kept by each connection, in fields
 * that only its event loop writes, and summed by the sampler.)
 */
final class Metrics {

  private static final int ERROR_SAMPLES = 10;

  /** Send → receive of every delivery. */
  final Recorder latency = new Recorder(3);
  /** Open loop only: how late the generator sent each message after its scheduled time. */
  final Recorder scheduleLag = new Recorder(3);
  private final LongAdder errors = new LongAdder();
  private final AtomicInteger sampled = new AtomicInteger();
  private final ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();

  /** Anything that makes the run invalid: a bad report, an unexpected frame, a dropped connection. */
  void error(String what) {
    errors.increment();
    if (sampled.incrementAndGet() <= ERROR_SAMPLES) {
      errorSamples.add(what);
    }
  }

  long errors() {
    return errors.sum();
  }

  List<String> errorSamples() {
    return new ArrayList<>(errorSamples);
  }
}
