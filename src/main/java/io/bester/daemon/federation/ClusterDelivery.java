package io.bester.daemon.federation;

import io.bester.daemon.protocol.Names;
import io.bester.daemon.routing.ClientDelivery;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * sendClients across the cluster (§4.2, §11): the frame goes to this daemon's sessions and to
 * every other member, each of which answers how many sessions took it and which of the users it
 * has. A member that does not answer within the handler timeout counts for nothing, so its users
 * are offline unless another member has them.
 */
public final class ClusterDelivery implements ClientDelivery {

  private final Vertx vertx;
  private final ClientDelivery local;
  private final ClusterDirectory directory;
  private final Supplier<String> ownName;
  private final long timeoutMs;

  public ClusterDelivery(Vertx vertx, ClientDelivery local, ClusterDirectory directory, Supplier<String> ownName,
                         long timeoutMs) {
    this.vertx = vertx;
    this.local = local;
    this.directory = directory;
    this.ownName = ownName;
    this.timeoutMs = timeoutMs;
  }

  @Override
  public Future<Result> deliver(List<String> users, Buffer frame) {
    List<String> distinct = new ArrayList<>(new LinkedHashSet<>(users));
    return local.deliver(distinct, frame).compose(here -> directory.names().compose(names -> {
      List<Future<JsonObject>> remote = new ArrayList<>();
      DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMs)
          .addHeader(Names.HEADER_USERS, new JsonArray(distinct).encode());
      for (String name : names) {
        if (!name.equals(ownName.get())) {
          remote.add(vertx.eventBus().<JsonObject>request(Names.NODE_PREFIX + name + ".deliver", frame, options)
              .map(reply -> reply.body())
              .otherwise(new JsonObject()));
        }
      }
      return Future.all(remote).map(all -> merge(distinct, here, remote));
    }));
  }

  private static Result merge(List<String> users, Result here, List<Future<JsonObject>> remote) {
    int delivered = here.delivered();
    Set<String> online = new HashSet<>(users);
    online.removeAll(here.offline());
    for (Future<JsonObject> answer : remote) {
      JsonObject body = answer.result();
      delivered += body.getInteger("delivered", 0);
      body.getJsonArray("online", new JsonArray()).forEach(name -> online.add(String.valueOf(name)));
    }
    List<String> offline = new ArrayList<>();
    for (String user : users) {
      if (!online.contains(user)) {
        offline.add(user);
      }
    }
    return new Result(delivered, offline);
  }
}
