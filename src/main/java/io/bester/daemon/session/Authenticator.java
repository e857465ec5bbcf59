package io.bester.daemon.session;

import io.bester.daemon.auth.AccountService;
import io.bester.daemon.auth.LoginThrottle;
import io.vertx.core.Future;

/**
 * Checks a username and password for a connection, with login throttling per (address, username)
 * (§10): a throttled try is refused without hashing, and every failure counts, whether it came
 * from identification or from {@code builtin login}.
 */
public final class Authenticator {

  private final AccountService accounts;
  private final LoginThrottle throttle;

  public Authenticator(AccountService accounts, LoginThrottle throttle) {
    this.accounts = accounts;
    this.throttle = throttle;
  }

  /** True when the password is right; fails only when the store cannot be read. */
  public Future<Boolean> check(String address, String username, String password) {
    if (throttle.blocked(address, username)) {
      return Future.succeededFuture(false);
    }
    return accounts.authenticate(username, password).map(ok -> {
      if (ok) {
        throttle.success(address, username);
      } else {
        throttle.failure(address, username);
      }
      return ok;
    });
  }

  public AccountService accounts() {
    return accounts;
  }
}
