package io.bester.daemon.routing;

import io.bester.daemon.protocol.ClientMessage;
import io.bester.daemon.protocol.Command;
import io.bester.daemon.protocol.ErrorCode;
import io.bester.daemon.protocol.HandlerResponse;
import io.bester.daemon.protocol.Replies;
import io.bester.daemon.wire.FrameEncoder;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Routes one message: dispatch to its handler, follow {@code sendHandler} forwards up to the hop
 * limit, and prepare the {@link Execution} of the final command. Handling runs concurrently;
 * only the execution is left for the session to run in order.
 */
public final class Router {

  private final Dispatcher dispatcher;
  private final ClientDelivery clients;
  private final ServerForwarding servers;
  private final int maxHops;

  public Router(Dispatcher dispatcher, ClientDelivery clients, ServerForwarding servers, int maxHops) {
    this.dispatcher = dispatcher;
    this.clients = clients;
    this.servers = servers;
    this.maxHops = maxHops;
  }

  /** Never fails: every problem becomes an execution that reports it. */
  public Future<Execution> route(Origin origin, ClientMessage message) {
    return hop(origin, message, message.type(), message.data(), 0)
        .otherwise(cause -> Execution.report(Replies.bad(message.id(), errorOf(cause))));
  }

  private Future<Execution> hop(Origin origin, ClientMessage message, String type, Object data, int hops) {
    return dispatcher.dispatch(type, origin.from(), message.idText(), data)
        .compose(response -> {
          if (!response.succeeded()) {
            return Future.failedFuture(new RoutingException(Replies.error(ErrorCode.HANDLER_ERROR,
                "the handler for type '" + type + "' answered with an error status").put("status", response.status())));
          }
          if (response.command() instanceof Command.SendHandler next) {
            if (hops >= maxHops) {
              return Future.failedFuture(new RoutingException(ErrorCode.HANDLER_LOOP,
                  "more than " + maxHops + " sendHandler forwards"));
            }
            return hop(origin, message, next.type(), response.data(), hops + 1);
          }
          return Future.succeededFuture(execution(origin, message.id(), type, response));
        });
  }

  private Execution execution(Origin origin, Object id, String type, HandlerResponse response) {
    Command command = response.command();
    if (command instanceof Command.SendClients send) {
      Buffer frame = FrameEncoder.encode(Replies.received(origin.from(), type, response.data()));
      return () -> clients.deliver(send.users(), frame)
          .map(result -> Replies.delivered(id, result.delivered(), result.offline()));
    }
    if (command instanceof Command.SendServers send) {
      ServerForwarding.Forward forward = new ServerForwarding.Forward(origin.from(), type, response.data());
      return () -> servers.forward(send.targets(), forward)
          .map(failed -> failed.isEmpty() ? Replies.good(id) : Replies.bad(id,
              Replies.error(ErrorCode.SERVER_UNREACHABLE, "not every server took the message")
                  .put("failed", new JsonArray(failed))));
    }
    String description = command instanceof Command.Invalid invalid ? invalid.description() : "unsupported command";
    return Execution.report(Replies.bad(id, ErrorCode.BAD_COMMAND, description));
  }

  private static JsonObject errorOf(Throwable cause) {
    return cause instanceof RoutingException routing ? routing.error()
        : Replies.error(ErrorCode.HANDLER_FAILED, String.valueOf(cause.getMessage()));
  }
}
