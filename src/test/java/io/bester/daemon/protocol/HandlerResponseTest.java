package io.bester.daemon.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Both shapes of a handler response (§4.2) and what is not one. */
class HandlerResponseTest {

  @Test
  void shapeWithCommandObject() throws Exception {
    HandlerResponse r = HandlerResponse.parse(new JsonObject(
        "{\"header\":{\"status\":\"0\",\"command\":{\"type\":\"sendClients\",\"data\":[\"bob\",\"carol\"]}},\"data\":{\"x\":1}}"));
    assertTrue(r.succeeded());
    assertEquals(new Command.SendClients(List.of("bob", "carol")), r.command());
    assertEquals(new JsonObject().put("x", 1), r.data());
  }

  @Test
  void shapeWithCommandDataAndPayload() throws Exception {
    HandlerResponse r = HandlerResponse.parse(new JsonObject(
        "{\"header\":{\"status\":\"0\",\"command\":\"sendServers\",\"commandData\":[\"h:1\"]},\"payload\":{\"type\":\"chat\",\"data\":[1]}}"));
    assertEquals(new Command.SendServers(List.of("h:1")), r.command());
    assertEquals(List.of(1), ((io.vertx.core.json.JsonArray) r.data()).getList());
  }

  @Test
  void sendHandlerNamesAType() throws Exception {
    HandlerResponse r = HandlerResponse.parse(HandlerResponse.sendHandler("next", "d"));
    assertEquals(new Command.SendHandler("next"), r.command());
    assertEquals("d", r.data());
  }

  @Test
  void statusZeroAsNumberIsSuccess() throws Exception {
    assertTrue(HandlerResponse.parse(new JsonObject("{\"header\":{\"status\":0,\"command\":\"sendClients\",\"commandData\":[]}}")).succeeded());
    HandlerResponse failed = HandlerResponse.parse(new JsonObject("{\"header\":{\"status\":\"7\"}}"));
    assertFalse(failed.succeeded());
    assertEquals("7", failed.status());
  }

  @Test
  void unknownOrMisshapenCommandsAreInvalid() throws Exception {
    assertInstanceOf(Command.Invalid.class, HandlerResponse.parse(new JsonObject("{\"header\":{\"status\":\"0\",\"command\":\"explode\"}}")).command());
    assertInstanceOf(Command.Invalid.class, HandlerResponse.parse(new JsonObject("{\"header\":{\"status\":\"0\",\"command\":\"sendClients\",\"commandData\":\"bob\"}}")).command());
    assertInstanceOf(Command.Invalid.class, HandlerResponse.parse(new JsonObject("{\"header\":{\"status\":\"0\",\"command\":{\"type\":\"sendClients\",\"data\":[1]}}}")).command());
    assertInstanceOf(Command.Invalid.class, HandlerResponse.parse(new JsonObject("{\"header\":{\"status\":\"0\"}}")).command());
  }

  @Test
  void notAResponseAtAll() {
    assertThrows(ProtocolException.class, () -> HandlerResponse.parse("text"));
    assertThrows(ProtocolException.class, () -> HandlerResponse.parse(new JsonObject()));
    assertThrows(ProtocolException.class, () -> HandlerResponse.parse(new JsonObject().put("header", new JsonObject())));
  }
}
