package io.bester.daemon.session;

import io.bester.daemon.protocol.ErrorCode;

/** Why a connection ended; every close has exactly one (§10). */
public enum CloseReason {
  CLIENT_CLOSED("client_closed"),
  READ_ERROR("read_error"),
  IDLE("idle"),
  FATAL("fatal");

  private final String wireName;

  CloseReason(String wireName) {
    this.wireName = wireName;
  }

  /** The name that is logged and counted: the fatal code for a fatal close. */
  public String label(ErrorCode fatalCode) {
    return this == FATAL && fatalCode != null ? fatalCode.wireName() : wireName;
  }
}
