package io.bester.daemon.informer;

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
  public List<String> onlineUsers() {
    return online;
  }

  @Override
  public boolean isOnline(String username) {
    return online.contains(username);
  }

  @Override
  public int clientSessions() {
    return sessions;
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
  public List<String> clusterMembers() {
    return cluster;
  }
}
