package io.bester.daemon.config;

import io.vertx.core.json.JsonObject;

/**
 * Account policy.
 *
 * @param registrationOpen  whether clients may register new accounts themselves
 * @param minPasswordLength shortest password accepted at registration, characters
 */
public record Accounts(boolean registrationOpen, int minPasswordLength) {

  /** Registration is closed unless the operator opens it. */
  public static final boolean DEFAULT_REGISTRATION_OPEN = false;
  /** Characters. */
  public static final int DEFAULT_MIN_PASSWORD_LENGTH = 8;

  public static Accounts defaults() {
    return fromJson(new JsonObject(), "accounts");
  }

  public static Accounts fromJson(JsonObject json, String path) {
    Fields.rejectUnknown(json, path, "registration", "minPasswordLength");
    String registration = Fields.optChoice(json, path, "registration",
        DEFAULT_REGISTRATION_OPEN ? "open" : "closed", "open", "closed");
    return new Accounts(registration.equals("open"),
        Fields.optInt(json, path, "minPasswordLength", DEFAULT_MIN_PASSWORD_LENGTH, 1, Integer.MAX_VALUE));
  }
}
