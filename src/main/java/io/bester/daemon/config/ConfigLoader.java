package io.bester.daemon.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads the config file. Blocking on purpose: it runs once on the main thread before any event
 * loop exists, and the daemon cannot do anything useful until it has its config.
 */
public final class ConfigLoader {

  private ConfigLoader() {
  }

  /**
   * Reads, parses and validates {@code file}. Comments are allowed; duplicate keys are not.
   *
   * @throws ConfigException with field {@code ""} if the file is missing, unreadable or not a
   *                         JSON object, otherwise naming the offending field
   */
  public static DaemonConfig load(Path file) {
    Objects.requireNonNull(file, "file");
    String text = read(file);
    // Editors on some platforms prepend a byte-order mark, which the JSON parser rejects.
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    if (text.isBlank()) {
      throw new ConfigException("", file + ": file is empty");
    }
    Object parsed;
    try {
      parsed = Json.decodeValue(text);
    } catch (DecodeException e) {
      throw new ConfigException("", file + ": not valid JSON: " + firstLine(e.getMessage()), e);
    }
    if (!(parsed instanceof JsonObject json)) {
      throw new ConfigException("", file + ": must contain a JSON object, got " + Fields.describeType(parsed));
    }
    DuplicateKeys.check(text);
    return DaemonConfig.fromJson(json);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException("", file + ": no such file", e);
    } catch (CharacterCodingException e) {
      throw new ConfigException("", file + ": not valid UTF-8", e);
    } catch (IOException | SecurityException e) {
      throw new ConfigException("", file + ": cannot read: " + e, e);
    }
  }

  // the parser's message goes on with the source's location on a second line: one line is enough
  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int end = message.indexOf('\n');
    return (end < 0 ? message : message.substring(0, end)).trim();
  }
}
