package io.bester.daemon.config;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * The whole daemon configuration.
 *
 * @param name       this node's name, or null to let the daemon pick one at start-up
 * @param network    client listeners
 * @param handlers   message handlers
 * @param database   account store
 * @param accounts   account policy
 * @param auth       login brute-force protection
 * @param federation federated peers
 * @param cluster    clustering
 * @param informer   informer socket
 * @param limits     resource limits
 * @param bridge     the TCP event-bus bridge for non-JVM handlers
 * @param adminInfo  free-form operator information ({@code admin.info}); a fresh copy is handed
 *                   out on every call so the config stays immutable
 */
public record DaemonConfig(String name, Network network, Handlers handlers, Database database, Accounts accounts,
                           Auth auth, Federation federation, Cluster cluster, Informer informer, Limits limits,
                           JsonObject adminInfo, Bridge bridge) {

  public DaemonConfig {
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(handlers, "handlers");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(accounts, "accounts");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(federation, "federation");
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(informer, "informer");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(bridge, "bridge");
    adminInfo = adminInfo == null ? new JsonObject() : adminInfo.copy();
  }

  @Override
  public JsonObject adminInfo() {
    return adminInfo.copy();
  }

  /**
   * Parses a whole config. The input is not modified and nothing in the result shares mutable
   * state with it.
   *
   * @throws ConfigException naming the first offending field
   */
  public static DaemonConfig fromJson(JsonObject json) {
    if (json == null) {
      throw new ConfigException("", "must be a JSON object, got null");
    }
    Fields.rejectUnknown(json, "", "name", "network", "handlers", "database", "accounts", "auth", "federation",
        "cluster", "informer", "limits", "admin", "bridge");
    return new DaemonConfig(
        name(json),
        Network.fromJson(Fields.requireObject(json, "", "network"), "network"),
        Handlers.fromJson(Fields.optObject(json, "", "handlers"), "handlers"),
        Database.fromJson(Fields.optObject(json, "", "database"), "database"),
        Accounts.fromJson(Fields.optObject(json, "", "accounts"), "accounts"),
        Auth.fromJson(Fields.optObject(json, "", "auth"), "auth"),
        Federation.fromJson(Fields.optObject(json, "", "federation"), "federation"),
        Cluster.fromJson(Fields.optObject(json, "", "cluster"), "cluster"),
        Informer.fromJson(Fields.optObject(json, "", "informer"), "informer"),
        Limits.fromJson(Fields.optObject(json, "", "limits"), "limits"),
        adminInfo(Fields.optObject(json, "", "admin")),
        Bridge.fromJson(Fields.optObject(json, "", "bridge"), "bridge"));
  }

  /** This config with {@code network} replaced by the given listeners. */
  public DaemonConfig withListeners(List<Listener> listeners) {
    return new DaemonConfig(name, new Network(listeners), handlers, database, accounts, auth, federation, cluster,
        informer, limits, adminInfo, bridge);
  }

  /** This config with clustering switched on or off. */
  public DaemonConfig withClusterEnabled(boolean enabled) {
    return new DaemonConfig(name, network, handlers, database, accounts, auth, federation, cluster.withEnabled(enabled),
        informer, limits, adminInfo, bridge);
  }

  private static JsonObject adminInfo(JsonObject admin) {
    Fields.rejectUnknown(admin, "admin", "info");
    return Fields.optObject(admin, "admin", "info");
  }

  // Peers are addressed as host:port, so a name with a colon could be mistaken for an address.
  private static String name(JsonObject json) {
    String name = Fields.optNullableString(json, "", "name");
    if (name != null && name.indexOf(':') >= 0) {
      throw Fields.expected("name", "a name without ':'", name);
    }
    return name;
  }
}
