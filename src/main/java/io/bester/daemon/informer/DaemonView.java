package io.bester.daemon.informer;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What the informer may know about the daemon: a read-only port that the composition root
 * implements over its registry, listeners and config. The informer never sees those classes.
 *
 * <p>Every method is called on the informer's event loop and must never block. The facts of
 * this process are answered at once; presence and membership are futures, because in a cluster
 * (§7: {@code listClients} is cluster-wide) they come from other nodes.
 */
public interface DaemonView {

  /** This daemon's name, as sent to handlers in {@code bester-server}. */
  String name();

  /** The build's version. */
  String version();

  /** The distinct usernames with at least one client session, in no particular order. */
  Future<List<String>> onlineUsers();

  Future<Boolean> isOnline(String username);

  /** Client sessions: a user logged in twice counts twice. Server peers are not clients. */
  Future<Integer> clientSessions();

  /** The bound address of each listener, in config order, exactly as the ready line prints it. */
  List<String> listenerAddresses();

  long uptimeMs();

  /** The config's {@code admin.info}, a copy the caller may keep. */
  JsonObject adminInfo();

  /** The payload types that have a handler, sorted. */
  List<String> handlerTypes();

  /** The names of the cluster's members, this daemon included. */
  Future<List<String>> clusterMembers();
}
