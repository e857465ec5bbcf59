package io.bester.daemon.session;

import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

/**
 * Closes a connection now, dropping what it could not send.
 *
 * <p>Vert.x 5's public {@code close()} and {@code end()} first flush pending output; to a peer
 * that does not read, that never completes, and the connection would stay open for ever. The
 * contract wants a slow consumer's fatal frame given at most a second, then the close (§6), so
 * this is the one place that reaches below the public API, to the Netty channel.
 */
final class ForcedClose {

  private ForcedClose() {
  }

  static void close(NetSocket socket) {
    if (socket instanceof NetSocketInternal internal) {
      // from Vert.x's own handler context towards the head: its close() override, which waits
      // for the output to leave, is not in the way
      internal.channelHandlerContext().close();
    } else {
      socket.close();
    }
  }
}
