package io.bester.daemon.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} process for tests, on a free loopback port, without persistence
 * ({@code --save "" --appendonly no}): data lives only as long as the process. It can be stopped,
 * frozen (SIGSTOP) and started again on the same port. Every wait is bounded.
 *
 * <p>If {@code redis-server} is not installed the tests fail with a message saying so; they are
 * never skipped ({@code .ci/run} installs it).
 */
public final class RedisServer implements AutoCloseable {

  private static final long START_TIMEOUT_MS = 10_000;
  private static final long STOP_TIMEOUT_MS = 10_000;
  private static final int SOCKET_TIMEOUT_MS = 5_000;

  /** Servers still running when the JVM exits (a test that crashed) are killed then. */
  private static final java.util.Set<Process> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
        "redis-server-reaper"));
  }

  private final String executable;
  private final Path dir;
  private int port;
  private Process process;

  private RedisServer(String executable, Path dir) {
    this.executable = executable;
    this.dir = dir;
  }

  /** Starts a new server on a free loopback port; {@code dir} gets its log. */
  public static RedisServer start(Path dir) {
    String executable = findExecutable();
    RedisServer server = new RedisServer(executable, dir);
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 3; attempt++) { // the free port may be taken before redis binds it
      server.port = freePort();
      try {
        server.startProcess();
        return server;
      } catch (IllegalStateException e) {
        last = e;
      }
    }
    throw last;
  }

  /** A loopback port with nothing listening on it (at the time of the call). */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String findExecutable() {
    for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        Path candidate = Path.of(entry, "redis-server");
        if (Files.isExecutable(candidate)) {
          return candidate.toString();
        }
      }
    }
    fail("redis-server is not installed (not on PATH): the Redis store tests need a real Redis."
        + " Install it, e.g. `apt-get install -y redis-server` (.ci/run does this).");
    throw new AssertionError("unreachable");
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return port;
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Starts the server again on the same port (empty: there is no persistence). */
  public void restart() {
    if (isRunning()) {
      throw new IllegalStateException("redis-server is still running on port " + port);
    }
    startProcess();
  }

  private void startProcess() {
    List<String> command = new ArrayList<>(List.of(executable,
        "--port", String.valueOf(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no",
        "--daemonize", "no", "--dir", dir.toString(),
        "--protected-mode", "yes"));
    Path log = dir.resolve("redis-" + port + ".log");
    try {
      process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
      LIVE.add(process);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + executable + ": " + e.getMessage(), e);
    }
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("redis-server on port " + port + " exited with "
            + process.exitValue() + "; log: " + tail(log));
      }
      try {
        if ("PONG".equals(command("PING"))) {
          return;
        }
      } catch (IOException | RuntimeException e) {
        // not listening yet
      }
      if (System.currentTimeMillis() > deadline) {
        process.destroyForcibly();
        throw new IllegalStateException("redis-server on port " + port + " did not answer PING within "
            + START_TIMEOUT_MS + " ms; log: " + tail(log));
      }
      sleep(20);
    }
  }

  /** Stops the server (SIGTERM, SIGKILL if it lingers) and waits until the process is gone. */
  public void stop() {
    if (process == null) {
      return;
    }
    resume(); // a frozen process would not handle SIGTERM
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    LIVE.remove(process);
    process = null;
  }

  /** Freezes the server (SIGSTOP): connections stay open but nothing is answered. */
  public void freeze() {
    signal("STOP");
  }

  /** Undoes {@link #freeze()} (SIGCONT). */
  public void resume() {
    signal("CONT");
  }

  private void signal(String name) {
    if (process == null || !process.isAlive()) {
      return;
    }
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid()))
          .redirectErrorStream(true).start();
      if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sends one command over a fresh connection and returns the reply: a String for simple and
   * bulk strings (null for a nil), a Long for integers, a List for arrays. An error reply
   * throws IllegalStateException.
   */
  public Object send(String... args) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), SOCKET_TIMEOUT_MS);
      socket.setSoTimeout(SOCKET_TIMEOUT_MS);
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      request.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      for (String arg : args) {
        byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
        request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(bytes);
        request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      OutputStream out = socket.getOutputStream();
      out.write(request.toByteArray());
      out.flush();
      return readReply(new BufferedInputStream(socket.getInputStream()));
    }
  }

  /** {@link #send} for commands answering a string. */
  public String command(String... args) throws IOException {
    Object reply = send(args);
    return reply == null ? null : reply.toString();
  }

  private static Object readReply(InputStream in) throws IOException {
    int type = in.read();
    String line = readLine(in);
    switch (type) {
      case '+':
        return line;
      case '-':
        throw new IllegalStateException("Redis error: " + line);
      case ':':
        return Long.parseLong(line);
      case '$': {
        int length = Integer.parseInt(line);
        if (length < 0) {
          return null;
        }
        byte[] data = in.readNBytes(length + 2);
        if (data.length != length + 2) {
          throw new IOException("short bulk reply");
        }
        return new String(data, 0, length, StandardCharsets.UTF_8);
      }
      case '*': {
        int count = Integer.parseInt(line);
        if (count < 0) {
          return null;
        }
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          items.add(readReply(in));
        }
        return items;
      }
      default:
        throw new IOException("unexpected reply type " + type);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b; (b = in.read()) != -1; ) {
      if (b == '\r') {
        in.read(); // '\n'
        return line.toString(StandardCharsets.UTF_8);
      }
      line.write(b);
    }
    throw new IOException("connection closed in a reply");
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    stop();
  }
}
