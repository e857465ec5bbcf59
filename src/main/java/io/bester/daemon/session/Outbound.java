package io.bester.daemon.session;

import io.bester.daemon.protocol.ErrorCode;
import io.bester.daemon.protocol.Replies;
import io.bester.daemon.wire.FrameEncoder;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The write side of one connection. Frames may come from any thread (deliveries from other
 * sessions) and are written in the order they came, batched: every frame queued during one turn
 * of the connection's event loop leaves in one socket write, since a write(2) per frame costs
 * several times the throughput (design notes).
 *
 * <p>It bounds the bytes handed to the socket and not yet sent ({@code maxPendingBytes}, checked
 * before each batch) and the time they may make no progress ({@code writeDeadlineMs}); past
 * either the peer is a slow consumer (§10) and {@code onSlowConsumer} is told, on the
 * connection's context.
 */
final class Outbound {

  /** How long the last frames to a peer that does not read may take to leave before the close (§6). */
  private static final long FATAL_DRAIN_MS = 1000;
  /** Queued bytes, as a multiple of maxPendingBytes, past which the connection cannot keep up. */
  private static final long QUEUE_FACTOR = 8;

  private final Vertx vertx;
  private final Context context;
  private final NetSocket socket;
  private final long maxPendingBytes;
  private final long writeDeadlineMs;
  private final Consumer<ErrorCode> onSlowConsumer;
  private final ConcurrentLinkedQueue<Buffer> queued = new ConcurrentLinkedQueue<>();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicBoolean flushScheduled = new AtomicBoolean();
  /** Bytes handed to the socket and not yet written to the OS; read by other threads. */
  private volatile long pendingBytes;
  private long lastProgress;
  private long deadlineTimer = -1;
  private volatile boolean closed;

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

  /** Queues a frame; may be called from any thread. The buffer is shared and never modified. */
  void write(Buffer frame) {
    if (closed) {
      return;
    }
    // A burst queued within one turn may exceed the limit for a peer that reads; only a queue
    // far past it means the connection's event loop cannot keep up at all.
    if (queuedBytes.addAndGet(frame.length()) > QUEUE_FACTOR * maxPendingBytes) {
      queuedBytes.addAndGet(-frame.length());
      context.runOnContext(v -> slowConsumer());
      return;
    }
    queued.add(frame);
    if (flushScheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> flush());
    }
  }

  /** Writes everything queued so far as one buffer. Runs on the connection's context. */
  private void flush() {
    flushScheduled.set(false);
    Buffer batch = drain();
    if (batch == null || closed) {
      return;
    }
    if (pendingBytes > maxPendingBytes) {
      // what was handed to the socket before has not left: the peer does not read
      slowConsumer();
      return;
    }
    if (pendingBytes == 0) {
      lastProgress = System.currentTimeMillis();
      armDeadline(writeDeadlineMs);
    }
    int length = batch.length();
    pendingBytes += length;
    socket.write(batch).onComplete(ar -> {
      pendingBytes -= length;
      lastProgress = System.currentTimeMillis();
    });
  }

  /** The queued frames as one buffer (a copy when there are several), or null when none. */
  private Buffer drain() {
    Buffer first = queued.poll();
    if (first == null) {
      return null;
    }
    Buffer next = queued.poll();
    if (next == null) {
      queuedBytes.addAndGet(-first.length());
      return first;
    }
    Buffer batch = Buffer.buffer(first.length() + next.length()).appendBuffer(first).appendBuffer(next);
    for (Buffer more = queued.poll(); more != null; more = queued.poll()) {
      batch.appendBuffer(more);
    }
    queuedBytes.addAndGet(-batch.length());
    return batch;
  }

  private void slowConsumer() {
    if (!closed) {
      onSlowConsumer.accept(ErrorCode.SLOW_CONSUMER);
    }
  }

  /** Sends what is queued and a fatal frame, waits at most a second for it to leave, then closes. */
  void closeWithFatal(Object id, ErrorCode code, String message) {
    if (closed) {
      return;
    }
    Buffer before = code == ErrorCode.SLOW_CONSUMER ? null : drain();
    Buffer fatal = FrameEncoder.encode(Replies.fatal(id, code, message));
    Buffer frame = before == null ? fatal : Buffer.buffer().appendBuffer(before).appendBuffer(fatal);
    markClosed();
    endWithin(frame);
  }

  /** Sends what is queued, then closes. */
  void close() {
    if (!closed) {
      Buffer rest = drain();
      markClosed();
      endWithin(rest);
    }
  }

  /**
   * Ends the connection after {@code last}, giving it at most a second to leave. The timer is
   * not cancelled when end() completes: that may be before the close, which waits for the
   * output to leave; closing a channel that is closed already does nothing.
   */
  private void endWithin(Buffer last) {
    vertx.setTimer(FATAL_DRAIN_MS, t -> ForcedClose.close(socket));
    if (last == null) {
      socket.end();
    } else {
      socket.end(last);
    }
  }

  void markClosed() {
    closed = true;
    queued.clear();
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
        slowConsumer();
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
