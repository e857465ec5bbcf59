package io.bester.daemon.federation;

import io.vertx.core.net.SocketAddress;

/** A sendServers target that is not a cluster member: {@code host:port} or {@code [ipv6]:port}. */
record PeerTarget(String text, String host, int port) {

  /** Null when the text is not of that form. */
  static PeerTarget parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      return null;
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      return null;  // an IPv6 address must be bracketed, or its port cannot be told apart
    }
    String port = text.substring(colon + 1);
    if (host.isEmpty() || !port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
      return null;
    }
    return new PeerTarget(text, host, Integer.parseInt(port));
  }

  SocketAddress address() {
    return SocketAddress.inetSocketAddress(port, host);
  }
}
