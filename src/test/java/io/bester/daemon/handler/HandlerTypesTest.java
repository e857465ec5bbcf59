package io.bester.daemon.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The register of handler types behind the informer's serverInfo.handlers. */
@Timeout(30)
class HandlerTypesTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static HandlerVerticle echo(String type) {
    return HandlerVerticle.of(type, request -> Future.succeededFuture(new JsonObject()));
  }

  @Test
  void aTypeIsListedUntilItsLastInstanceStops() throws Exception {
    String echoes = vertx.deployVerticle(() -> echo("echo"), new DeploymentOptions().setInstances(2))
        .await(10, TimeUnit.SECONDS);
    String other = vertx.deployVerticle(echo("another")).await(10, TimeUnit.SECONDS);
    assertEquals(List.of("another", "echo"), HandlerTypes.list(vertx), "sorted");
    assertEquals(2, vertx.sharedData().<String, Integer>getLocalMap(HandlerTypes.MAP_NAME).get("echo"));

    vertx.undeploy(echoes).await(10, TimeUnit.SECONDS);
    assertEquals(List.of("another"), HandlerTypes.list(vertx));
    vertx.undeploy(other).await(10, TimeUnit.SECONDS);
    assertEquals(List.of(), HandlerTypes.list(vertx));
  }

  @Test
  void theConfiguredTypeIsTheOneListed() throws Exception {
    vertx.deployVerticle(echo("echo"), new DeploymentOptions().setConfig(new JsonObject().put("type", "renamed")))
        .await(10, TimeUnit.SECONDS);
    assertEquals(List.of("renamed"), HandlerTypes.list(vertx));
  }

  @Test
  void addAndRemoveCountAndEachVertxHasItsOwn() throws Exception {
    HandlerTypes.add(vertx, "ext");
    HandlerTypes.add(vertx, "ext");
    HandlerTypes.remove(vertx, "ext");
    assertEquals(List.of("ext"), HandlerTypes.list(vertx));
    HandlerTypes.remove(vertx, "ext");
    HandlerTypes.remove(vertx, "ext");
    assertEquals(List.of(), HandlerTypes.list(vertx), "removing more than was added leaves nothing, not a negative count");

    Vertx other = Vertx.vertx();
    try {
      HandlerTypes.add(other, "elsewhere");
      assertEquals(List.of(), HandlerTypes.list(vertx));
    } finally {
      other.close().await(10, TimeUnit.SECONDS);
    }
  }
}
