package io.bester.examples

import io.bester.daemon.handler.HandlerException
import io.bester.daemon.handler.HandlerRequest
import io.bester.daemon.handler.HandlerVerticle
import io.bester.daemon.protocol.HandlerResponse
import io.vertx.core.Future
import io.vertx.core.json.JsonObject

/**
 * Example handler in Kotlin for type `reverse`: `{"to": ["bob"], "text": "abc"}` reaches bob as
 * `{"text": "cba", "by": "alice"}`. It is built by the project's Maven build and deployed like any
 * Java handler verticle: `"handlers": {"verticles": [{"class": "io.bester.examples.ReverseHandler"}]}`.
 */
class ReverseHandler : HandlerVerticle("reverse") {

  override fun handle(request: HandlerRequest): Future<JsonObject> {
    val data = request.data() as? JsonObject
    val text = data?.getValue("text") as? String
    val to = data?.getJsonArray("to")?.list?.filterIsInstance<String>()
    if (text == null || to == null) {
      return Future.failedFuture(HandlerException(3, "reverse needs {\"to\": [...], \"text\": \"...\"}"))
    }
    val answer = JsonObject().put("text", text.reversed()).put("by", request.user())
    return Future.succeededFuture(HandlerResponse.sendClients(to, answer))
  }
}
