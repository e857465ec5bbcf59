package io.bester.daemon.auth;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * Where accounts live: username to password hash (a PHC string produced by {@link PasswordHasher}).
 * Every method is asynchronous and safe to call from any event loop.
 *
 * <p>Failure contract: {@link #open()} fails with {@link StoreException}; the write methods fail
 * with {@link AccountException} ({@code USER_EXISTS}, {@code UNKNOWN_USER} or
 * {@code STORE_UNAVAILABLE}). When a write fails nothing was changed.
 */
public interface AccountStore {

  /** Loads the store. Fails with {@link StoreException} if it is unreadable, corrupt or an empty file. */
  Future<Void> open();

  /** The PHC hash string of the user, or empty if there is no such user. */
  Future<Optional<String>> hash(String username);

  /** Adds a user; fails with {@link AccountException.Reason#USER_EXISTS} if the name is taken. */
  Future<Void> create(String username, String hash);

  /** Replaces a user's hash; fails with {@link AccountException.Reason#UNKNOWN_USER}. */
  Future<Void> update(String username, String hash);

  /** Removes a user; fails with {@link AccountException.Reason#UNKNOWN_USER}. */
  Future<Void> delete(String username);

  /** All usernames, sorted (natural String order). */
  Future<List<String>> usernames();

  /** Stops background work and waits for a write in progress. The store cannot be reopened. */
  Future<Void> close();
}
