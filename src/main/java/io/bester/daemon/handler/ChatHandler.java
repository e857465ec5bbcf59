package io.bester.daemon.handler;

import io.bester.daemon.protocol.HandlerResponse;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** The built-in {@code chat} handler (§4.3): {@code sendClients} to {@code data.to}, data unchanged. */
public final class ChatHandler extends HandlerVerticle {

  public static final String TYPE = "chat";

  public ChatHandler() {
    super(TYPE);
  }

  @Override
  public Future<JsonObject> handle(HandlerRequest request) {
    List<String> to = recipients(request.data());
    if (to == null) {
      return Future.failedFuture(new HandlerException(1, "chat needs data.to: an array of usernames"));
    }
    return Future.succeededFuture(HandlerResponse.sendClients(to, request.data()));
  }

  private static List<String> recipients(Object data) {
    if (!(data instanceof JsonObject json) || !(json.getValue("to") instanceof JsonArray to)) {
      return null;
    }
    List<String> names = new ArrayList<>(to.size());
    for (Object name : to) {
      if (!(name instanceof String s)) {
        return null;
      }
      names.add(s);
    }
    return names;
  }
}
