package io.bester.daemon.session.builtin;

import io.bester.daemon.auth.AccountService;
import io.vertx.core.Future;

/** What a builtin command may see and change of the session that sent it. */
public interface BuiltinSession {

  /** The authenticated username, or null after logout. */
  String username();

  /** Checks a password with login throttling; fails only when the store cannot be read. */
  Future<Boolean> checkPassword(String username, String password);

  AccountService accounts();

  void loginAs(String username);

  void logout();

  /** Closes the connection once the command's report has been written. */
  void closeAfterReport();
}
