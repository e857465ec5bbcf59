package io.bester.daemon.handler;

import io.bester.daemon.handler.HandlerConnection.HandlerTimeout;
import io.bester.daemon.protocol.Names;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.SocketAddress;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The bridge to an external handler (wire-contract §4 item 2, compat with the first Bester
 * daemon): consumes {@code <prefix><type>} and hands each message to the process listening on a
 * UNIX domain socket, one frame out, one frame back, and replies that frame to the event bus.
 *
 * <p>By default every message gets a connection of its own, closed after the answer, which is
 * what the first daemon's handlers expect. With {@code persistent} the connections are kept and
 * reused through a {@link ConnectionPool}.
 *
 * <p>A handler that cannot answer (no socket, refused, closed without answering, an answer that
 * is not JSON) fails the message with {@link Names#FAILURE_HANDLER_FAILED}, so the sender gets
 * {@code handler_failed} at once. A handler that does not answer in time gets no reply from
 * here: the Dispatcher's own timeout answers {@code handler_timeout}, and this side closes the
 * connection so that a late answer is dropped.
 */
public final class ExternalHandlerVerticle extends VerticleBase {

  /** Requests that may wait for a persistent connection before new ones are refused as overloaded. */
  public static final int MAX_WAITING = 10_000;

  private static final Logger LOG = Logger.getLogger(ExternalHandlerVerticle.class.getName());

  private final Settings settings;
  private NetClient client;
  private ConnectionPool pool;
  private MessageConsumer<Object> consumer;

  /**
   * What the bridge needs to know about one external type.
   *
   * @param type          the payload type it serves
   * @param address       event-bus address to consume
   * @param socket        the handler's socket, absolute
   * @param persistent    keep connections open and reuse them
   * @param connections   how many connections to keep at most when persistent
   * @param envelope      wrap the data in the §4.1 envelope
   * @param timeoutMs     the daemon's handler timeout, milliseconds
   * @param maxFrameBytes largest answer accepted, bytes
   * @param maxJsonDepth  deepest JSON nesting accepted in an answer
   */
  public record Settings(String type, String address, Path socket, boolean persistent, int connections,
                         boolean envelope, long timeoutMs, int maxFrameBytes, int maxJsonDepth) {
  }

  public ExternalHandlerVerticle(Settings settings) {
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    client = vertx.createNetClient(new NetClientOptions()
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.timeoutMs())));
    if (settings.persistent()) {
      pool = new ConnectionPool(vertx, this::connect, settings.connections(), MAX_WAITING);
    }
    consumer = vertx.eventBus().consumer(settings.address(), this::onMessage);
    return consumer.completion().onSuccess(v -> HandlerTypes.add(vertx, settings.type()));
  }

  @Override
  public Future<?> stop() {
    if (pool != null) {
      pool.close();
    }
    HandlerTypes.remove(vertx, settings.type());
    return consumer.unregister().transform(ignored -> client.close());
  }

  private void onMessage(Message<Object> message) {
    Buffer frame;
    try {
      frame = RequestFrames.build(message, settings.type(), settings.envelope());
    } catch (RuntimeException e) {
      // e.g. a body that is not JSON at all: only possible from a handler outside the daemon
      message.fail(Names.FAILURE_HANDLER_FAILED, "cannot encode the data for the handler: " + e.getMessage());
      return;
    }
    Future<JsonObject> answer = settings.persistent()
        ? pool.submit(frame, settings.timeoutMs())
        : exchangeOnce(frame);
    answer.onComplete(ar -> {
      if (ar.succeeded()) {
        message.reply(ar.result());
      } else if (ar.cause() instanceof HandlerTimeout) {
        LOG.fine(() -> "external handler '" + settings.type() + "' timed out");
      } else {
        LOG.log(Level.FINE, () -> "external handler '" + settings.type() + "' failed: " + ar.cause().getMessage());
        message.fail(Names.FAILURE_HANDLER_FAILED,
            "the handler for type '" + settings.type() + "' failed: " + ar.cause().getMessage());
      }
    });
  }

  /** The first daemon's way: a connection per message, closed once it answered or failed. */
  private Future<JsonObject> exchangeOnce(Buffer frame) {
    long deadline = System.currentTimeMillis() + settings.timeoutMs();
    return connect().compose(connection -> connection
        .exchange(frame, deadline - System.currentTimeMillis())
        .onComplete(ar -> connection.close()));
  }

  private Future<HandlerConnection> connect() {
    return HandlerConnection.open(vertx, client, SocketAddress.domainSocketAddress(settings.socket().toString()),
        settings.maxFrameBytes(), settings.maxJsonDepth());
  }
}
