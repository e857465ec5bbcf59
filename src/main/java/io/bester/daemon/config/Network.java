package io.bester.daemon.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The client listeners, in the order of {@code network.types}. The record itself accepts any
 * list so tests can build odd set-ups; the file format's rules are enforced by {@link #fromJson}.
 */
public record Network(List<Listener> listeners) {

  public Network {
    listeners = List.copyOf(listeners);
  }

  public static Network fromJson(JsonObject json, String path) {
    Fields.rejectUnknown(json, path, "types", "tcp4", "tcp6", "unix");
    // Blocks of unlisted types are ignored, but a non-object there is still a broken file.
    for (ListenerKind kind : ListenerKind.values()) {
      Fields.optObject(json, path, kind.wireName());
    }
    String typesPath = Fields.child(path, "types");
    JsonArray types = Fields.requireArray(json, path, "types");
    if (types.isEmpty()) {
      throw Fields.fail(typesPath, "must list at least one of \"tcp4\", \"tcp6\", \"unix\"");
    }
    Set<ListenerKind> seen = EnumSet.noneOf(ListenerKind.class);
    List<Listener> listeners = new ArrayList<>();
    for (int i = 0; i < types.size(); i++) {
      String field = Fields.element(typesPath, i);
      ListenerKind kind = ListenerKind.fromWireName(Fields.asChoice(types.getValue(i), field, "tcp4", "tcp6", "unix"));
      if (!seen.add(kind)) {
        throw Fields.fail(field, "\"" + kind.wireName() + "\" is listed twice");
      }
      String block = Fields.child(path, kind.wireName());
      if (!json.containsKey(kind.wireName())) {
        throw Fields.fail(block, "required because " + typesPath + " lists \"" + kind.wireName() + "\"");
      }
      listeners.add(Listener.fromJson(kind, Fields.requireObject(json, path, kind.wireName()), block));
    }
    return new Network(listeners);
  }
}
