package io.bester.daemon.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bester.daemon.support.DaemonProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of {@code scripts/besterd} that is expected to end by itself (a refusal to start, a
 * {@code user} command): its exit status, its output, and how long it took.
 */
record BesterdRun(int exit, String stdout, List<String> stderr, long millis) {

  /** Runs {@code scripts/besterd args...} in {@code workDir}, feeding {@code stdin}; kills it after {@code limitMs}. */
  static BesterdRun run(Path workDir, String stdin, long limitMs, String... args) {
    List<String> command = new ArrayList<>(List.of(DaemonProcess.BESTERD.toString()));
    command.addAll(List.of(args));
    Path out = workDir.resolve("run.out");
    Path err = workDir.resolve("run.err");
    try {
      long started = System.nanoTime();
      Process process = new ProcessBuilder(command).directory(workDir.toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      process.getOutputStream().write(stdin == null ? new byte[0] : stdin.getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().close();
      boolean ended = process.waitFor(limitMs, TimeUnit.MILLISECONDS);
      long millis = (System.nanoTime() - started) / 1_000_000;
      if (!ended) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      List<String> errLines = Files.readAllLines(err, StandardCharsets.UTF_8);
      String outText = Files.readString(out, StandardCharsets.UTF_8);
      assertTrue(ended, "besterd " + args[0] + " still running after " + limitMs + " ms; stdout: " + outText
          + "; stderr: " + errLines);
      return new BesterdRun(process.exitValue(), outText, errLines, millis);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
  }

  /**
   * A refusal to start as the contract wants it (§8, §11): non-zero exit, no ready line, exactly one
   * line on stderr that contains each of {@code names}, and nothing that looks like a stack trace.
   */
  BesterdRun assertRefusal(String... names) {
    String context = "stderr " + stderr + ", stdout '" + stdout + "', exit " + exit;
    assertNotEquals(0, exit, context);
    assertFalse(stdout.contains("besterd ready"), context);
    assertEquals(1, stderr.size(), "one line on stderr: " + context);
    String line = stderr.get(0);
    for (String name : names) {
      assertTrue(line.contains(name), "the line names " + name + ": " + context);
    }
    assertFalse(line.startsWith("\tat ") || line.startsWith("Caused by") || line.startsWith("Exception in thread"),
        "a stack trace: " + context);
    return this;
  }

  /** The line speaks to an operator, not in Java: no exception class names. */
  BesterdRun assertNoExceptionNames() {
    assertFalse(String.join("\n", stderr).contains("Exception"), "an exception class on stderr: " + stderr);
    return this;
  }
}
