package io.bester.daemon.protocol;

/** Field values, event-bus addresses and header names shared by the daemon and its handlers. */
public final class Names {

  private Names() {
  }

  /** The id of the report that answers identification (§2), kept for the first daemon's clients. */
  public static final String AUTH_SPECIAL = "auth_special";

  public static final String TYPE_DUMMY = "dummy";
  public static final String TYPE_BUILTIN = "builtin";

  public static final String DEFAULT_HANDLER_PREFIX = "bester.handler.";
  public static final String INFORMER_ADDRESS = "bester.informer";
  public static final String USER_PREFIX = "bester.user.";
  public static final String SERVER_PREFIX = "bester.server.";
  /** Per-daemon addresses of a cluster: {@code bester.node.<name>.deliver} and {@code .clients}. */
  public static final String NODE_PREFIX = "bester.node.";
  /** Header of a cluster delivery: the recipients, as a JSON array. */
  public static final String HEADER_USERS = "bester-users";

  /** Delivery-option headers of a handler request (§4). */
  public static final String HEADER_USER = "bester-user";
  public static final String HEADER_ID = "bester-id";
  public static final String HEADER_TYPE = "bester-type";
  public static final String HEADER_SERVER = "bester-server";

  /**
   * Failure code reserved for a handler that could not do its job at all (§4.2: unreachable,
   * crashed, unreadable answer), as opposed to one that refused the message. A handler that
   * fails its event-bus message with this code makes the sender get {@code handler_failed}
   * instead of {@code handler_error}; the external-handler bridge uses it.
   */
  public static final int FAILURE_HANDLER_FAILED = -2;
}
