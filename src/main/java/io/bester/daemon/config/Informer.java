package io.bester.daemon.config;

import io.vertx.core.json.JsonObject;

/**
 * The informer, a local query interface.
 *
 * @param unixSocket path of the informer's UNIX domain socket, or null for no informer socket
 */
public record Informer(String unixSocket) {

  /** No informer socket unless configured. */
  public static final String DEFAULT_UNIX_SOCKET = null;

  public static Informer defaults() {
    return fromJson(new JsonObject(), "informer");
  }

  public static Informer fromJson(JsonObject json, String path) {
    Fields.rejectUnknown(json, path, "unixSocket");
    String socket = Fields.optNullableString(json, path, "unixSocket");
    return new Informer(socket == null ? DEFAULT_UNIX_SOCKET : Fields.checkPath(Fields.child(path, "unixSocket"), socket));
  }
}
