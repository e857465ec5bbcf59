package io.bester.daemon.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bester.client.BesterClient;
import io.bester.daemon.Daemon;
import io.bester.daemon.config.DaemonConfig;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A daemon in this JVM on a free loopback port, with its account file in a temporary folder (or,
 * when the tweak sets {@code database.type} to {@code redis}, its accounts in that Redis).
 * Tests talk to it through real sockets with {@link TestClient}.
 */
public final class DaemonFixture implements AutoCloseable {

  public static final List<String> USERS = List.of("alice", "bob", "carol");

  private final Daemon daemon;
  private final Path dir;

  private DaemonFixture(Daemon daemon, Path dir) {
    this.daemon = daemon;
    this.dir = dir;
  }

  /**
   * A daemon on 127.0.0.1:0 with alice, bob and carol; {@code tweak} may change the config JSON.
   * With a Redis database the tweak must give {@code database.redis.address} and {@code port}.
   */
  public static DaemonFixture start(Path dir, Consumer<JsonObject> tweak) throws Exception {
    JsonObject json = new JsonObject()
        .put("name", "test-node")
        .put("network", new JsonObject().put("types", List.of("tcp4"))
            .put("tcp4", new JsonObject().put("address", "127.0.0.1").put("port", 0)))
        .put("database", new JsonObject().put("type", "file")
            .put("file", new JsonObject().put("path", dir.resolve("accounts.json").toString())));
    tweak.accept(json);
    JsonObject database = json.getJsonObject("database");
    if ("redis".equals(database.getString("type"))) {
      JsonObject redis = database.getJsonObject("redis");
      TestAccounts.writeRedis(redis.getString("address"), Integer.parseInt(String.valueOf(redis.getValue("port"))), USERS);
    } else {
      TestAccounts.write(dir.resolve("accounts.json"), USERS);
    }
    Daemon daemon = Daemon.start(DaemonConfig.fromJson(json)).await(30, TimeUnit.SECONDS);
    return new DaemonFixture(daemon, dir);
  }

  public static DaemonFixture start(Path dir) throws Exception {
    return start(dir, json -> { });
  }

  public Daemon daemon() {
    return daemon;
  }

  public Path dir() {
    return dir;
  }

  public int port() {
    String first = daemon.boundAddresses().get(0);
    return Integer.parseInt(first.substring(first.lastIndexOf(':') + 1));
  }

  /** A connection that has not identified yet. */
  public TestClient connect() {
    try {
      return new TestClient(BesterClient.tcp("127.0.0.1", port()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A connection authenticated as {@code user} (auth_special already read). */
  public TestClient login(String user) {
    TestClient client = connect();
    client.send(TestClient.identify(user, TestAccounts.PASSWORD));
    JsonObject answer = client.next();
    assertEquals("good", answer.getJsonObject("header").getString("status"), answer.encode());
    return client;
  }

  @Override
  public void close() throws Exception {
    daemon.stop().await(30, TimeUnit.SECONDS);
  }
}
