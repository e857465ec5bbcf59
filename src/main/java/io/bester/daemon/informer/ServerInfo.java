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
    Future<Integer> sessions = view.clientSessions();
    Future<List<String>> users = view.onlineUsers();
    Future<List<String>> members = view.clusterMembers();
    return Future.all(sessions, users, members).map(all -> Answer.ok(new JsonObject()
        .put("name", view.name())
        .put("version", view.version())
        .put("clientCount", sessions.result())
        .put("userCount", users.result().size())
        .put("adminInfo", view.adminInfo())
        .put("listeners", listeners(view.listenerAddresses()))
        .put("uptimeMs", view.uptimeMs())
        .put("handlers", array(view.handlerTypes()))
        .put("cluster", array(members.result()))));
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
