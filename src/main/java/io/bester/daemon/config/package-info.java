/**
 * The daemon's typed configuration, parsed once and strictly from JSON.
 *
 * <p>Every section is an immutable record with a {@code fromJson(JsonObject, String path)} factory.
 * Parsing rejects unknown keys, wrong JSON types and out-of-range values with a
 * {@link io.bester.daemon.config.ConfigException} naming the offending field path, so a typo in
 * the config file stops the daemon at start-up instead of silently falling back to a default.
 */
package io.bester.daemon.config;
