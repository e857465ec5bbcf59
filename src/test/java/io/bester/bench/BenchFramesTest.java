package io.bester.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bench's messages are contract messages with S bytes of data, and its scanner reads them back. */
class BenchFramesTest {

  @Test
  void aMessageCarriesPairSequenceAndTimeInExactlySBytesOfData() {
    Buffer out = Buffer.buffer();
    new BenchFrames.MessageWriter(3, List.of("bench-r3"), 128).append(out, 41, -1234567890123L);
    int length = out.getIntLE(0);
    assertEquals(out.length() - 4, length);
    byte[] body = out.getBytes(4, out.length());
    JsonObject message = new JsonObject(new String(body, StandardCharsets.UTF_8));
    JsonObject payload = message.getJsonObject("payload");
    assertEquals("chat", payload.getString("type"));
    assertEquals(41, payload.getInteger("id"));
    JsonObject data = payload.getJsonObject("data");
    assertEquals(128, data.encode().length());
    assertEquals("bench-r3", data.getJsonArray("to").getString(0));
    assertEquals(3L, BenchFrames.longAfter(body, BenchFrames.KEY_PAIR));
    assertEquals(41L, BenchFrames.longAfter(body, BenchFrames.KEY_SEQ));
    assertEquals(-1234567890123L, BenchFrames.longAfter(body, BenchFrames.KEY_TIME));
    assertEquals(41L, BenchFrames.longAfter(body, BenchFrames.KEY_ID));
    assertArrayEquals(new long[] {3, 41, -1234567890123L}, BenchFrames.stamp(body));
  }

  @Test
  void aDeliveryIsReadAfterTheDaemonReencodedIt() {
    Buffer out = Buffer.buffer();
    new BenchFrames.MessageWriter(0, List.of("bench-r0"), 64).append(out, 7, 99);
    JsonObject data = new JsonObject(out.getString(4, out.length())).getJsonObject("payload").getJsonObject("data");
    JsonObject delivery = new JsonObject().put("header", new JsonObject().put("messageType", "receivedMessage")
        .put("from", "bench-s0")).put("payload", new JsonObject().put("type", "chat").put("data", data));
    assertArrayEquals(new long[] {0, 7, 99}, BenchFrames.stamp(delivery.encode().getBytes(StandardCharsets.UTF_8)));
    assertNull(BenchFrames.stamp("{\"bp\":1,\"bt\":2}".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aMissingKeyIsReportedAsMissing() {
    byte[] body = "{\"header\":{\"status\":\"good\"},\"payload\":{\"id\":null}}".getBytes(StandardCharsets.UTF_8);
    assertEquals(BenchFrames.MISSING, BenchFrames.longAfter(body, BenchFrames.KEY_SEQ));
    assertEquals(BenchFrames.MISSING, BenchFrames.longAfter(body, BenchFrames.KEY_ID));
  }
}
