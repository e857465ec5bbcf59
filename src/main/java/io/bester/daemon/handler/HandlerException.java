package io.bester.daemon.handler;

/**
 * Thrown (or failed with) by a handler to refuse a message: the sender gets {@code handler_error}
 * with {@code error.status} set to {@link #status()} and this message.
 */
public class HandlerException extends RuntimeException {

  private final int status;

  public HandlerException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
