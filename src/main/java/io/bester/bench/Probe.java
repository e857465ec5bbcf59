package io.bester.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CPU time, allocations and write system calls over the measured window.
 *
 * <p>With the daemon (or the relay) in this JVM, the load generator shares the process, so the
 * headline figure is the whole process's CPU time, nothing subtracted. It is also split by
 * thread: the generator's event-loop threads register themselves ({@link #registerGeneratorThread});
 * every other {@code vert.x-} thread belongs to the server; the rest is "other", of which the JIT
 * compiler and GC threads are counted from {@code /proc/self/task/<tid>/stat} (10 ms ticks).
 * Allocated bytes come from the same per-thread counters, write(2)/writev(2) counts from
 * {@code /proc/self/task/<tid>/io} (Linux only; -1 elsewhere).
 *
 * <p>With an external daemon whose pid is known, its CPU time and write calls come from
 * {@code /proc/<pid>/stat} and {@code /proc/<pid>/io}.
 */
final class Probe {

  private final long daemonPid;
  private final Set<Long> generatorThreads = ConcurrentHashMap.newKeySet();
  private final Set<String> generatorTasks = ConcurrentHashMap.newKeySet();
  private final com.sun.management.ThreadMXBean threads =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  Probe(long daemonPid) {
    this.daemonPid = daemonPid;
    if (threads.isThreadAllocatedMemorySupported() && !threads.isThreadAllocatedMemoryEnabled()) {
      threads.setThreadAllocatedMemoryEnabled(true);
    }
    if (threads.isThreadCpuTimeSupported() && !threads.isThreadCpuTimeEnabled()) {
      threads.setThreadCpuTimeEnabled(true);
    }
  }

  /** Called on each event loop of the load generator. */
  void registerGeneratorThread() {
    generatorThreads.add(Thread.currentThread().getId());
    try {
      // "/proc/thread-self" -> "<pid>/task/<tid>": the Linux id of this thread
      generatorTasks.add(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      // not Linux: no write counts
    }
  }

  /** The counters at one instant. */
  record Snapshot(long processCpuNs, Map<Long, long[]> javaThreads, Map<String, long[]> tasks, long daemonCpuNs,
                  long daemonWrites) {
  }

  /** The difference of two snapshots, split as described above; -1 where unknown. */
  record Usage(long processCpuNs, long serverCpuNs, long generatorCpuNs, long jitCpuNs, long gcCpuNs,
               long serverAllocBytes, long generatorAllocBytes, long serverWrites, long generatorWrites,
               long externalDaemonCpuNs, long externalDaemonWrites) {
  }

  Snapshot snapshot() {
    Map<Long, long[]> javaThreads = new HashMap<>();
    for (long id : threads.getAllThreadIds()) {
      long cpu = threads.getThreadCpuTime(id);
      long alloc = threads.getThreadAllocatedBytes(id);
      if (cpu >= 0) {
        javaThreads.put(id, new long[] {cpu, Math.max(0, alloc), kindOf(id)});
      }
    }
    return new Snapshot(os.getProcessCpuTime(), javaThreads, taskWrites(), daemonCpuNs(), daemonWrites());
  }

  /** 0 = generator, 1 = server (vert.x- threads), 2 = other. */
  private long kindOf(long id) {
    if (generatorThreads.contains(id)) {
      return 0;
    }
    var info = threads.getThreadInfo(id);
    return info != null && info.getThreadName().startsWith("vert.x-") ? 1 : 2;
  }

  Usage between(Snapshot start, Snapshot end) {
    long[] cpu = new long[3];
    long[] alloc = new long[3];
    end.javaThreads().forEach((id, now) -> {
      long[] before = start.javaThreads().getOrDefault(id, new long[] {0, 0, now[2]});
      int kind = (int) now[2];
      cpu[kind] += now[0] - before[0];
      alloc[kind] += now[1] - before[1];
    });
    long serverWrites = -1;
    long generatorWrites = -1;
    long jitTicks = -1;
    long gcTicks = -1;
    if (!end.tasks().isEmpty()) {
      serverWrites = 0;
      generatorWrites = 0;
      jitTicks = 0;
      gcTicks = 0;
      for (Map.Entry<String, long[]> task : end.tasks().entrySet()) {
        long[] now = task.getValue();
        long[] before = start.tasks().getOrDefault(task.getKey(), new long[] {0, now[1], 0});
        long writes = now[0] - before[0];
        if (generatorTasks.contains(task.getKey())) {
          generatorWrites += writes;
        } else if (now[1] == VERTX) {
          serverWrites += writes;
        } else if (now[1] == JIT) {
          jitTicks += now[2] - before[2];
        } else if (now[1] == GC) {
          gcTicks += now[2] - before[2];
        }
      }
    }
    return new Usage(end.processCpuNs() - start.processCpuNs(), cpu[1], cpu[0], ticksToNs(jitTicks),
        ticksToNs(gcTicks), alloc[1], alloc[0], serverWrites, generatorWrites,
        delta(start.daemonCpuNs(), end.daemonCpuNs()), delta(start.daemonWrites(), end.daemonWrites()));
  }

  private static long delta(long start, long end) {
    return start < 0 || end < 0 ? -1 : end - start;
  }

  private static final int OTHER = 0;
  private static final int VERTX = 1;
  private static final int JIT = 2;
  private static final int GC = 3;

  private static long ticksToNs(long ticks) {
    return ticks < 0 ? -1 : ticks * 1_000_000_000L / ClockTicks.PER_SECOND;
  }

  /** The HotSpot threads' names, as /proc shows them (15 characters at most). */
  private static int taskKind(String comm) {
    if (comm.startsWith("vert.x-")) {
      return VERTX;
    }
    if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
      return JIT;
    }
    if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.equals("VM Thread")) {
      return GC;
    }
    return OTHER;
  }

  /** tid -> {syscw, kind, utime + stime in clock ticks}, for this process's threads. */
  private static Map<String, long[]> taskWrites() {
    Map<String, long[]> tasks = new HashMap<>();
    Path dir = Path.of("/proc/self/task");
    if (!Files.isDirectory(dir)) {
      return tasks;
    }
    try (DirectoryStream<Path> all = Files.newDirectoryStream(dir)) {
      for (Path task : all) {
        try {
          long writes = syscw(task.resolve("io"));
          String comm = Files.readString(task.resolve("comm")).trim();
          tasks.put(task.getFileName().toString(), new long[] {writes, taskKind(comm), ticks(task.resolve("stat"))});
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException e) {
      tasks.clear();
    }
    return tasks;
  }

  private static long syscw(Path io) throws IOException {
    for (String line : Files.readAllLines(io)) {
      if (line.startsWith("syscw:")) {
        return Long.parseLong(line.substring(6).trim());
      }
    }
    return 0;
  }

  private long daemonCpuNs() {
    if (daemonPid <= 0) {
      return -1;
    }
    try {
      return ticksToNs(ticks(Path.of("/proc", String.valueOf(daemonPid), "stat")));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** utime + stime of a /proc stat file, in clock ticks. */
  private static long ticks(Path stat) throws IOException {
    String text = Files.readString(stat);
    // fields after "(comm)": state is field 3, utime 14, stime 15
    String[] rest = text.substring(text.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(rest[11]) + Long.parseLong(rest[12]);
  }

  private long daemonWrites() {
    if (daemonPid <= 0) {
      return -1;
    }
    try {
      return syscw(Path.of("/proc", String.valueOf(daemonPid), "io"));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** USER_HZ, the unit of /proc/<pid>/stat times: asked of getconf once, 100 when it cannot say. */
  private static final class ClockTicks {
    static final long PER_SECOND = read();

    private static long read() {
      try {
        Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        return Long.parseLong(out);
      } catch (IOException | RuntimeException e) {
        return 100;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 100;
      }
    }
  }
}
