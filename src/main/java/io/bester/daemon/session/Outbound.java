package io.bester.daemon.session;

import io.bester.daemon.protocol.ErrorCode;
import io.bester.daemon.protocol.Replies;
import io.bester.daemon.wire.FrameEncoder;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import java.util.function.Consumer;

/**
 * The write side of one connection, confined to its context. It bounds the bytes waiting to be
 * sent ({@code maxPendingBytes}) and the time they may make no progress ({@code writeDeadlineMs});
 * past either the peer is a slow consumer (§10) and {@code onSlowConsumer} is told once.
 */
final class Outbound {

  /** How long a fatal frame to a peer that does not read may take to drain (§6). */
  private static final long FATAL_DRAIN_MS = 1000;

  private final Vertx vertx;
  private final Context context;
  private final NetSocket socket;
  private final long maxPendingBytes;
  private final long writeDeadlineMs;
  private final Consumer<ErrorCode> onSlowConsumer;
  private long pendingBytes;
  private long lastProgress;
  private long deadlineTimer = -1;
  private boolean closed;

  Outbound(Vertx vertx, Context context, NetSocket socket, long maxPendingBytes, long writeDeadlineMs,
           Consumer<ErrorCode> onSlowConsumer) {
    this.vertx = vertx;
    this.context = context;
    this.socket = socket;
    this.maxPendingBytes = maxPendingBytes;
    this.writeDeadlineMs = writeDeadlineMs;
    this.onSlowConsumer = onSlowConsumer;
  }

  void write(JsonObject message) {
    write(FrameEncoder.encode(message));
  }

  /** Writes on this connection's context; may be called from any thread. */
  void writeFromAnyThread(Buffer frame) {
    if (Vertx.currentContext() == context) {
      write(frame);
    } else {
      context.runOnContext(v -> write(frame));
    }
  }

  void write(Buffer frame) {
    if (closed) {
      return;
    }
    if (pendingBytes + frame.length() > maxPendingBytes) {
      onSlowConsumer.accept(ErrorCode.SLOW_CONSUMER);
      return;
    }
    if (pendingBytes == 0) {
      lastProgress = System.currentTimeMillis();
      armDeadline(writeDeadlineMs);
    }
    pendingBytes += frame.length();
    int length = frame.length();
    socket.write(frame).onComplete(ar -> {
      pendingBytes -= length;
      lastProgress = System.currentTimeMillis();
    });
  }

  /** Sends a fatal frame, waits at most a second for it to leave, then closes. */
  void closeWithFatal(Object id, ErrorCode code, String message) {
    if (closed) {
      return;
    }
    Buffer frame = FrameEncoder.encode(Replies.fatal(id, code, message));
    closed = true;
    cancelDeadline();
    if (code == ErrorCode.SLOW_CONSUMER || pendingBytes > 0) {
      socket.write(frame);
      long timer = vertx.setTimer(FATAL_DRAIN_MS, t -> socket.close());
      socket.end().onComplete(ar -> vertx.cancelTimer(timer));
    } else {
      socket.end(frame);
    }
  }

  void close() {
    if (!closed) {
      closed = true;
      cancelDeadline();
      socket.end();
    }
  }

  void markClosed() {
    closed = true;
    cancelDeadline();
  }

  boolean isClosed() {
    return closed;
  }

  private void armDeadline(long delayMs) {
    cancelDeadline();
    deadlineTimer = vertx.setTimer(Math.max(1, delayMs), t -> {
      deadlineTimer = -1;
      if (closed || pendingBytes == 0) {
        return;
      }
      long idle = System.currentTimeMillis() - lastProgress;
      if (idle >= writeDeadlineMs) {
        onSlowConsumer.accept(ErrorCode.SLOW_CONSUMER);
      } else {
        armDeadline(writeDeadlineMs - idle);
      }
    });
  }

  private void cancelDeadline() {
    if (deadlineTimer >= 0) {
      vertx.cancelTimer(deadlineTimer);
      deadlineTimer = -1;
    }
  }
}
