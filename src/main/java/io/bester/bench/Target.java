package io.bester.bench;

import io.bester.daemon.Daemon;
import io.bester.daemon.auth.FileAccountStore;
import io.bester.daemon.auth.PasswordHasher;
import io.bester.daemon.config.DaemonConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What the load generator talks to: a daemon in this JVM, an external daemon, or the relay. */
abstract class Target implements AutoCloseable {

  /** Where to connect, and the accounts' password. */
  record Endpoint(String host, int port, String password) {
  }

  private final String userPrefix;

  Target(String userPrefix) {
    this.userPrefix = userPrefix;
  }

  abstract Endpoint endpoint();

  /** How the run describes what it measured. */
  abstract String description();

  /** True when the server runs in this JVM, sharing the process with the load generator. */
  abstract boolean inProcess();

  /** Whether status reports carry the message ids and delivery counts (the relay's fixed ack does not). */
  boolean reportsCarryIds() {
    return true;
  }

  /** header.from of deliveries from {@code sender}, or null when the frames arrive as sent. */
  String deliveredFrom(String sender) {
    return sender;
  }

  String sender(int i) {
    return senderName(userPrefix, i);
  }

  String receiver(int i) {
    return receiverName(userPrefix, i);
  }

  static String senderName(String userPrefix, int i) {
    return userPrefix + "s" + i;
  }

  static String receiverName(String userPrefix, int i) {
    return userPrefix + "r" + i;
  }

  @Override
  public abstract void close() throws Exception;

  /**
   * A daemon in this JVM on its defaults: one tcp4 listener on 127.0.0.1 port 0, the built-in
   * chat handler, an account file in a temporary folder holding the bench's users.
   */
  static Target inProcessDaemon(String userPrefix, int senders, int receivers) throws Exception {
    return inProcessDaemon(userPrefix, senders, receivers, false);
  }

  /**
   * As above; with {@code externalHandler}, type {@code chat} goes to an external handler on a
   * persistent UNIX socket ({@link ExternalChatHandler}, on its own Vert.x in this JVM) instead
   * of the built-in one.
   */
  static Target inProcessDaemon(String userPrefix, int senders, int receivers, boolean externalHandler)
      throws Exception {
    Path dir = Files.createTempDirectory("besterd-bench");
    byte[] secret = new byte[12];
    new SecureRandom().nextBytes(secret);
    String password = HexFormat.of().formatHex(secret);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < senders; i++) {
      names.add(senderName(userPrefix, i));
    }
    for (int i = 0; i < receivers; i++) {
      names.add(receiverName(userPrefix, i));
    }
    Path accounts = dir.resolve("accounts.json");
    writeAccounts(accounts, names, password);
    JsonObject json = new JsonObject()
        .put("name", "bench")
        .put("network", new JsonObject().put("types", List.of("tcp4"))
            .put("tcp4", new JsonObject().put("address", "127.0.0.1").put("port", 0)))
        .put("database", new JsonObject().put("type", "file")
            .put("file", new JsonObject().put("path", accounts.toString())));
    Vertx handlerVertx = null;
    Daemon daemon;
    try {
      if (externalHandler) {
        Path socket = dir.resolve("chat.sock");
        handlerVertx = Vertx.vertx();
        handlerVertx.deployVerticle(new ExternalChatHandler(socket.toString())).await(30, TimeUnit.SECONDS);
        json.put("handlers", new JsonObject().put("availableTypes", List.of("chat")).put("typeMap", new JsonObject()
            .put("chat", new JsonObject().put("unixDomainSocketPath", socket.toString()).put("persistent", true))));
      }
      daemon = Daemon.start(DaemonConfig.fromJson(json)).await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      if (handlerVertx != null) {
        handlerVertx.close().await(30, TimeUnit.SECONDS);
      }
      deleteTree(dir);
      throw e;
    }
    Vertx handlers = handlerVertx;
    String address = daemon.boundAddresses().get(0);
    int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    Endpoint endpoint = new Endpoint("127.0.0.1", port, password);
    return new Target(userPrefix) {
      Endpoint endpoint() {
        return endpoint;
      }

      String description() {
        return "besterd in this JVM (" + address + ", defaults, " + (handlers == null ? "built-in chat handler)"
            : "chat by an external handler on a persistent UNIX socket, 4 connections, in this JVM)");
      }

      boolean inProcess() {
        return true;
      }

      public void close() throws Exception {
        try {
          daemon.stop().await(30, TimeUnit.SECONDS);
          if (handlers != null) {
            handlers.close().await(30, TimeUnit.SECONDS);
          }
        } finally {
          deleteTree(dir);
        }
      }
    };
  }

  /** A daemon someone else started, with the accounts PREFIXs0.. and PREFIXr0.. already created. */
  static Target external(String host, int port, String userPrefix, String password, long pid) {
    Endpoint endpoint = new Endpoint(host, port, password);
    return new Target(userPrefix) {
      Endpoint endpoint() {
        return endpoint;
      }

      String description() {
        return "external besterd at " + host + ":" + port + (pid > 0 ? " (pid " + pid + ")" : "");
      }

      boolean inProcess() {
        return false;
      }

      public void close() {
      }
    };
  }

  /** The relay baseline on its own Vert.x instance in this JVM; sender i is routed to receiver i. */
  static Target relay(String userPrefix, int pairs, boolean batched) {
    Vertx vertx = Vertx.vertx();
    Map<String, String> routes = new HashMap<>();
    for (int i = 0; i < pairs; i++) {
      routes.put(senderName(userPrefix, i), receiverName(userPrefix, i));
    }
    RelayVerticle relay = new RelayVerticle(routes, batched);
    try {
      vertx.deployVerticle(relay).await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      vertx.close();
      throw new IllegalStateException("the relay did not start: " + e.getMessage(), e);
    }
    Endpoint endpoint = new Endpoint("127.0.0.1", relay.port(), "relay");
    return new Target(userPrefix) {
      Endpoint endpoint() {
        return endpoint;
      }

      String description() {
        return "relay in this JVM (Vert.x NetServer, one event loop, frames forwarded unparsed, "
            + (batched ? "writes batched per read)" : "one write per frame)");
      }

      boolean inProcess() {
        return true;
      }

      @Override
      boolean reportsCarryIds() {
        return false;
      }

      @Override
      String deliveredFrom(String sender) {
        return null;
      }

      public void close() throws Exception {
        vertx.close().await(30, TimeUnit.SECONDS);
      }
    };
  }

  /** One PBKDF2 hash for every bench user: hashing is slow on purpose. */
  private static void writeAccounts(Path file, List<String> users, String password) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      String hash = new PasswordHasher(vertx).hash(password).await(60, TimeUnit.SECONDS);
      FileAccountStore store = new FileAccountStore(vertx, file);
      store.open().await(30, TimeUnit.SECONDS);
      List<Future<Void>> created = new ArrayList<>();
      for (String user : users) {
        created.add(store.create(user, hash));
      }
      Future.all(created).await(60, TimeUnit.SECONDS);
      store.close().await(30, TimeUnit.SECONDS);
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
