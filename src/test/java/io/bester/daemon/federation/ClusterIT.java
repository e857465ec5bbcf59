package io.bester.daemon.federation;

import static io.bester.daemon.support.TestClient.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bester.client.BesterClient;
import io.bester.daemon.support.DaemonProcess;
import io.bester.daemon.support.TestAccounts;
import io.bester.daemon.support.TestClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three daemons as real processes in one Hazelcast cluster on loopback (§4.2, §11): users spread
 * over the nodes chat, sendServers reaches members by name, and a killed node drops out while
 * the others keep serving. The cluster is shared by the tests of this class, started once.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

  @TempDir
  static Path dir;
  static DaemonProcess a;
  static DaemonProcess b;
  static DaemonProcess c;
  static DaemonProcess handlerJvm;

  @BeforeAll
  static void startCluster() throws Exception {
    Path accounts = dir.resolve("accounts.json");
    TestAccounts.write(accounts, List.of("alice", "bob", "carol", "dave"));
    int[] ports = {DaemonProcess.freePort(), DaemonProcess.freePort(), DaemonProcess.freePort()};
    JsonArray members = new JsonArray();
    for (int port : ports) {
      members.add("127.0.0.1:" + port);
    }
    a = DaemonProcess.start(dir.resolve("a"), config("node-a", ports[0], members, accounts));
    b = DaemonProcess.start(dir.resolve("b"), config("node-b", ports[1], members, accounts));
    c = DaemonProcess.start(dir.resolve("c"), config("node-c", ports[2], members, accounts), "--cluster");
    handlerJvm = DaemonProcess.deploy(dir.resolve("h"), config("handlers", DaemonProcess.freePort(), members, accounts),
        "io.bester.examples.ShoutHandler");
  }

  private static JsonObject config(String name, int clusterPort, JsonArray members, Path accounts) {
    return new JsonObject()
        .put("name", name)
        .put("network", new JsonObject().put("types", new JsonArray().add("tcp4"))
            .put("tcp4", new JsonObject().put("address", "127.0.0.1").put("port", 0)))
        .put("database", new JsonObject().put("file", new JsonObject().put("path", accounts.toString())))
        .put("handlers", new JsonObject().put("timeoutMs", 2000)
            .put("verticles", new JsonArray().add(new JsonObject().put("class", "io.bester.examples.RelayHandler"))))
        // node-c gets enabled by --cluster on its command line
        .put("informer", new JsonObject().put("unixSocket", "informer.sock"))
        .put("cluster", new JsonObject().put("enabled", !name.equals("node-c")).put("port", clusterPort).put("members", members));
  }

  @AfterAll
  static void stopCluster() throws Exception {
    for (DaemonProcess node : new DaemonProcess[] {a, b, c, handlerJvm}) {
      if (node != null) {
        node.close();
      }
    }
  }

  @Test
  @Order(1)
  void chatReachesUsersOnEveryNode() {
    try (TestClient alice = a.login("alice", TestAccounts.PASSWORD);
         TestClient bobOnB = b.login("bob", TestAccounts.PASSWORD);
         TestClient bobOnC = c.login("bob", TestAccounts.PASSWORD);
         TestClient carol = c.login("carol", TestAccounts.PASSWORD)) {
      alice.send(chat("x1", "hello cluster", "bob", "carol", "zed", "bob"));
      JsonObject report = alice.expectGood("x1");
      assertEquals(3, report.getJsonObject("payload").getInteger("delivered"), report.encode());
      assertEquals(new JsonArray().add("zed"), report.getJsonObject("payload").getJsonArray("offline"));
      for (TestClient recipient : List.of(bobOnB, bobOnC, carol)) {
        JsonObject received = recipient.next();
        assertEquals("alice", received.getJsonObject("header").getString("from"));
        assertEquals("hello cluster", received.getJsonObject("payload").getJsonObject("data").getString("text"));
      }
    }
  }

  @Test
  @Order(2)
  void messagesFromOneSenderArriveInOrderOnAnotherNode() {
    try (TestClient alice = a.login("alice", TestAccounts.PASSWORD); TestClient dave = b.login("dave", TestAccounts.PASSWORD)) {
      for (int i = 0; i < 50; i++) {
        alice.send(chat(i, "n" + i, "dave"));
      }
      for (int i = 0; i < 50; i++) {
        assertEquals(1, alice.expectGood(i).getJsonObject("payload").getInteger("delivered"));
        assertEquals("n" + i, dave.next().getJsonObject("payload").getJsonObject("data").getString("text"));
      }
    }
  }

  @Test
  @Order(3)
  void sendServersReachesAMemberByName() {
    try (TestClient alice = a.login("alice", TestAccounts.PASSWORD); TestClient carol = c.login("carol", TestAccounts.PASSWORD)) {
      alice.send(TestClient.message("relay", "r1", new JsonObject()
          .put("servers", new JsonArray().add("node-c")).put("to", new JsonArray().add("carol")).put("text", "via c")));
      alice.expectGood("r1");
      JsonObject received = carol.next();
      assertEquals("alice@node-a", received.getJsonObject("header").getString("from"));
      assertEquals("relay", received.getJsonObject("payload").getString("type"));
      assertEquals("via c", received.getJsonObject("payload").getJsonObject("data").getString("text"));

      alice.send(TestClient.message("relay", "r2", new JsonObject()
          .put("servers", new JsonArray().add("node-c").add("node-zz")).put("to", new JsonArray().add("carol"))));
      JsonObject report = alice.expectBad("r2", "server_unreachable");
      assertEquals(new JsonArray().add("node-zz"), report.getJsonObject("payload").getJsonObject("error").getJsonArray("failed"));
      carol.next();
    }
  }

  @Test
  @Order(4)
  void aHandlerInItsOwnJvmServesEveryDaemon() {
    try (TestClient alice = a.login("alice", TestAccounts.PASSWORD); TestClient bob = b.login("bob", TestAccounts.PASSWORD)) {
      alice.send(TestClient.message("shout", "s1", new JsonObject().put("to", new JsonArray().add("bob")).put("text", "loud")));
      alice.expectGood("s1");
      assertEquals("LOUD", bob.next().getJsonObject("payload").getJsonObject("data").getString("text"));
      bob.send(TestClient.message("shout", "s2", new JsonObject().put("to", new JsonArray().add("alice")).put("text", "back")));
      bob.expectGood("s2");
      assertEquals(new JsonObject().put("text", "BACK").put("by", "bob"), alice.next().getJsonObject("payload").getJsonObject("data"));
    }
  }

  @Test
  @Order(5)
  void theInformerAnswersForTheWholeCluster() throws Exception {
    try (TestClient bob = b.login("bob", TestAccounts.PASSWORD); TestClient carol = c.login("carol", TestAccounts.PASSWORD);
         TestClient informer = new TestClient(BesterClient.unix(dir.resolve("a").resolve("informer.sock")))) {
      informer.send(new JsonObject().put("command", new JsonObject().put("type", "listClients")));
      JsonObject clients = informer.next();
      assertEquals("0", clients.getString("status"), clients.encode());
      assertTrue(clients.getJsonArray("data").contains("bob") && clients.getJsonArray("data").contains("carol"), clients.encode());
      informer.send(new JsonObject().put("command", new JsonObject().put("type", "isClient").put("data", "carol")));
      assertEquals(true, informer.next().getValue("data"));
      informer.send(new JsonObject().put("command", new JsonObject().put("type", "serverInfo")));
      JsonObject info = informer.next().getJsonObject("data");
      assertEquals(new JsonArray().add("node-a").add("node-b").add("node-c"), info.getJsonArray("cluster"));
    }
  }

  @Test
  @Order(6)
  void aNodeKilledMidTrafficDropsOutAndTheOthersKeepServing() throws Exception {
    try (TestClient alice = a.login("alice", TestAccounts.PASSWORD); TestClient bob = b.login("bob", TestAccounts.PASSWORD)) {
      TestClient carol = c.login("carol", TestAccounts.PASSWORD);
      int messages = 200;
      for (int i = 0; i < messages; i++) {
        alice.send(chat("m" + i, "n" + i, "bob", "carol"));
        if (i == 50) {
          c.kill();
        }
      }
      // every message gets exactly one good report, and bob gets every message, in order
      for (int i = 0; i < messages; i++) {
        JsonObject report = alice.expectGood("m" + i);
        assertTrue(report.getJsonObject("payload").getInteger("delivered") >= 1, report.encode());
        assertEquals("n" + i, bob.next().getJsonObject("payload").getJsonObject("data").getString("text"));
      }
      carol.close();
      // bounded: a report never waits longer than the handler timeout for a dead node
      alice.send(chat("k1", "after the crash", "carol", "bob"));
      JsonObject report = alice.expectGood("k1");
      assertEquals(1, report.getJsonObject("payload").getInteger("delivered"), report.encode());
      assertEquals(new JsonArray().add("carol"), report.getJsonObject("payload").getJsonArray("offline"));
      assertEquals("after the crash", bob.next().getJsonObject("payload").getJsonObject("data").getString("text"));
      alice.send(TestClient.message("relay", "k2", new JsonObject()
          .put("servers", new JsonArray().add("node-c")).put("to", new JsonArray().add("carol"))));
      alice.expectBad("k2", "server_unreachable");
    }
  }
}
