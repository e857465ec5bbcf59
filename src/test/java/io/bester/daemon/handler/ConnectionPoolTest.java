package io.bester.daemon.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bester.daemon.handler.HandlerConnection.HandlerFailure;
import io.bester.daemon.handler.HandlerConnection.HandlerTimeout;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The persistent pool's bound on waiting requests, without sockets: a connector that never
 * connects keeps every request waiting, as a handler that accepts nothing would.
 */
@Timeout(30)
class ConnectionPoolTest {

  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void pastTheWaitingBoundRequestsAreRefusedAtOnceAsOverloaded() throws Exception {
    List<Future<JsonObject>> answers = onContext(() -> {
      ConnectionPool pool = new ConnectionPool(vertx, () -> Promise.<HandlerConnection>promise().future(), 1, 3);
      List<Future<JsonObject>> submitted = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        submitted.add(pool.submit(Buffer.buffer(), 60_000));
      }
      return submitted;
    });
    // 1 connecting, 3 waiting, the 5th refused
    for (int i = 0; i < 4; i++) {
      assertFalse(answers.get(i).isComplete(), "request " + i);
    }
    Future<JsonObject> refused = answers.get(4);
    assertTrue(refused.failed());
    assertInstanceOf(HandlerFailure.class, refused.cause());
    assertTrue(refused.cause().getMessage().startsWith("overloaded"), refused.cause().getMessage());
  }

  @Test
  void aWaitingRequestGivesUpAfterItsTimeoutAndTheStopFailsTheRest() throws Exception {
    ConnectionPool[] pool = new ConnectionPool[1];
    List<Future<JsonObject>> answers = onContext(() -> {
      pool[0] = new ConnectionPool(vertx, () -> Promise.<HandlerConnection>promise().future(), 1, 10);
      return List.of(pool[0].submit(Buffer.buffer(), 60_000), pool[0].submit(Buffer.buffer(), 100),
          pool[0].submit(Buffer.buffer(), 60_000));
    });
    Throwable expired = answers.get(1).toCompletionStage().toCompletableFuture()
        .handle((ok, failure) -> failure).get(10, TimeUnit.SECONDS);
    assertInstanceOf(HandlerTimeout.class, expired);
    assertFalse(answers.get(2).isComplete(), "the request behind it still waits");
    onContext(() -> {
      pool[0].close();
      return null;
    });
    assertTrue(answers.get(2).failed(), "close fails the waiting requests");
  }

  /** Runs {@code action} on the pool's event loop, where it lives, and returns its result. */
  private <T> T onContext(java.util.concurrent.Callable<T> action) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    context.runOnContext(v -> {
      try {
        result.complete(action.call());
      } catch (Exception e) {
        result.completeExceptionally(e);
      }
    });
    return result.get(10, TimeUnit.SECONDS);
  }
}
