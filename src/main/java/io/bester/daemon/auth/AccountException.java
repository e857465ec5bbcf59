package io.bester.daemon.auth;

import java.util.Objects;

/**
 * An account operation was refused or could not be carried out. The {@link #reason()} is the
 * machine-readable outcome; the message is generic and never contains a password (nor a username).
 */
public final class AccountException extends RuntimeException {

  /** Why an account operation failed. */
  public enum Reason {
    /** create/register/addUser: the username is taken. */
    USER_EXISTS,
    /** update/delete/setPassword/deleteUser: no such user. */
    UNKNOWN_USER,
    /** The password fails the {@link PasswordPolicy}. */
    WEAK_PASSWORD,
    /** changePassword: the old password (or the username) is wrong. */
    AUTH_FAILED,
    /** register: self-registration is disabled. */
    REGISTRATION_CLOSED,
    /** The account store could not be read or written; nothing was changed. */
    STORE_UNAVAILABLE,
    /** register/addUser: the username breaks the rules of {@link AccountService#isValidUsername}. */
    INVALID_USERNAME
  }

  private final Reason reason;

  public AccountException(Reason reason) {
    this(reason, defaultMessage(reason), null);
  }

  public AccountException(Reason reason, String message) {
    this(reason, message, null);
  }

  public AccountException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }

  private static String defaultMessage(Reason reason) {
    switch (Objects.requireNonNull(reason, "reason")) {
      case USER_EXISTS: return "user already exists";
      case UNKNOWN_USER: return "unknown user";
      case WEAK_PASSWORD: return "password does not meet the password policy";
      case AUTH_FAILED: return "authentication failed";
      case REGISTRATION_CLOSED: return "registration is closed";
      case STORE_UNAVAILABLE: return "account store unavailable";
      case INVALID_USERNAME: return "invalid username";
      default: return reason.name();
    }
  }
}
