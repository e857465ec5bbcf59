package io.bester.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The command line of {@code scripts/bench}. Every option has the default.
 *
 * @param scenarios    what to run, in order ({@code all} is relay then chat)
 * @param pairs        P: sender/receiver connection pairs (chat, relay)
 * @param window       W: unacknowledged messages per sender in the closed loop
 * @param size         S: bytes of {@code data} per message (JSON text of the data object)
 * @param warmupMs     warm-up before the measured window
 * @param durationMs   the measured window
 * @param rate         total messages per second for the open loop; 0 = closed loop
 * @param recipients   fanout: receivers of the one sender
 * @param host         external daemon, or null to start one in this JVM
 * @param port         external daemon's port
 * @param userPrefix   accounts are PREFIX s0.. (senders) and PREFIX r0.. (receivers)
 * @param password     their password (external daemon)
 * @param daemonPid    external daemon's pid, for its CPU time from /proc; 0 = unknown
 * @param clientLoops  event loops of the load generator
 * @param drainMs      how long to wait, after the window, for every message and report
 * @param out          where the JSON results and PNG plots go
 * @param plot         whether to draw the PNG
 * @param relayBatched the relay writes what one read produced at once (else one write per frame)
 */
public record BenchOptions(List<Scenario> scenarios, int pairs, int window, int size, long warmupMs, long durationMs,
                           long rate, int recipients, String host, int port, String userPrefix, String password,
                           long daemonPid, int clientLoops, long drainMs, Path out, boolean plot,
                           boolean relayBatched) {

  /** The workloads the tool knows. */
  public enum Scenario {
    RELAY, CHAT, FANOUT, EXTERNAL;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  static final String USAGE = String.join("\n",
      "usage: bench [--scenario chat|relay|fanout|external|all] [options]",
      "  --scenario NAME     chat (default): P pairs routed 1:1 by the daemon's chat handler, acks = status reports",
      "                      external: the same, with chat handled by an external handler on a persistent UNIX socket",
      "                      relay: the same frames through a minimal Vert.x relay (no JSON): this machine's baseline",
      "                      fanout: one sender, --recipients receivers named in every message",
      "                      all: relay, then chat, and chat as a fraction of relay",
      "  --pairs P           sender/receiver pairs (4)",
      "  --window W          unacknowledged messages per sender, closed loop (64)",
      "  --size S            bytes of data per message (128)",
      "  --warmup SECONDS    warm-up, not measured (3)",
      "  --duration SECONDS  measured window (10)",
      "  --rate N            open loop: N messages/s in total, whatever the acks (default: closed loop)",
      "  --recipients N      fanout receivers (100)",
      "  --host H --port N   an external daemon instead of one in this JVM; needs the accounts",
      "                      PREFIXs0.. and PREFIXr0.. with one password",
      "  --user-prefix P     account prefix (bench-)",
      "  --password PW       their password (else $BESTER_PASSWORD)",
      "  --daemon-pid PID    the external daemon's pid, for its CPU time (/proc/PID/stat)",
      "  --client-loops N    event loops of the load generator (2)",
      "  --drain SECONDS     wait at most this long for the last messages after the window (10)",
      "  --out DIR           results: bench-<run>.json and bench-<run>.png (target/bench)",
      "  --relay-writes batched|each   the relay writes what one read produced at once (default),",
      "                      or each frame in its own write, as besterd does: what batching is worth here",
      "  --no-plot           skip the PNG");

  /** Parses the command line; throws {@link IllegalArgumentException} with a message for the user. */
  public static BenchOptions parse(String[] args) {
    List<Scenario> scenarios = List.of(Scenario.CHAT);
    int pairs = 4;
    int window = 64;
    int size = 128;
    long warmupMs = 3000;
    long durationMs = 10_000;
    long rate = 0;
    int recipients = 100;
    String host = null;
    int port = 0;
    String userPrefix = "bench-";
    String password = System.getenv("BESTER_PASSWORD");
    long daemonPid = 0;
    int clientLoops = 2;
    long drainMs = 10_000;
    Path out = Path.of("target", "bench");
    boolean plot = true;
    boolean relayBatched = true;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--no-plot")) {
        plot = false;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(arg.startsWith("--") ? arg + " needs a value" : "unexpected argument " + arg);
      }
      String value = args[++i];
      switch (arg) {
        case "--scenario" -> scenarios = scenarios(value);
        case "--pairs" -> pairs = positiveInt(arg, value);
        case "--window" -> window = positiveInt(arg, value);
        case "--size" -> size = positiveInt(arg, value);
        case "--warmup" -> warmupMs = millis(arg, value, true);
        case "--duration" -> durationMs = millis(arg, value, false);
        case "--rate" -> rate = positiveInt(arg, value);
        case "--recipients" -> recipients = positiveInt(arg, value);
        case "--host" -> host = value;
        case "--port" -> port = positiveInt(arg, value);
        case "--user-prefix" -> userPrefix = value;
        case "--password" -> password = value;
        case "--daemon-pid" -> daemonPid = positiveInt(arg, value);
        case "--client-loops" -> clientLoops = positiveInt(arg, value);
        case "--drain" -> drainMs = millis(arg, value, false);
        case "--out" -> out = Path.of(value);
        case "--relay-writes" -> {
          if (!value.equals("batched") && !value.equals("each")) {
            throw new IllegalArgumentException("--relay-writes is batched or each, got '" + value + "'");
          }
          relayBatched = value.equals("batched");
        }
        default -> throw new IllegalArgumentException("unknown option " + arg);
      }
    }
    if (host != null && port == 0) {
      throw new IllegalArgumentException("--host needs --port");
    }
    if (host != null && password == null) {
      throw new IllegalArgumentException("an external daemon needs --password or $BESTER_PASSWORD");
    }
    return new BenchOptions(scenarios, pairs, window, size, warmupMs, durationMs, rate, recipients, host, port,
        userPrefix, password, daemonPid, clientLoops, drainMs, out, plot, relayBatched);
  }

  boolean external() {
    return host != null;
  }

  boolean openLoop() {
    return rate > 0;
  }

  private static List<Scenario> scenarios(String value) {
    if (value.equals("all")) {
      return List.of(Scenario.RELAY, Scenario.CHAT);
    }
    List<Scenario> list = new ArrayList<>();
    for (String name : value.split(",")) {
      try {
        list.add(Scenario.valueOf(name.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown scenario '" + name + "' (chat, relay, fanout, external, all)"
            + (List.of("cluster", "federation").contains(name) ? ": not implemented yet, see docs/performance.md" : ""));
      }
    }
    return List.copyOf(list);
  }

  private static int positiveInt(String option, String value) {
    try {
      int n = Integer.parseInt(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new IllegalArgumentException(option + " needs a positive whole number, got '" + value + "'");
  }

  /** Seconds, possibly fractional ("2", "0.5"), or with a unit ("500ms", "3s"). */
  private static long millis(String option, String value, boolean zeroAllowed) {
    try {
      double ms;
      if (value.endsWith("ms")) {
        ms = Double.parseDouble(value.substring(0, value.length() - 2));
      } else if (value.endsWith("s")) {
        ms = Double.parseDouble(value.substring(0, value.length() - 1)) * 1000;
      } else {
        ms = Double.parseDouble(value) * 1000;
      }
      if (ms > 0 || (zeroAllowed && ms == 0)) {
        return Math.round(ms);
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new IllegalArgumentException(option + " needs a duration in seconds, got '" + value + "'");
  }
}
