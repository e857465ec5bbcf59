package io.bester.daemon.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What counts as a malformed frame body (§1, §10, §11). */
class StrictJsonTest {

  private static JsonObject parse(String text, int depth) throws StrictJson.MalformedJsonException {
    return StrictJson.parseObject(Buffer.buffer(text), depth);
  }

  @Test
  void parsesAnObjectWithEveryValueType() throws Exception {
    JsonObject json = parse("{\"s\":\"x\",\"n\":1,\"f\":1.5,\"b\":true,\"z\":null,\"a\":[1,{\"k\":[]}],\"big\":123456789012345678901234567890}", 64);
    assertEquals("x", json.getString("s"));
    assertEquals(1, json.getInteger("n"));
    assertEquals(true, json.getBoolean("b"));
    assertEquals(true, json.containsKey("z"));
    assertEquals("123456789012345678901234567890", json.getValue("big").toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "[]", "\"text\"", "42", "null", "{", "{\"a\":1} x", "{\"a\":1}{}", "{'a':1}",
      "{\"a\":1,\"a\":2}", "{\"o\":{\"k\":1,\"k\":1}}", "{\"a\":tru}", "{\"a\":NaN}"})
  void refuses(String text) {
    assertThrows(StrictJson.MalformedJsonException.class, () -> parse(text, 64));
  }

  @Test
  void depthCountsTheOutermostObjectAsOne() throws Exception {
    parse("{\"a\":{\"b\":[1]}}", 3);
    assertThrows(StrictJson.MalformedJsonException.class, () -> parse("{\"a\":{\"b\":[1]}}", 2));
    parse("{}", 1);
    assertThrows(StrictJson.MalformedJsonException.class, () -> parse("{\"a\":[]}", 1));
  }

  @Test
  void refusesInvalidUtf8() {
    byte[][] bad = {
        {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'},                           // truncated sequence
        {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0x80, '"', '}'},              // overlong NUL
        {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'}, // surrogate
        {'{', '"', 'a', '"', ':', '"', (byte) 0xFF, '"', '}'},                           // never valid
    };
    for (byte[] bytes : bad) {
      assertThrows(StrictJson.MalformedJsonException.class, () -> StrictJson.parseObject(Buffer.buffer(bytes), 64));
    }
  }

  @Test
  void acceptsMultibyteUtf8() throws Exception {
    assertEquals("héllo 🎉", parse("{\"t\":\"héllo 🎉\"}", 64).getString("t"));
  }
}
