package io.bester.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code scripts/bench}: runs the scenarios, prints the table, writes
 * {@code bench-<run>.json} and {@code bench-<run>.png} for each run (and {@code bench-all.json}
 * when there are several) under {@code --out}. Exit status 0 when every run is valid, 1 when
 * one is not, 2 for a command line that cannot be understood.
 */
public final class Bench {

  private Bench() {
  }

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    int status;
    try {
      status = run(args, System.out).status();
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.err.println(BenchOptions.USAGE);
      status = 2;
    } catch (Exception e) {
      System.err.println("bench: " + e);
      e.printStackTrace();
      status = 1;
    }
    System.exit(status);
  }

  /** What one invocation produced. */
  public record Outcome(List<RunResult> runs, List<Path> files) {
    public boolean allValid() {
      return !runs.isEmpty() && runs.stream().allMatch(RunResult::valid);
    }

    int status() {
      return allValid() ? 0 : 1;
    }
  }

  /** Runs what {@code args} asks for and reports on {@code out}; for the command and for tests. */
  public static Outcome run(String[] args, PrintStream out) throws Exception {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      out.println(BenchOptions.USAGE);
      return new Outcome(List.of(), List.of());
    }
    BenchOptions options = BenchOptions.parse(args);
    Files.createDirectories(options.out());
    List<RunResult> runs = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    for (BenchOptions.Scenario scenario : options.scenarios()) {
      RunResult result = new BenchRun(scenario, options, out).run();
      runs.add(result);
      Path json = options.out().resolve("bench-" + result.name() + ".json");
      Files.writeString(json, Report.json(result).encodePrettily());
      files.add(json);
      if (options.plot()) {
        Path png = options.out().resolve("bench-" + result.name() + ".png");
        Plot.write(result, png);
        files.add(png);
      }
      out.printf("bench %s: %s, %s delivered msgs/s%n", result.name(), result.valid() ? "VALID" : "INVALID",
          Report.fmt(result.deliveredPerS(), 0));
    }
    if (runs.size() > 1) {
      JsonArray all = new JsonArray();
      runs.forEach(r -> { JsonObject one = Report.json(r); one.remove("timeline"); all.add(one); });
      Path json = options.out().resolve("bench-all.json");
      Files.writeString(json, new JsonObject().put("runs", all).encodePrettily());
      files.add(json);
    }
    Report.table(runs, out);
    out.println("results: " + String.join(" ", files.stream().map(Path::toString).toList()));
    return new Outcome(runs, files);
  }
}
