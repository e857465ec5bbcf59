package io.bester.daemon.config;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * One client listener.
 *
 * @param kind    TCP over IPv4, TCP over IPv6, or a UNIX domain socket
 * @param address bind address (IP literal or host name) for TCP, socket path for UNIX
 * @param port    0..65535 for TCP, where 0 asks for any free port; {@link #NO_PORT} for UNIX
 */
public record Listener(ListenerKind kind, String address, int port) {

  /** The port of a UNIX listener, which has none. */
  public static final int NO_PORT = -1;

  public Listener {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(address, "address");
    if (kind == ListenerKind.UNIX ? port != NO_PORT : port < 0 || port > Fields.MAX_PORT) {
      throw new IllegalArgumentException("bad port " + port + " for a " + kind.wireName() + " listener");
    }
  }

  /** Parses the {@code network.<kind>} block. */
  static Listener fromJson(ListenerKind kind, JsonObject json, String path) {
    if (kind == ListenerKind.UNIX) {
      Fields.rejectUnknown(json, path, "address");
      String socketPath = Fields.requireString(json, path, "address");
      return new Listener(kind, Fields.checkPath(Fields.child(path, "address"), socketPath), NO_PORT);
    }
    Fields.rejectUnknown(json, path, "address", "port");
    String address = Fields.requireString(json, path, "address");
    Fields.checkHost(Fields.child(path, "address"), address, kind == ListenerKind.TCP4, kind == ListenerKind.TCP6);
    return new Listener(kind, address, Fields.requirePort(json, path, "port", 0));
  }
}
