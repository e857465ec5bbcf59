package io.bester.daemon.session;

import io.bester.daemon.routing.ClientDelivery;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The authenticated client sessions of this daemon, by username. Listeners on several event
 * loops add and remove sessions, and senders on any loop read it, hence the concurrent maps.
 *
 * <p>Delivery counts the sessions the frame was queued to, which is why the daemon keeps this
 * registry rather than publishing to a per-user address: a publish cannot say how many received it.
 */
public final class SessionRegistry implements ClientDelivery {

  /** A session as the registry sees it: something frames can be queued to. */
  public interface Recipient {
    /** Queues the frame; false when the session is closing and took nothing. */
    boolean deliver(Buffer frame);
  }

  private final Map<String, Set<Recipient>> byUser = new ConcurrentHashMap<>();
  private final AtomicInteger sessions = new AtomicInteger();

  public void add(String username, Recipient session) {
    byUser.compute(username, (name, set) -> {
      Set<Recipient> next = set == null ? ConcurrentHashMap.newKeySet() : set;
      if (next.add(session)) {
        sessions.incrementAndGet();
      }
      return next;
    });
  }

  public void remove(String username, Recipient session) {
    byUser.computeIfPresent(username, (name, set) -> {
      if (set.remove(session)) {
        sessions.decrementAndGet();
      }
      return set.isEmpty() ? null : set;
    });
  }

  @Override
  public Future<Result> deliver(List<String> users, Buffer frame) {
    int delivered = 0;
    List<String> offline = new ArrayList<>();
    for (String user : new LinkedHashSet<>(users)) {
      int before = delivered;
      for (Recipient session : byUser.getOrDefault(user, Set.of())) {
        if (session.deliver(frame)) {
          delivered++;
        }
      }
      if (delivered == before) {
        offline.add(user);
      }
    }
    return Future.succeededFuture(new Result(delivered, offline));
  }

  public boolean isOnline(String username) {
    return byUser.containsKey(username);
  }

  /** Distinct usernames with at least one session. */
  public List<String> usernames() {
    return List.copyOf(byUser.keySet());
  }

  public int sessionCount() {
    return sessions.get();
  }
}
