package io.bester.daemon.config;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * The account store. Both back-ends' settings are always present so switching {@code type} needs
 * no other change; only the one named by {@code type} is used.
 *
 * @param type      which back-end to use
 * @param filePath  accounts file for {@link DatabaseType#FILE}
 * @param redisHost Redis host for {@link DatabaseType#REDIS}
 * @param redisPort Redis port, 1..65535
 */
public record Database(DatabaseType type, String filePath, String redisHost, int redisPort) {

  /** Back-end used when {@code type} is absent. */
  public static final DatabaseType DEFAULT_TYPE = DatabaseType.FILE;
  /** Path of the accounts file, relative to the daemon's working directory. */
  public static final String DEFAULT_FILE_PATH = "data/accounts.json";
  /** Redis host name or IP literal. */
  public static final String DEFAULT_REDIS_HOST = "127.0.0.1";
  /** Redis TCP port. */
  public static final int DEFAULT_REDIS_PORT = 6379;

  public Database {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(filePath, "filePath");
    Objects.requireNonNull(redisHost, "redisHost");
  }

  public static Database defaults() {
    return fromJson(new JsonObject(), "database");
  }

  public static Database fromJson(JsonObject json, String path) {
    Fields.rejectUnknown(json, path, "type", "file", "redis");
    String type = Fields.optChoice(json, path, "type", "file", "file", "redis");
    String filePathOf = Fields.child(path, "file");
    JsonObject file = Fields.optObject(json, path, "file");
    Fields.rejectUnknown(file, filePathOf, "path");
    String redisPath = Fields.child(path, "redis");
    JsonObject redis = Fields.optObject(json, path, "redis");
    Fields.rejectUnknown(redis, redisPath, "address", "port");
    return new Database(
        type.equals("redis") ? DatabaseType.REDIS : DatabaseType.FILE,
        Fields.checkPath(Fields.child(filePathOf, "path"), Fields.optString(file, filePathOf, "path", DEFAULT_FILE_PATH)),
        Fields.optHost(redis, redisPath, "address", DEFAULT_REDIS_HOST),
        // Port 0 means "any free port" for a listener, which makes no sense for a server we dial.
        Fields.optPort(redis, redisPath, "port", DEFAULT_REDIS_PORT, 1));
  }
}
