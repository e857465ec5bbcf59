package io.bester.daemon.support;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An external handler process for tests: {@code src/test/resources/handlers/echo_handler.py}
 * (see its docstring for the modes), started by the test on a socket of its choosing. Start-up
 * waits, bounded, for the handler's "ready" line, so the socket is listening when it returns.
 */
public final class HandlerProcess implements AutoCloseable {

  public static final String SCRIPT = "echo_handler.py";

  private final Process process;

  private HandlerProcess(Process process) {
    this.process = process;
  }

  /** Copies the handler script into {@code dir}, executable, and returns its path. */
  public static Path install(Path dir) {
    Path target = dir.resolve(SCRIPT);
    try (InputStream in = HandlerProcess.class.getResourceAsStream("/handlers/" + SCRIPT)) {
      assertNotNull(in, "test resource handlers/" + SCRIPT);
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target;
  }

  /** Writes an executable file, e.g. a shell script wrapping the handler; returns its path. */
  public static Path writeProgram(Path file, String text) {
    try {
      Files.writeString(file, text);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** Starts the installed script listening on {@code socket}, with extra environment variables. */
  public static HandlerProcess start(Path script, Path socket, Map<String, String> env) {
    ProcessBuilder builder = new ProcessBuilder("python3", script.toString(), socket.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().putAll(env);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    HandlerProcess handler = new HandlerProcess(process);
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> readLines(process.getInputStream(), lines), "handler-stdout-" + process.pid());
    reader.setDaemon(true);
    reader.start();
    try {
      String first = lines.poll(TestClient.WAIT_S, TimeUnit.SECONDS);
      assertTrue(first != null && first.startsWith("ready "), "the handler did not say ready: " + first);
    } catch (InterruptedException e) {
      handler.close();
      throw new IllegalStateException(e);
    } catch (AssertionError e) {
      handler.close();
      throw e;
    }
    return handler;
  }

  public long pid() {
    return process.pid();
  }

  /** Waits, bounded, for the process to end; returns its exit status. */
  public int awaitExit() throws InterruptedException {
    assertTrue(process.waitFor(TestClient.WAIT_S, TimeUnit.SECONDS), "the handler process did not end");
    return process.exitValue();
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(TestClient.WAIT_S, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void readLines(InputStream stream, BlockingQueue<String> lines) {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        lines.add(line);
      }
    } catch (IOException e) {
      // the process is gone
    }
  }
}
