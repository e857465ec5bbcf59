package io.bester.daemon.config;

import io.vertx.core.json.JsonObject;

/**
 * Vert.x's TCP event-bus bridge, for handlers written in languages without a Vert.x client (new).
 * Off by default. It listens on a UNIX socket when {@code unixSocket} is set, else on TCP.
 *
 * @param enabled    whether the bridge listens at all
 * @param address    TCP address; anything but loopback requires a secret
 * @param port       TCP port, 0..65535
 * @param unixSocket UNIX socket path instead of TCP, or null
 * @param secret     when set, every frame from a bridge client must carry it as header {@code bester-secret}
 */
public record Bridge(boolean enabled, String address, int port, String unixSocket, String secret) {

  /** The bridge is an open door to the event bus, so it is off unless asked for. */
  public static final boolean DEFAULT_ENABLED = false;
  /** Loopback only by default. */
  public static final String DEFAULT_ADDRESS = "127.0.0.1";
  /** TCP port, the bridge's customary one. */
  public static final int DEFAULT_PORT = 7000;

  public static Bridge defaults() {
    return fromJson(new JsonObject(), "bridge");
  }

  public static Bridge fromJson(JsonObject json, String path) {
    Fields.rejectUnknown(json, path, "enabled", "address", "port", "unixSocket", "secret");
    String socket = Fields.optNullableString(json, path, "unixSocket");
    Bridge bridge = new Bridge(
        Fields.optBool(json, path, "enabled", DEFAULT_ENABLED),
        Fields.optHost(json, path, "address", DEFAULT_ADDRESS),
        Fields.optPort(json, path, "port", DEFAULT_PORT, 0),
        socket == null ? null : Fields.checkPath(Fields.child(path, "unixSocket"), socket),
        Fields.optSecret(json, path, "secret"));
    if (bridge.enabled && bridge.unixSocket == null && bridge.secret == null && !isLoopback(bridge.address)) {
      throw Fields.fail(Fields.child(path, "secret"), "required when the bridge listens on " + bridge.address
          + ", which is not a loopback address");
    }
    return bridge;
  }

  private static boolean isLoopback(String address) {
    return address.startsWith("127.") || address.equals("::1") || address.equals("localhost");
  }

  @Override
  public String toString() {
    return "Bridge[enabled=" + enabled + ", address=" + address + ", port=" + port + ", unixSocket=" + unixSocket
        + ", secret=" + (secret == null ? "none" : "set") + "]";
  }
}
