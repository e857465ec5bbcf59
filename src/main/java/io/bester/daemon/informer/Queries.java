package io.bester.daemon.informer;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Reads a request {@code {"command": {"type": <name>, "data": <arg>}}} and hands it to the
 * query of that name. Shared by both transports, so they cannot disagree about a request.
 * The returned future always succeeds: whatever goes wrong becomes an {@link Answer#error}.
 */
public final class Queries {

  /** Bound on how much of an unknown command name is echoed back. */
  private static final int MAX_ECHOED_NAME = 64;

  private final Map<String, Query> byName;

  public Queries(DaemonView view) {
    this.byName = Map.of(
        ListClients.NAME, new ListClients(view),
        IsClient.NAME, new IsClient(view),
        ServerInfo.NAME, new ServerInfo(view),
        Quit.NAME, new Quit());
  }

  public Future<Answer> answer(Object request) {
    if (!(request instanceof JsonObject json) || !(json.getValue("command") instanceof JsonObject command)) {
      return error("a request is {\"command\": {\"type\": <name>, \"data\": <argument>}}");
    }
    if (!(command.getValue("type") instanceof String name)) {
      return error("command.type must be a string");
    }
    Query query = byName.get(name);
    if (query == null) {
      return error("unknown command '" + snippet(name) + "'; known: listClients, isClient, serverInfo, quit");
    }
    Future<Answer> answer;
    try {
      answer = query.answer(command.getValue("data"));
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    return answer.recover(cause -> error(name + " failed: " + cause.getMessage()));
  }

  private static Future<Answer> error(String message) {
    return Future.succeededFuture(Answer.error(message));
  }

  private static String snippet(String name) {
    return name.length() <= MAX_ECHOED_NAME ? name : name.substring(0, MAX_ECHOED_NAME) + "...";
  }
}
