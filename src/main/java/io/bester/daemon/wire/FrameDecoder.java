package io.bester.daemon.wire;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.core.streams.ReadStream;

/**
 * Splits a byte stream into Bester frames: {@code [u32 little-endian length N][N bytes]}.
 *
 * <p>The length is checked against the current cap before the parser is switched to read the
 * body, so an oversize frame is refused from its 4-byte prefix alone and nothing of its body is
 * buffered (wire-contract §1). After that the decoder stops: the framing can no longer be trusted.
 *
 * <p>Flow control goes through the underlying {@link RecordParser}: {@link #pause()} stops reading
 * from the source stream, {@link #resume()} starts it again.
 */
public final class FrameDecoder {

  private static final int PREFIX_BYTES = 4;

  private final RecordParser parser;
  private Handler<Buffer> frameHandler = body -> { };
  private Handler<Long> oversizeHandler = length -> { };
  private long maxFrameBytes;
  private boolean readingBody;
  private boolean stopped;

  private FrameDecoder(RecordParser parser, long maxFrameBytes) {
    this.parser = parser;
    this.maxFrameBytes = maxFrameBytes;
    parser.handler(this::onRecord);
  }

  /** A decoder fed by {@code source}; it takes over the source's handler and demand. */
  public static FrameDecoder over(ReadStream<Buffer> source, long maxFrameBytes) {
    return new FrameDecoder(RecordParser.newFixed(PREFIX_BYTES, source), maxFrameBytes);
  }

  /** A decoder fed by hand through {@link #feed(Buffer)}, for tests and in-memory use. */
  public static FrameDecoder detached(long maxFrameBytes) {
    return new FrameDecoder(RecordParser.newFixed(PREFIX_BYTES), maxFrameBytes);
  }

  public FrameDecoder frameHandler(Handler<Buffer> handler) {
    this.frameHandler = handler;
    return this;
  }

  /** Called once, with the declared length, when a prefix exceeds the cap. */
  public FrameDecoder oversizeHandler(Handler<Long> handler) {
    this.oversizeHandler = handler;
    return this;
  }

  public FrameDecoder exceptionHandler(Handler<Throwable> handler) {
    parser.exceptionHandler(handler);
    return this;
  }

  public FrameDecoder endHandler(Handler<Void> handler) {
    parser.endHandler(handler);
    return this;
  }

  /** Changes the cap for frames whose prefix has not been read yet. */
  public void maxFrameBytes(long max) {
    this.maxFrameBytes = max;
  }

  public void feed(Buffer bytes) {
    parser.handle(bytes);
  }

  public void pause() {
    parser.pause();
  }

  public void resume() {
    if (!stopped) {
      parser.resume();
    }
  }

  /** Stops delivering frames for good; the source stays paused. */
  public void stop() {
    stopped = true;
    parser.pause();
  }

  private void onRecord(Buffer record) {
    if (stopped) {
      return;
    }
    if (readingBody) {
      readingBody = false;
      parser.fixedSizeMode(PREFIX_BYTES);
      frameHandler.handle(record);
      return;
    }
    long length = record.getUnsignedIntLE(0);
    if (length > maxFrameBytes) {
      stop();
      oversizeHandler.handle(length);
    } else if (length == 0) {
      // RecordParser refuses a zero-sized record, and an empty frame needs no body read anyway.
      frameHandler.handle(Buffer.buffer());
    } else {
      readingBody = true;
      parser.fixedSizeMode((int) length);
    }
  }
}
