package io.bester.daemon.handler;

import io.bester.daemon.protocol.Names;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

/**
 * Base of a handler verticle: consumes {@code bester.handler.<type>} and replies with what
 * {@link #handle} returns. Deploy several instances, in the daemon's JVM or any JVM of the
 * cluster, and they share the load. The verticle config may set {@code type} and
 * {@code addressPrefix} to override the constructor's type and the default prefix.
 *
 * <p>An exception or failed future is answered at once, so the sender does not wait for the
 * timeout: a {@link HandlerException} is a refusal ({@code handler_error} with its status),
 * anything else a crash ({@code handler_failed}).
 *
 * <p>While its consumer is registered, the instance is counted in {@link HandlerTypes}, which
 * is what the informer lists as this daemon's handlers.
 */
public abstract class HandlerVerticle extends VerticleBase implements BesterHandler {

  private final String defaultType;
  private MessageConsumer<Object> consumer;
  private String registeredType;

  protected HandlerVerticle(String type) {
    this.defaultType = type;
  }

  /** A verticle for {@code type} that runs {@code handler}. */
  public static HandlerVerticle of(String type, BesterHandler handler) {
    return new HandlerVerticle(type) {
      @Override
      public Future<JsonObject> handle(HandlerRequest request) {
        return handler.handle(request);
      }
    };
  }

  public String type() {
    return config().getString("type", defaultType);
  }

  @Override
  public Future<?> start() {
    String address = config().getString("addressPrefix", Names.DEFAULT_HANDLER_PREFIX) + type();
    consumer = vertx.eventBus().consumer(address, this::onMessage);
    return consumer.completion().onSuccess(v -> {
      registeredType = type();
      HandlerTypes.add(vertx, registeredType);
    });
  }

  @Override
  public Future<?> stop() {
    if (registeredType != null) {
      HandlerTypes.remove(vertx, registeredType);
      registeredType = null;
    }
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  private void onMessage(Message<Object> message) {
    Future<JsonObject> response;
    try {
      response = handle(HandlerRequest.of(message));
    } catch (RuntimeException e) {
      response = Future.failedFuture(e);
    }
    response.onComplete(ar -> {
      if (ar.succeeded()) {
        message.reply(ar.result());
      } else if (ar.cause() instanceof HandlerException refused) {
        message.fail(refused.status(), refused.getMessage());
      } else {
        // anything but a deliberate refusal is a crash of the handler: handler_failed (§4.2)
        message.fail(Names.FAILURE_HANDLER_FAILED, "the handler crashed: " + ar.cause());
      }
    });
  }
}
