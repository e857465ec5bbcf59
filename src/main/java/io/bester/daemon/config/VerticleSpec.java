package io.bester.daemon.config;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * A handler verticle deployed inside the daemon's JVM.
 *
 * @param className fully qualified class name of the verticle
 * @param instances number of instances to deploy
 * @param config    the verticle's config; a fresh copy is handed out on every call so one
 *                  deployment cannot change what the next one sees
 */
public record VerticleSpec(String className, int instances, JsonObject config) {

  /** Instances deployed when {@code instances} is absent. */
  public static final int DEFAULT_INSTANCES = 1;

  public VerticleSpec {
    Objects.requireNonNull(className, "className");
    config = config == null ? new JsonObject() : config.copy();
  }

  @Override
  public JsonObject config() {
    return config.copy();
  }

  public static VerticleSpec fromJson(JsonObject json, String path) {
    Fields.rejectUnknown(json, path, "class", "instances", "config");
    String className = Fields.requireString(json, path, "class");
    if (!isQualifiedName(className)) {
      throw Fields.expected(Fields.child(path, "class"), "a fully qualified Java class name", className);
    }
    return new VerticleSpec(className,
        Fields.optInt(json, path, "instances", DEFAULT_INSTANCES, 1, Integer.MAX_VALUE),
        Fields.optObject(json, path, "config"));
  }

  private static boolean isQualifiedName(String name) {
    for (String part : name.split("\\.", -1)) {
      if (part.isEmpty() || !Character.isJavaIdentifierStart(part.charAt(0))) {
        return false;
      }
      for (int i = 1; i < part.length(); i++) {
        if (!Character.isJavaIdentifierPart(part.charAt(i))) {
          return false;
        }
      }
    }
    return true;
  }
}
