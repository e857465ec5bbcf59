package io.bester.daemon.wire;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.SocketAddress;

/** The file of a UNIX domain socket, before a server binds it. */
public final class SocketFiles {

  /** How long a probe waits for a connection to an existing socket file, milliseconds. */
  private static final int PROBE_TIMEOUT_MS = 1_000;

  private SocketFiles() {
  }

  /**
   * Deletes a socket file that a dead process left behind, which would make the bind fail.
   * A socket that still accepts connections belongs to a live process: the future fails and
   * the file stays, rather than silently taking the address from that process. A path that
   * does not exist, or is not a socket, is left for the bind to deal with.
   */
  public static Future<Void> removeStale(Vertx vertx, String path) {
    return vertx.fileSystem().lprops(path).transform(props -> {
      if (props.failed() || !props.result().isOther()) {
        return Future.succeededFuture();
      }
      return removeUnlessLive(vertx, path);
    });
  }

  private static Future<Void> removeUnlessLive(Vertx vertx, String path) {
    NetClient probe = vertx.createNetClient(new NetClientOptions().setConnectTimeout(PROBE_TIMEOUT_MS));
    return probe.connect(SocketAddress.domainSocketAddress(path))
        .transform(connected -> {
          if (connected.succeeded()) {
            return connected.result().close().transform(closed -> Future.<Void>failedFuture(
                new IllegalStateException("another process is listening on " + path)));
          }
          return vertx.fileSystem().delete(path);
        })
        .eventually(probe::close);
  }
}
