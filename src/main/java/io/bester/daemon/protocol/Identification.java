package io.bester.daemon.protocol;

import io.vertx.core.json.JsonObject;

/**
 * What the first frame of a connection says about the peer (§2), in either form.
 * {@code firstMessage} is the payload of a v2 scope frame, processed after authentication.
 */
public sealed interface Identification {

  /** True for the v2 {@code scope} form, whose server frames get no separate answer. */
  boolean legacy();

  JsonObject firstMessage();

  record Client(String username, String password, boolean register, boolean legacy, JsonObject firstMessage)
      implements Identification {
    @Override
    public String toString() {
      return "Client[" + username + "]";  // never the password
    }
  }

  /** {@code from} is the sending user on the peer, when the peer said it (v2 header.from). */
  record Server(String name, String secret, String from, boolean legacy, JsonObject firstMessage)
      implements Identification {
    @Override
    public String toString() {
      return "Server[" + name + "]";
    }
  }
}
