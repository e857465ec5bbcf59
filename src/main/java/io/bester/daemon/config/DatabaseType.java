package io.bester.daemon.config;

/** Where accounts are stored. */
public enum DatabaseType {
  /** A JSON file on local disk. */
  FILE,
  /** A Redis server. */
  REDIS
}
