package io.bester.daemon.session;

import static io.bester.daemon.support.TestClient.builtin;
import static io.bester.daemon.support.TestClient.chat;
import static io.bester.daemon.support.TestClient.identify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bester.daemon.Daemon;
import io.bester.daemon.support.DaemonFixture;
import io.bester.daemon.support.RedisServer;
import io.bester.daemon.support.TestAccounts;
import io.bester.daemon.support.TestClient;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon whose accounts are in a real Redis: logins go through Redis, a Redis outage answers
 * {@code store_unavailable} (fatal on identification, {@code bad} for builtins) without taking the
 * daemon down, and the daemon works again as soon as Redis is back (§10, §11).
 */
@Timeout(120)
class RedisStoreDaemonTest {

  private static final String NEW_PASSWORD = "battery-staple";

  @TempDir
  Path dir;

  @Test
  void loginsGoThroughRedisAndAnOutageIsStoreUnavailableUntilRedisIsBack() throws Exception {
    try (RedisServer redis = RedisServer.start(dir);
         DaemonFixture daemon = DaemonFixture.start(dir, json -> json.put("database", new JsonObject()
             .put("type", "redis")
             .put("redis", new JsonObject().put("address", redis.host()).put("port", redis.port()))))) {
      Daemon running = daemon.daemon();

      // Redis up: logins work, and nothing went to an account file.
      daemon.login("alice").close();
      try (TestClient wrong = daemon.connect()) {
        wrong.send(identify("alice", "wrong-password")).expectFatal("auth_failed", "auth_special");
      }
      assertTrue(!dir.resolve("accounts.json").toFile().exists(), "the file store was not used");

      try (TestClient bob = daemon.login("bob")) {
        // Redis down.
        redis.stop();
        long start = System.nanoTime();
        try (TestClient alice = daemon.connect()) {
          alice.send(identify("alice", TestAccounts.PASSWORD)).expectFatal("store_unavailable", "auth_special");
        }
        bob.send(builtin("cp1", "changePassword", new JsonObject()
            .put("oldPassword", TestAccounts.PASSWORD).put("newPassword", NEW_PASSWORD)));
        bob.expectBad("cp1", "store_unavailable");
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMs < 5000, "the outage answers took " + elapsedMs + " ms");

        // Sessions that are open carry on: bob's session still works without the store.
        bob.send(TestClient.message("dummy", "d1", null));
        assertEquals("0", bob.next().getJsonObject("header").getString("status"));

        // Redis back, on the same port (empty: the test server keeps no data), accounts made
        // again from outside as another daemon or the CLI would: no restart of the daemon.
        redis.restart();
        TestAccounts.writeRedis(redis.host(), redis.port(), DaemonFixture.USERS);
        try (TestClient alice = daemon.login("alice")) {
          alice.send(chat("m1", "back", "bob"));
          assertEquals(1, alice.expectGood("m1").getJsonObject("payload").getInteger("delivered"));
          assertEquals("back", bob.next().getJsonObject("payload").getJsonObject("data").getString("text"));
        }
        bob.send(builtin("cp2", "changePassword", new JsonObject()
            .put("oldPassword", TestAccounts.PASSWORD).put("newPassword", NEW_PASSWORD)));
        bob.expectGood("cp2");
      }
      try (TestClient bob = daemon.connect()) {
        bob.send(identify("bob", NEW_PASSWORD)).expectGood("auth_special");
      }
      assertSame(running, daemon.daemon());
      assertEquals(List.of("tcp4://127.0.0.1:" + daemon.port()), running.boundAddresses());
    }
  }
}
