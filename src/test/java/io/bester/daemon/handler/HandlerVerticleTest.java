package io.bester.daemon.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bester.daemon.support.DaemonFixture;
import io.bester.daemon.support.TestClient;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Java handler API: a refusal is handler_error with its status, a crash handler_failed, both at once. */
@Timeout(60)
class HandlerVerticleTest {

  @TempDir
  static Path dir;
  static DaemonFixture daemon;

  @BeforeAll
  static void start() throws Exception {
    daemon = DaemonFixture.start(dir);
    daemon.daemon().vertx().deployVerticle(HandlerVerticle.of("boom", request -> {
      throw new IllegalStateException("kaboom");
    })).await(10, TimeUnit.SECONDS);
    daemon.daemon().vertx().deployVerticle(HandlerVerticle.of("failing",
        request -> Future.failedFuture(new IllegalStateException("bad future")))).await(10, TimeUnit.SECONDS);
    daemon.daemon().vertx().deployVerticle(HandlerVerticle.of("refuse",
        request -> Future.failedFuture(new HandlerException(9, "not today")))).await(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    daemon.close();
  }

  @Test
  void aThrowingHandlerIsHandlerFailedNotATimeout() {
    try (TestClient alice = daemon.login("alice")) {
      alice.send(TestClient.message("boom", 1, null));
      alice.expectBad(1, "handler_failed");
      alice.send(TestClient.message("failing", 2, null));
      alice.expectBad(2, "handler_failed");
    }
  }

  @Test
  void aRefusalIsHandlerErrorWithItsStatus() {
    try (TestClient alice = daemon.login("alice")) {
      alice.send(TestClient.message("refuse", "r", null));
      assertEquals(9, alice.expectBad("r", "handler_error").getJsonObject("payload").getJsonObject("error").getInteger("status"));
    }
  }
}
