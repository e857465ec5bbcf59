package io.bester.daemon.federation;

import io.bester.daemon.protocol.Names;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Who is online in the whole cluster (§7 listClients, isClient): this daemon's users plus what
 * every other member answers on {@code bester.node.<name>.clients}; a member that does not answer
 * within the timeout counts for nothing.
 */
public final class ClusterPresence {

  private final Vertx vertx;
  private final ClusterDirectory directory;
  private final Supplier<String> ownName;
  private final Supplier<List<String>> localUsers;
  private final long timeoutMs;

  public ClusterPresence(Vertx vertx, ClusterDirectory directory, Supplier<String> ownName,
                         Supplier<List<String>> localUsers, long timeoutMs) {
    this.vertx = vertx;
    this.directory = directory;
    this.ownName = ownName;
    this.localUsers = localUsers;
    this.timeoutMs = timeoutMs;
  }

  /** Distinct usernames with a session on any member, sorted. */
  public Future<List<String>> users() {
    return directory.names().compose(names -> {
      List<Future<JsonArray>> remote = new ArrayList<>();
      for (String name : names) {
        if (!name.equals(ownName.get())) {
          remote.add(vertx.eventBus().<JsonArray>request(Names.NODE_PREFIX + name + ".clients", null,
                  new DeliveryOptions().setSendTimeout(timeoutMs))
              .map(reply -> reply.body())
              .otherwise(new JsonArray()));
        }
      }
      return Future.all(remote).map(all -> {
        TreeSet<String> users = new TreeSet<>(localUsers.get());
        remote.forEach(answer -> answer.result().forEach(user -> users.add(String.valueOf(user))));
        return List.copyOf(users);
      });
    });
  }
}
