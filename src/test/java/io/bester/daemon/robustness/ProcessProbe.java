package io.bester.daemon.robustness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What Linux and the JDK say about a daemon process: its resident memory, its live heap and its
 * open file descriptors.
 */
final class ProcessProbe {

  private final long pid;

  private ProcessProbe(long pid) {
    this.pid = pid;
  }

  /**
   * The JVM of a {@code scripts/besterd} process: the script execs java, so it is usually the
   * process itself; else the one java descendant.
   */
  static ProcessProbe javaOf(Process script) {
    if (isJava(script.toHandle())) {
      return new ProcessProbe(script.pid());
    }
    List<ProcessHandle> javas = script.descendants().filter(ProcessProbe::isJava).toList();
    if (javas.size() != 1) {
      throw new AssertionError("expected one java process under " + script.pid() + ", found " + javas);
    }
    return new ProcessProbe(javas.get(0).pid());
  }

  private static boolean isJava(ProcessHandle handle) {
    return handle.info().command().map(command -> Path.of(command).getFileName().toString().equals("java"))
        .orElse(false);
  }

  long pid() {
    return pid;
  }

  /** VmRSS from /proc/PID/status, in KiB: all resident memory, mapped files (the JVM's own code) included. */
  long rssKiB() {
    return status("VmRSS");
  }

  /**
   * RssAnon from /proc/PID/status, in KiB, after asking the JVM to hand back to the system what
   * glibc's malloc holds but nobody uses (jcmd System.trim_native_heap; the JIT compilers free
   * large scratch arenas that glibc would otherwise keep). What remains is resident memory that is
   * not a mapped file: heap, direct buffers, stacks, JIT code; what a leak would grow. Unlike
   * VmRSS it does not move when the JVM merely touches more pages of libjvm.so or of its jar.
   */
  long anonymousRssKiB() {
    jcmd("System.trim_native_heap");
    return status("RssAnon");
  }

  /**
   * The smallest of a few {@link #anonymousRssKiB} readings a quarter of a second apart: Netty's
   * buffer pools take chunks of several MiB and give them back a little later, which makes single
   * readings swing by 10 MiB or more without any leak.
   */
  long settledAnonymousRssKiB() throws InterruptedException {
    long min = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      if (i > 0) {
        Thread.sleep(250);
      }
      min = Math.min(min, anonymousRssKiB());
    }
    return min;
  }

  private long status(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new AssertionError("no " + field + " for process " + pid);
  }

  /**
   * Java heap in use right after a full collection, in KiB, through the JDK's jcmd: what stays
   * reachable, so objects leaked per connection show here even when the heap is pre-touched.
   */
  long heapUsedAfterGcKiB() {
    jcmd("GC.run");
    Matcher used = Pattern.compile("total \\d+K, used (\\d+)K").matcher(jcmd("GC.heap_info"));
    if (!used.find()) {
      throw new AssertionError("cannot read the heap of process " + pid);
    }
    return Long.parseLong(used.group(1));
  }

  private String jcmd(String command) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process process = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), command).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new AssertionError("jcmd " + command + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
  }

  /** Open file descriptors, sockets included. */
  int fileDescriptors() {
    try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
      return (int) fds.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
