package io.bester.daemon.informer;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** A daemon made of fields, for testing the queries without one. */
class FakeView implements DaemonView {

  String name = "node-a";
  String version = "9.9.9";
  List<String> online = new ArrayList<>();
  int sessions;
  List<String> listeners = new ArrayList<>();
  long uptime;
  JsonObject admin = new JsonObject();
  List<String> handlers = new ArrayList<>();
  List<String> cluster = new ArrayList<>();

  @Override
  public String name() {
    return name;
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public Future<List<String>> onlineUsers() {
    return Future.succeededFuture(online);
  }

  @Override
  public Future<Boolean> isOnline(String username) {
    return Future.succeededFuture(online.contains(username));
  }

  @Override
  public Future<Integer> clientSessions() {
    return Future.succeededFuture(sessions);
  }

  @Override
  public List<String> listenerAddresses() {
    return listeners;
  }

  @Override
  public long uptimeMs() {
    return uptime;
  }

  @Override
  public JsonObject adminInfo() {
    return admin.copy();
  }

  @Override
  public List<String> handlerTypes() {
    return handlers;
  }

  @Override
  public Future<List<String>> clusterMembers() {
    return Future.succeededFuture(cluster);
  }
}
