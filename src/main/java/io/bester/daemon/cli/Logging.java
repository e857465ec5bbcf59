package io.bester.daemon.cli;

import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * One line per record on standard error; standard output is kept for the ready line.
 * {@code -Dbesterd.logLevel=FINE} shows connection closes and their reasons.
 */
final class Logging {

  // JUL holds loggers weakly: a level set on a logger nobody references is forgotten.
  private static final Logger NETTY = Logger.getLogger("io.netty");
  private static final Logger HAZELCAST = Logger.getLogger("com.hazelcast");

  private Logging() {
  }

  static void configure() {
    System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tL %4$s %3$s: %5$s%6$s%n");
    LogManager.getLogManager().reset();
    Level level = Level.parse(System.getProperty("besterd.logLevel", "INFO"));
    ConsoleHandler handler = new ConsoleHandler();
    handler.setFormatter(new SimpleFormatter());
    handler.setLevel(level);
    Logger root = Logger.getLogger("");
    root.setLevel(level);
    root.addHandler(handler);
    // Netty and Hazelcast talk a lot at FINE; keep them at INFO unless asked for.
    NETTY.setLevel(Level.INFO);
    HAZELCAST.setLevel(Level.WARNING);
  }
}
