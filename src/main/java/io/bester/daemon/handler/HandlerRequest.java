package io.bester.daemon.handler;

import io.bester.daemon.protocol.Names;
import io.vertx.core.eventbus.Message;

/**
 * What a handler receives (§4): the message's data and who sent it. {@code id} is the client's
 * tag as text (null when the message had none); {@code user} is the sending username, or
 * {@code user@peer} for a message forwarded by another daemon.
 */
public record HandlerRequest(String type, String user, String id, String server, Object data) {

  public static HandlerRequest of(Message<Object> message) {
    return new HandlerRequest(
        message.headers().get(Names.HEADER_TYPE),
        message.headers().get(Names.HEADER_USER),
        message.headers().get(Names.HEADER_ID),
        message.headers().get(Names.HEADER_SERVER),
        message.body());
  }
}
