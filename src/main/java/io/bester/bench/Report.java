package io.bester.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The table printed at the end, and the JSON written beside the plots. */
final class Report {

  private Report() {
  }

  static void table(List<RunResult> runs, PrintStream out) {
    List<String[]> rows = new ArrayList<>();
    row(rows, "run", runs, RunResult::name);
    row(rows, "mode", runs, r -> r.options().openLoop() ? "open " + r.options().rate() + "/s" : "closed W=" + r.options().window());
    row(rows, "connections", runs, r -> r.scenario() == BenchOptions.Scenario.FANOUT
        ? "1 → " + r.options().recipients() : r.options().pairs() + " pairs");
    row(rows, "measured window, s", runs, r -> fmt(r.windowS(), 2));
    row(rows, "delivered msgs/s", runs, r -> fmt(r.deliveredPerS(), 0));
    row(rows, "acks/s", runs, r -> fmt(r.ackedPerS(), 0));
    row(rows, "latency p50, µs", runs, r -> fmt(r.latencyUs(50), 0));
    row(rows, "latency p99, µs", runs, r -> fmt(r.latencyUs(99), 0));
    row(rows, "latency p99.9, µs", runs, r -> fmt(r.latencyUs(99.9), 0));
    row(rows, "latency max, µs", runs, r -> fmt(r.maxLatencyUs(), 0));
    if (runs.stream().anyMatch(r -> r.scheduleLag() != null)) {
      row(rows, "send lag p99 (open loop), µs", runs, r -> r.scheduleLag() == null || r.scheduleLag().getTotalCount() == 0
          ? "-" : fmt(r.scheduleLag().getValueAtPercentile(99) / 1000.0, 0));
    }
    row(rows, "sent (whole run)", runs, r -> fmt(r.sent(), 0));
    row(rows, "lost", runs, r -> fmt(r.lost(), 0));
    row(rows, "out of order", runs, r -> fmt(r.reordered(), 0));
    row(rows, "unacknowledged", runs, r -> fmt(r.unacked(), 0));
    row(rows, "errors", runs, r -> fmt(r.errors(), 0));
    row(rows, "CPU s per M msgs, process *", runs, r -> r.inProcess() ? fmt(r.cpuSecondsPerMillion(r.usage().processCpuNs()), 2) : "-");
    row(rows, "  server threads", runs, r -> r.inProcess() ? fmt(r.cpuSecondsPerMillion(r.usage().serverCpuNs()), 2) : "-");
    row(rows, "  load-generator threads", runs, r -> fmt(r.cpuSecondsPerMillion(r.usage().generatorCpuNs()), 2));
    row(rows, "  other", runs, r -> r.inProcess() ? fmt(r.cpuSecondsPerMillion(r.usage().processCpuNs()
        - r.usage().serverCpuNs() - r.usage().generatorCpuNs()), 2) : "-");
    row(rows, "    of which JIT compiler", runs, r -> fmt(r.cpuSecondsPerMillion(r.usage().jitCpuNs()), 2));
    row(rows, "    of which GC", runs, r -> fmt(r.cpuSecondsPerMillion(r.usage().gcCpuNs()), 2));
    if (runs.stream().anyMatch(r -> !r.inProcess())) {
      row(rows, "CPU s per M msgs, daemon pid", runs, r -> r.inProcess() ? "-"
          : fmt(r.cpuSecondsPerMillion(r.usage().externalDaemonCpuNs()), 2));
    }
    row(rows, "server bytes allocated / msg", runs, r -> r.inProcess() ? fmt(r.perDelivery(r.usage().serverAllocBytes()), 0) : "-");
    row(rows, "server write calls / msg", runs, r -> r.inProcess() ? fmt(r.perDelivery(r.usage().serverWrites()), 2)
        : fmt(r.perDelivery(r.usage().externalDaemonWrites()), 2));
    row(rows, "result", runs, r -> r.valid() ? "VALID" : "INVALID");

    int[] widths = new int[runs.size() + 1];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    out.println();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder(String.format("%-" + widths[0] + "s", row[0]));
      for (int i = 1; i < row.length; i++) {
        line.append("  ").append(String.format("%" + widths[i] + "s", row[i]));
      }
      out.println(line);
    }
    out.println();
    for (RunResult r : runs) {
      out.printf("%s: %s%n", r.name(), r.target());
      for (String error : r.errorSamples()) {
        out.printf("  error: %s%n", error);
      }
    }
    if (runs.stream().anyMatch(RunResult::inProcess)) {
      out.println("* the server and the load generator share this JVM: the process figure is the sum of both,"
          + " nothing subtracted; the lines below it split it by thread.");
    }
    for (RunResult r : runs) {
      long jit = r.usage().jitCpuNs();
      if (r.inProcess() && jit > 0 && jit > 0.1 * r.usage().processCpuNs()) {
        out.printf(Locale.ROOT, "%s: the JIT compiler used %.0f%% of the process's CPU in the measured window:"
            + " not yet steady state; a longer --warmup (20 s) gives steady-state figures%n", r.name(),
            100.0 * jit / r.usage().processCpuNs());
      }
    }
    RunResult relay = find(runs, BenchOptions.Scenario.RELAY);
    RunResult chat = find(runs, BenchOptions.Scenario.CHAT);
    if (relay != null && chat != null) {
      out.printf(Locale.ROOT, "chat / relay: %.3f of the relay's msgs/s; latency p50 %.2f×, p99 %.2f× the relay's%n",
          chat.deliveredPerS() / relay.deliveredPerS(), chat.latencyUs(50) / relay.latencyUs(50),
          chat.latencyUs(99) / relay.latencyUs(99));
    }
  }

  private static RunResult find(List<RunResult> runs, BenchOptions.Scenario scenario) {
    return runs.stream().filter(r -> r.scenario() == scenario).findFirst().orElse(null);
  }

  private static void row(List<String[]> rows, String label, List<RunResult> runs, Function<RunResult, String> cell) {
    String[] row = new String[runs.size() + 1];
    row[0] = label;
    for (int i = 0; i < runs.size(); i++) {
      row[i + 1] = cell.apply(runs.get(i));
    }
    rows.add(row);
  }

  static String fmt(double value, int decimals) {
    if (Double.isNaN(value)) {
      return "-";
    }
    return String.format(Locale.ROOT, "%,." + decimals + "f", value).replace(',', ' ');
  }

  static JsonObject json(RunResult r) {
    BenchOptions o = r.options();
    Probe.Usage u = r.usage();
    JsonObject json = new JsonObject()
        .put("run", r.name())
        .put("scenario", r.scenario().wireName())
        .put("target", r.target())
        .put("serverInProcess", r.inProcess())
        .put("valid", r.valid())
        .put("options", new JsonObject()
            .put("pairs", r.scenario() == BenchOptions.Scenario.FANOUT ? 1 : o.pairs())
            .put("recipientsPerMessage", r.scenario() == BenchOptions.Scenario.FANOUT ? o.recipients() : 1)
            .put("window", o.openLoop() ? null : o.window())
            .put("rate", o.openLoop() ? o.rate() : null)
            .put("dataBytes", o.size())
            .put("warmupMs", o.warmupMs())
            .put("durationMs", o.durationMs())
            .put("clientLoops", o.clientLoops()))
        .put("windowS", r.windowS())
        .put("deliveredPerS", r.deliveredPerS())
        .put("acksPerS", r.ackedPerS())
        .put("sentPerS", r.sentPerS())
        .put("latencyUs", new JsonObject()
            .put("p50", num(r.latencyUs(50)))
            .put("p90", num(r.latencyUs(90)))
            .put("p99", num(r.latencyUs(99)))
            .put("p99.9", num(r.latencyUs(99.9)))
            .put("max", num(r.maxLatencyUs()))
            .put("mean", r.latency().getTotalCount() == 0 ? null : r.latency().getMean() / 1000.0)
            .put("count", r.latency().getTotalCount()))
        .put("whole run", new JsonObject()
            .put("sent", r.sent())
            .put("expectedDeliveries", r.expectedDeliveries())
            .put("delivered", r.delivered())
            .put("lost", r.lost())
            .put("outOfOrder", r.reordered())
            .put("unacknowledged", r.unacked())
            .put("errors", r.errors())
            .put("errorSamples", new JsonArray(r.errorSamples())))
        .put("usage", new JsonObject()
            .put("note", r.inProcess() ? "server and load generator share this JVM: processCpuS is both,"
                + " split by thread below" : "the daemon runs in its own process")
            .put("processCpuS", u.processCpuNs() / 1e9)
            .put("serverThreadsCpuS", u.serverCpuNs() / 1e9)
            .put("generatorThreadsCpuS", u.generatorCpuNs() / 1e9)
            .put("jitCompilerCpuS", u.jitCpuNs() < 0 ? null : u.jitCpuNs() / 1e9)
            .put("gcCpuS", u.gcCpuNs() < 0 ? null : u.gcCpuNs() / 1e9)
            .put("externalDaemonCpuS", u.externalDaemonCpuNs() < 0 ? null : u.externalDaemonCpuNs() / 1e9)
            .put("cpuSecondsPerMillionMsgs", num(r.inProcess() ? r.cpuSecondsPerMillion(u.processCpuNs())
                : r.cpuSecondsPerMillion(u.externalDaemonCpuNs())))
            .put("serverCpuSecondsPerMillionMsgs", num(r.cpuSecondsPerMillion(u.serverCpuNs())))
            .put("serverAllocBytesPerMsg", num(r.perDelivery(u.serverAllocBytes())))
            .put("generatorAllocBytesPerMsg", num(r.perDelivery(u.generatorAllocBytes())))
            .put("serverWriteCallsPerMsg", num(r.perDelivery(r.inProcess() ? u.serverWrites() : u.externalDaemonWrites())))
            .put("generatorWriteCallsPerMsg", num(r.perDelivery(u.generatorWrites()))));
    if (r.scheduleLag() != null && r.scheduleLag().getTotalCount() > 0) {
      json.put("openLoopSendLagUs", new JsonObject()
          .put("p50", r.scheduleLag().getValueAtPercentile(50) / 1000.0)
          .put("p99", r.scheduleLag().getValueAtPercentile(99) / 1000.0)
          .put("max", r.scheduleLag().getMaxValue() / 1000.0));
    }
    JsonArray timeline = new JsonArray();
    for (RunResult.Second s : r.timeline()) {
      timeline.add(new JsonObject().put("startS", s.startS()).put("endS", s.endS()).put("measured", s.measured())
          .put("deliveredPerS", s.deliveredPerS()).put("acksPerS", s.ackedPerS())
          .put("p50Us", num(s.p50Us())).put("p99Us", num(s.p99Us())).put("p99.9Us", num(s.p999Us()))
          .put("maxUs", num(s.maxUs())));
    }
    return json.put("timeline", timeline);
  }

  private static Double num(double value) {
    return Double.isNaN(value) ? null : value;
  }
}
