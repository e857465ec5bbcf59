package io.bester.daemon.cli;

import io.bester.daemon.Daemon;
import io.bester.daemon.config.ConfigLoader;
import io.bester.daemon.config.DaemonConfig;
import java.nio.file.Path;

/** Runs the daemon in the foreground: ready line on start, graceful stop and exit 0 on SIGTERM/SIGINT (§9). */
final class DaemonCommand {

  private final Path configFile;
  private final boolean cluster;

  DaemonCommand(Path configFile, boolean cluster) {
    this.configFile = configFile;
    this.cluster = cluster;
  }

  int run() {
    DaemonConfig loaded = ConfigLoader.load(configFile);
    DaemonConfig config = cluster ? loaded.withClusterEnabled(true) : loaded;
    Daemon daemon;
    try {
      daemon = Foreground.await(Daemon.start(config));
    } catch (Foreground.StartFailure e) {
      System.err.println("besterd: cannot start: " + e.getMessage());
      return 1;
    }
    System.out.println("besterd ready " + String.join(" ", daemon.boundAddresses()));
    System.out.flush();
    Foreground.stopOnSignal(daemon::stop);
    return -1;
  }
}
