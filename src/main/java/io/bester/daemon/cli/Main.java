package io.bester.daemon.cli;

import io.bester.daemon.config.ConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code besterd} command (§9).
 * <pre>
 * besterd [configFile] [--cluster]                       run the daemon in the foreground
 * besterd user add|passwd|del USERNAME [--conf FILE]     manage accounts in the configured store
 * besterd user list [--conf FILE]
 * besterd deploy CLASS [--conf FILE] [--cluster] [--instances N]   one handler verticle in its own JVM
 * </pre>
 * Without a config file, {@code conf/besterd.json} of the installation is used
 * (the launcher passes it as {@code -Dbesterd.defaultConfig}).
 */
public final class Main {

  static final String USAGE = String.join("\n",
      "usage: besterd [configFile] [--cluster]",
      "       besterd user add|passwd|del USERNAME [--conf FILE]",
      "       besterd user list [--conf FILE]",
      "       besterd deploy VERTICLE_CLASS [--conf FILE] [--cluster] [--instances N]",
      "The password for add and passwd is read from standard input when it is not a terminal",
      "(its first line), else prompted for without echo.");

  private Main() {
  }

  public static void main(String[] args) {
    Logging.configure();
    int status;
    try {
      status = run(args);
    } catch (ConfigException e) {
      System.err.println("besterd: " + e.getMessage());
      status = 2;
    } catch (UsageException e) {
      System.err.println("besterd: " + e.getMessage());
      System.err.println(USAGE);
      status = 2;
    }
    if (status >= 0) {
      System.exit(status);
    }
  }

  /** Returns the exit status, or -1 when the daemon runs on in the background threads. */
  static int run(String[] args) {
    List<String> rest = new ArrayList<>(Arrays.asList(args));
    if (rest.contains("-h") || rest.contains("--help")) {
      System.out.println(USAGE);
      return 0;
    }
    if (!rest.isEmpty() && rest.get(0).equals("user")) {
      rest.remove(0);
      Path conf = configOption(rest);
      return new UserCommand(conf).run(rest);
    }
    boolean cluster = rest.remove("--cluster");
    if (!rest.isEmpty() && rest.get(0).equals("deploy")) {
      rest.remove(0);
      Path conf = configOption(rest);
      int instances = Integer.parseInt(valueOption(rest, "--instances", "1"));
      if (rest.size() != 1) {
        throw new UsageException("deploy needs exactly one verticle class");
      }
      return new DeployCommand(rest.get(0), conf, cluster, instances).run();
    }
    if (rest.size() > 1 || (rest.size() == 1 && rest.get(0).startsWith("-"))) {
      throw new UsageException("unexpected arguments " + rest);
    }
    Path conf = rest.isEmpty() ? defaultConfig() : Path.of(rest.get(0));
    return new DaemonCommand(conf, cluster).run();
  }

  private static Path configOption(List<String> args) {
    int at = args.indexOf("--conf");
    if (at < 0) {
      return defaultConfig();
    }
    if (at + 1 >= args.size()) {
      throw new UsageException("--conf needs a file");
    }
    Path conf = Path.of(args.get(at + 1));
    args.remove(at + 1);
    args.remove(at);
    return conf;
  }

  private static String valueOption(List<String> args, String name, String fallback) {
    int at = args.indexOf(name);
    if (at < 0) {
      return fallback;
    }
    if (at + 1 >= args.size()) {
      throw new UsageException(name + " needs a value");
    }
    String value = args.remove(at + 1);
    args.remove(at);
    return value;
  }

  static Path defaultConfig() {
    return Path.of(System.getProperty("besterd.defaultConfig", "conf/besterd.json"));
  }

  /** A command line that cannot be understood. */
  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }
}
