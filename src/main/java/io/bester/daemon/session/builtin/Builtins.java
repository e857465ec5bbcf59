package io.bester.daemon.session.builtin;

import io.bester.daemon.protocol.ErrorCode;
import io.bester.daemon.protocol.Replies;
import io.bester.daemon.routing.Execution;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/** Reads {@code data.command} of a {@code builtin} message and runs the command it names (§3.1). */
public final class Builtins {

  private static final Map<String, BuiltinCommand> COMMANDS = Map.of(
      "close", new CloseCommand(),
      "login", new LoginCommand(),
      "logout", new LogoutCommand(),
      "changePassword", new ChangePasswordCommand(),
      "register", new RegisterCommand());

  private Builtins() {
  }

  /** The command's name, or null when the data does not name one. */
  public static String commandName(Object data) {
    return data instanceof JsonObject json && json.getValue("command") instanceof JsonObject command
        && command.getValue("type") instanceof String name ? name : null;
  }

  public static Future<Execution> run(BuiltinSession session, Object id, Object data) {
    String name = commandName(data);
    if (name == null) {
      return Future.succeededFuture(Execution.report(Replies.bad(id, ErrorCode.MALFORMED,
          "builtin needs data.command = {\"type\": <name>, \"args\": <object or null>}")));
    }
    BuiltinCommand command = COMMANDS.get(name);
    if (command == null) {
      return Future.succeededFuture(Execution.report(Replies.bad(id, ErrorCode.UNKNOWN_COMMAND,
          "unknown builtin command '" + name + "'")));
    }
    Object args = ((JsonObject) data).getJsonObject("command").getValue("args");
    return command.run(session, id, args instanceof JsonObject json ? json : new JsonObject());
  }
}
