package io.bester.daemon.config;

/** The kinds of client listener, named as in {@code network.types}. */
public enum ListenerKind {
  TCP4("tcp4"),
  TCP6("tcp6"),
  UNIX("unix");

  private final String wireName;

  ListenerKind(String wireName) {
    this.wireName = wireName;
  }

  /** The name used for this kind in the config file. */
  public String wireName() {
    return wireName;
  }

  static ListenerKind fromWireName(String name) {
    for (ListenerKind kind : values()) {
      if (kind.wireName.equals(name)) {
        return kind;
      }
    }
    return null;
  }
}
