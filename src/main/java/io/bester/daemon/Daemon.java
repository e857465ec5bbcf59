package io.bester.daemon;

import io.bester.daemon.auth.AccountService;
import io.bester.daemon.auth.AccountStore;
import io.bester.daemon.auth.LoginThrottle;
import io.bester.daemon.auth.PasswordHasher;
import io.bester.daemon.auth.PasswordPolicy;
import io.bester.daemon.config.DaemonConfig;
import io.bester.daemon.config.ExternalHandler;
import io.bester.daemon.config.Listener;
import io.bester.daemon.config.VerticleSpec;
import io.bester.daemon.federation.ClusterDelivery;
import io.bester.daemon.federation.ClusterDirectory;
import io.bester.daemon.federation.ClusterForwarder;
import io.bester.daemon.federation.ClusterPresence;
import io.bester.daemon.federation.NodeEndpoints;
import io.bester.daemon.federation.PeerAdmission;
import io.bester.daemon.federation.PeerConnector;
import io.bester.daemon.handler.ChatHandler;
import io.bester.daemon.handler.EventBusBridgeVerticle;
import io.bester.daemon.informer.InformerVerticle;
import io.bester.daemon.handler.ExternalHandlerVerticle;
import io.bester.daemon.handler.ProcessSupervisor;
import io.bester.daemon.routing.Dispatcher;
import io.bester.daemon.routing.Router;
import io.bester.daemon.routing.ServerForwarding;
import io.bester.daemon.session.Authenticator;
import io.bester.daemon.session.ConnectionStats;
import io.bester.daemon.session.ListenerVerticle;
import io.bester.daemon.session.SessionRegistry;
import io.bester.daemon.session.SessionServices;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The composition root: builds every part from the config, connects the ports, deploys the
 * verticles in order and knows how to stop them (§9). Nothing else creates implementations.
 */
public final class Daemon {

  private static final Logger LOG = Logger.getLogger(Daemon.class.getName());

  private final Vertx vertx;
  private final DaemonConfig config;
  private final AccountStore store;
  private final SessionRegistry registry = new SessionRegistry();
  private final ConnectionStats stats = new ConnectionStats();
  // Copy-on-write: the informer may read the list on its event loop while start-up still adds to it.
  private final List<ListenerVerticle> listeners = new CopyOnWriteArrayList<>();
  /** Deployment ids of the handlerBinary supervisors, stopped only after the sessions closed. */
  private final List<String> supervisors = new CopyOnWriteArrayList<>();
  private final long startedAt = System.currentTimeMillis();
  // Read here, on the thread that calls start(), because the first read is blocking class-path I/O.
  private final String version = Version.current();
  private volatile String name;
  private PeerConnector peers;

  private final String hostName;
  /** Null unless clustered. */
  private final ClusterDirectory directory;

  private Daemon(Vertx vertx, DaemonConfig config, AccountStore store, String hostName, ClusterDirectory directory) {
    this.vertx = vertx;
    this.config = config;
    this.store = store;
    this.hostName = hostName;
    this.directory = directory;
  }

  /**
   * Starts a daemon on a new Vert.x instance, clustered when {@code cluster.enabled} (it has
   * joined before the future completes); on failure everything it opened is closed again.
   */
  public static Future<Daemon> start(DaemonConfig config) {
    String hostName = config.name() == null ? DefaultName.hostName() : null;
    if (!config.cluster().enabled()) {
      return start(config, Vertx.vertx(), hostName, null);
    }
    HazelcastClusterManager manager = Clustering.manager(config.cluster());
    return Clustering.start(config.cluster(), manager).compose(vertx -> start(config, vertx, hostName,
        new ClusterDirectory(vertx, manager.getNodeId(), manager::getNodes)));
  }

  /** A Vert.x for a handler-only JVM ({@code besterd deploy}): clustered as a daemon would be. */
  public static Future<Vertx> vertxFor(DaemonConfig config) {
    return config.cluster().enabled()
        ? Clustering.start(config.cluster(), Clustering.manager(config.cluster()))
        : Future.succeededFuture(Vertx.vertx());
  }

  private static Future<Daemon> start(DaemonConfig config, Vertx vertx, String hostName, ClusterDirectory directory) {
    AccountStore store;
    try {
      store = Stores.open(vertx, config.database());
    } catch (RuntimeException e) {
      return vertx.close().transform(ignored -> Future.failedFuture(e));
    }
    Daemon daemon = new Daemon(vertx, config, store, hostName, directory);
    // Not a recover() chain: its future belongs to an event loop that vertx.close() has stopped
    // by the time the failure is known, so the caller would never hear of it. A promise with no
    // context is completed on whatever thread finishes the close.
    Promise<Daemon> started = Promise.promise();
    daemon.checkHandlerPrograms()
        .compose(v -> store.open())
        .compose(v -> daemon.deployAll())
        .onSuccess(v -> started.complete(daemon))
        .onFailure(cause -> vertx.close().onComplete(closed -> started.fail(cause)));
    return started.future();
  }

  private Future<Void> deployAll() {
    AccountService accounts = new AccountService(vertx, store, new PasswordHasher(vertx),
        new PasswordPolicy(config.accounts().minPasswordLength()), config.accounts().registrationOpen());
    LoginThrottle throttle = new LoginThrottle(config.auth().maxFailures(), config.auth().failureWindowMs(),
        System::currentTimeMillis);
    Dispatcher dispatcher = new Dispatcher(vertx.eventBus(), config.handlers().addressPrefix(),
        config.handlers().timeoutMs(), this::name);
    long timeoutMs = config.handlers().timeoutMs();
    PeerConnector tcpPeers = new PeerConnector(vertx, this::name, config.federation().secret(), timeoutMs,
        config.limits().maxFrameBytes());
    peers = tcpPeers;
    Router router = directory == null
        ? new Router(dispatcher, registry, tcpPeers, config.handlers().maxHops())
        : new Router(dispatcher, new ClusterDelivery(vertx, registry, directory, this::name, timeoutMs),
            new ClusterForwarder(vertx, directory, this::name, tcpPeers, timeoutMs), config.handlers().maxHops());
    SessionServices services = new SessionServices(config.limits(), router,
        new Authenticator(accounts, throttle), registry, new PeerAdmission(config.federation())::admit, stats);
    return deployHandlers()
        .compose(v -> deployInformer())
        .compose(v -> deployBridge())
        .compose(v -> deployListeners(services))
        .onSuccess(v -> name = config.name() != null ? config.name() : DefaultName.of(hostName, listeners))
        .compose(v -> joinCluster(router));
  }

  /** Claims this daemon's name in the cluster and answers for it on the node addresses. */
  private Future<Void> joinCluster(Router router) {
    if (directory == null) {
      return Future.succeededFuture();
    }
    return directory.join(name)
        .compose(v -> vertx.deployVerticle(new NodeEndpoints(name, directory, registry, registry::usernames, router)))
        .compose(v -> directory.announce(name));
  }

  /** Distinct users with a session on this daemon or, when clustered, on any member. */
  public Future<List<String>> onlineUsers() {
    return directory == null ? Future.succeededFuture(registry.usernames())
        : new ClusterPresence(vertx, directory, this::name, registry::usernames, config.handlers().timeoutMs()).users();
  }

  /** Names of the daemons of this cluster, this one included; only this one when not clustered. */
  public Future<List<String>> clusterNames() {
    return directory == null ? Future.succeededFuture(List.of(name)) : directory.names();
  }

  private Future<Void> deployHandlers() {
    List<Future<String>> deployed = new ArrayList<>();
    if (!config.handlers().typeMap().containsKey(ChatHandler.TYPE)) {
      deployed.add(vertx.deployVerticle(new ChatHandler(), handlerOptions(new JsonObject(), 1)));
    }
    for (VerticleSpec spec : config.handlers().verticles()) {
      deployed.add(vertx.deployVerticle(spec.className(), handlerOptions(spec.config(), spec.instances()))
          .recover(cause -> Future.failedFuture(new IllegalStateException(
              "config: handlers.verticles: cannot deploy " + spec.className() + ": " + cause.getMessage(), cause))));
    }
    // Supervisors first: the ready line must wait for every handlerBinary socket (§9).
    return Future.all(deployed)
        .compose(v -> deploySupervisors())
        .compose(v -> deployExternalHandlers());
  }

  /** A handlerBinary that cannot be run is a start-up error naming its field (§8), found before anything starts. */
  private Future<Void> checkHandlerPrograms() {
    return vertx.executeBlocking(() -> {
      config.handlers().typeMap().forEach((type, handler) -> {
        if (handler.handlerBinary() != null) {
          ProcessSupervisor.checkProgram(type, absolute(handler.handlerBinary()));
        }
      });
      return null;
    });
  }

  private Future<Void> deploySupervisors() {
    List<Future<String>> started = new ArrayList<>();
    for (Map.Entry<String, ExternalHandler> entry : config.handlers().typeMap().entrySet()) {
      ExternalHandler handler = entry.getValue();
      if (handler.handlerBinary() != null) {
        ProcessSupervisor supervisor = new ProcessSupervisor(ProcessSupervisor.Settings.of(entry.getKey(),
            absolute(handler.handlerBinary()), absolute(handler.unixDomainSocketPath())));
        started.add(vertx.deployVerticle(supervisor, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
            .onSuccess(supervisors::add));
      }
    }
    return Future.all(started).mapEmpty();
  }

  private Future<Void> deployExternalHandlers() {
    List<Future<String>> deployed = new ArrayList<>();
    for (Map.Entry<String, ExternalHandler> entry : config.handlers().typeMap().entrySet()) {
      String type = entry.getKey();
      ExternalHandler handler = entry.getValue();
      deployed.add(vertx.deployVerticle(new ExternalHandlerVerticle(new ExternalHandlerVerticle.Settings(type,
          config.handlers().addressPrefix() + type, absolute(handler.unixDomainSocketPath()), handler.persistent(),
          handler.connections(), handler.envelope(), config.handlers().timeoutMs(), config.limits().maxFrameBytes(),
          config.limits().maxJsonDepth()))));
    }
    return Future.all(deployed).mapEmpty();
  }

  private Future<Void> deployBridge() {
    if (!config.bridge().enabled()) {
      return Future.succeededFuture();
    }
    EventBusBridgeVerticle bridge = new EventBusBridgeVerticle(config.bridge(), config.handlers().addressPrefix());
    return vertx.deployVerticle(bridge)
        .onSuccess(id -> LOG.info("event-bus bridge listening on " + bridge.boundAddress()))
        .recover(cause -> Future.failedFuture(new IllegalStateException(
            "config: bridge: cannot listen on " + bridge.boundAddress() + ": " + cause.getMessage(), cause)))
        .mapEmpty();
  }

  /** Relative paths in the config resolve against the daemon's working directory (§8). */
  private static Path absolute(String path) {
    return Path.of(path).toAbsolutePath();
  }

  private DeploymentOptions handlerOptions(JsonObject verticleConfig, int instances) {
    JsonObject withPrefix = verticleConfig.copy();
    if (!withPrefix.containsKey("addressPrefix")) {
      withPrefix.put("addressPrefix", config.handlers().addressPrefix());
    }
    return new DeploymentOptions().setConfig(withPrefix).setInstances(instances);
  }

  /** Before the listeners: the ready line (§9) must not come before the informer socket is bound. */
  private Future<Void> deployInformer() {
    DaemonViewAdapter view = new DaemonViewAdapter(this, config.adminInfo(), version);
    return vertx.deployVerticle(new InformerVerticle(view, config.informer(), config.limits())).mapEmpty();
  }

  private Future<Void> deployListeners(SessionServices services) {
    Future<Void> chain = Future.succeededFuture();
    for (Listener listener : config.network().listeners()) {
      ListenerVerticle verticle = new ListenerVerticle(listener, services);
      listeners.add(verticle);
      chain = chain.compose(v -> vertx.deployVerticle(verticle).mapEmpty());
    }
    return chain;
  }

  private Future<Void> stopSupervisors() {
    List<Future<Void>> stopped = new ArrayList<>();
    supervisors.forEach(id -> stopped.add(vertx.undeploy(id)));
    return Future.all(stopped).mapEmpty();
  }

  public String name() {
    return name;
  }

  /** The bound address of each listener, in config order, as the ready line prints them. */
  public List<String> boundAddresses() {
    List<String> addresses = new ArrayList<>();
    listeners.forEach(l -> addresses.add(l.boundAddress()));
    return addresses;
  }

  public SessionRegistry registry() {
    return registry;
  }

  public ConnectionStats stats() {
    return stats;
  }

  public long uptimeMs() {
    return System.currentTimeMillis() - startedAt;
  }

  public Vertx vertx() {
    return vertx;
  }

  /**
   * Graceful stop (§9, §11): listeners stop accepting and reading, sessions answer what they read
   * and get shutting_down, handler programs are stopped, the store is flushed and closed, then Vert.x.
   */
  public Future<Void> stop() {
    long grace = config.handlers().timeoutMs() + 2000;
    List<Future<Void>> answered = new ArrayList<>();
    listeners.forEach(l -> answered.add(l.quiesce()));
    return Future.all(answered).timeout(grace, TimeUnit.MILLISECONDS)
        .transform(ignored -> {
          List<Future<Void>> closed = new ArrayList<>();
          listeners.forEach(l -> closed.add(l.finishShutdown()));
          return Future.all(closed).timeout(grace, TimeUnit.MILLISECONDS);
        })
        .transform(ignored -> directory == null ? Future.succeededFuture() : directory.leave(name))
        .transform(ignored -> peers == null ? Future.succeededFuture() : peers.close())
        .transform(ignored -> stopSupervisors())
        .transform(ignored -> store.close())
        .transform(ignored -> vertx.close());
  }
}
