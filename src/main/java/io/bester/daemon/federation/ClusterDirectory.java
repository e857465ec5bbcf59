package io.bester.daemon.federation;

import io.bester.daemon.protocol.Names;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The names of the daemons in the cluster, in a cluster-wide map from daemon name to cluster
 * node id. A name counts only while its node is a live member, so a killed daemon drops out as
 * soon as the cluster notices, whether or not its entry was removed.
 */
public final class ClusterDirectory {

  private static final String MAP = "bester.members";
  /** A safety net: a joining daemon announces itself, but the map is also read this often. */
  private static final long REFRESH_MS = 1000;
  /** How long a joining daemon waits for each member to take note of it. */
  private static final long ANNOUNCE_TIMEOUT_MS = 2000;

  private final Vertx vertx;
  private final String nodeId;
  private final Supplier<List<String>> liveNodes;
  private volatile Map<String, String> entries = Map.of();
  private long timer = -1;

  public ClusterDirectory(Vertx vertx, String nodeId, Supplier<List<String>> liveNodes) {
    this.vertx = vertx;
    this.nodeId = nodeId;
    this.liveNodes = liveNodes;
  }

  /** Claims {@code name} for this node; fails if a live node holds it already. */
  public Future<Void> join(String name) {
    return map().compose(map -> map.putIfAbsent(name, nodeId).compose(previous -> {
      if (previous == null || previous.equals(nodeId)) {
        return Future.succeededFuture();
      }
      if (liveNodes.get().contains(previous)) {
        return Future.failedFuture(new IllegalStateException(
            "name: another daemon of the cluster is called '" + name + "'"));
      }
      return map.put(name, nodeId);
    })).compose(v -> refresh()).onSuccess(v -> timer = vertx.setPeriodic(REFRESH_MS, t -> refresh()));
  }

  /**
   * Tells every other member to read the map again and waits (bounded) until they did, so that
   * once this daemon says it is ready, every member delivers to it.
   */
  public Future<Void> announce(String name) {
    List<Future<?>> noted = new ArrayList<>();
    for (String other : names().result()) {
      if (!other.equals(name)) {
        noted.add(vertx.eventBus().request(refreshAddress(other), null,
            new DeliveryOptions().setSendTimeout(ANNOUNCE_TIMEOUT_MS)).otherwiseEmpty());
      }
    }
    return Future.all(noted).mapEmpty();
  }

  public static String refreshAddress(String name) {
    return Names.NODE_PREFIX + name + ".refresh";
  }

  public Future<Void> leave(String name) {
    vertx.cancelTimer(timer);
    return map().compose(map -> map.removeIfPresent(name, nodeId)).mapEmpty();
  }

  /**
   * Names of the live daemons, this one included, sorted. Answered at once from what is known,
   * so that deliveries issued one after the other also reach the other members in that order.
   */
  public Future<List<String>> names() {
    List<String> live = liveNodes.get();
    List<String> names = new ArrayList<>();
    entries.forEach((name, node) -> {
      if (live.contains(node)) {
        names.add(name);
      }
    });
    names.sort(null);
    return Future.succeededFuture(names);
  }

  /** Reads the map again. */
  public Future<Void> refresh() {
    return map().compose(AsyncMap::entries).map(found -> {
      entries = Map.copyOf(found);
      return null;
    });
  }

  private Future<AsyncMap<String, String>> map() {
    return vertx.sharedData().getClusterWideMap(MAP);
  }
}
