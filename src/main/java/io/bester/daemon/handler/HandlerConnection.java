package io.bester.daemon.handler;

import io.bester.daemon.wire.FrameDecoder;
import io.bester.daemon.wire.StrictJson;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;

/**
 * One connection to an external handler's UNIX socket, carrying one request at a time: write a
 * frame, read one frame back (wire-contract §1 framing, size capped before the body is read),
 * parse it strictly. Confined to the event loop of the verticle that opened it.
 *
 * <p>Any failure closes the connection, so a connection is reused only after a clean answer: a
 * handler that timed out, sent garbage or crashed is never trusted with another request, and a
 * late answer finds the connection gone.
 */
final class HandlerConnection {

  private final Vertx vertx;
  private final NetSocket socket;
  private final int maxJsonDepth;
  private Promise<JsonObject> pending;
  private long timer = -1;
  private boolean open = true;
  private int answered;
  private Handler<Void> closeHandler = v -> { };

  private HandlerConnection(Vertx vertx, NetSocket socket, int maxFrameBytes, int maxJsonDepth) {
    this.vertx = vertx;
    this.socket = socket;
    this.maxJsonDepth = maxJsonDepth;
    FrameDecoder.over(socket, maxFrameBytes)
        .frameHandler(this::onFrame)
        .oversizeHandler(length -> fail(new HandlerFailure(
            "the handler answered with a frame of " + length + " bytes, more than " + maxFrameBytes)))
        .exceptionHandler(e -> fail(new HandlerFailure("reading the handler's answer failed: " + e.getMessage())));
    socket.exceptionHandler(e -> fail(new HandlerFailure("the handler connection failed: " + e.getMessage())));
    socket.closeHandler(v -> onClosed());
  }

  /** Connects; a socket file that is missing or refuses fails the future at once. */
  static Future<HandlerConnection> open(Vertx vertx, NetClient client, SocketAddress address, int maxFrameBytes,
                                        int maxJsonDepth) {
    return client.connect(address)
        .recover(cause -> Future.failedFuture(new HandlerFailure(
            "cannot connect to the handler socket " + address.path() + ": " + cause.getMessage())))
        .map(socket -> new HandlerConnection(vertx, socket, maxFrameBytes, maxJsonDepth));
  }

  /**
   * Sends one request frame and completes with the parsed answer. Fails with
   * {@link HandlerTimeout} after {@code timeoutMs}, with {@link ClosedUnanswered} when the
   * handler closes the connection (or it was already closed) before answering, else with a
   * {@link HandlerFailure}.
   */
  Future<JsonObject> exchange(Buffer frame, long timeoutMs) {
    if (pending != null) {
      throw new IllegalStateException("one request at a time on a handler connection");
    }
    if (!open) {
      return Future.failedFuture(new ClosedUnanswered("the handler had closed the connection"));
    }
    Promise<JsonObject> answer = Promise.promise();
    pending = answer;
    timer = vertx.setTimer(Math.max(1, timeoutMs), id -> {
      timer = -1;
      fail(new HandlerTimeout("no answer within the handler timeout"));
    });
    // A write that fails never reached the handler, so it is as safe to retry as a closed socket.
    socket.write(frame).onFailure(e -> fail(new ClosedUnanswered("cannot write to the handler: " + e.getMessage())));
    return answer.future();
  }

  boolean isOpen() {
    return open;
  }

  /** How many requests were answered on this connection: above 0, it was kept open for reuse. */
  int answered() {
    return answered;
  }

  /** Called once when the socket closes, whoever closed it. */
  HandlerConnection closeHandler(Handler<Void> handler) {
    this.closeHandler = handler;
    return this;
  }

  void close() {
    if (open) {
      open = false;
      socket.close();
    }
  }

  private void onFrame(Buffer body) {
    if (pending == null) {
      // An answer nobody asked for: the handler and the daemon disagree about the exchange.
      close();
      return;
    }
    JsonObject answer;
    try {
      answer = StrictJson.parseObject(body, maxJsonDepth);
    } catch (StrictJson.MalformedJsonException e) {
      fail(new HandlerFailure("the handler's answer is not a JSON object: " + e.getMessage()));
      return;
    }
    Promise<JsonObject> done = takePending();
    answered++;
    done.complete(answer);
  }

  private void onClosed() {
    open = false;
    fail(new ClosedUnanswered("the handler closed the connection without answering"));
    closeHandler.handle(null);
  }

  private void fail(HandlerFailure cause) {
    close();
    if (pending != null) {
      takePending().fail(cause);
    }
  }

  private Promise<JsonObject> takePending() {
    Promise<JsonObject> taken = pending;
    pending = null;
    if (timer != -1) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    return taken;
  }

  /** Why an external handler could not answer; its message goes to the sender as is. */
  static class HandlerFailure extends RuntimeException {
    HandlerFailure(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * The handler closed the connection (or it could not be written to) before answering. On a
   * kept-open connection this is most likely the handler's idle close racing our request, which
   * is why the pool retries it once (wire-contract §11).
   */
  static final class ClosedUnanswered extends HandlerFailure {
    ClosedUnanswered(String message) {
      super(message);
    }
  }

  /** No answer in time; the Dispatcher has already told the sender {@code handler_timeout}. */
  static final class HandlerTimeout extends HandlerFailure {
    HandlerTimeout(String message) {
      super(message);
    }
  }
}
