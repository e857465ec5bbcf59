package io.bester.examples;

import io.bester.daemon.handler.HandlerException;
import io.bester.daemon.handler.HandlerRequest;
import io.bester.daemon.handler.HandlerVerticle;
import io.bester.daemon.protocol.HandlerResponse;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Example handler for type {@code relay}, showing federation: from a client,
 * {@code {"servers": ["node-b"], "to": ["bob"], "text": "hi"}} is forwarded (sendServers) to the
 * daemons named in {@code servers} — cluster members by name, others as {@code host:port}; on
 * the daemon that receives it (the sender is then {@code user@daemon}) it is delivered to
 * {@code to} there (sendClients).
 */
public final class RelayHandler extends HandlerVerticle {

  public RelayHandler() {
    super("relay");
  }

  @Override
  public Future<JsonObject> handle(HandlerRequest request) {
    if (!(request.data() instanceof JsonObject data)) {
      throw new HandlerException(4, "relay needs {\"servers\": [...], \"to\": [...], ...}");
    }
    boolean fromAnotherDaemon = request.user() != null && request.user().contains("@");
    List<String> names = strings(data.getValue(fromAnotherDaemon ? "to" : "servers"));
    if (names == null) {
      throw new HandlerException(4, "relay needs data.servers and data.to: arrays of strings");
    }
    return Future.succeededFuture(fromAnotherDaemon
        ? HandlerResponse.sendClients(names, data)
        : HandlerResponse.sendServers(names, data));
  }

  private static List<String> strings(Object value) {
    if (!(value instanceof JsonArray array)) {
      return null;
    }
    List<String> result = new ArrayList<>();
    for (Object item : array) {
      if (!(item instanceof String s)) {
        return null;
      }
      result.add(s);
    }
    return result;
  }
}
