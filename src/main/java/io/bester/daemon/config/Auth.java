package io.bester.daemon.config;

import io.vertx.core.json.JsonObject;

/**
 * Brute-force protection for logins.
 *
 * @param maxFailures     failed logins tolerated within the window before further attempts are refused
 * @param failureWindowMs length of the window, milliseconds
 */
public record Auth(int maxFailures, long failureWindowMs) {

  /** Failed attempts. */
  public static final int DEFAULT_MAX_FAILURES = 10;
  /** Milliseconds. */
  public static final long DEFAULT_FAILURE_WINDOW_MS = 60_000;

  public static Auth defaults() {
    return fromJson(new JsonObject(), "auth");
  }

  public static Auth fromJson(JsonObject json, String path) {
    Fields.rejectUnknown(json, path, "maxFailures", "failureWindowMs");
    return new Auth(
        Fields.optInt(json, path, "maxFailures", DEFAULT_MAX_FAILURES, 1, Integer.MAX_VALUE),
        Fields.optLong(json, path, "failureWindowMs", DEFAULT_FAILURE_WINDOW_MS, 1, Long.MAX_VALUE));
  }
}
