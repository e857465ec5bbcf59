package io.bester.daemon.session.builtin;

import io.bester.daemon.routing.Execution;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * One {@code builtin} command (§3.1). Checks may run at once; changes to the session happen in
 * the returned execution, so they take effect in the order of the connection's messages.
 */
@FunctionalInterface
public interface BuiltinCommand {

  /** {@code args} is the command's args object, empty when it was null or absent. */
  Future<Execution> run(BuiltinSession session, Object id, JsonObject args);
}
