package io.bester.daemon.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The frame decoder without a socket: every way bytes can be split, and the size limit. */
class FrameDecoderTest {

  private final List<String> frames = new ArrayList<>();
  private final List<Long> oversize = new ArrayList<>();

  private FrameDecoder decoder(long max) {
    return FrameDecoder.detached(max)
        .frameHandler(body -> frames.add(body.toString(StandardCharsets.UTF_8)))
        .oversizeHandler(oversize::add);
  }

  private static Buffer frame(String json) {
    return FrameEncoder.frame(Buffer.buffer(json));
  }

  @Test
  void wholeFrame() {
    decoder(1024).feed(frame("{\"a\":1}"));
    assertEquals(List.of("{\"a\":1}"), frames);
  }

  @Test
  void lengthIsLittleEndian() {
    Buffer bytes = Buffer.buffer().appendBytes(new byte[] {3, 0, 0, 0}).appendString("abc");
    decoder(1024).feed(bytes);
    assertEquals(List.of("abc"), frames);
  }

  @Test
  void splitAtEveryPosition() {
    Buffer two = frame("{\"first\":true}").appendBuffer(frame("{\"second\":\"é\"}"));
    for (int cut = 0; cut <= two.length(); cut++) {
      frames.clear();
      FrameDecoder decoder = decoder(1024);
      decoder.feed(two.getBuffer(0, cut));
      decoder.feed(two.getBuffer(cut, two.length()));
      assertEquals(List.of("{\"first\":true}", "{\"second\":\"é\"}"), frames, "cut at " + cut);
    }
  }

  @Test
  void oneByteAtATime() {
    Buffer bytes = frame("{\"x\":[1,2,3]}").appendBuffer(frame("{}"));
    FrameDecoder decoder = decoder(1024);
    for (int i = 0; i < bytes.length(); i++) {
      decoder.feed(bytes.getBuffer(i, i + 1));
    }
    assertEquals(List.of("{\"x\":[1,2,3]}", "{}"), frames);
  }

  @Test
  void manyFramesInOneBuffer() {
    Buffer bytes = Buffer.buffer();
    for (int i = 0; i < 100; i++) {
      bytes.appendBuffer(frame("{\"n\":" + i + "}"));
    }
    decoder(1024).feed(bytes);
    assertEquals(100, frames.size());
    assertEquals("{\"n\":99}", frames.get(99));
  }

  @Test
  void zeroLengthFrameIsDeliveredEmpty() {
    decoder(1024).feed(Buffer.buffer().appendIntLE(0).appendBuffer(frame("{}")));
    assertEquals(List.of("", "{}"), frames);
  }

  @Test
  void oversizeIsRefusedFromThePrefixAlone() {
    FrameDecoder decoder = decoder(10);
    decoder.feed(Buffer.buffer().appendIntLE(11));
    assertEquals(List.of(11L), oversize);
    decoder.feed(Buffer.buffer("{\"ignored\":1}"));
    assertTrue(frames.isEmpty(), "nothing after an oversize prefix is decoded");
  }

  @Test
  void exactlyTheLimitIsAccepted() {
    decoder(7).feed(frame("{\"a\":1}"));
    assertEquals(List.of("{\"a\":1}"), frames);
  }

  @Test
  void hugeUnsignedLengthIsNotNegative() {
    decoder(1 << 20).feed(Buffer.buffer().appendBytes(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}));
    assertEquals(List.of(0xFFFFFFFFL), oversize);
  }

  @Test
  void capChangeAppliesToTheNextFrame() {
    FrameDecoder decoder = decoder(4);
    decoder.feed(frame("{}"));
    decoder.maxFrameBytes(100);
    decoder.feed(frame("{\"longer\":true}"));
    assertEquals(List.of("{}", "{\"longer\":true}"), frames);
  }
}
