package io.bester.daemon.protocol;

import io.vertx.core.json.JsonObject;

/** Reads the first frame of a connection into an {@link Identification} (§2, §11). */
public final class IdentificationParser {

  private IdentificationParser() {
  }

  public static Identification parse(JsonObject frame) throws ProtocolException {
    if (!(frame.getValue("header") instanceof JsonObject header)) {
      throw new ProtocolException(ErrorCode.NOT_IDENTIFIED, "the first frame must carry a header with identify or scope");
    }
    Object identify = header.getValue("identify");
    if (identify instanceof JsonObject block) {
      return fromIdentify(block);
    }
    Object scope = header.getValue("scope");
    if (identify == null && scope != null) {
      return fromScope(header, scope, frame.getValue("payload"));
    }
    throw new ProtocolException(ErrorCode.NOT_IDENTIFIED, "the first frame must carry header.identify or header.scope");
  }

  private static Identification fromIdentify(JsonObject block) throws ProtocolException {
    Object type = block.getValue("type");
    if (type == null) {
      throw new ProtocolException(ErrorCode.NOT_IDENTIFIED, "identify.type is missing");
    }
    if ("client".equals(type)) {
      Object register = block.getValue("register", false);
      if (!(register instanceof Boolean)) {
        throw authFailed("identify.register must be a boolean");
      }
      return client(block.getValue("authentication"), (Boolean) register, false, null);
    }
    if ("server".equals(type)) {
      return new Identification.Server(optionalString(block, "name"), optionalString(block, "secret"),
          optionalString(block, "from"), false, null);
    }
    throw new ProtocolException(ErrorCode.BAD_SCOPE, "unknown identify type " + snippet(type));
  }

  private static Identification fromScope(JsonObject header, Object scope, Object payload) throws ProtocolException {
    JsonObject first = payload instanceof JsonObject p ? p : null;
    if ("client".equals(scope)) {
      return client(header.getValue("authentication"), false, true, first);
    }
    if ("server".equals(scope)) {
      return new Identification.Server(optionalString(header, "name"), optionalString(header, "secret"),
          optionalString(header, "from"), true, first);
    }
    throw new ProtocolException(ErrorCode.BAD_SCOPE, "unknown scope " + snippet(scope));
  }

  private static Identification client(Object authentication, boolean register, boolean legacy, JsonObject first)
      throws ProtocolException {
    if (!(authentication instanceof JsonObject auth)) {
      throw authFailed("an authentication block with username and password is required");
    }
    if (!(auth.getValue("username") instanceof String username) || username.isEmpty()
        || !(auth.getValue("password") instanceof String password) || password.isEmpty()) {
      throw authFailed("authentication needs a non-empty username and password");
    }
    return new Identification.Client(username, password, register, legacy, first);
  }

  private static String optionalString(JsonObject json, String key) {
    return json.getValue(key) instanceof String s && !s.isEmpty() ? s : null;
  }

  private static ProtocolException authFailed(String message) {
    return new ProtocolException(ErrorCode.AUTH_FAILED, message, Names.AUTH_SPECIAL);
  }

  static String snippet(Object value) {
    String text = String.valueOf(value instanceof String ? "'" + value + "'" : value);
    return text.length() > 64 ? text.substring(0, 64) + "..." : text;
  }
}
