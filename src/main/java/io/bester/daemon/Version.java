package io.bester.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * This build's version, as Maven wrote it into {@code version.properties} (the one filtered
 * resource, see pom.xml). Classes compiled without Maven's filtering report {@value #UNKNOWN}
 * rather than the literal placeholder.
 */
final class Version {

  static final String UNKNOWN = "unknown";
  private static final String RESOURCE = "version.properties";

  private Version() {
  }

  /**
   * The version, read from the class path on the first call only. That read is blocking I/O:
   * the first call belongs on a thread that is not an event loop ({@code Daemon.start} makes it).
   */
  static String current() {
    return Holder.VERSION;
  }

  private static final class Holder {
    static final String VERSION = read();
  }

  private static String read() {
    try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return UNKNOWN;
      }
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("version", "").trim();
      return version.isEmpty() || version.startsWith("${") ? UNKNOWN : version;
    } catch (IOException e) {
      return UNKNOWN;
    }
  }
}
