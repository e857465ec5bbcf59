package io.bester.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

/**
 * The PNG of one run, drawn headless with XChart: throughput per second on top, latency
 * percentiles per second below (log scale), warm-up included and marked.
 */
final class Plot {

  private Plot() {
  }

  static void write(RunResult result, Path png) throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<RunResult.Second> seconds = result.timeline();
    double warmup = result.options().warmupMs() / 1000.0;
    String title = result.name() + ": " + mode(result);

    String summary = String.format(java.util.Locale.ROOT, "measured %s msgs/s, p50 %s ms, p99 %s ms, %s",
        Report.fmt(result.deliveredPerS(), 0), Report.fmt(result.latencyUs(50) / 1000, 2),
        Report.fmt(result.latencyUs(99) / 1000, 2), result.valid() ? "VALID" : "INVALID");
    XYChart rate = new XYChartBuilder().width(1000).height(400).title(title + " — " + summary)
        .xAxisTitle("seconds since start (warm-up: first " + BenchRun.seconds(result.options().warmupMs()) + " s)")
        .yAxisTitle("per second").build();
    style(rate);
    rate.getStyler().setYAxisDecimalPattern("#,###");
    add(rate, "delivered msgs/s", seconds, RunResult.Second::deliveredPerS);
    XYSeries acks = add(rate, "acks/s", seconds, RunResult.Second::ackedPerS);
    acks.setLineStyle(new java.awt.BasicStroke(2f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_ROUND, 1f,
        new float[] {6f, 4f}, 0f));
    double top = 0;
    for (RunResult.Second s : seconds) {
      top = Math.max(top, Math.max(s.deliveredPerS(), s.ackedPerS()));
    }
    if (warmup > 0 && top > 0) {
      XYSeries line = rate.addSeries("end of warm-up", new double[] {warmup, warmup}, new double[] {0, top});
      line.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
    }

    XYChart latency = new XYChartBuilder().width(1000).height(400).title("latency send → receive, per second")
        .xAxisTitle("seconds since start").yAxisTitle("milliseconds (log)").build();
    style(latency);
    latency.getStyler().setYAxisLogarithmic(true);
    latency.getStyler().setYAxisLogarithmicDecadeOnly(false);
    add(latency, "p50", seconds, s -> s.p50Us() / 1000);
    add(latency, "p99", seconds, s -> s.p99Us() / 1000);
    add(latency, "p99.9", seconds, s -> s.p999Us() / 1000);
    add(latency, "max", seconds, s -> s.maxUs() / 1000);

    BitmapEncoder.saveBitmap(List.of(rate, latency), 2, 1, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  private static String mode(RunResult result) {
    BenchOptions o = result.options();
    return (o.openLoop() ? "open loop, " + o.rate() + " msgs/s" : "closed loop, W=" + o.window())
        + ", P=" + (result.scenario() == BenchOptions.Scenario.FANOUT ? "1→" + o.recipients() : o.pairs())
        + ", S=" + o.size();
  }

  private static void style(XYChart chart) {
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setMarkerSize(4);
    chart.getStyler().setXAxisMin(0.0);
  }

  /** One series, leaving out the seconds where the value is unknown (nothing arrived). */
  private static XYSeries add(XYChart chart, String name, List<RunResult.Second> seconds,
                          ToDoubleFunction<RunResult.Second> value) {
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (RunResult.Second s : seconds) {
      double v = value.applyAsDouble(s);
      if (!Double.isNaN(v) && v > 0) {
        x.add(s.endS());
        y.add(v);
      }
    }
    if (x.isEmpty()) {
      x.add(0.0);
      y.add(chart.getStyler().isYAxisLogarithmic() ? 1.0 : 0.0);
    }
    return chart.addSeries(name, x, y);
  }
}
