package io.bester.daemon.cli;

import io.bester.daemon.Daemon;
import io.bester.daemon.config.ConfigLoader;
import io.bester.daemon.config.DaemonConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/**
 * {@code besterd deploy CLASS [--conf FILE] [--cluster] [--instances N]}: one handler verticle in
 * a JVM of its own, the way Vert.x users deploy verticles independently. With {@code --cluster}
 * it joins the daemons' cluster (the config's {@code cluster} block) and receives
 * {@code bester.handler.<type>} traffic from all of them.
 */
final class DeployCommand {

  private final String verticle;
  private final Path configFile;
  private final boolean cluster;
  private final int instances;

  DeployCommand(String verticle, Path configFile, boolean cluster, int instances) {
    this.verticle = verticle;
    this.configFile = configFile;
    this.cluster = cluster;
    this.instances = instances;
  }

  int run() {
    DaemonConfig loaded = ConfigLoader.load(configFile);
    DaemonConfig config = cluster ? loaded.withClusterEnabled(true) : loaded;
    DeploymentOptions options = new DeploymentOptions().setInstances(instances)
        .setConfig(new JsonObject().put("addressPrefix", config.handlers().addressPrefix()));
    Vertx vertx;
    try {
      vertx = Foreground.await(Daemon.vertxFor(config));
      Foreground.await(vertx.deployVerticle(verticle, options));
    } catch (Foreground.StartFailure e) {
      System.err.println("besterd: cannot deploy " + verticle + ": " + e.getMessage());
      return 1;
    }
    System.out.println("besterd deployed " + verticle + (cluster ? " in cluster " + config.cluster().name() : ""));
    System.out.flush();
    Foreground.stopOnSignal(vertx::close);
    return -1;
  }
}
