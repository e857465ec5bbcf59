package io.bester.daemon.routing;

import io.vertx.core.Future;
import java.util.List;

/** Port: forwards a handler's result to other daemons (§4.2 sendServers). */
public interface ServerForwarding {

  /** What travels to the peers: the sending user, the type whose response is executed, the data. */
  record Forward(String from, String type, Object data) {
  }

  /** Completes with the targets that did not take the message (empty when all did). */
  Future<List<String>> forward(List<String> targets, Forward message);

  /** Until federation is configured, every target is unreachable. */
  static ServerForwarding none() {
    return (targets, message) -> Future.succeededFuture(targets);
  }
}
