package io.bester.daemon.config;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * Clustering of several daemons into one node set.
 *
 * @param enabled whether to join a cluster at all
 * @param name    cluster name; only daemons with the same name join each other
 * @param host    address this daemon's cluster transport binds to and advertises
 * @param port    cluster transport port, 0..65535 where 0 asks for any free port
 * @param members initial members to contact, as {@code host:port} or {@code [ipv6]:port}
 */
public record Cluster(boolean enabled, String name, String host, int port, List<String> members) {

  /** Clustering is off unless enabled. */
  public static final boolean DEFAULT_ENABLED = false;
  /** Cluster name. */
  public static final String DEFAULT_NAME = "bester";
  /** Host name or IP literal. */
  public static final String DEFAULT_HOST = "127.0.0.1";
  /** TCP port. */
  public static final int DEFAULT_PORT = 5701;
  /** {@code host:port} strings. */
  public static final List<String> DEFAULT_MEMBERS = List.of("127.0.0.1:5701");

  public Cluster {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(host, "host");
    members = List.copyOf(members);
  }

  public static Cluster defaults() {
    return fromJson(new JsonObject(), "cluster");
  }

  public static Cluster fromJson(JsonObject json, String path) {
    Fields.rejectUnknown(json, path, "enabled", "name", "host", "port", "members");
    List<String> members = Fields.optStringList(json, path, "members", DEFAULT_MEMBERS);
    for (int i = 0; i < members.size(); i++) {
      checkMember(Fields.element(Fields.child(path, "members"), i), members.get(i));
    }
    return new Cluster(
        Fields.optBool(json, path, "enabled", DEFAULT_ENABLED),
        Fields.optString(json, path, "name", DEFAULT_NAME),
        Fields.optHost(json, path, "host", DEFAULT_HOST),
        Fields.optPort(json, path, "port", DEFAULT_PORT, 0),
        members);
  }

  public Cluster withEnabled(boolean enabled) {
    return new Cluster(enabled, name, host, port, members);
  }

  // A bare IPv6 address cannot be told apart from its port, so it must be bracketed.
  private static void checkMember(String field, String member) {
    int colon = member.lastIndexOf(':');
    String host = colon < 0 ? "" : member.substring(0, colon);
    boolean bracketed = host.startsWith("[") && host.endsWith("]");
    boolean hostOk = bracketed
        ? IpLiterals.ipv6(host.substring(1, host.length() - 1)) != null
        : IpLiterals.ipv4(host) != null || IpLiterals.isHostname(host);
    boolean portOk = hostOk && member.substring(colon + 1).matches("[0-9]{1,5}")
        && Integer.parseInt(member.substring(colon + 1)) >= 1
        && Integer.parseInt(member.substring(colon + 1)) <= Fields.MAX_PORT;
    if (!portOk) {
      throw Fields.expected(field, "\"host:port\" or \"[ipv6]:port\" with a port 1..65535", member);
    }
  }
}
