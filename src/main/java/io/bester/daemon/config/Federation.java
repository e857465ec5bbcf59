package io.bester.daemon.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Who may connect as a federated peer.
 *
 * @param allow  networks peers may connect from; empty means no peer is allowed
 * @param secret shared secret peers must present, or null for none
 */
public record Federation(List<Cidr> allow, String secret) {

  /** Loopback only, IPv4 and IPv6. */
  public static final List<Cidr> DEFAULT_ALLOW = List.of(Cidr.parse("127.0.0.1/32"), Cidr.parse("::1/128"));
  /** No shared secret. */
  public static final String DEFAULT_SECRET = null;

  public Federation {
    allow = List.copyOf(allow);
  }

  public static Federation defaults() {
    return fromJson(new JsonObject(), "federation");
  }

  public static Federation fromJson(JsonObject json, String path) {
    Fields.rejectUnknown(json, path, "allow", "secret");
    String secret = Fields.optSecret(json, path, "secret");
    return new Federation(allow(Fields.optArray(json, path, "allow"), Fields.child(path, "allow")),
        secret == null ? DEFAULT_SECRET : secret);
  }

  private static List<Cidr> allow(JsonArray array, String path) {
    if (array == null) {
      return DEFAULT_ALLOW;
    }
    List<Cidr> out = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      String field = Fields.element(path, i);
      String text = Fields.asString(array.getValue(i), field);
      try {
        out.add(Cidr.parse(text));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(field, e.getMessage(), e);
      }
    }
    return out;
  }

  /** Keeps the secret out of logs that print the config. */
  @Override
  public String toString() {
    return "Federation[allow=" + allow + ", secret=" + (secret == null ? "null" : "<redacted>") + "]";
  }
}
