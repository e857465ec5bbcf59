package io.bester.daemon.handler;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * A message handler in Java: turns a request into a handler response (§4.2), built with
 * {@link io.bester.daemon.protocol.HandlerResponse#sendClients}, {@code sendServers} or
 * {@code sendHandler}. Fail with a {@link HandlerException} to answer {@code handler_error}.
 */
@FunctionalInterface
public interface BesterHandler {

  Future<JsonObject> handle(HandlerRequest request);
}
