package io.bester.daemon;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.XmlConfigBuilder;
import io.bester.daemon.config.Cluster;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A clustered Vert.x on Hazelcast from the {@code cluster} block (§8): TCP-IP join with the
 * listed members, never multicast, bound to {@code cluster.host}. A Hazelcast XML file named by
 * {@code -Dbesterd.clusterXml} (the launcher passes {@code conf/cluster.xml}) replaces all of that
 * when it exists, for setups the block cannot express.
 */
final class Clustering {

  private Clustering() {
  }

  static HazelcastClusterManager manager(Cluster cluster) {
    String xml = System.getProperty("besterd.clusterXml");
    if (xml != null && Files.isRegularFile(Path.of(xml))) {
      try {
        return new HazelcastClusterManager(new XmlConfigBuilder(xml).build());
      } catch (FileNotFoundException e) {
        throw new IllegalStateException("cluster: cannot read " + xml, e);
      }
    }
    return new HazelcastClusterManager(fromBlock(cluster));
  }

  static Future<Vertx> start(Cluster cluster, HazelcastClusterManager manager) {
    VertxOptions options = new VertxOptions()
        .setEventBusOptions(new EventBusOptions().setHost(cluster.host()).setPort(0));
    return Vertx.builder().with(options).withClusterManager(manager).buildClustered();
  }

  private static Config fromBlock(Cluster cluster) {
    // Vert.x's own defaults (the maps and multimaps it needs), with the network replaced.
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(cluster.name());
    config.setProperty("hazelcast.logging.type", "jdk");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    // the daemon leaves the cluster itself, after its sessions got shutting_down
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    // a killed daemon should be gone from presence within seconds, not the default minute
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "6");
    config.setProperty("hazelcast.wait.seconds.before.join", "1");
    // start-up time matters more here than Hazelcast's own metrics and stream engine
    config.getMetricsConfig().setEnabled(false);
    config.getJetConfig().setEnabled(false);
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(cluster.port()).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(false);
    network.setPublicAddress(null);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
    config.setProperty("hazelcast.local.localAddress", cluster.host());
    return config;
  }
}
