package io.bester.daemon.handler;

import io.bester.daemon.protocol.HandlerResponse;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * A Java handler that forwards every message unchanged with {@code sendHandler} to the type in
 * its config's {@code next}; deployed from {@code handlers.verticles} by the tests.
 */
public final class ForwardingHandler extends HandlerVerticle {

  public ForwardingHandler() {
    super("forward");
  }

  @Override
  public Future<JsonObject> handle(HandlerRequest request) {
    return Future.succeededFuture(HandlerResponse.sendHandler(config().getString("next"), request.data()));
  }
}
