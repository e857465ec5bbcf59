package io.bester.daemon.federation;

import io.bester.daemon.protocol.Names;
import io.bester.daemon.routing.ServerForwarding;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * sendServers (§4.2, §11): a target that is the name of a current cluster member travels on
 * {@code bester.server.<name>}; every other target goes to {@code others} (TCP federation).
 * A member has taken the message when it answers with a good status report in time.
 */
public final class ClusterForwarder implements ServerForwarding {

  private final Vertx vertx;
  private final ClusterDirectory directory;
  private final Supplier<String> ownName;
  private final ServerForwarding others;
  private final long timeoutMs;

  public ClusterForwarder(Vertx vertx, ClusterDirectory directory, Supplier<String> ownName, ServerForwarding others,
                          long timeoutMs) {
    this.vertx = vertx;
    this.directory = directory;
    this.ownName = ownName;
    this.others = others;
    this.timeoutMs = timeoutMs;
  }

  @Override
  public Future<List<String>> forward(List<String> targets, Forward message) {
    return directory.names().compose(members -> {
      List<String> viaTcp = new ArrayList<>();
      List<Future<String>> failures = new ArrayList<>();
      for (String target : targets) {
        if (members.contains(target)) {
          failures.add(toMember(target, message));
        } else {
          viaTcp.add(target);
        }
      }
      Future<List<String>> tcpFailures = viaTcp.isEmpty() ? Future.succeededFuture(List.of()) : others.forward(viaTcp, message);
      return Future.all(new ArrayList<>(failures)).transform(all -> tcpFailures).map(failedTcp -> {
        List<String> failed = new ArrayList<>();
        for (String target : targets) {
          boolean memberFailed = failures.stream().anyMatch(f -> target.equals(f.result()));
          if (memberFailed || failedTcp.contains(target)) {
            failed.add(target);
          }
        }
        return failed;
      });
    });
  }

  /** Completes with the target when it did not take the message, with null when it did. */
  private Future<String> toMember(String target, Forward message) {
    JsonObject body = new JsonObject()
        .put("from", message.from() + "@" + ownName.get())
        .put("type", message.type())
        .put("data", message.data());
    return vertx.eventBus().<JsonObject>request(Names.SERVER_PREFIX + target, body, new DeliveryOptions().setSendTimeout(timeoutMs))
        .map(reply -> isGood(reply.body()) ? (String) null : target)
        .otherwise(target);
  }

  private static boolean isGood(JsonObject report) {
    return report != null && report.getValue("header") instanceof JsonObject header && "good".equals(header.getValue("status"));
  }
}
