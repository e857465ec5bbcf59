package io.bester.daemon.informer;

import io.bester.daemon.config.Informer;
import io.bester.daemon.config.Limits;
import io.bester.daemon.protocol.Names;
import io.bester.daemon.wire.SocketFiles;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.SocketAddress;
import java.nio.file.Path;

/**
 * The informer (§7): handlers ask the daemon about itself, over the event bus at
 * {@value Names#INFORMER_ADDRESS} and, when {@code informer.unixSocket} is set, over a UNIX
 * socket with the usual framing. Both transports share one {@link Queries}.
 *
 * <p>The bus consumer is a normal one, not a local one, so that handler verticles in other
 * JVMs of a cluster can ask too. Every daemon of a cluster registers the same address, so such
 * a handler gets the answer of whichever daemon the bus picks.
 */
public final class InformerVerticle extends VerticleBase {

  private final DaemonView view;
  private final Informer config;
  private final Limits limits;
  private Queries queries;
  private MessageConsumer<Object> consumer;
  private NetServer server;
  private volatile String socketPath;

  public InformerVerticle(DaemonView view, Informer config, Limits limits) {
    this.view = view;
    this.config = config;
    this.limits = limits;
  }

  @Override
  public Future<?> start() {
    queries = new Queries(view);
    consumer = vertx.eventBus().consumer(Names.INFORMER_ADDRESS, this::onBusRequest);
    return consumer.completion().compose(v -> config.unixSocket() == null ? Future.succeededFuture() : listen());
  }

  private Future<Void> listen() {
    // §8: relative paths resolve against the working directory.
    String path = Path.of(config.unixSocket()).toAbsolutePath().toString();
    server = vertx.createNetServer();
    server.connectHandler(socket -> new InformerConnection(socket, queries, limits).start());
    return SocketFiles.removeStale(vertx, path)
        .compose(v -> server.listen(SocketAddress.domainSocketAddress(path)))
        .<Void>map(s -> {
          socketPath = path;
          return null;
        })
        .recover(cause -> Future.failedFuture(new IllegalStateException(
            "cannot listen on informer.unixSocket " + path + ": " + cause.getMessage(), cause)));
  }

  /** On the bus there is no connection to close, so quit is answered like any success. */
  private void onBusRequest(Message<Object> message) {
    queries.answer(message.body()).onComplete(done -> message.reply(
        (done.succeeded() ? done.result() : Answer.error(String.valueOf(done.cause()))).toJson()));
  }

  @Override
  public Future<?> stop() {
    Future<Void> unregistered = consumer == null ? Future.succeededFuture() : consumer.unregister();
    return server == null ? unregistered : Future.all(unregistered, server.close());
  }

  /** The absolute path of the bound socket, or null when there is none. */
  public String socketPath() {
    return socketPath;
  }
}
