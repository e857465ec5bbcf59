package io.bester.daemon.wire;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/** Builds frames: a little-endian 32-bit length, then the JSON text as UTF-8. */
public final class FrameEncoder {

  private FrameEncoder() {
  }

  public static Buffer encode(JsonObject json) {
    return frame(json.toBuffer());
  }

  public static Buffer frame(Buffer body) {
    Buffer frame = Buffer.buffer(4 + body.length());
    frame.appendIntLE(body.length());
    frame.appendBuffer(body);
    return frame;
  }
}
