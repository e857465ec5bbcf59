package io.bester.daemon.session;

import static io.bester.daemon.support.TestClient.chat;
import static io.bester.daemon.support.TestClient.identify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bester.client.BesterClient;
import io.bester.daemon.support.DaemonFixture;
import io.bester.daemon.support.TestAccounts;
import io.bester.daemon.support.TestClient;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The three listener kinds of §8 on one daemon, their bound addresses as in the ready line (§9). */
@Timeout(60)
class ListenersTest {

  static final Pattern TCP4 = Pattern.compile("tcp4://127\\.0\\.0\\.1:(\\d+)");
  static final Pattern TCP6 = Pattern.compile("tcp6://\\[::1\\]:(\\d+)");

  @TempDir
  static Path dir;
  static DaemonFixture daemon;
  static boolean ipv6;
  static Path socket;

  @BeforeAll
  static void start() throws Exception {
    ipv6 = ipv6LoopbackAvailable();
    socket = dir.resolve("bester.sock");
    List<String> types = new ArrayList<>(List.of("tcp4"));
    if (ipv6) {
      types.add("tcp6");
    }
    types.add("unix");
    daemon = DaemonFixture.start(dir, json -> json.put("network", new JsonObject()
        .put("types", types)
        .put("tcp4", new JsonObject().put("address", "127.0.0.1").put("port", 0))
        .put("tcp6", new JsonObject().put("address", "::1").put("port", "0"))
        .put("unix", new JsonObject().put("address", socket.toString()))));
  }

  @AfterAll
  static void stop() throws Exception {
    daemon.close();
  }

  static boolean ipv6LoopbackAvailable() {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
      return probe.getLocalPort() > 0;
    } catch (IOException e) {
      return false;
    }
  }

  static int port(Pattern pattern, String address) {
    Matcher m = pattern.matcher(address);
    assertTrue(m.matches(), address + " does not match " + pattern);
    int port = Integer.parseInt(m.group(1));
    assertTrue(port > 0 && port <= 65535, "a real port, not the configured 0: " + address);
    return port;
  }

  static TestClient login(BesterClient connection, String user) {
    TestClient client = new TestClient(connection);
    client.send(identify(user, TestAccounts.PASSWORD));
    client.expectGood("auth_special");
    return client;
  }

  @Test
  void boundAddressesHaveTheReadyLineForms() {
    List<String> bound = daemon.daemon().boundAddresses();
    assertEquals(ipv6 ? 3 : 2, bound.size(), bound.toString());
    port(TCP4, bound.get(0));
    if (ipv6) {
      port(TCP6, bound.get(1));
    }
    String unix = bound.get(bound.size() - 1);
    assertEquals("unix://" + socket.toAbsolutePath(), unix);
    assertTrue(unix.startsWith("unix:///"), unix);
  }

  @Test
  void aClientOnEachListenerLogsInAndChatCrossesListeners() throws Exception {
    assumeTrue(ipv6, "IPv6 loopback is not available on this machine");
    int tcp6Port = port(TCP6, daemon.daemon().boundAddresses().get(1));
    try (TestClient alice = daemon.login("alice");
         TestClient bob = login(BesterClient.tcp("::1", tcp6Port), "bob");
         TestClient carol = login(BesterClient.unix(socket), "carol")) {
      carol.send(chat("u1", "from the unix socket", "bob", "alice"));
      JsonObject report = carol.expectGood("u1");
      assertEquals(2, report.getJsonObject("payload").getInteger("delivered"));
      JsonObject atBob = bob.next();
      assertEquals("carol", atBob.getJsonObject("header").getString("from"));
      assertEquals("from the unix socket", atBob.getJsonObject("payload").getJsonObject("data").getString("text"));
      assertEquals(atBob, alice.next());

      bob.send(chat("t6", "from tcp6", "carol"));
      bob.expectGood("t6");
      assertEquals("from tcp6", carol.next().getJsonObject("payload").getJsonObject("data").getString("text"));
    }
  }

  @Test
  void unixAndTcp4WorkWithoutIpv6() throws Exception {
    try (TestClient alice = daemon.login("alice"); TestClient carol = login(BesterClient.unix(socket), "carol")) {
      carol.send(chat("u2", "unix to tcp4", "alice"));
      carol.expectGood("u2");
      assertEquals("unix to tcp4", alice.next().getJsonObject("payload").getJsonObject("data").getString("text"));
      alice.send(new JsonObject().put("header", new JsonObject()).put("payload", new JsonObject().put("type", "dummy").put("id", "p")));
      assertEquals("0", alice.next().getJsonObject("header").getString("status"));
    }
  }

  @Test
  void aWrongPasswordOnTheUnixSocketIsAuthFailed() throws Exception {
    try (TestClient c = new TestClient(BesterClient.unix(socket))) {
      c.send(identify("carol", "not-the-password")).expectFatal("auth_failed", "auth_special");
    }
  }
}
