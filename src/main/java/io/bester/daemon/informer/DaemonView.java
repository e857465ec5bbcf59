package io.bester.daemon.informer;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What the informer may know about the daemon: a read-only port that the composition root
 * implements over its registry, listeners and config. The informer never sees those classes.
 *
 * <p>Every method is called on the informer's event loop, so it must answer from memory and
 * never block. A cluster-aware implementation answers from presence it already holds (§11 lets
 * presence lag by up to 2 s), not by asking other nodes per call.
 */
public interface DaemonView {

  /** This daemon's name, as sent to handlers in {@code bester-server}. */
  String name();

  /** The build's version. */
  String version();

  /** The distinct usernames with at least one client session, in no particular order. */
  List<String> onlineUsers();

  boolean isOnline(String username);

  /** Client sessions: a user logged in twice counts twice. Server peers are not clients. */
  int clientSessions();

  /** The bound address of each listener, in config order, exactly as the ready line prints it. */
  List<String> listenerAddresses();

  long uptimeMs();

  /** The config's {@code admin.info}, a copy the caller may keep. */
  JsonObject adminInfo();

  /** The payload types that have a handler, sorted. */
  List<String> handlerTypes();

  /** The names of the cluster's members, this daemon included. */
  List<String> clusterMembers();
}
