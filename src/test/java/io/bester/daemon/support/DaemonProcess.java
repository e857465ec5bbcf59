package io.bester.daemon.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.bester.client.BesterClient;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/** {@code scripts/besterd} as a real process in its own working directory, as a user runs it. */
public final class DaemonProcess implements AutoCloseable {

  public static final Path BESTERD = Path.of("scripts/besterd").toAbsolutePath();

  private final Process process;
  private final String readyLine;

  private DaemonProcess(Process process, String readyLine) {
    this.process = process;
    this.readyLine = readyLine;
  }

  /** Writes {@code config} into {@code workDir}, starts the daemon there and waits for its ready line. */
  public static DaemonProcess start(Path workDir, JsonObject config, String... extraArgs) throws Exception {
    return start(workDir, writeConfig(workDir, config), Map.of(), extraArgs);
  }

  /** The same, with extra environment variables, e.g. {@code BESTERD_JAVA_OPTS} for the daemon's JVM. */
  public static DaemonProcess start(Path workDir, JsonObject config, Map<String, String> env, String... extraArgs)
      throws Exception {
    return start(workDir, writeConfig(workDir, config), env, extraArgs);
  }

  /** Starts the daemon on an existing config file, in {@code workDir}, and waits for its ready line. */
  public static DaemonProcess start(Path workDir, Path file, String... extraArgs) throws Exception {
    return start(workDir, file, Map.of(), extraArgs);
  }

  private static DaemonProcess start(Path workDir, Path file, Map<String, String> env, String... extraArgs)
      throws Exception {
    List<String> command = new ArrayList<>(List.of(BESTERD.toString(), file.toString()));
    command.addAll(List.of(extraArgs));
    return run(workDir, command, "besterd ready ", env);
  }

  /** {@code besterd deploy VERTICLE --conf ... --cluster}: a handler-only JVM in the cluster. */
  public static DaemonProcess deploy(Path workDir, JsonObject config, String verticle) throws Exception {
    Path file = writeConfig(workDir, config);
    return run(workDir, List.of(BESTERD.toString(), "deploy", verticle, "--conf", file.toString(), "--cluster"),
        "besterd deployed ", Map.of());
  }

  private static Path writeConfig(Path workDir, JsonObject config) throws IOException {
    Files.createDirectories(workDir);
    Path file = workDir.resolve("besterd.json");
    Files.writeString(file, config.encodePrettily());
    return file;
  }

  private static DaemonProcess run(Path workDir, List<String> command, String readyPrefix, Map<String, String> env)
      throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectError(ProcessBuilder.Redirect.appendTo(workDir.resolve("stderr.log").toFile()));
    builder.environment().putAll(env);
    Process process = builder.start();
    BlockingQueue<String> lines = new ArrayBlockingQueue<>(16);
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = out.readLine()) != null; ) {
          lines.offer(line);
        }
      } catch (IOException ignored) {
        // the process ended
      }
    });
    reader.setDaemon(true);
    reader.start();
    String ready = lines.poll(90, TimeUnit.SECONDS);
    if (ready == null || !ready.startsWith(readyPrefix)) {
      process.destroyForcibly();
      throw new AssertionError("no ready line (got " + ready + "); stderr: "
          + Files.readString(workDir.resolve("stderr.log")));
    }
    return new DaemonProcess(process, ready);
  }

  public int port() {
    return Integer.parseInt(readyLine.substring(readyLine.lastIndexOf(':') + 1).trim());
  }

  public Process process() {
    return process;
  }

  public TestClient login(String user, String password) {
    try {
      TestClient client = new TestClient(BesterClient.tcp("127.0.0.1", port()));
      client.send(TestClient.identify(user, password));
      JsonObject answer = client.next();
      assertEquals("good", answer.getJsonObject("header").getString("status"), answer.encode());
      return client;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGKILL, as a crash. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
  }

  /** A port nothing listens on right now, for configs that need a fixed one (Hazelcast members). */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    assertNotNull(process);
  }
}
