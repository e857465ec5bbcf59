package io.bester.daemon;

import io.bester.daemon.handler.HandlerTypes;
import io.bester.daemon.informer.DaemonView;
import io.bester.daemon.session.SessionRegistry;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The informer's read-only view of this daemon (the port {@link DaemonView}), made of the parts
 * the composition root owns. Every answer comes from memory, so it is safe on an event loop.
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

  @Override
  public List<String> onlineUsers() {
    return registry.usernames();
  }

  @Override
  public boolean isOnline(String username) {
    return registry.isOnline(username);
  }

  @Override
  public int clientSessions() {
    return registry.sessionCount();
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

  /** Not clustered yet: the cluster is this daemon alone (§11). */
  @Override
  public List<String> clusterMembers() {
    return List.of(String.valueOf(daemon.name()));
  }
}
