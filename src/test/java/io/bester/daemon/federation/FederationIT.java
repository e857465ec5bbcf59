package io.bester.daemon.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.bester.daemon.support.DaemonProcess;
import io.bester.daemon.support.TestAccounts;
import io.bester.daemon.support.TestClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Federation over TCP (§2 server peers, §4.2 sendServers) between daemons as real processes, and
 * with a peer that behaves like the first Bester daemon: one message per connection, no answer.
 */
@Timeout(180)
class FederationIT {

  @TempDir
  static Path dir;
  static Path accounts;
  static DaemonProcess a;
  static DaemonProcess b;
  static DaemonProcess strict;

  @BeforeAll
  static void start() throws Exception {
    accounts = dir.resolve("accounts.json");
    TestAccounts.write(accounts, List.of("alice", "bob"));
    a = DaemonProcess.start(dir.resolve("a"), config("node-a", 0, "shared-secret"));
    b = DaemonProcess.start(dir.resolve("b"), config("node-b", 0, "shared-secret"));
    strict = DaemonProcess.start(dir.resolve("s"), config("node-s", 0, "another-secret"));
  }

  @AfterAll
  static void stop() throws Exception {
    for (DaemonProcess node : new DaemonProcess[] {a, b, strict}) {
      if (node != null) {
        node.close();
      }
    }
  }

  static JsonObject config(String name, int port, String secret) {
    return new JsonObject()
        .put("name", name)
        .put("network", new JsonObject().put("types", new JsonArray().add("tcp4"))
            .put("tcp4", new JsonObject().put("address", "127.0.0.1").put("port", port)))
        .put("database", new JsonObject().put("file", new JsonObject().put("path", accounts.toString())))
        .put("handlers", new JsonObject().put("timeoutMs", 2000)
            .put("verticles", new JsonArray().add(new JsonObject().put("class", "io.bester.examples.RelayHandler"))))
        .put("federation", new JsonObject().put("secret", secret));
  }

  private static JsonObject relay(String server, String to, String text) {
    return new JsonObject().put("servers", new JsonArray().add(server)).put("to", new JsonArray().add(to)).put("text", text);
  }

  @Test
  void relayBothWays() {
    try (TestClient alice = a.login("alice", TestAccounts.PASSWORD); TestClient bob = b.login("bob", TestAccounts.PASSWORD)) {
      for (int i = 0; i < 3; i++) {  // several messages over the same kept-open link
        alice.send(TestClient.message("relay", "ab" + i, relay("127.0.0.1:" + b.port(), "bob", "to b " + i)));
        alice.expectGood("ab" + i);
        JsonObject received = bob.next();
        assertEquals("alice@node-a", received.getJsonObject("header").getString("from"));
        assertEquals("relay", received.getJsonObject("payload").getString("type"));
        assertEquals("to b " + i, received.getJsonObject("payload").getJsonObject("data").getString("text"));
      }
      bob.send(TestClient.message("relay", "ba", relay("127.0.0.1:" + a.port(), "alice", "to a")));
      bob.expectGood("ba");
      assertEquals("bob@node-b", alice.next().getJsonObject("header").getString("from"));
    }
  }

  @Test
  void aWrongSecretIsServerUnreachable() {
    try (TestClient alice = a.login("alice", TestAccounts.PASSWORD)) {
      String target = "127.0.0.1:" + strict.port();
      alice.send(TestClient.message("relay", "w", relay(target, "bob", "x")));
      JsonObject report = alice.expectBad("w", "server_unreachable");
      assertEquals(new JsonArray().add(target), report.getJsonObject("payload").getJsonObject("error").getJsonArray("failed"));
    }
  }

  @Test
  void aPeerDownThenUp() throws Exception {
    int port = DaemonProcess.freePort();
    String target = "127.0.0.1:" + port;
    try (TestClient alice = a.login("alice", TestAccounts.PASSWORD)) {
      alice.send(TestClient.message("relay", "down", relay(target, "bob", "x")));
      alice.expectBad("down", "server_unreachable");
      try (DaemonProcess late = DaemonProcess.start(dir.resolve("late"), config("node-late", port, "shared-secret"));
           TestClient bob = late.login("bob", TestAccounts.PASSWORD)) {
        alice.send(TestClient.message("relay", "up", relay(target, "bob", "now")));
        alice.expectGood("up");
        assertEquals("now", bob.next().getJsonObject("payload").getJsonObject("data").getString("text"));
      }
    }
  }

  @Test
  void aFirstGenerationPeerThatClosesAfterOneMessageTookIt() throws Exception {
    try (ServerSocket legacy = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
         TestClient alice = a.login("alice", TestAccounts.PASSWORD)) {
      CompletableFuture<JsonObject> seen = CompletableFuture.supplyAsync(() -> readOneFrameAndClose(legacy));
      alice.send(TestClient.message("relay", "old", relay("127.0.0.1:" + legacy.getLocalPort(), "bob", "hello old")));
      alice.expectGood("old");
      JsonObject frame = seen.get(10, TimeUnit.SECONDS);
      JsonObject header = frame.getJsonObject("header");
      assertEquals("server", header.getString("scope"));
      assertEquals("node-a", header.getString("name"));
      assertEquals("shared-secret", header.getString("secret"));
      assertEquals("alice", header.getString("from"));
      JsonObject payload = frame.getJsonObject("payload");
      assertEquals("relay", payload.getString("type"));
      assertInstanceOf(String.class, payload.getValue("id"));
      assertEquals("hello old", payload.getJsonObject("data").getString("text"));
    }
  }

  private static JsonObject readOneFrameAndClose(ServerSocket server) {
    try (Socket peer = server.accept()) {
      peer.setSoTimeout(10_000);
      DataInputStream in = new DataInputStream(peer.getInputStream());
      byte[] prefix = new byte[4];
      in.readFully(prefix);
      byte[] body = new byte[ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).getInt()];
      in.readFully(body);
      JsonObject frame = new JsonObject(new String(body, StandardCharsets.UTF_8));
      assertNotNull(frame);
      return frame;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
