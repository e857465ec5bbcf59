package io.bester.daemon.federation;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
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
  /** Membership changes rarely; a short cache keeps the map out of every delivery's path. */
  private static final long CACHE_MS = 1000;

  private final Vertx vertx;
  private final String nodeId;
  private final Supplier<List<String>> liveNodes;
  private volatile List<String> cachedNames = List.of();
  private volatile Map<String, String> cachedEntries = Map.of();
  private volatile long cachedAt;

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
    })).compose(v -> refresh()).mapEmpty();
  }

  public Future<Void> leave(String name) {
    return map().compose(map -> map.removeIfPresent(name, nodeId)).mapEmpty();
  }

  /** Names of the live daemons, this one included, sorted. */
  public Future<List<String>> names() {
    if (System.currentTimeMillis() - cachedAt < CACHE_MS) {
      return Future.succeededFuture(cachedNames);
    }
    return refresh();
  }

  /** The last known names, without asking the cluster. */
  public List<String> knownNames() {
    return cachedNames;
  }

  private Future<List<String>> refresh() {
    return map().compose(AsyncMap::entries).map(entries -> {
      List<String> live = liveNodes.get();
      List<String> names = new ArrayList<>();
      entries.forEach((name, node) -> {
        if (live.contains(node)) {
          names.add(name);
        }
      });
      names.sort(null);
      cachedEntries = Map.copyOf(entries);
      cachedNames = List.copyOf(names);
      cachedAt = System.currentTimeMillis();
      return cachedNames;
    });
  }

  private Future<AsyncMap<String, String>> map() {
    return vertx.sharedData().getClusterWideMap(MAP);
  }
}
