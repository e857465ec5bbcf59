package io.bester.examples;

import io.bester.daemon.handler.HandlerException;
import io.bester.daemon.handler.HandlerRequest;
import io.bester.daemon.handler.HandlerVerticle;
import io.bester.daemon.protocol.HandlerResponse;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;

/**
 * Example handler for type {@code shout}: {@code {"to": ["bob"], "text": "hi"}} reaches bob as
 * {@code {"text": "HI", "by": "alice"}}. The README shows how to deploy it.
 */
public final class ShoutHandler extends HandlerVerticle {

  public ShoutHandler() {
    super("shout");
  }

  @Override
  public Future<JsonObject> handle(HandlerRequest request) {
    if (!(request.data() instanceof JsonObject data) || data.getString("text") == null
        || data.getJsonArray("to") == null) {
      throw new HandlerException(2, "shout needs {\"to\": [...], \"text\": \"...\"}");
    }
    JsonObject loud = new JsonObject()
        .put("text", data.getString("text").toUpperCase(Locale.ROOT))
        .put("by", request.user());
    @SuppressWarnings("unchecked")
    List<String> to = data.getJsonArray("to").getList();
    return Future.succeededFuture(HandlerResponse.sendClients(to, loud));
  }
}
