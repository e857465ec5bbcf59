package io.bester.daemon.protocol;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A handler's answer, normalised from either shape of §4.2:
 * <pre>
 * {"header": {"status": "0", "command": {"type": "sendClients", "data": [...]}}, "data": ...}
 * {"header": {"status": "0", "command": "sendClients", "commandData": [...]}, "payload": {"type": ..., "data": ...}}
 * </pre>
 * {@code status} is kept as received so that an error status can be echoed to the sender.
 */
public record HandlerResponse(Object status, Command command, Object data) {

  public boolean succeeded() {
    return "0".equals(status) || (status instanceof Number n && n.doubleValue() == 0);
  }

  /** Parses a response; throws when it is not a handler response at all (→ handler_failed). */
  public static HandlerResponse parse(Object body) throws ProtocolException {
    if (!(body instanceof JsonObject json) || !(json.getValue("header") instanceof JsonObject header)) {
      throw new ProtocolException(ErrorCode.HANDLER_FAILED, "the handler's response has no header object");
    }
    if (!header.containsKey("status")) {
      throw new ProtocolException(ErrorCode.HANDLER_FAILED, "the handler's response has no header.status");
    }
    Object status = header.getValue("status");
    Object rawCommand = header.getValue("command");
    if (rawCommand instanceof JsonObject command) {
      return new HandlerResponse(status, command(command.getValue("type"), command.getValue("data")), json.getValue("data"));
    }
    Object data = json.getValue("payload") instanceof JsonObject payload ? payload.getValue("data") : json.getValue("data");
    return new HandlerResponse(status, command(rawCommand, header.getValue("commandData")), data);
  }

  private static Command command(Object name, Object data) {
    if (!(name instanceof String type)) {
      return new Command.Invalid("the response names no command");
    }
    switch (type) {
      case "sendClients":
        List<String> users = strings(data);
        return users == null ? invalid(type, "an array of usernames") : new Command.SendClients(users);
      case "sendServers":
        List<String> targets = strings(data);
        return targets == null ? invalid(type, "an array of server targets") : new Command.SendServers(targets);
      case "sendHandler":
        return data instanceof String next && !next.isEmpty()
            ? new Command.SendHandler(next) : invalid(type, "a handler type name");
      default:
        return new Command.Invalid("unknown command " + IdentificationParser.snippet(type));
    }
  }

  private static Command invalid(String command, String expected) {
    return new Command.Invalid(command + " needs " + expected);
  }

  private static List<String> strings(Object data) {
    if (!(data instanceof JsonArray array)) {
      return null;
    }
    List<String> result = new ArrayList<>(array.size());
    for (Object item : array) {
      if (!(item instanceof String s)) {
        return null;
      }
      result.add(s);
    }
    return result;
  }

  /** The response a handler sends to deliver {@code data} to {@code users} (shape 1 of §4.2). */
  public static JsonObject sendClients(List<String> users, Object data) {
    return shape("sendClients", new JsonArray(new ArrayList<>(users)), data);
  }

  public static JsonObject sendServers(List<String> targets, Object data) {
    return shape("sendServers", new JsonArray(new ArrayList<>(targets)), data);
  }

  public static JsonObject sendHandler(String type, Object data) {
    return shape("sendHandler", type, data);
  }

  private static JsonObject shape(String command, Object commandData, Object data) {
    return new JsonObject()
        .put("header", new JsonObject().put("status", "0")
            .put("command", new JsonObject().put("type", command).put("data", commandData)))
        .put("data", data);
  }
}
