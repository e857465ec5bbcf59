package io.bester.daemon.auth;

/**
 * The account store cannot be read or written (missing permissions, corrupt or empty file, I/O
 * error). The message names the file; it never contains a password or the file's contents.
 */
public final class StoreException extends RuntimeException {

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
