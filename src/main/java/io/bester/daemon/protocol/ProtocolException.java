package io.bester.daemon.protocol;

/** A frame that parsed as JSON but breaks the contract; carries the code and the id to answer with. */
public final class ProtocolException extends Exception {

  private final ErrorCode code;
  private final Object id;

  public ProtocolException(ErrorCode code, String message, Object id) {
    super(message, null, false, false);
    this.code = code;
    this.id = id;
  }

  public ProtocolException(ErrorCode code, String message) {
    this(code, message, null);
  }

  public ErrorCode code() {
    return code;
  }

  public Object id() {
    return id;
  }
}
