package io.bester.daemon.informer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.bester.client.BesterClient;
import io.bester.daemon.protocol.Names;
import io.bester.daemon.support.DaemonFixture;
import io.bester.daemon.support.TestClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The informer (§7) of a running daemon, asked over the event bus and over its UNIX socket
 * ({@code informer.unixSocket}, §8). The daemon has a TCP and a UNIX listener, the built-in chat
 * handler plus the example shout handler, and an {@code admin.info}.
 */
@Timeout(60)
class InformerTest {

  private static final int MAX_FRAME_BYTES = 4096;
  private static final JsonObject ADMIN_INFO = new JsonObject().put("operator", "ops@example.org").put("room", 42);

  /** The two ways to ask. */
  enum Via { BUS, SOCKET }

  @TempDir
  static Path dir;
  static DaemonFixture daemon;
  static long startedAt;
  static Path socket;

  private TestClient informer;

  @BeforeAll
  static void start() throws Exception {
    socket = dir.resolve("informer.sock");
    startedAt = System.currentTimeMillis();
    daemon = DaemonFixture.start(dir, json -> {
      json.put("network", new JsonObject().put("types", new JsonArray().add("tcp4").add("unix"))
          .put("tcp4", new JsonObject().put("address", "127.0.0.1").put("port", 0))
          .put("unix", new JsonObject().put("address", dir.resolve("bester.sock").toString())));
      json.put("informer", new JsonObject().put("unixSocket", socket.toString()));
      json.put("admin", new JsonObject().put("info", ADMIN_INFO));
      json.put("limits", new JsonObject().put("maxFrameBytes", MAX_FRAME_BYTES));
      json.put("handlers", new JsonObject().put("verticles", new JsonArray()
          .add(new JsonObject().put("class", "io.bester.examples.ShoutHandler").put("instances", 2))));
    });
  }

  @AfterAll
  static void stop() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
  }

  @BeforeEach
  void connect() {
    informer = connectTo(socket);
  }

  @AfterEach
  void disconnect() {
    informer.close();
  }

  // ---- asking ------------------------------------------------------------------------------

  private static TestClient connectTo(Path path) {
    try {
      return new TestClient(BesterClient.unix(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonObject request(String type, Object data) {
    return new JsonObject().put("command", new JsonObject().put("type", type).put("data", data));
  }

  private JsonObject ask(Via via, Object request) {
    if (via == Via.SOCKET) {
      return informer.send((JsonObject) request).next();
    }
    try {
      return (JsonObject) daemon.daemon().vertx().eventBus().request(Names.INFORMER_ADDRESS, request)
          .await(TestClient.WAIT_S, TimeUnit.SECONDS).body();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no answer on the bus within " + TestClient.WAIT_S + " s", e);
    }
  }

  private Object data(Via via, String type, Object argument) {
    JsonObject answer = ask(via, request(type, argument));
    assertEquals("0", answer.getString("status"), answer.encode());
    return answer.getValue("data");
  }

  /**
   * Asks until the answer's data passes {@code until}, within {@link TestClient#WAIT_S}. Only for
   * changes that follow a close the daemon learns about asynchronously.
   */
  private Object awaitData(Via via, String type, Object argument, Predicate<Object> until) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TestClient.WAIT_S);
    Object last;
    do {
      last = data(via, type, argument);
      if (until.test(last)) {
        return last;
      }
      Thread.sleep(20);  // polling interval, not synchronisation: the loop is what waits
    } while (System.nanoTime() < deadline);
    return fail(type + " still answers " + last + " after " + TestClient.WAIT_S + " s");
  }

  private static void assertError(JsonObject answer) {
    assertEquals("1", answer.getString("status"), answer.encode());
    assertTrue(answer.getValue("error") instanceof String, answer.encode());
  }

  // ---- listClients and isClient ------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Via.class)
  void listClientsAndIsClientFollowLoginsLogoutsAndCloses(Via via) throws Exception {
    // Sessions of earlier tests may still be closing.
    awaitData(via, "listClients", null, new JsonArray()::equals);
    assertEquals(false, data(via, "isClient", "alice"));

    TestClient alice = daemon.login("alice");
    try (TestClient bob1 = daemon.login("bob"); TestClient bob2 = daemon.login("bob")) {
      // 1. A login is registered before auth_special is written, so no waiting here.
      assertEquals(new JsonArray().add("alice").add("bob"), data(via, "listClients", null));
      assertEquals(true, data(via, "isClient", "alice"));
      assertEquals(true, data(via, "isClient", "bob"));
      assertEquals(false, data(via, "isClient", "carol"));
      assertEquals(false, data(via, "isClient", "nobody"));

      // 2. One of bob's sessions logs out: bob is still online through the other.
      bob1.send(TestClient.builtin("out", "logout", null)).expectGood("out");
      assertEquals(true, data(via, "isClient", "bob"));

      // 3. The other closes through the protocol: bob is gone once its report is read.
      bob2.send(TestClient.builtin("bye", "close", null)).expectGood("bye");
      bob2.expectClosed();
      assertEquals(false, data(via, "isClient", "bob"));
      assertEquals(new JsonArray().add("alice"), data(via, "listClients", null));
    }

    // 4. Alice just drops her connection: the daemon notices asynchronously.
    alice.close();
    awaitData(via, "isClient", "alice", Boolean.FALSE::equals);
    assertEquals(new JsonArray(), data(via, "listClients", null));
  }

  // ---- serverInfo ---------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Via.class)
  @SuppressWarnings("try")  // the sessions only need to be open while the daemon is asked
  void serverInfoDescribesTheDaemon(Via via) throws Exception {
    try (TestClient alice = daemon.login("alice"); TestClient bob1 = daemon.login("bob"); TestClient bob2 = daemon.login("bob")) {
      JsonObject info = (JsonObject) awaitData(via, "serverInfo", null,
          data -> ((JsonObject) data).getInteger("clientCount") == 3);
      long upperBound = System.currentTimeMillis() - startedAt;

      assertEquals(Set.of("name", "version", "clientCount", "userCount", "adminInfo", "listeners", "uptimeMs",
          "handlers", "cluster"), info.fieldNames());
      assertEquals("test-node", info.getString("name"));
      assertEquals(pomVersion(), info.getString("version"));
      assertEquals(3, info.getInteger("clientCount"), "bob's two sessions count twice");
      assertEquals(2, info.getInteger("userCount"), "and bob once");
      assertEquals(ADMIN_INFO, info.getJsonObject("adminInfo"));
      List<String> bound = daemon.daemon().boundAddresses();
      assertEquals(2, bound.size());
      assertEquals(new JsonObject()
          .put("listener0", new JsonObject().put("address", bound.get(0)))
          .put("listener1", new JsonObject().put("address", bound.get(1))), info.getJsonObject("listeners"));
      assertTrue(bound.get(0).startsWith("tcp4://127.0.0.1:") && bound.get(1).startsWith("unix:///"), bound.toString());
      long uptime = info.getLong("uptimeMs");
      assertTrue(uptime >= 0 && uptime <= upperBound, uptime + " ms is not within 0.." + upperBound);
      assertEquals(new JsonArray().add("chat").add("shout"), info.getJsonArray("handlers"));
      assertEquals(new JsonArray().add("test-node"), info.getJsonArray("cluster"), "not clustered: this daemon alone");
    }
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void uptimeGrows(Via via) throws Exception {
    long first = ((JsonObject) data(via, "serverInfo", null)).getLong("uptimeMs");
    awaitData(via, "serverInfo", null, data -> ((JsonObject) data).getLong("uptimeMs") > first);
  }

  /** The version in pom.xml, which Maven filters into version.properties. */
  private static String pomVersion() throws Exception {
    var pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
    String version = XPathFactory.newInstance().newXPath().evaluate("/project/version", pom);
    assertTrue(!version.isBlank(), "pom.xml has a version");
    return version;
  }

  // ---- quit ---------------------------------------------------------------------------------

  @Test
  void quitClosesTheSocketWithoutAnAnswer() {
    // Three requests in one write: the one before quit is answered, the one after is not read.
    informer.sendRaw(concat(frame(request("isClient", "alice")), frame(request("quit", null)),
        frame(request("listClients", null))));
    assertEquals(new JsonObject().put("status", "0").put("data", false), informer.next());
    informer.expectClosed();

    // The informer itself stays up for other connections.
    try (TestClient other = connectTo(socket)) {
      assertEquals("0", other.send(request("listClients", null)).next().getString("status"));
    }
  }

  @Test
  void quitOnTheBusIsAPlainSuccess() {
    assertEquals(new JsonObject().put("status", "0").put("data", null), ask(Via.BUS, request("quit", null)));
    assertEquals("0", ask(Via.BUS, request("listClients", null)).getString("status"));
  }

  // ---- bad requests -------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Via.class)
  void requestsOfTheWrongShapeAreErrors(Via via) {
    assertError(ask(via, new JsonObject()));
    assertError(ask(via, new JsonObject().put("command", "listClients")));
    assertError(ask(via, new JsonObject().put("command", new JsonObject().put("data", "alice"))));
    assertError(ask(via, new JsonObject().put("command", new JsonObject().put("type", 3))));
    assertError(ask(via, request("shutdown", null)));
    assertError(ask(via, request("isClient", 5)));
    assertError(ask(via, request("isClient", null)));
    assertEquals("0", ask(via, request("listClients", null)).getString("status"), "still answering");
  }

  @Test
  void aBusRequestThatIsNotAnObjectIsAnError() {
    assertError(ask(Via.BUS, "listClients"));
    assertError(ask(Via.BUS, new JsonArray().add("listClients")));
  }

  @Test
  void framesThatAreNotJsonObjectsAreErrorsAndTheConnectionStays() {
    informer.sendBody("listClients");
    assertError(informer.next());
    informer.sendRaw(BesterClient.frame(new byte[0]));
    assertError(informer.next());
    informer.sendBody("[1, 2]");
    assertError(informer.next());
    informer.sendRaw(BesterClient.frame(new byte[] {'{', '"', (byte) 0xC0, (byte) 0x80, '"', ':', '1', '}'}));
    assertError(informer.next());
    informer.sendBody("{\"command\": {\"type\": \"listClients\", \"type\": \"quit\"}}");
    assertError(informer.next());
    assertEquals("0", informer.send(request("listClients", null)).next().getString("status"));
  }

  @Test
  void requestsOnOneConnectionAreAnsweredInOrder() {
    informer.sendRaw(concat(frame(request("isClient", "alice")), frame(request("shutdown", null)),
        frame(request("serverInfo", null)), frame(request("isClient", null)), frame(request("listClients", null))));
    assertEquals(false, informer.next().getValue("data"));
    assertError(informer.next());
    assertEquals("test-node", informer.next().getJsonObject("data").getString("name"));
    assertError(informer.next());
    assertTrue(informer.next().getValue("data") instanceof JsonArray);
  }

  @Test
  void anOversizeFrameIsRefusedFromItsPrefixAndClosesTheConnection() {
    // Only the 4-byte prefix: the daemon must not wait for a body it will not read.
    byte[] prefix = {(byte) (MAX_FRAME_BYTES + 1), (byte) ((MAX_FRAME_BYTES + 1) >> 8), 0, 0};
    informer.sendRaw(prefix);
    JsonObject refusal = informer.next();
    assertError(refusal);
    assertTrue(refusal.getString("error").contains(String.valueOf(MAX_FRAME_BYTES + 1)), refusal.encode());
    informer.expectClosed();

    String exactlyMax = "{\"command\":{\"type\":\"listClients\",\"data\":\"" + "x".repeat(MAX_FRAME_BYTES - 44) + "\"}}";
    assertEquals(MAX_FRAME_BYTES, exactlyMax.getBytes(StandardCharsets.UTF_8).length);
    try (TestClient other = connectTo(socket)) {
      assertEquals("0", other.sendBody(exactlyMax).next().getString("status"), "the limit itself is allowed");
    }
  }

  // ---- the socket file ----------------------------------------------------------------------

  @Test
  @SuppressWarnings("try")  // the second daemon only needs to run while it is asked
  void aStaleSocketFileDoesNotPreventBinding(@TempDir Path other) throws Exception {
    Path stale = other.resolve("informer.sock");
    // A socket file whose server is gone, as a daemon that died leaves it.
    try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      dead.bind(UnixDomainSocketAddress.of(stale));
    }
    assertTrue(Files.exists(stale));
    try (DaemonFixture second = DaemonFixture.start(other,
        json -> json.put("informer", new JsonObject().put("unixSocket", stale.toString())));
         TestClient client = connectTo(stale)) {
      assertEquals(new JsonArray(), client.send(request("listClients", null)).next().getValue("data"));
    }
  }

  @Test
  void aLiveSocketIsNotTakenOver(@TempDir Path other) throws Exception {
    Path taken = other.resolve("informer.sock");
    try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      live.bind(UnixDomainSocketAddress.of(taken));
      Exception refused = assertThrows(Exception.class, () -> DaemonFixture.start(other,
          json -> json.put("informer", new JsonObject().put("unixSocket", taken.toString()))).close());
      assertTrue(String.valueOf(refused.getMessage()).contains("informer.unixSocket"), refused.toString());
      assertTrue(Files.exists(taken), "the other process keeps its socket");
    }
  }

  // ---- helpers ------------------------------------------------------------------------------

  private static byte[] frame(JsonObject json) {
    return BesterClient.frame(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
