package io.bester.daemon.auth;

import io.bester.daemon.auth.AccountException.Reason;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.text.Normalizer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Account operations on top of an {@link AccountStore}, a {@link PasswordHasher} and a
 * {@link PasswordPolicy}. All methods are asynchronous and safe to call from any event loop; the
 * expensive hashing runs on worker threads.
 *
 * <p>Failures are {@link AccountException}s; any other failure of the store is reported as
 * {@link Reason#STORE_UNAVAILABLE}. Checks happen in this order, and the cheap ones come first so
 * that refused requests do not cost a hash:
 *
 * <ul>
 *   <li>{@link #register}: REGISTRATION_CLOSED, INVALID_USERNAME, USER_EXISTS, WEAK_PASSWORD;
 *   <li>{@link #addUser}: INVALID_USERNAME, USER_EXISTS, WEAK_PASSWORD;
 *   <li>{@link #changePassword}: AUTH_FAILED (checked first, so a caller who does not know the old
 *       password learns nothing else), WEAK_PASSWORD;
 *   <li>{@link #setPassword}: UNKNOWN_USER, WEAK_PASSWORD.
 * </ul>
 *
 * <p>Usernames are case-sensitive and compared exactly.
 */
public final class AccountService {

  /** Longest username, in characters (code points). */
  public static final int MAX_USERNAME_LENGTH = 64;

  @SuppressWarnings("unused") // part of the constructor contract; kept for future use
  private final Vertx vertx;
  private final AccountStore store;
  private final PasswordHasher hasher;
  private final PasswordPolicy policy;
  private final boolean registrationOpen;

  public AccountService(Vertx vertx, AccountStore store, PasswordHasher hasher,
      PasswordPolicy policy, boolean registrationOpen) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.store = Objects.requireNonNull(store, "store");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.registrationOpen = registrationOpen;
  }

  public boolean registrationOpen() {
    return registrationOpen;
  }

  /**
   * Checks a username and password. Completes with {@code false} for an unknown user, a wrong
   * password, a null/empty/invalid username or a null/empty password, always after one full
   * password hash so that the timing does not reveal which users exist. Fails (STORE_UNAVAILABLE)
   * only if the store cannot be read.
   */
  public Future<Boolean> authenticate(String username, String password) {
    if (username == null || username.isEmpty() || password == null || password.isEmpty()
        || !isValidUsername(username)) {
      return hasher.verifyUnknownUser(password == null ? "" : password);
    }
    return lookup(username).compose(hash -> hash.isPresent()
        ? hasher.verify(hash.get(), password)
        : hasher.verifyUnknownUser(password));
  }

  /** Self-registration: REGISTRATION_CLOSED / INVALID_USERNAME / USER_EXISTS / WEAK_PASSWORD. */
  public Future<Void> register(String username, String password) {
    if (!registrationOpen) {
      return failure(Reason.REGISTRATION_CLOSED);
    }
    return addUser(username, password);
  }

  /**
   * Changes a password after checking the old one: AUTH_FAILED (unknown user or wrong old
   * password) / WEAK_PASSWORD.
   */
  public Future<Void> changePassword(String username, String oldPassword, String newPassword) {
    return authenticate(username, oldPassword).compose(ok -> {
      if (!ok) {
        return failure(Reason.AUTH_FAILED);
      }
      if (policy.isWeak(newPassword)) {
        return failure(Reason.WEAK_PASSWORD);
      }
      return hasher.hash(newPassword)
          .compose(hash -> storeCall(() -> store.update(username, hash)))
          // deleted between the check and the update
          .recover(e -> isReason(e, Reason.UNKNOWN_USER)
              ? failure(Reason.AUTH_FAILED) : Future.failedFuture(e));
    });
  }

  /** For the CLI: adds a user regardless of the registration setting. */
  public Future<Void> addUser(String username, String password) {
    if (!isValidUsername(username)) {
      return failure(Reason.INVALID_USERNAME);
    }
    return lookup(username).compose(existing -> {
      if (existing.isPresent()) {
        return failure(Reason.USER_EXISTS);
      }
      if (policy.isWeak(password)) {
        return failure(Reason.WEAK_PASSWORD);
      }
      // The store re-checks existence atomically (USER_EXISTS if someone else was faster).
      return hasher.hash(password).compose(hash -> storeCall(() -> store.create(username, hash)));
    });
  }

  /**
   * For the CLI {@code passwd}: sets a user's password without the old one. Works for any
   * existing name (also one that {@link #isValidUsername} would reject, e.g. hand-edited).
   */
  public Future<Void> setPassword(String username, String password) {
    if (username == null || username.isEmpty()) {
      return failure(Reason.UNKNOWN_USER);
    }
    return lookup(username).compose(existing -> {
      if (existing.isEmpty()) {
        return failure(Reason.UNKNOWN_USER);
      }
      if (policy.isWeak(password)) {
        return failure(Reason.WEAK_PASSWORD);
      }
      return hasher.hash(password).compose(hash -> storeCall(() -> store.update(username, hash)));
    });
  }

  /** Deletes a user: UNKNOWN_USER. */
  public Future<Void> deleteUser(String username) {
    if (username == null || username.isEmpty()) {
      return failure(Reason.UNKNOWN_USER);
    }
    return storeCall(() -> store.delete(username));
  }

  /** All usernames, sorted. */
  public Future<List<String>> listUsers() {
    return storeCall(store::usernames);
  }

  /**
   * Username rules: 1 to {@value #MAX_USERNAME_LENGTH} characters (code points); no whitespace
   * (including no-break and other Unicode spaces), no control or format characters (e.g. zero-width
   * or bidi controls), no unpaired surrogates, no {@code '@'} or {@code ':'} (they separate
   * "user@peer" and "host:port"); and the name must be in Unicode NFC, so that two names that
   * look identical cannot both be registered as precomposed and decomposed variants.
   */
  public static boolean isValidUsername(String name) {
    if (name == null || name.isEmpty() || name.length() > 2 * MAX_USERNAME_LENGTH) {
      return false;
    }
    if (name.codePointCount(0, name.length()) > MAX_USERNAME_LENGTH) {
      return false;
    }
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == '@' || cp == ':' || Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
        return false;
      }
      int type = Character.getType(cp);
      if (type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE) {
        return false;
      }
    }
    return Normalizer.isNormalized(name, Normalizer.Form.NFC);
  }

  // ---------------------------------------------------------------------------------------

  private Future<Optional<String>> lookup(String username) {
    return storeCall(() -> store.hash(username));
  }

  /** Calls the store; AccountExceptions pass, anything else becomes STORE_UNAVAILABLE. */
  private static <T> Future<T> storeCall(Supplier<Future<T>> call) {
    Future<T> f;
    try {
      f = call.get();
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    return f.recover(e -> Future.failedFuture(e instanceof AccountException
        ? e
        : new AccountException(Reason.STORE_UNAVAILABLE, "account store unavailable", e)));
  }

  private static boolean isReason(Throwable e, Reason reason) {
    return e instanceof AccountException && ((AccountException) e).reason() == reason;
  }

  private static <T> Future<T> failure(Reason reason) {
    return Future.failedFuture(new AccountException(reason));
  }
}
