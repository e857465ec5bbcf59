package io.bester.daemon.config;

import io.vertx.core.json.JsonObject;

/**
 * Resource limits protecting the daemon from misbehaving or hostile clients.
 *
 * @param maxFrameBytes           largest frame payload accepted after identification, bytes
 * @param maxIdentifyFrameBytes   largest frame payload accepted before identification, bytes
 * @param maxInFlight             requests a connection may have awaiting a reply
 * @param identifyTimeoutMs       time a new connection has to identify itself, milliseconds
 * @param maxConnections          open client connections in total
 * @param maxUnidentified         open connections that have not identified yet
 * @param maxPendingBytes         bytes queued for writing to one connection before it is dropped
 * @param writeDeadlineMs         time a connection's write queue may stay full, milliseconds
 * @param maxJsonDepth            nesting depth of objects and arrays in a message
 * @param maxConsecutiveMalformed malformed frames in a row before the connection is dropped
 * @param pingIntervalMs          interval between keep-alive pings, milliseconds; 0 = no pings
 */
public record Limits(int maxFrameBytes, int maxIdentifyFrameBytes, int maxInFlight, long identifyTimeoutMs,
                     int maxConnections, int maxUnidentified, long maxPendingBytes, long writeDeadlineMs,
                     int maxJsonDepth, int maxConsecutiveMalformed, long pingIntervalMs) {

  /**
   * Upper bound of {@code maxFrameBytes}, bytes: a frame plus its 4-byte length prefix must
   * still fit in one Java array or Buffer.
   */
  public static final int MAX_FRAME_BYTES_LIMIT = Integer.MAX_VALUE - 4;

  /** Bytes. */
  public static final int DEFAULT_MAX_FRAME_BYTES = 1_048_576;
  /** Bytes. */
  public static final int DEFAULT_MAX_IDENTIFY_FRAME_BYTES = 65_536;
  /** Requests per connection. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 256;
  /** Milliseconds. */
  public static final long DEFAULT_IDENTIFY_TIMEOUT_MS = 10_000;
  /** Connections. */
  public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
  /** Connections. */
  public static final int DEFAULT_MAX_UNIDENTIFIED = 1_024;
  /** Bytes per connection. */
  public static final long DEFAULT_MAX_PENDING_BYTES = 8_388_608;
  /** Milliseconds. */
  public static final long DEFAULT_WRITE_DEADLINE_MS = 10_000;
  /** Nesting levels. */
  public static final int DEFAULT_MAX_JSON_DEPTH = 64;
  /** Frames. */
  public static final int DEFAULT_MAX_CONSECUTIVE_MALFORMED = 100;
  /** Milliseconds; 0 turns pings off. */
  public static final long DEFAULT_PING_INTERVAL_MS = 0;

  public static Limits defaults() {
    return fromJson(new JsonObject(), "limits");
  }

  public static Limits fromJson(JsonObject json, String path) {
    Fields.rejectUnknown(json, path, "maxFrameBytes", "maxIdentifyFrameBytes", "maxInFlight", "identifyTimeoutMs",
        "maxConnections", "maxUnidentified", "maxPendingBytes", "writeDeadlineMs", "maxJsonDepth",
        "maxConsecutiveMalformed", "pingIntervalMs");
    int max = Integer.MAX_VALUE;
    return new Limits(
        Fields.optInt(json, path, "maxFrameBytes", DEFAULT_MAX_FRAME_BYTES, 1, MAX_FRAME_BYTES_LIMIT),
        Fields.optInt(json, path, "maxIdentifyFrameBytes", DEFAULT_MAX_IDENTIFY_FRAME_BYTES, 1, MAX_FRAME_BYTES_LIMIT),
        Fields.optInt(json, path, "maxInFlight", DEFAULT_MAX_IN_FLIGHT, 1, max),
        Fields.optLong(json, path, "identifyTimeoutMs", DEFAULT_IDENTIFY_TIMEOUT_MS, 1, Long.MAX_VALUE),
        Fields.optInt(json, path, "maxConnections", DEFAULT_MAX_CONNECTIONS, 1, max),
        Fields.optInt(json, path, "maxUnidentified", DEFAULT_MAX_UNIDENTIFIED, 1, max),
        Fields.optLong(json, path, "maxPendingBytes", DEFAULT_MAX_PENDING_BYTES, 1, Long.MAX_VALUE),
        Fields.optLong(json, path, "writeDeadlineMs", DEFAULT_WRITE_DEADLINE_MS, 1, Long.MAX_VALUE),
        Fields.optInt(json, path, "maxJsonDepth", DEFAULT_MAX_JSON_DEPTH, 1, max),
        Fields.optInt(json, path, "maxConsecutiveMalformed", DEFAULT_MAX_CONSECUTIVE_MALFORMED, 1, max),
        Fields.optLong(json, path, "pingIntervalMs", DEFAULT_PING_INTERVAL_MS, 0, Long.MAX_VALUE));
  }
}
