package io.bester.daemon;

import io.bester.daemon.session.ListenerVerticle;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** The default daemon name (§11): {@code <host name>-<first listener port>}, never with a colon. */
final class DefaultName {

  private DefaultName() {
  }

  /** May look the host name up: call it before the event loops run, not on one. */
  static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  static String of(String host, List<ListenerVerticle> listeners) {
    String first = listeners.isEmpty() ? "" : listeners.get(0).boundAddress();
    int colon = first.lastIndexOf(':');
    String port = first.startsWith("unix:") || colon < 0 ? "unix" : first.substring(colon + 1);
    return host.replace(':', '-') + "-" + port;
  }
}
