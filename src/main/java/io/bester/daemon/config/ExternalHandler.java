package io.bester.daemon.config;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * A message handler living in another process, reached over a UNIX domain socket.
 *
 * @param handlerBinary        program the daemon starts for this handler, or null when the
 *                             handler is started by someone else and only listens on the socket
 * @param unixDomainSocketPath socket the handler listens on
 * @param persistent           whether connections to the handler are kept open and reused
 * @param envelope             whether messages are wrapped in the daemon's envelope
 * @param connections          size of the connection pool when persistent
 */
public record ExternalHandler(String handlerBinary, String unixDomainSocketPath, boolean persistent, boolean envelope,
                              int connections) {

  /** Default for {@code persistent}. */
  public static final boolean DEFAULT_PERSISTENT = false;
  /** Default for {@code envelope}. */
  public static final boolean DEFAULT_ENVELOPE = false;
  /** Connections per persistent handler. */
  public static final int DEFAULT_CONNECTIONS = 4;

  public ExternalHandler {
    Objects.requireNonNull(unixDomainSocketPath, "unixDomainSocketPath");
  }

  public static ExternalHandler fromJson(JsonObject json, String path) {
    Fields.rejectUnknown(json, path, "handlerBinary", "unixDomainSocketPath", "persistent", "envelope", "connections");
    String binary = Fields.optNullableString(json, path, "handlerBinary");
    String socket = Fields.requireString(json, path, "unixDomainSocketPath");
    return new ExternalHandler(
        binary == null ? null : Fields.checkPath(Fields.child(path, "handlerBinary"), binary),
        Fields.checkPath(Fields.child(path, "unixDomainSocketPath"), socket),
        Fields.optBool(json, path, "persistent", DEFAULT_PERSISTENT),
        Fields.optBool(json, path, "envelope", DEFAULT_ENVELOPE),
        Fields.optInt(json, path, "connections", DEFAULT_CONNECTIONS, 1, Integer.MAX_VALUE));
  }
}
