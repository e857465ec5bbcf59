package io.bester.daemon;

import io.bester.daemon.handler.HandlerTypes;
import io.bester.daemon.informer.DaemonView;
import io.bester.daemon.session.SessionRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The informer's read-only view of this daemon (the port {@link DaemonView}), made of the parts
 * the composition root owns. Every answer comes from memory or, for presence and membership in a
 * cluster, from the other members over the event bus; nothing blocks.
 */
final class DaemonViewAdapter implements DaemonView {

  private final Daemon daemon;
  private final SessionRegistry registry;
  private final JsonObject adminInfo;
  private final String version;

  DaemonViewAdapter(Daemon daemon, JsonObject adminInfo, String version) {
    this.daemon = daemon;
    this.registry = daemon.registry();
    this.adminInfo = adminInfo.copy();
    this.version = version;
  }

  /** Null until the listeners are bound, when a default name is derived from the first port. */
  @Override
  public String name() {
    return daemon.name();
  }

  @Override
  public String version() {
    return version;
  }

  /** Cluster-wide when clustered (§7). */
  @Override
  public Future<List<String>> onlineUsers() {
    return daemon.onlineUsers();
  }

  @Override
  public Future<Boolean> isOnline(String username) {
    return registry.isOnline(username) ? Future.succeededFuture(true)
        : daemon.onlineUsers().map(users -> users.contains(username));
  }

  @Override
  public Future<Integer> clientSessions() {
    return Future.succeededFuture(registry.sessionCount());
  }

  @Override
  public List<String> listenerAddresses() {
    return daemon.boundAddresses();
  }

  @Override
  public long uptimeMs() {
    return daemon.uptimeMs();
  }

  @Override
  public JsonObject adminInfo() {
    return adminInfo.copy();
  }

  @Override
  public List<String> handlerTypes() {
    return HandlerTypes.list(daemon.vertx());
  }

  /** This daemon alone when not clustered (§11). */
  @Override
  public Future<List<String>> clusterMembers() {
    return daemon.clusterNames();
  }
}
