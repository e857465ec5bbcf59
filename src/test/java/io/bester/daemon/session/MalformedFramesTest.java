package io.bester.daemon.session;

import static io.bester.daemon.support.TestClient.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.bester.client.BesterClient;
import io.bester.daemon.handler.HandlerVerticle;
import io.bester.daemon.protocol.HandlerResponse;
import io.bester.daemon.support.DaemonFixture;
import io.bester.daemon.support.TestClient;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Bad clients after login: frames that are broken on purpose (§1, §3, §5, §10, §11). */
@Timeout(60)
class MalformedFramesTest {

  static final int MAX_FRAME_BYTES = 1024;
  static final int MAX_JSON_DEPTH = 8;
  static final int MAX_CONSECUTIVE_MALFORMED = 5;

  @TempDir
  static Path dir;
  static DaemonFixture daemon;

  @BeforeAll
  static void start() throws Exception {
    daemon = DaemonFixture.start(dir, json -> json.put("limits", new JsonObject()
        .put("maxFrameBytes", MAX_FRAME_BYTES)
        .put("maxJsonDepth", MAX_JSON_DEPTH)
        .put("maxConsecutiveMalformed", MAX_CONSECUTIVE_MALFORMED)));
    Vertx vertx = daemon.daemon().vertx();
    // answers after data ms, delivering to nobody
    vertx.deployVerticle(HandlerVerticle.of("slow", req -> {
      Promise<JsonObject> reply = Promise.promise();
      vertx.setTimer(((Number) req.data()).longValue(), t -> reply.complete(HandlerResponse.sendClients(List.of(), null)));
      return reply.future();
    })).await(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    daemon.close();
  }

  static byte[] frame(byte[] body) {
    return BesterClient.frame(body);
  }

  static byte[] frame(String body) {
    return frame(body.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] frame(JsonObject message) {
    return frame(message.encode());
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  /** A little-endian length prefix with no body. */
  static byte[] prefix(int length) {
    return bytes(length & 0xFF, (length >> 8) & 0xFF, (length >> 16) & 0xFF, (length >>> 24) & 0xFF);
  }

  /** The only answer to a dummy (§3.1). */
  static JsonObject dummyAnswer(Object id) {
    return new JsonObject().put("header", new JsonObject().put("status", "0"))
        .put("payload", new JsonObject().put("type", "dummy").put("id", id).putNull("data"));
  }

  /** Proves the connection is still open and its malformed count reset. */
  static void expectAlive(TestClient client, Object id) {
    client.send(message("dummy", id, null));
    assertEquals(dummyAnswer(id), client.next());
  }

  static String nested(int levels, String open, String close) {
    return open.repeat(levels) + close.repeat(levels);
  }

  // ---- unreadable frames: malformed, id null, connection stays ------------------------------

  @Test
  void anEmptyFrameIsMalformedAndTheConnectionStays() {
    try (TestClient alice = daemon.login("alice")) {
      alice.sendRaw(bytes(0, 0, 0, 0));
      alice.expectBad(null, "malformed");
      expectAlive(alice, "afterEmpty");
    }
  }

  @Test
  void textThatIsNotOneJsonObjectIsMalformed() {
    String[] bodies = {
        "{\"header\":", "not json", "[{\"header\":{},\"payload\":{\"type\":\"dummy\",\"id\":1}}]", "\"text\"", "42", "null",
        "{\"header\":{},\"payload\":{\"type\":\"dummy\",\"id\":2}} {}", "{'header':{}}",
    };
    try (TestClient alice = daemon.login("alice")) {
      for (int i = 0; i < bodies.length; i++) {
        alice.sendBody(bodies[i]);
        alice.expectBad(null, "malformed");
        expectAlive(alice, i);
      }
    }
  }

  @Test
  void invalidUtf8IsMalformed() {
    byte[] before = "{\"header\":{},\"payload\":{\"type\":\"dummy\",\"id\":\"x".getBytes(StandardCharsets.UTF_8);
    byte[] after = "\"}}".getBytes(StandardCharsets.UTF_8);
    byte[][] invalid = {
        bytes(0xFF), bytes(0x80), bytes(0xC0, 0xAF), bytes(0xE0, 0x80, 0xAF), bytes(0xED, 0xA0, 0x80),
        bytes(0xE2, 0x82), bytes(0xF4, 0x90, 0x80, 0x80), bytes(0xF5, 0x80, 0x80, 0x80),
    };
    try (TestClient alice = daemon.login("alice")) {
      // the same frame with valid UTF-8 (€ and 𝄞) is fine
      alice.sendRaw(frame(concat(before, bytes(0xE2, 0x82, 0xAC, 0xF0, 0x9D, 0x84, 0x9E), after)));
      assertEquals(dummyAnswer("x€𝄞"), alice.next());
      for (int i = 0; i < invalid.length; i++) {
        alice.sendRaw(frame(concat(before, invalid[i], after)));
        alice.expectBad(null, "malformed");
        expectAlive(alice, i);
      }
    }
  }

  @Test
  void duplicateKeysAreMalformed() {
    String[] bodies = {
        "{\"header\":{},\"payload\":{\"type\":\"dummy\",\"id\":1,\"id\":2}}",
        "{\"header\":{},\"header\":{},\"payload\":{\"type\":\"dummy\",\"id\":3}}",
        "{\"header\":{},\"payload\":{\"type\":\"dummy\",\"id\":4,\"data\":[{\"k\":1,\"k\":1}]}}",
    };
    try (TestClient alice = daemon.login("alice")) {
      for (int i = 0; i < bodies.length; i++) {
        alice.sendBody(bodies[i]);
        alice.expectBad(null, "malformed");
        expectAlive(alice, "dup" + i);
      }
    }
  }

  @Test
  void nestingBeyondMaxJsonDepthIsMalformed() {
    // outermost object = 1, payload = 2, so data nested k levels deep reaches depth 2 + k
    int fits = MAX_JSON_DEPTH - 2;
    try (TestClient alice = daemon.login("alice")) {
      alice.sendBody("{\"header\":{},\"payload\":{\"type\":\"dummy\",\"id\":\"arrays\",\"data\":" + nested(fits, "[", "]") + "}}");
      assertEquals(dummyAnswer("arrays"), alice.next(), "depth " + MAX_JSON_DEPTH + " is allowed");
      alice.sendBody("{\"header\":{},\"payload\":{\"type\":\"dummy\",\"id\":\"objects\",\"data\":"
          + nested(fits - 1, "{\"a\":", "}").replace("{\"a\":}", "{\"a\":{}}") + "}}");
      assertEquals(dummyAnswer("objects"), alice.next(), "depth " + MAX_JSON_DEPTH + " is allowed");

      alice.sendBody("{\"header\":{},\"payload\":{\"type\":\"dummy\",\"id\":\"deepArrays\",\"data\":" + nested(fits + 1, "[", "]") + "}}");
      alice.expectBad(null, "malformed");
      alice.sendBody("{\"header\":{},\"payload\":{\"type\":\"dummy\",\"id\":\"deepObjects\",\"data\":"
          + nested(fits, "{\"a\":", "}").replace("{\"a\":}", "{\"a\":{}}") + "}}");
      alice.expectBad(null, "malformed");
      expectAlive(alice, "afterDeep");
    }
  }

  // ---- readable frames with wrong fields: malformed with their id ---------------------------

  @Test
  void wrongPayloadFieldsAreMalformedWithTheIdWhenReadable() {
    Object[][] cases = {
        {"{\"header\":{},\"payload\":\"x\"}", null},
        {"{\"header\":{},\"payload\":[{\"type\":\"dummy\",\"id\":1}]}", null},
        {"{\"header\":{}}", null},
        {"{\"header\":{},\"payload\":null}", null},
        {"{\"header\":{},\"payload\":{\"type\":5,\"id\":\"t1\"}}", "t1"},
        {"{\"payload\":{\"id\":9}}", 9},
        {"{\"header\":{},\"payload\":{\"type\":null,\"id\":\"t3\",\"data\":{}}}", "t3"},
        {"{\"header\":{},\"payload\":{\"type\":[\"dummy\"],\"id\":{\"no\":1}}}", null},
    };
    try (TestClient alice = daemon.login("alice")) {
      for (Object[] c : cases) {
        alice.sendBody((String) c[0]);
        alice.expectBad(c[1], "malformed");
        expectAlive(alice, String.valueOf(c[0]).length());
      }
    }
  }

  // ---- framing --------------------------------------------------------------------------------

  @Test
  void aFrameSplitIntoSingleBytesWorks() {
    try (TestClient alice = daemon.login("alice")) {
      byte[] frame = frame(message("dummy", "split", new JsonObject().put("pad", "x".repeat(50))));
      for (byte b : frame) {
        alice.sendRaw(new byte[] {b});
      }
      assertEquals(dummyAnswer("split"), alice.next());
      assertNull(alice.poll(100));
    }
  }

  @Test
  void severalFramesInOneWriteAllWork() {
    try (TestClient alice = daemon.login("alice"); TestClient bob = daemon.login("bob")) {
      alice.sendRaw(concat(
          frame(message("dummy", 1, null)),
          frame(TestClient.chat(2, "packed", "bob")),
          frame("oops"),
          frame(message("dummy", 4, null)),
          // and the start of a frame, completed by the next write
          new byte[] {frame(message("dummy", 5, null))[0]}));
      assertEquals(dummyAnswer(1), alice.next());
      alice.expectGood(2);
      alice.expectBad(null, "malformed");
      assertEquals(dummyAnswer(4), alice.next());
      byte[] last = frame(message("dummy", 5, null));
      alice.sendRaw(Arrays.copyOfRange(last, 1, last.length));
      assertEquals(dummyAnswer(5), alice.next());
      assertEquals("packed", bob.next().getJsonObject("payload").getJsonObject("data").getString("text"));
    }
  }

  @Test
  void aFrameOfExactlyMaxFrameBytesIsAccepted() {
    try (TestClient alice = daemon.login("alice")) {
      String body = message("dummy", "full", null).encode();
      String padded = body + " ".repeat(MAX_FRAME_BYTES - body.length());
      assertEquals(MAX_FRAME_BYTES, padded.getBytes(StandardCharsets.UTF_8).length);
      alice.sendBody(padded);
      assertEquals(dummyAnswer("full"), alice.next());
    }
  }

  @Test
  void anOversizeFrameIsFatalAfterEarlierMessagesAreAnswered() {
    try (TestClient alice = daemon.login("alice")) {
      alice.sendRaw(concat(
          frame(message("slow", "s1", 300)),
          frame(message("dummy", "d1", null)),
          // only the prefix: the daemon must refuse it without waiting for a body
          prefix(MAX_FRAME_BYTES + 1)));
      alice.expectGood("s1");
      assertEquals(dummyAnswer("d1"), alice.next());
      alice.expectFatal("frame_too_large", null);
    }
  }

  // ---- maxConsecutiveMalformed ----------------------------------------------------------------

  @Test
  void tooManyMalformedInARowCloseTheConnection() {
    byte[][] malformed = {
        bytes(0, 0, 0, 0), frame("{nope"), frame("[]"), frame("{\"a\":1,\"a\":2}"), frame("{\"payload\":7}"),
    };
    try (TestClient alice = daemon.login("alice"); TestClient bob = daemon.login("bob")) {
      for (int round = 0; round < 2; round++) {
        for (int i = 0; i < MAX_CONSECUTIVE_MALFORMED - 1; i++) {
          alice.sendRaw(malformed[i]);
        }
        for (int i = 0; i < MAX_CONSECUTIVE_MALFORMED - 1; i++) {
          alice.expectBad(null, "malformed");
        }
        expectAlive(alice, "reset" + round);
      }

      alice.sendRaw(concat(malformed));
      for (int i = 0; i < MAX_CONSECUTIVE_MALFORMED - 1; i++) {
        alice.expectBad(null, "malformed");
      }
      alice.expectFatal("malformed", null);

      expectAlive(bob, "bobUnaffected");
      bob.send(TestClient.chat("toAlice", "gone?", "alice"));
      JsonObject report = bob.expectGood("toAlice");
      assertEquals(new JsonArray().add("alice"), report.getJsonObject("payload").getJsonArray("offline"));
    }
  }
}
