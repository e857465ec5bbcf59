package io.bester.daemon.handler;

import io.bester.daemon.handler.HandlerConnection.ClosedUnanswered;
import io.bester.daemon.handler.HandlerConnection.HandlerFailure;
import io.bester.daemon.handler.HandlerConnection.HandlerTimeout;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Kept-open connections to a persistent external handler (wire-contract §4 item 2, §11): up to
 * {@code size} connections, each carrying one request at a time, and a bounded FIFO of requests
 * waiting for one. A kept-open connection that the handler closed under a request is replaced
 * and that request sent once more. Confined to the owning verticle's event loop.
 */
final class ConnectionPool {

  private final Vertx vertx;
  private final Supplier<Future<HandlerConnection>> connector;
  private final int size;
  private final int maxWaiting;
  private final Deque<HandlerConnection> idle = new ArrayDeque<>();
  /** Every connection that counts against {@code size}: idle or carrying a request. */
  private final Set<HandlerConnection> live = new HashSet<>();
  /** Insertion-ordered for FIFO service, and a set so that an expired request leaves in O(1). */
  private final LinkedHashSet<Request> waiting = new LinkedHashSet<>();
  private int connecting;
  private boolean closed;

  ConnectionPool(Vertx vertx, Supplier<Future<HandlerConnection>> connector, int size, int maxWaiting) {
    this.vertx = vertx;
    this.connector = connector;
    this.size = size;
    this.maxWaiting = maxWaiting;
  }

  /** Sends {@code frame} on the next free connection; the answer, or why there is none, within {@code timeoutMs}. */
  Future<JsonObject> submit(Buffer frame, long timeoutMs) {
    Request request = new Request(frame, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs));
    if (closed) {
      request.promise.fail(new HandlerFailure("the daemon is stopping"));
    } else if (!idle.isEmpty()) {
      send(idle.pop(), request);
    } else if (live.size() + connecting < size) {
      connectAndSend(request);
    } else if (waiting.size() >= maxWaiting) {
      request.promise.fail(new HandlerFailure("overloaded: " + maxWaiting + " requests are already waiting for the handler"));
    } else {
      waiting.add(request);
      request.timer = vertx.setTimer(Math.max(1, timeoutMs), id -> {
        if (waiting.remove(request)) {
          request.promise.fail(new HandlerTimeout("no handler connection became free in time"));
        }
      });
    }
    return request.promise.future();
  }

  /** Fails the waiting requests and closes every connection; requests on the wire fail as their connection closes. */
  void close() {
    closed = true;
    for (Request request : new ArrayList<>(waiting)) {
      vertx.cancelTimer(request.timer);
      request.promise.fail(new HandlerFailure("the daemon is stopping"));
    }
    waiting.clear();
    new ArrayList<>(live).forEach(HandlerConnection::close);
  }

  private void connectAndSend(Request request) {
    connecting++;
    connector.get().onComplete(ar -> {
      connecting--;
      if (ar.failed()) {
        request.promise.fail(ar.cause());
        serveWaiting();
        return;
      }
      HandlerConnection connection = ar.result();
      if (closed) {
        connection.close();
        request.promise.fail(new HandlerFailure("the daemon is stopping"));
        return;
      }
      live.add(connection);
      // An idle connection that the handler closes just leaves the pool; the next request opens a new one.
      connection.closeHandler(v -> {
        if (idle.remove(connection)) {
          live.remove(connection);
        }
      });
      send(connection, request);
    });
  }

  private void send(HandlerConnection connection, Request request) {
    long remainingMs = TimeUnit.NANOSECONDS.toMillis(request.deadline - System.nanoTime());
    if (remainingMs <= 0) {
      request.promise.fail(new HandlerTimeout("no handler connection became free in time"));
      release(connection);
      return;
    }
    boolean keptOpen = connection.answered() > 0;
    connection.exchange(request.frame, remainingMs).onComplete(ar -> {
      if (ar.succeeded()) {
        request.promise.complete(ar.result());
        release(connection);
        return;
      }
      live.remove(connection);  // a failed exchange has closed it
      if (ar.cause() instanceof ClosedUnanswered && keptOpen && !request.retried && !closed) {
        request.retried = true;
        connectAndSend(request);  // takes the slot the closed connection just gave back
      } else {
        request.promise.fail(ar.cause());
        serveWaiting();
      }
    });
  }

  /** A connection that just answered serves the oldest waiting request, or goes idle. */
  private void release(HandlerConnection connection) {
    if (!connection.isOpen()) {
      live.remove(connection);
      serveWaiting();
      return;
    }
    Request next = pollWaiting();
    if (next != null) {
      send(connection, next);
    } else {
      idle.push(connection);
    }
  }

  /** After a connection went away: open replacements for waiting requests, up to the size. */
  private void serveWaiting() {
    while (!waiting.isEmpty() && !closed && live.size() + connecting < size) {
      connectAndSend(pollWaiting());
    }
  }

  private Request pollWaiting() {
    Iterator<Request> oldest = waiting.iterator();
    if (!oldest.hasNext()) {
      return null;
    }
    Request request = oldest.next();
    oldest.remove();
    vertx.cancelTimer(request.timer);
    return request;
  }

  private static final class Request {
    final Buffer frame;
    final long deadline;
    final Promise<JsonObject> promise = Promise.promise();
    long timer = -1;
    boolean retried;

    Request(Buffer frame, long deadline) {
      this.frame = frame;
      this.deadline = deadline;
    }
  }
}
