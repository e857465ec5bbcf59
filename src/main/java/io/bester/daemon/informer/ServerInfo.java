package io.bester.daemon.informer;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** {@code serverInfo}: the daemon described in one object (§7, §11). */
final class ServerInfo implements Query {

  static final String NAME = "serverInfo";

  private final DaemonView view;

  ServerInfo(DaemonView view) {
    this.view = view;
  }

  @Override
  public Future<Answer> answer(Object data) {
    JsonObject info = new JsonObject()
        .put("name", view.name())
        .put("version", view.version())
        .put("clientCount", view.clientSessions())
        .put("userCount", view.onlineUsers().size())
        .put("adminInfo", view.adminInfo())
        .put("listeners", listeners(view.listenerAddresses()))
        .put("uptimeMs", view.uptimeMs())
        .put("handlers", array(view.handlerTypes()))
        .put("cluster", array(view.clusterMembers()));
    return Future.succeededFuture(Answer.ok(info));
  }

  /** {"listener0": {"address": ...}, ...}: numbered in config order, as in the first daemon. */
  private static JsonObject listeners(List<String> addresses) {
    JsonObject listeners = new JsonObject();
    for (int i = 0; i < addresses.size(); i++) {
      listeners.put("listener" + i, new JsonObject().put("address", addresses.get(i)));
    }
    return listeners;
  }

  private static JsonArray array(List<String> values) {
    return new JsonArray(new ArrayList<>(values));
  }
}
