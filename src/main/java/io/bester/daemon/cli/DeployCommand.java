package io.bester.daemon.cli;

import io.bester.daemon.Daemon;
import io.bester.daemon.config.ConfigLoader;
import io.bester.daemon.config.DaemonConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import sun.misc.Signal;

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
    Vertx vertx;
    try {
      vertx = Daemon.vertxFor(config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      DeploymentOptions options = new DeploymentOptions().setInstances(instances)
          .setConfig(new JsonObject().put("addressPrefix", config.handlers().addressPrefix()));
      vertx.deployVerticle(verticle, options).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      System.err.println("besterd: cannot deploy " + verticle + ": " + DaemonCommand.describe(e.getCause()));
      return 1;
    } catch (TimeoutException e) {
      System.err.println("besterd: cannot deploy " + verticle + ": not done after 60 s");
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
    System.out.println("besterd deployed " + verticle + (cluster ? " in cluster " + config.cluster().name() : ""));
    System.out.flush();
    Vertx running = vertx;
    Runnable stop = () -> new Thread(() -> {
      try {
        running.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        System.exit(0);
      } catch (Exception e) {
        System.exit(1);
      }
    }, "besterd-stop").start();
    Signal.handle(new Signal("TERM"), signal -> stop.run());
    Signal.handle(new Signal("INT"), signal -> stop.run());
    return -1;
  }
}
