package io.bester.daemon.routing;

import io.bester.daemon.protocol.ErrorCode;
import io.bester.daemon.protocol.HandlerResponse;
import io.bester.daemon.protocol.Names;
import io.bester.daemon.protocol.ProtocolException;
import io.bester.daemon.protocol.Replies;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;

/**
 * Hands one message's data to the handler of its type, at {@code <prefix><type>} on the event
 * bus, and turns the reply or its absence into a {@link HandlerResponse} or a
 * {@link RoutingException} carrying the contract's code (§4, §4.2).
 */
public final class Dispatcher {

  private final EventBus eventBus;
  private final String addressPrefix;
  private final long timeoutMs;
  private final Supplier<String> serverName;

  public Dispatcher(EventBus eventBus, String addressPrefix, long timeoutMs, Supplier<String> serverName) {
    this.eventBus = eventBus;
    this.addressPrefix = addressPrefix;
    this.timeoutMs = timeoutMs;
    this.serverName = serverName;
  }

  /**
   * A handler in this JVM is asked first, the rest of the cluster only when there is none here:
   * cheaper, and a member that just died cannot swallow requests for a type this daemon serves
   * itself. Instances of a type in one JVM share its load; a type served only elsewhere is
   * shared by all the JVMs that have it.
   */
  public Future<HandlerResponse> dispatch(String type, String user, String idText, Object data) {
    return request(type, user, idText, data, true)
        .recover(cause -> isNoHandlers(cause) ? request(type, user, idText, data, false) : Future.failedFuture(cause))
        .transform(ar -> ar.succeeded() ? parse(type, ar.result().body()) : Future.failedFuture(failure(type, ar.cause())));
  }

  private static boolean isNoHandlers(Throwable cause) {
    return cause instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS;
  }

  private Future<Message<Object>> request(String type, String user, String idText, Object data, boolean localOnly) {
    DeliveryOptions options = new DeliveryOptions()
        .setSendTimeout(timeoutMs)
        .setLocalOnly(localOnly)
        .addHeader(Names.HEADER_USER, user)
        .addHeader(Names.HEADER_TYPE, type);
    String server = serverName.get();
    if (server != null) {
      options.addHeader(Names.HEADER_SERVER, server);
    }
    if (idText != null) {
      options.addHeader(Names.HEADER_ID, idText);
    }
    try {
      return eventBus.request(addressPrefix + type, data, options);
    } catch (RuntimeException e) {
      // e.g. a data value the event bus has no codec for
      return Future.failedFuture(new RoutingException(ErrorCode.HANDLER_FAILED, "cannot hand the data to a handler: " + e.getMessage()));
    }
  }

  private static Future<HandlerResponse> parse(String type, Object body) {
    try {
      Object json = body instanceof String text ? new JsonObject(text) : body;
      return Future.succeededFuture(HandlerResponse.parse(json));
    } catch (ProtocolException | RuntimeException e) {
      return Future.failedFuture(new RoutingException(ErrorCode.HANDLER_FAILED,
          "the handler for type '" + type + "' gave an unreadable response: " + e.getMessage()));
    }
  }

  private RoutingException failure(String type, Throwable cause) {
    if (cause instanceof RoutingException routing) {
      return routing;
    }
    if (!(cause instanceof ReplyException reply)) {
      return new RoutingException(ErrorCode.HANDLER_FAILED, "the handler for type '" + type + "' failed: " + cause.getMessage());
    }
    switch (reply.failureType()) {
      case NO_HANDLERS:
        return new RoutingException(ErrorCode.NO_HANDLER, "no handler for type '" + type + "'");
      case TIMEOUT:
        return new RoutingException(ErrorCode.HANDLER_TIMEOUT, "the handler for type '" + type + "' did not answer within " + timeoutMs + " ms");
      case RECIPIENT_FAILURE:
        if (reply.failureCode() == Names.FAILURE_HANDLER_FAILED) {
          return new RoutingException(ErrorCode.HANDLER_FAILED, reply.getMessage() == null
              ? "the handler for type '" + type + "' failed" : reply.getMessage());
        }
        return new RoutingException(Replies.error(ErrorCode.HANDLER_ERROR,
            reply.getMessage() == null ? "the handler for type '" + type + "' failed" : reply.getMessage())
            .put("status", reply.failureCode()));
      default:
        return new RoutingException(ErrorCode.HANDLER_FAILED, "the handler for type '" + type + "' failed: " + reply.getMessage());
    }
  }
}
