package io.bester.daemon.robustness;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Copies of a message in which one field, at any depth, holds a value of another JSON type, or
 * is missing. Every field of the message is visited, so adding a field to a template adds its
 * cases.
 */
final class WrongTypes {

  /** One value of each JSON type, and a second, non-empty one where the type has contents. */
  static final List<Object> VALUES = Arrays.asList(
      null, true, 7, -1.5e300, "text", "", new JsonArray(), new JsonArray().add("x").add(1),
      new JsonObject(), new JsonObject().put("k", "v"));

  /** A changed copy, and what was changed, for failure messages. */
  record Variant(String description, JsonObject message) {
  }

  private WrongTypes() {
  }

  static List<Variant> of(JsonObject template) {
    List<Variant> variants = new ArrayList<>();
    for (List<Object> path : paths(template, new ArrayList<>())) {
      Object current = get(template, path);
      for (Object value : VALUES) {
        if (!sameType(current, value)) {
          JsonObject copy = template.copy();
          set(copy, path, value);
          variants.add(new Variant(path + " = " + (value == null ? "null" : value.toString()), copy));
        }
      }
      if (path.get(path.size() - 1) instanceof String) {
        JsonObject copy = template.copy();
        remove(copy, path);
        variants.add(new Variant(path + " removed", copy));
      }
    }
    return variants;
  }

  /** Every path to a value in {@code node}, parents before children. */
  private static List<List<Object>> paths(Object node, List<Object> prefix) {
    List<List<Object>> out = new ArrayList<>();
    if (node instanceof JsonObject object) {
      for (String key : object.fieldNames()) {
        List<Object> path = append(prefix, key);
        out.add(path);
        out.addAll(paths(object.getValue(key), path));
      }
    } else if (node instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        List<Object> path = append(prefix, i);
        out.add(path);
        out.addAll(paths(array.getValue(i), path));
      }
    }
    return out;
  }

  private static List<Object> append(List<Object> prefix, Object step) {
    List<Object> path = new ArrayList<>(prefix);
    path.add(step);
    return path;
  }

  private static String typeOf(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Number) {
      return "number";
    }
    return value.getClass().getSimpleName();
  }

  private static boolean sameType(Object a, Object b) {
    return typeOf(a).equals(typeOf(b));
  }

  private static Object get(Object root, List<Object> path) {
    Object at = root;
    for (Object step : path) {
      at = step instanceof String key ? ((JsonObject) at).getValue(key) : ((JsonArray) at).getValue((Integer) step);
    }
    return at;
  }

  private static void set(JsonObject root, List<Object> path, Object value) {
    Object parent = get(root, path.subList(0, path.size() - 1));
    Object last = path.get(path.size() - 1);
    Object copy = value instanceof JsonObject o ? o.copy() : value instanceof JsonArray a ? a.copy() : value;
    if (last instanceof String key) {
      ((JsonObject) parent).put(key, copy);
    } else {
      ((JsonArray) parent).set((Integer) last, copy);
    }
  }

  private static void remove(JsonObject root, List<Object> path) {
    ((JsonObject) get(root, path.subList(0, path.size() - 1))).remove((String) path.get(path.size() - 1));
  }
}
