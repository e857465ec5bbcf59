package io.bester.daemon.config;

/**
 * An invalid or unreadable configuration. The message always starts with {@code "config: "} and,
 * when a single field is to blame, names its path ({@code limits.maxFrameBytes},
 * {@code federation.allow[2]}) so the operator can find it in the file.
 */
public final class ConfigException extends RuntimeException {

  private final String field;

  /**
   * @param field  path of the offending field, or {@code ""} when the file as a whole is at fault
   * @param detail what is wrong with it
   */
  public ConfigException(String field, String detail) {
    this(field, detail, null);
  }

  public ConfigException(String field, String detail, Throwable cause) {
    super(field == null || field.isEmpty() ? "config: " + detail : "config: " + field + ": " + detail, cause);
    this.field = field == null ? "" : field;
  }

  /** Path of the offending field, or {@code ""} when the whole file is at fault. */
  public String field() {
    return field;
  }
}
