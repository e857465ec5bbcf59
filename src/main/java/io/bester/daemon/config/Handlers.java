package io.bester.daemon.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Message handlers.
 *
 * @param availableTypes message types the daemon accepts, in file order
 * @param typeMap        external handler per available type, in the order of availableTypes; a
 *                       {@value #BUILTIN_CHAT} type without an entry is served by the built-in
 *                       chat handler and is absent here
 * @param timeoutMs      how long to wait for a handler's reply, milliseconds
 * @param maxHops        how many times a message may be forwarded between handlers and nodes
 * @param addressPrefix  event-bus address prefix; a type's handler listens on prefix + type
 * @param verticles      handler verticles to deploy in the daemon's JVM
 */
public record Handlers(List<String> availableTypes, Map<String, ExternalHandler> typeMap, long timeoutMs, int maxHops,
                       String addressPrefix, List<VerticleSpec> verticles) {

  /** The type served by the daemon itself unless the typeMap names an external handler for it. */
  public static final String BUILTIN_CHAT = "chat";
  /** Milliseconds to wait for a handler's reply. */
  public static final long DEFAULT_TIMEOUT_MS = 5_000;
  /** Forwarding hops a message may take. */
  public static final int DEFAULT_MAX_HOPS = 8;
  /** Event-bus address prefix of handlers. */
  public static final String DEFAULT_ADDRESS_PREFIX = "bester.handler.";

  public Handlers {
    availableTypes = List.copyOf(availableTypes);
    // Map.copyOf would lose the order, which callers see when they iterate.
    typeMap = Collections.unmodifiableMap(new LinkedHashMap<>(typeMap));
    Objects.requireNonNull(addressPrefix, "addressPrefix");
    verticles = List.copyOf(verticles);
  }

  public static Handlers defaults() {
    return fromJson(new JsonObject(), "handlers");
  }

  public static Handlers fromJson(JsonObject json, String path) {
    Fields.rejectUnknown(json, path, "availableTypes", "typeMap", "timeoutMs", "maxHops", "addressPrefix", "verticles");
    List<String> types = Fields.optStringList(json, path, "availableTypes", List.of());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < types.size(); i++) {
      if (!seen.add(types.get(i))) {
        throw Fields.fail(Fields.element(Fields.child(path, "availableTypes"), i), Fields.describe(types.get(i)) + " is listed twice");
      }
    }
    return new Handlers(types,
        typeMap(Fields.optObject(json, path, "typeMap"), Fields.child(path, "typeMap"), types, path),
        Fields.optLong(json, path, "timeoutMs", DEFAULT_TIMEOUT_MS, 1, Long.MAX_VALUE),
        Fields.optInt(json, path, "maxHops", DEFAULT_MAX_HOPS, 0, Integer.MAX_VALUE),
        Fields.optString(json, path, "addressPrefix", DEFAULT_ADDRESS_PREFIX),
        verticles(Fields.optArray(json, path, "verticles"), Fields.child(path, "verticles")));
  }

  private static Map<String, ExternalHandler> typeMap(JsonObject json, String path, List<String> types, String handlersPath) {
    // Entries for unlisted types are ignored, but a non-object there is still a broken file.
    for (String type : json.fieldNames()) {
      Fields.asObject(json.getValue(type), Fields.child(path, type));
    }
    Map<String, ExternalHandler> out = new LinkedHashMap<>();
    for (String type : types) {
      if (json.containsKey(type)) {
        out.put(type, ExternalHandler.fromJson(json.getJsonObject(type), Fields.child(path, type)));
      } else if (!type.equals(BUILTIN_CHAT)) {
        throw Fields.fail(Fields.child(path, type),
            "required because " + Fields.child(handlersPath, "availableTypes") + " lists " + Fields.describe(type));
      }
    }
    return out;
  }

  private static List<VerticleSpec> verticles(JsonArray array, String path) {
    if (array == null) {
      return List.of();
    }
    List<VerticleSpec> out = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      String field = Fields.element(path, i);
      out.add(VerticleSpec.fromJson(Fields.asObject(array.getValue(i), field), field));
    }
    return out;
  }
}
