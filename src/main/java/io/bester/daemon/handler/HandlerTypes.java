package io.bester.daemon.handler;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import java.util.ArrayList;
import java.util.List;

/**
 * The payload types that have a handler running in this Vert.x instance, for the informer's
 * {@code serverInfo.handlers} (§7). {@link HandlerVerticle} registers itself; other kinds of
 * handler (external ones, say) call {@link #add} and {@link #remove} the same way.
 *
 * <p>The register is a local shared map rather than a static field so that it belongs to one
 * Vert.x instance: two daemons in one JVM, as in the tests, do not see each other's handlers.
 * It counts instances, because several instances of one type share the load and the type stays
 * served until the last of them stops. Handlers in other JVMs of a cluster are not in it.
 */
public final class HandlerTypes {

  /** Name of the local map: type → number of running instances. */
  public static final String MAP_NAME = "bester.handlers";

  private HandlerTypes() {
  }

  /** One more instance of {@code type} is running. Safe from any thread. */
  public static void add(Vertx vertx, String type) {
    map(vertx).merge(type, 1, Integer::sum);
  }

  /** One instance of {@code type} stopped; the type goes away with its last instance. */
  public static void remove(Vertx vertx, String type) {
    map(vertx).computeIfPresent(type, (t, count) -> count > 1 ? count - 1 : null);
  }

  /** The types with at least one running instance, sorted. */
  public static List<String> list(Vertx vertx) {
    List<String> types = new ArrayList<>(map(vertx).keySet());
    types.sort(null);
    return types;
  }

  private static LocalMap<String, Integer> map(Vertx vertx) {
    return vertx.sharedData().getLocalMap(MAP_NAME);
  }
}
