package io.bester.daemon.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bester.daemon.support.DaemonFixture;
import io.bester.daemon.support.TestClient;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Non-JVM handlers through the TCP event-bus bridge: the Python example handler as a real
 * process, and a raw bridge client for what the bridge must refuse.
 */
@Timeout(90)
class BridgeTest {

  @TempDir
  static Path dir;
  static DaemonFixture daemon;
  static Path socket;
  static Process python;

  @BeforeAll
  static void start() throws Exception {
    socket = dir.resolve("bridge.sock");
    daemon = DaemonFixture.start(dir, json -> json.put("bridge", new JsonObject()
        .put("enabled", true).put("unixSocket", socket.toString()).put("secret", "bridge-secret")));
    python = new ProcessBuilder("python3", Path.of("examples/python/shout_handler.py").toAbsolutePath().toString(),
        "--unix", socket.toString(), "--secret", "bridge-secret").redirectErrorStream(true).start();
  }

  @AfterAll
  static void stop() throws Exception {
    python.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    daemon.close();
  }

  @Test
  void pythonHandlerAnswersThroughTheBridge() {
    try (TestClient alice = daemon.login("alice"); TestClient bob = daemon.login("bob")) {
      JsonObject report = null;
      // the handler registers asynchronously after it starts: retry, bounded, while there is none
      for (int attempt = 0; attempt < 100; attempt++) {
        alice.send(TestClient.message("pyshout", attempt, new JsonObject("{\"to\":[\"bob\"],\"text\":\"hello\"}")));
        report = alice.next();
        if (!"no_handler".equals(TestClient.errorCode(report))) {
          break;
        }
        alice.poll(100);
      }
      assertEquals("good", report.getJsonObject("header").getString("status"), report.encode());
      JsonObject data = bob.next().getJsonObject("payload").getJsonObject("data");
      assertEquals(new JsonObject().put("text", "HELLO").put("by", "alice").put("server", "test-node"), data);

      alice.send(TestClient.message("pyshout", "bad", "not an object"));
      assertEquals("2", alice.expectBad("bad", "handler_error").getJsonObject("payload").getJsonObject("error").getValue("status"));
    }
  }

  @Test
  void onlyHandlerAddressesAndTheInformerAreReachable() throws Exception {
    try (RawBridgeClient raw = new RawBridgeClient(socket)) {
      raw.send(new JsonObject().put("type", "send").put("address", "bester.user.bob").put("body", "x")
          .put("headers", new JsonObject().put("bester-secret", "bridge-secret")));
      assertEquals("access_denied", raw.next().getString("message"));
      raw.send(new JsonObject().put("type", "register").put("address", "bester.informer")
          .put("headers", new JsonObject().put("bester-secret", "bridge-secret")));
      assertEquals("access_denied", raw.next().getString("message"));
    }
  }

  @Test
  void framesWithoutTheSecretAreRefused() throws Exception {
    try (RawBridgeClient raw = new RawBridgeClient(socket)) {
      raw.send(new JsonObject().put("type", "register").put("address", "bester.handler.stolen"));
      JsonObject err = raw.next();
      assertEquals("err", err.getString("type"));
      raw.send(new JsonObject().put("type", "register").put("address", "bester.handler.stolen")
          .put("headers", new JsonObject().put("bester-secret", "wrong")));
      assertEquals("err", raw.next().getString("type"));
    }
    try (TestClient alice = daemon.login("alice")) {
      alice.send(TestClient.message("stolen", 1, null));
      alice.expectBad(1, "no_handler");
    }
  }

  /** The bridge's own framing: a 4-byte big-endian length, then JSON. */
  static final class RawBridgeClient implements AutoCloseable {
    private final SocketChannel channel;

    RawBridgeClient(Path path) throws IOException {
      channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      channel.connect(UnixDomainSocketAddress.of(path));
    }

    void send(JsonObject message) throws IOException {
      byte[] body = message.encode().getBytes(StandardCharsets.UTF_8);
      ByteBuffer frame = ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).flip();
      while (frame.hasRemaining()) {
        channel.write(frame);
      }
    }

    JsonObject next() throws IOException {
      ByteBuffer length = read(4);
      return new JsonObject(new String(read(length.getInt()).array(), StandardCharsets.UTF_8));
    }

    private ByteBuffer read(int n) throws IOException {
      ByteBuffer buffer = ByteBuffer.allocate(n);
      while (buffer.hasRemaining()) {
        assertTrue(channel.read(buffer) >= 0, "the bridge closed the connection");
      }
      return buffer.flip();
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
