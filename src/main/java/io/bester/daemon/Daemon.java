package io.bester.daemon;

import io.bester.daemon.auth.AccountService;
import io.bester.daemon.auth.AccountStore;
import io.bester.daemon.auth.LoginThrottle;
import io.bester.daemon.auth.PasswordHasher;
import io.bester.daemon.auth.PasswordPolicy;
import io.bester.daemon.config.DaemonConfig;
import io.bester.daemon.config.Listener;
import io.bester.daemon.config.VerticleSpec;
import io.bester.daemon.federation.PeerAdmission;
import io.bester.daemon.handler.ChatHandler;
import io.bester.daemon.handler.EventBusBridgeVerticle;
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
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
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
  private final List<ListenerVerticle> listeners = new ArrayList<>();
  private final long startedAt = System.currentTimeMillis();
  private volatile String name;

  private final String hostName;

  private Daemon(Vertx vertx, DaemonConfig config, AccountStore store, String hostName) {
    this.vertx = vertx;
    this.config = config;
    this.store = store;
    this.hostName = hostName;
  }

  /** Starts a daemon on a new Vert.x instance; on failure everything it opened is closed again. */
  public static Future<Daemon> start(DaemonConfig config) {
    String hostName = config.name() == null ? DefaultName.hostName() : null;
    Vertx vertx = Vertx.vertx();
    AccountStore store = Stores.open(vertx, config.database());
    Daemon daemon = new Daemon(vertx, config, store, hostName);
    Future<Void> starting = store.open()
        .compose(v -> daemon.deployAll());
    // The caller's future is context-free: on failure it completes after vertx.close(), when
    // the event loops that ran the start-up are gone and could not run its listeners any more
    // (a future of theirs would never complete, and start-up would hang instead of failing).
    Promise<Daemon> started = Promise.promise();
    starting.onComplete(ar -> {
      if (ar.succeeded()) {
        started.complete(daemon);
      } else {
        vertx.close().onComplete(closed -> started.fail(ar.cause()));
      }
    });
    return started.future();
  }

  private Future<Void> deployAll() {
    AccountService accounts = new AccountService(vertx, store, new PasswordHasher(vertx),
        new PasswordPolicy(config.accounts().minPasswordLength()), config.accounts().registrationOpen());
    LoginThrottle throttle = new LoginThrottle(config.auth().maxFailures(), config.auth().failureWindowMs(),
        System::currentTimeMillis);
    Dispatcher dispatcher = new Dispatcher(vertx.eventBus(), config.handlers().addressPrefix(),
        config.handlers().timeoutMs(), this::name);
    Router router = new Router(dispatcher, registry, ServerForwarding.none(), config.handlers().maxHops());
    SessionServices services = new SessionServices(config.limits(), router,
        new Authenticator(accounts, throttle), registry, new PeerAdmission(config.federation()), stats);
    return deployHandlers()
        .compose(v -> deployBridge())
        .compose(v -> deployListeners(services))
        .onSuccess(v -> name = config.name() != null ? config.name() : DefaultName.of(hostName, listeners));
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
    if (!config.handlers().typeMap().isEmpty()) {
      LOG.warning("external handlers (handlers.typeMap) are not supported yet; their types answer no_handler");
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

  private DeploymentOptions handlerOptions(JsonObject verticleConfig, int instances) {
    JsonObject withPrefix = verticleConfig.copy();
    if (!withPrefix.containsKey("addressPrefix")) {
      withPrefix.put("addressPrefix", config.handlers().addressPrefix());
    }
    return new DeploymentOptions().setConfig(withPrefix).setInstances(instances);
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
   * and get shutting_down, the store is flushed and closed, then Vert.x.
   */
  public Future<Void> stop() {
    long grace = config.handlers().timeoutMs() + 2000;
    List<Future<Void>> sessionsClosed = new ArrayList<>();
    listeners.forEach(l -> sessionsClosed.add(l.shutdown()));
    return Future.all(sessionsClosed).timeout(grace, TimeUnit.MILLISECONDS)
        .transform(ignored -> store.close())
        .transform(ignored -> vertx.close());
  }
}
