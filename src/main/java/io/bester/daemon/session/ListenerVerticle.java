package io.bester.daemon.session;

import io.bester.daemon.config.Listener;
import io.bester.daemon.config.ListenerKind;
import io.bester.daemon.protocol.ErrorCode;
import io.bester.daemon.protocol.Replies;
import io.bester.daemon.wire.FrameEncoder;
import io.bester.daemon.wire.SocketFiles;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One listener of the {@code network} config (§8): a NetServer on TCP (v4 or v6) or a UNIX
 * socket. All three kinds share one {@link Session} state machine.
 */
public final class ListenerVerticle extends VerticleBase {

  private final Listener listener;
  private final SessionServices services;
  private final Set<Session> sessions = new HashSet<>();
  private NetServer server;
  private boolean accepting = true;
  private String boundAddress;

  public ListenerVerticle(Listener listener, SessionServices services) {
    this.listener = listener;
    this.services = services;
  }

  @Override
  public Future<?> start() {
    server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true));
    server.connectHandler(this::accept);
    if (listener.kind() != ListenerKind.UNIX) {
      return listen(SocketAddress.inetSocketAddress(listener.port(), listener.address()));
    }
    String path = socketPath().toString();
    return SocketFiles.removeStale(vertx, path).compose(v -> listen(SocketAddress.domainSocketAddress(path)));
  }

  private Future<?> listen(SocketAddress address) {
    return server.listen(address)
        .onSuccess(s -> boundAddress = describe(s.actualPort()))
        .recover(cause -> Future.failedFuture(new IllegalStateException(
            "cannot listen on " + listener.kind().wireName() + " " + describeConfigured() + ": " + cause.getMessage(), cause)));
  }

  private String describeConfigured() {
    return listener.kind() == ListenerKind.UNIX ? socketPath().toString() : listener.address() + ":" + listener.port();
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** As printed in the ready line (§9): tcp4://127.0.0.1:40123, tcp6://[::1]:40124, unix:///abs/path. */
  public String boundAddress() {
    return boundAddress;
  }

  public Listener listener() {
    return listener;
  }

  /**
   * Shutdown, first half (§9): stop accepting, stop reading, and complete once every session has
   * answered what it read. Sessions keep receiving meanwhile, so messages in flight still reach
   * them, from this listener's sessions or another's.
   */
  public Future<Void> quiesce() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      accepting = false;
      List<Future<Void>> answered = new ArrayList<>();
      for (Session session : List.copyOf(sessions)) {
        answered.add(session.quiesce());
      }
      Future.all(answered).onComplete(all -> done.complete());
    });
    return done.future();
  }

  /**
   * Shutdown, second half: shutting_down to every session, and the server is closed only then:
   * closing a Vert.x server closes its connections too.
   */
  public Future<Void> finishShutdown() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      List<Future<Void>> ended = new ArrayList<>();
      for (Session session : List.copyOf(sessions)) {
        ended.add(session.sendShuttingDown());
      }
      Future.all(ended).onComplete(all -> server.close().onComplete(closed -> done.complete()));
    });
    return done.future();
  }

  private void accept(NetSocket socket) {
    if (!accepting) {
      socket.close();
      return;
    }
    if (!services.stats().tryOpen(services.limits().maxConnections(), services.limits().maxUnidentified())) {
      services.stats().refused(ErrorCode.TOO_MANY_CONNECTIONS.wireName());
      socket.end(FrameEncoder.encode(Replies.fatal(null, ErrorCode.TOO_MANY_CONNECTIONS,
          "this daemon has too many connections")));
      return;
    }
    Session session = new Session(vertx, socket, services);
    sessions.add(session);
    socket.closeHandler(v -> {
      sessions.remove(session);
      session.onClosed();
    });
    session.start();
  }

  private Path socketPath() {
    return Path.of(listener.address()).toAbsolutePath();
  }

  private String describe(int port) {
    switch (listener.kind()) {
      case UNIX:
        return "unix://" + socketPath();
      case TCP6:
        return "tcp6://[" + listener.address() + "]:" + port;
      default:
        return "tcp4://" + listener.address() + ":" + port;
    }
  }
}
