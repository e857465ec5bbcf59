package io.bester.daemon.informer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The informer's queries and request reading (§7), against a fake daemon: no sockets, no bus. */
class QueriesTest {

  private final FakeView view = new FakeView();
  private final Queries queries = new Queries(view);

  private static JsonObject request(String type, Object data) {
    return new JsonObject().put("command", new JsonObject().put("type", type).put("data", data));
  }

  /** The answer as the event bus would carry it. */
  private JsonObject ask(Object request) {
    Future<Answer> answer = queries.answer(request);
    assertTrue(answer.succeeded(), "the informer's answers never fail: " + answer.cause());
    return answer.result().toJson();
  }

  private static JsonObject ok(Object data) {
    return new JsonObject().put("status", "0").put("data", data);
  }

  private static void assertError(JsonObject answer, String contains) {
    assertEquals("1", answer.getString("status"), answer.encode());
    assertTrue(answer.getString("error").contains(contains), answer.encode());
    assertEquals(List.of("status", "error"), List.copyOf(answer.fieldNames()), answer.encode());
  }

  @Test
  void listClientsIsTheSortedOnlineUsers() {
    assertEquals(ok(new JsonArray()), ask(request("listClients", null)));
    view.online.addAll(List.of("carol", "alice"));
    assertEquals(ok(new JsonArray().add("alice").add("carol")), ask(request("listClients", null)));
    assertEquals(ok(new JsonArray().add("alice").add("carol")), ask(new JsonObject().put("command",
        new JsonObject().put("type", "listClients"))), "data may be left out");
  }

  @Test
  void isClientIsTrueForAnOnlineUser() {
    view.online.add("alice");
    assertEquals(ok(true), ask(request("isClient", "alice")));
    assertEquals(ok(false), ask(request("isClient", "bob")));
    assertEquals(ok(false), ask(request("isClient", "")));
  }

  @Test
  void isClientNeedsAUsernameString() {
    assertError(ask(request("isClient", null)), "username");
    assertError(ask(request("isClient", 7)), "username");
    assertError(ask(request("isClient", new JsonArray().add("alice"))), "username");
  }

  @Test
  void serverInfoHasEveryField() {
    view.online.addAll(List.of("alice", "bob"));
    view.sessions = 3;
    view.listeners.addAll(List.of("tcp4://127.0.0.1:2223", "unix:///tmp/s"));
    view.uptime = 1234;
    view.admin.put("operator", "ops@example.org");
    view.handlers.addAll(List.of("chat", "shout"));
    view.cluster.add("node-a");
    JsonObject expected = new JsonObject()
        .put("name", "node-a")
        .put("version", "9.9.9")
        .put("clientCount", 3)
        .put("userCount", 2)
        .put("adminInfo", new JsonObject().put("operator", "ops@example.org"))
        .put("listeners", new JsonObject()
            .put("listener0", new JsonObject().put("address", "tcp4://127.0.0.1:2223"))
            .put("listener1", new JsonObject().put("address", "unix:///tmp/s")))
        .put("uptimeMs", 1234L)
        .put("handlers", new JsonArray().add("chat").add("shout"))
        .put("cluster", new JsonArray().add("node-a"));
    assertEquals(ok(expected), ask(request("serverInfo", null)));
  }

  @Test
  void quitClosesAConnectionAndIsAPlainSuccessOnTheBus() {
    Answer quit = queries.answer(request("quit", null)).result();
    assertTrue(quit.closesConnection());
    assertEquals(ok(null), quit.toJson());
    assertFalse(queries.answer(request("serverInfo", null)).result().closesConnection());
  }

  @Test
  void requestsOfTheWrongShapeAreErrors() {
    assertError(ask("listClients"), "command");
    assertError(ask(null), "command");
    assertError(ask(new JsonObject()), "command");
    assertError(ask(new JsonObject().put("command", "listClients")), "command");
    assertError(ask(new JsonObject().put("command", new JsonObject())), "command.type");
    assertError(ask(new JsonObject().put("command", new JsonObject().put("type", 1))), "command.type");
  }

  @Test
  void unknownCommandsAreErrorsThatNameThemBriefly() {
    assertError(ask(request("shutdown", null)), "unknown command 'shutdown'");
    String huge = "x".repeat(10_000);
    JsonObject answer = ask(request(huge, null));
    assertError(answer, "unknown command");
    assertTrue(answer.getString("error").length() < 200, "a hostile name is not echoed whole");
  }

  @Test
  void aQueryThatThrowsIsAnError() {
    DaemonView broken = new FakeView() {
      @Override
      public Future<List<String>> onlineUsers() {
        throw new IllegalStateException("registry gone");
      }
    };
    Answer answer = new Queries(broken).answer(request("listClients", null)).result();
    assertEquals(new JsonObject().put("status", "1").put("error", "listClients failed: registry gone"), answer.toJson());
  }

  @Test
  void aQueryWhoseViewFailsIsAnError() {
    DaemonView unreachable = new FakeView() {
      @Override
      public Future<List<String>> clusterMembers() {
        return Future.failedFuture(new IllegalStateException("cluster unreachable"));
      }
    };
    Answer answer = new Queries(unreachable).answer(request("serverInfo", null)).result();
    assertEquals(new JsonObject().put("status", "1").put("error", "serverInfo failed: cluster unreachable"), answer.toJson());
  }

  @Test
  void answersMayComeLater() {
    Promise<List<String>> later = Promise.promise();
    DaemonView slow = new FakeView() {
      @Override
      public Future<List<String>> onlineUsers() {
        return later.future();
      }
    };
    Future<Answer> answer = new Queries(slow).answer(request("listClients", null));
    assertFalse(answer.isComplete());
    later.complete(List.of("bob", "alice"));
    assertEquals(ok(new JsonArray().add("alice").add("bob")), answer.result().toJson());
  }
}
