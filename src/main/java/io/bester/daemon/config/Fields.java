package io.bester.daemon.config;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Strict typed reads from a JsonObject, shared by every section so each {@code fromJson} stays a
 * list of declarations. All readers take the section's path and a key and report errors as
 * {@code path.key}. Absent keys take the default; an explicit JSON null is a wrong type except in
 * the {@code optNullable*} readers, because only there does null mean something.
 */
final class Fields {

  static final int MAX_PORT = 65_535;
  private static final int MAX_SHOWN_CHARS = 80;

  private Fields() {
  }

  static String child(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  static String element(String path, int index) {
    return path + "[" + index + "]";
  }

  static ConfigException fail(String field, String detail) {
    return new ConfigException(field, detail);
  }

  static ConfigException expected(String field, String what, Object got) {
    return fail(field, "must be " + what + ", got " + describe(got));
  }

  static void rejectUnknown(JsonObject json, String path, String... allowedKeys) {
    Set<String> allowed = Set.of(allowedKeys);
    for (String key : json.fieldNames()) {
      if (!allowed.contains(key)) {
        throw fail(child(path, key), "unknown key");
      }
    }
  }

  // ---- objects and arrays ----

  /** The object under {@code key}, or an empty object when absent so defaults apply. */
  static JsonObject optObject(JsonObject json, String path, String key) {
    return json.containsKey(key) ? asObject(json.getValue(key), child(path, key)) : new JsonObject();
  }

  static JsonObject requireObject(JsonObject json, String path, String key) {
    return asObject(require(json, path, key), child(path, key));
  }

  static JsonObject asObject(Object value, String field) {
    if (value instanceof JsonObject o) {
      return o;
    }
    throw expected(field, "an object", value);
  }

  /** The array under {@code key}, or null when absent. */
  static JsonArray optArray(JsonObject json, String path, String key) {
    return json.containsKey(key) ? asArray(json.getValue(key), child(path, key)) : null;
  }

  static JsonArray requireArray(JsonObject json, String path, String key) {
    return asArray(require(json, path, key), child(path, key));
  }

  private static JsonArray asArray(Object value, String field) {
    if (value instanceof JsonArray a) {
      return a;
    }
    throw expected(field, "an array", value);
  }

  /** An array of non-empty strings, or {@code def} when absent. */
  static List<String> optStringList(JsonObject json, String path, String key, List<String> def) {
    JsonArray array = optArray(json, path, key);
    if (array == null) {
      return def;
    }
    List<String> out = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      out.add(asString(array.getValue(i), element(child(path, key), i)));
    }
    return List.copyOf(out);
  }

  // ---- strings ----

  static String requireString(JsonObject json, String path, String key) {
    return asString(require(json, path, key), child(path, key));
  }

  static String optString(JsonObject json, String path, String key, String def) {
    return json.containsKey(key) ? asString(json.getValue(key), child(path, key)) : def;
  }

  /** A non-empty string, or null when absent or JSON null. */
  static String optNullableString(JsonObject json, String path, String key) {
    Object value = json.getValue(key);
    if (value == null) {
      return null;
    }
    if (value instanceof String s && !s.isEmpty()) {
      return s;
    }
    throw expected(child(path, key), "a non-empty string or null", value);
  }

  /** Like {@link #optNullableString} but never echoes the value: it may be a secret, typed wrong. */
  static String optSecret(JsonObject json, String path, String key) {
    Object value = json.getValue(key);
    if (value == null) {
      return null;
    }
    if (value instanceof String s && !s.isEmpty()) {
      return s;
    }
    throw fail(child(path, key), "must be a non-empty string or null, got " + describeType(value));
  }

  static String asString(Object value, String field) {
    if (value instanceof String s && !s.isEmpty()) {
      return s;
    }
    throw expected(field, "a non-empty string", value);
  }

  /** One of {@code choices}, or {@code def} when absent. */
  static String optChoice(JsonObject json, String path, String key, String def, String... choices) {
    return json.containsKey(key) ? asChoice(json.getValue(key), child(path, key), choices) : def;
  }

  static String asChoice(Object value, String field, String... choices) {
    if (value instanceof String s && Arrays.asList(choices).contains(s)) {
      return s;
    }
    StringBuilder what = new StringBuilder("one of ");
    for (int i = 0; i < choices.length; i++) {
      what.append(i == 0 ? "" : ", ").append('"').append(choices[i]).append('"');
    }
    throw expected(field, what.toString(), value);
  }

  /** A path for a UNIX domain socket or file: non-empty, and no NUL, which the OS would truncate at. */
  static String checkPath(String field, String value) {
    if (value.indexOf('\0') >= 0) {
      throw fail(field, "must not contain a NUL character");
    }
    return value;
  }

  // ---- hosts ----

  static String optHost(JsonObject json, String path, String key, String def) {
    return json.containsKey(key) ? checkHost(child(path, key), json.getValue(key), true, true) : def;
  }

  /** Checks that {@code value} is an IP literal of an accepted family or a host name. */
  static String checkHost(String field, Object value, boolean ipv4, boolean ipv6) {
    if (value instanceof String s
        && ((ipv4 && IpLiterals.ipv4(s) != null) || (ipv6 && IpLiterals.ipv6(s) != null) || IpLiterals.isHostname(s))) {
      return s;
    }
    String family = ipv4 && ipv6 ? "an IP address" : ipv4 ? "an IPv4 address" : "an IPv6 address";
    throw expected(field, family + " or a host name", value);
  }

  // ---- booleans and numbers ----

  static boolean optBool(JsonObject json, String path, String key, boolean def) {
    if (!json.containsKey(key)) {
      return def;
    }
    Object value = json.getValue(key);
    if (value instanceof Boolean b) {
      return b;
    }
    throw expected(child(path, key), "true or false", value);
  }

  static int optInt(JsonObject json, String path, String key, int def, int min, int max) {
    return (int) optLong(json, path, key, def, min, max);
  }

  static long optLong(JsonObject json, String path, String key, long def, long min, long max) {
    return json.containsKey(key) ? asLong(json.getValue(key), child(path, key), min, max) : def;
  }

  static long asLong(Object value, String field, long min, long max) {
    Long n = integral(value);
    if (n != null && n >= min && n <= max) {
      return n;
    }
    // Only name the upper bound when it is the problem; for "abc" the kind of value is what matters.
    boolean tooBig = n != null ? n > max : value instanceof BigInteger b && b.signum() > 0;
    throw expected(field, integerKind(min, max, tooBig), value);
  }

  /**
   * A TCP port, as a JSON number or (for compatibility with the old server.conf, which quoted
   * them) a string of decimal digits. Fractions, signs and blanks are rejected either way.
   */
  static int optPort(JsonObject json, String path, String key, int def, int min) {
    return json.containsKey(key) ? asPort(json.getValue(key), child(path, key), min) : def;
  }

  static int requirePort(JsonObject json, String path, String key, int min) {
    return asPort(require(json, path, key), child(path, key), min);
  }

  static int asPort(Object value, String field, int min) {
    Long n = value instanceof String s && s.matches("[0-9]{1,5}") ? Long.valueOf(s) : integral(value);
    if (n != null && n >= min && n <= MAX_PORT) {
      return n.intValue();
    }
    throw expected(field, "a port number " + min + ".." + MAX_PORT, value);
  }

  /** The value of a JSON integer, or null for anything else (including 2.0 and out-of-range integers). */
  private static Long integral(Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger b && b.bitLength() < Long.SIZE) {
      return b.longValue();
    }
    return null;
  }

  private static String integerKind(long min, long max, boolean showMax) {
    if (min != 0 && min != 1) {
      return showMax ? "an integer from " + min + " to " + max : "an integer of at least " + min;
    }
    String kind = min == 1 ? "a positive integer" : "a non-negative integer";
    return showMax ? kind + " at most " + max : kind;
  }

  // ---- messages ----

  private static Object require(JsonObject json, String path, String key) {
    if (!json.containsKey(key)) {
      throw fail(child(path, key), "required");
    }
    return json.getValue(key);
  }

  /** The value as it would appear in JSON, shortened; containers only by kind. */
  static String describe(Object value) {
    if (value instanceof String s) {
      return Json.encode(s.length() > MAX_SHOWN_CHARS ? s.substring(0, MAX_SHOWN_CHARS) + "..." : s);
    }
    if (value == null || value instanceof Number || value instanceof Boolean) {
      return String.valueOf(value);
    }
    return describeType(value);
  }

  static String describeType(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String s) {
      return s.isEmpty() ? "an empty string" : "a string";
    }
    if (value instanceof Number) {
      return "a number";
    }
    if (value instanceof Boolean) {
      return "a boolean";
    }
    if (value instanceof JsonObject) {
      return "an object";
    }
    if (value instanceof JsonArray) {
      return "an array";
    }
    return "a " + value.getClass().getSimpleName();
  }
}
