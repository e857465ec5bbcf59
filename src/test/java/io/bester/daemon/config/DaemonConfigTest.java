package io.bester.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DaemonConfigTest {

  private static final String NETWORK = "\"network\":{\"types\":[\"tcp4\"],\"tcp4\":{\"address\":\"127.0.0.1\",\"port\":0}}";

  /** The minimal config plus the given top-level members. */
  private static JsonObject minimalWith(String members) {
    return new JsonObject("{" + NETWORK + (members.isEmpty() ? "" : "," + members) + "}");
  }

  private static DaemonConfig parse(String members) {
    return DaemonConfig.fromJson(minimalWith(members));
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(DaemonConfigTest.class.getResource("/conf/" + name).toURI());
  }

  // ---- valid configs ----

  @Test
  void minimalConfigTakesAllDefaults() {
    DaemonConfig c = parse("");

    assertNull(c.name());
    assertEquals(List.of(new Listener(ListenerKind.TCP4, "127.0.0.1", 0)), c.network().listeners());

    Handlers h = c.handlers();
    assertEquals(List.of(), h.availableTypes());
    assertEquals(Map.of(), h.typeMap());
    assertEquals(5000, h.timeoutMs());
    assertEquals(8, h.maxHops());
    assertEquals("bester.handler.", h.addressPrefix());
    assertEquals(List.of(), h.verticles());

    assertEquals(new Database(DatabaseType.FILE, "data/accounts.json", "127.0.0.1", 6379), c.database());
    assertEquals(new Accounts(false, 8), c.accounts());
    assertEquals(new Auth(10, 60000), c.auth());
    assertEquals(List.of(Cidr.parse("127.0.0.1/32"), Cidr.parse("::1/128")), c.federation().allow());
    assertNull(c.federation().secret());
    assertEquals(new Cluster(false, "bester", "127.0.0.1", 5701, List.of("127.0.0.1:5701")), c.cluster());
    assertNull(c.informer().unixSocket());
    assertEquals(new Limits(1048576, 65536, 256, 10000, 10000, 1024, 8388608, 10000, 64, 100, 0), c.limits());
    assertEquals(new JsonObject(), c.adminInfo());
  }

  @Test
  void sectionDefaultsMatchTheirConstants() {
    DaemonConfig c = parse("");
    assertEquals(Handlers.defaults(), c.handlers());
    assertEquals(Database.defaults(), c.database());
    assertEquals(Accounts.defaults(), c.accounts());
    assertEquals(Auth.defaults(), c.auth());
    assertEquals(Federation.defaults(), c.federation());
    assertEquals(Cluster.defaults(), c.cluster());
    assertEquals(Informer.defaults(), c.informer());
    assertEquals(Limits.defaults(), c.limits());
    assertEquals(Limits.DEFAULT_MAX_FRAME_BYTES, c.limits().maxFrameBytes());
    assertEquals(Handlers.DEFAULT_TIMEOUT_MS, c.handlers().timeoutMs());
    assertEquals(Database.DEFAULT_REDIS_PORT, c.database().redisPort());
    assertEquals(Cluster.DEFAULT_MEMBERS, c.cluster().members());
  }

  @Test
  void fullExampleParses() throws Exception {
    DaemonConfig c = ConfigLoader.load(resource("full.json"));

    assertEquals("node-a", c.name());
    assertEquals(List.of(
        new Listener(ListenerKind.TCP4, "0.0.0.0", 2223),
        new Listener(ListenerKind.TCP6, "::", 2224),
        new Listener(ListenerKind.UNIX, "besterUNIXSock", -1)), c.network().listeners());
    assertEquals(List.of("type1"), c.handlers().availableTypes());
    assertEquals(Map.of("type1", new ExternalHandler("./h.py", "aSock", false, false, 4)), c.handlers().typeMap());
    assertEquals(new Database(DatabaseType.FILE, "data/accounts.json", "127.0.0.1", 6379), c.database());
    assertEquals(new Cluster(false, "bester", "127.0.0.1", 5701, List.of("127.0.0.1:5701", "127.0.0.1:5702")),
        c.cluster());
    assertEquals("bInformer", c.informer().unixSocket());
    assertEquals(Limits.defaults(), c.limits());
    assertEquals(new JsonObject().put("operator", "..."), c.adminInfo());
  }

  @Test
  void extendedExampleParses() throws Exception {
    DaemonConfig c = ConfigLoader.load(resource("extended.json"));

    assertEquals(List.of(
        new Listener(ListenerKind.UNIX, "/run/bester/client.sock", -1),
        new Listener(ListenerKind.TCP6, "::1", 0)), c.network().listeners());

    Handlers h = c.handlers();
    assertEquals(List.of("chat", "echo", "pool"), h.availableTypes());
    // chat has no entry (built-in handler); "unused" is not available and is dropped.
    assertEquals(List.of("echo", "pool"), List.copyOf(h.typeMap().keySet()));
    assertEquals(new ExternalHandler(null, "echo.sock", false, false, 4), h.typeMap().get("echo"));
    assertEquals(new ExternalHandler("./pool", "pool.sock", true, true, 2), h.typeMap().get("pool"));
    assertEquals(250, h.timeoutMs());
    assertEquals(0, h.maxHops());
    assertEquals("h.", h.addressPrefix());
    assertEquals(List.of(
        new VerticleSpec("com.example.EchoVerticle", 1, new JsonObject()),
        new VerticleSpec("com.example.Pool$Worker", 3, new JsonObject().put("size", 7))), h.verticles());

    assertEquals(new Database(DatabaseType.REDIS, "data/accounts.json", "redis.internal", 6380), c.database());
    assertEquals(new Accounts(true, 12), c.accounts());
    assertEquals(new Auth(3, 1000), c.auth());
    assertEquals(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("fd00::/8"), Cidr.parse("192.168.1.7/32")),
        c.federation().allow());
    assertEquals("s3cret", c.federation().secret());
    assertEquals(new Cluster(true, "prod", "::", 0, List.of("a.example:5701", "[fd00::1]:5702", "10.1.2.3:5703")),
        c.cluster());
    assertNull(c.informer().unixSocket());
    assertEquals(new Limits(2147483643, 1024, 1, 1, 2, 3, 4, 5, 6, 7, 30000), c.limits());
    assertEquals("ops@example.com", c.adminInfo().getString("operator"));
  }

  @Test
  void portsMayBeStringsOrNumbersAndZeroMeansAnyPort() {
    DaemonConfig c = DaemonConfig.fromJson(new JsonObject("{\"network\":{\"types\":[\"tcp4\",\"tcp6\"],"
        + "\"tcp4\":{\"address\":\"localhost\",\"port\":\"0\"},\"tcp6\":{\"address\":\"::1\",\"port\":65535}},"
        + "\"database\":{\"redis\":{\"port\":\"1\"}},\"cluster\":{\"port\":\"5702\"}}"));
    assertEquals(0, c.network().listeners().get(0).port());
    assertEquals(65535, c.network().listeners().get(1).port());
    assertEquals(1, c.database().redisPort());
    assertEquals(5702, c.cluster().port());
    assertEquals(2223, parse("\"cluster\":{\"port\":2223}").cluster().port());
  }

  @Test
  void chatNeedsNoTypeMapEntry() {
    Handlers h = parse("\"handlers\":{\"availableTypes\":[\"chat\"]}").handlers();
    assertEquals(List.of("chat"), h.availableTypes());
    assertTrue(h.typeMap().isEmpty());
  }

  @Test
  void chatWithAnEntryUsesTheExternalHandler() {
    Handlers h = parse("\"handlers\":{\"availableTypes\":[\"chat\"],"
        + "\"typeMap\":{\"chat\":{\"unixDomainSocketPath\":\"chat.sock\"}}}").handlers();
    assertEquals(new ExternalHandler(null, "chat.sock", false, false, 4), h.typeMap().get("chat"));
  }

  @Test
  void emptyFederationAllowListIsKept() {
    assertEquals(List.of(), parse("\"federation\":{\"allow\":[]}").federation().allow());
  }

  // ---- immutability and copies ----

  @Test
  void collectionsAreUnmodifiableAndDetachedFromTheInput() throws Exception {
    DaemonConfig c = ConfigLoader.load(resource("extended.json"));
    assertThrows(UnsupportedOperationException.class, () -> c.network().listeners().clear());
    assertThrows(UnsupportedOperationException.class, () -> c.handlers().availableTypes().clear());
    assertThrows(UnsupportedOperationException.class, () -> c.handlers().typeMap().clear());
    assertThrows(UnsupportedOperationException.class, () -> c.handlers().verticles().clear());
    assertThrows(UnsupportedOperationException.class, () -> c.federation().allow().clear());
    assertThrows(UnsupportedOperationException.class, () -> c.cluster().members().clear());

    c.adminInfo().put("operator", "changed");
    assertEquals("ops@example.com", c.adminInfo().getString("operator"));
    c.handlers().verticles().get(1).config().put("size", 0);
    assertEquals(7, c.handlers().verticles().get(1).config().getInteger("size"));

    JsonObject input = minimalWith("\"admin\":{\"info\":{\"k\":1}}");
    DaemonConfig fromInput = DaemonConfig.fromJson(input);
    input.getJsonObject("admin").getJsonObject("info").put("k", 2);
    assertEquals(1, fromInput.adminInfo().getInteger("k"));
  }

  @Test
  void withListenersAndWithClusterEnabledCopy() {
    DaemonConfig c = parse("");
    List<Listener> listeners = List.of(new Listener(ListenerKind.UNIX, "s.sock", -1));
    DaemonConfig changed = c.withListeners(listeners).withClusterEnabled(true);
    assertEquals(listeners, changed.network().listeners());
    assertTrue(changed.cluster().enabled());
    assertEquals(c.limits(), changed.limits());
    assertFalse(c.cluster().enabled());
    assertEquals(1, c.network().listeners().size());
  }

  @Test
  void listenerRejectsImpossiblePorts() {
    assertThrows(IllegalArgumentException.class, () -> new Listener(ListenerKind.UNIX, "s", 0));
    assertThrows(IllegalArgumentException.class, () -> new Listener(ListenerKind.TCP4, "h", -1));
    assertThrows(IllegalArgumentException.class, () -> new Listener(ListenerKind.TCP6, "h", 65536));
  }

  @Test
  void toStringDoesNotLeakTheSecret() {
    DaemonConfig c = parse("\"federation\":{\"secret\":\"hunter2\"}");
    assertEquals("hunter2", c.federation().secret());
    assertFalse(c.toString().contains("hunter2"), c.toString());
  }

  @Test
  void exampleMessageFormat() {
    ConfigException e = assertThrows(ConfigException.class, () -> parse("\"limits\":{\"maxFrameBytes\":\"abc\"}"));
    assertEquals("limits.maxFrameBytes", e.field());
    assertEquals("config: limits.maxFrameBytes: must be a positive integer, got \"abc\"", e.getMessage());

    e = assertThrows(ConfigException.class, () -> parse("\"limits\":{\"maxFrameByte\":1}"));
    assertEquals("config: limits.maxFrameByte: unknown key", e.getMessage());
  }

  // ---- invalid configs ----

  /** Each case: top-level members added to the minimal config, the field to blame, part of the message. */
  static Stream<Arguments> invalidMembers() {
    return Stream.of(
        // top level
        Arguments.of("\"nmae\":\"x\"", "nmae", "unknown key"),
        Arguments.of("\"name\":\"\"", "name", "must be a non-empty string or null"),
        Arguments.of("\"name\":\"host:2223\"", "name", "without ':'"),
        Arguments.of("\"name\":7", "name", "got 7"),
        Arguments.of("\"limits\":[]", "limits", "must be an object, got an array"),
        Arguments.of("\"handlers\":null", "handlers", "must be an object, got null"),
        // handlers
        Arguments.of("\"handlers\":{\"availableTypes\":[\"type1\"]}", "handlers.typeMap.type1",
            "required because handlers.availableTypes lists \"type1\""),
        Arguments.of("\"handlers\":{\"availableTypes\":\"type1\"}", "handlers.availableTypes", "must be an array"),
        Arguments.of("\"handlers\":{\"availableTypes\":[\"\"]}", "handlers.availableTypes[0]", "non-empty string"),
        Arguments.of("\"handlers\":{\"availableTypes\":[\"chat\",1]}", "handlers.availableTypes[1]", "got 1"),
        Arguments.of("\"handlers\":{\"availableTypes\":[\"chat\",\"chat\"]}", "handlers.availableTypes[1]", "twice"),
        Arguments.of("\"handlers\":{\"typeMap\":[]}", "handlers.typeMap", "must be an object"),
        Arguments.of("\"handlers\":{\"typeMap\":{\"other\":\"x\"}}", "handlers.typeMap.other", "must be an object"),
        Arguments.of("\"handlers\":{\"availableTypes\":[\"t\"],\"typeMap\":{\"t\":{}}}",
            "handlers.typeMap.t.unixDomainSocketPath", "required"),
        Arguments.of("\"handlers\":{\"availableTypes\":[\"t\"],\"typeMap\":{\"t\":{\"unixDomainSocketPath\":\"s\",\"binary\":\"b\"}}}",
            "handlers.typeMap.t.binary", "unknown key"),
        Arguments.of("\"handlers\":{\"availableTypes\":[\"t\"],\"typeMap\":{\"t\":{\"unixDomainSocketPath\":\"s\",\"persistent\":\"yes\"}}}",
            "handlers.typeMap.t.persistent", "must be true or false"),
        Arguments.of("\"handlers\":{\"availableTypes\":[\"t\"],\"typeMap\":{\"t\":{\"unixDomainSocketPath\":\"s\",\"connections\":0}}}",
            "handlers.typeMap.t.connections", "positive integer"),
        Arguments.of("\"handlers\":{\"availableTypes\":[\"t\"],\"typeMap\":{\"t\":{\"unixDomainSocketPath\":\"s\",\"handlerBinary\":3}}}",
            "handlers.typeMap.t.handlerBinary", "string or null"),
        Arguments.of("\"handlers\":{\"timeoutMs\":0}", "handlers.timeoutMs", "positive integer"),
        Arguments.of("\"handlers\":{\"timeoutMs\":1.5}", "handlers.timeoutMs", "got 1.5"),
        Arguments.of("\"handlers\":{\"maxHops\":-1}", "handlers.maxHops", "non-negative integer"),
        Arguments.of("\"handlers\":{\"addressPrefix\":\"\"}", "handlers.addressPrefix", "non-empty string"),
        Arguments.of("\"handlers\":{\"verticles\":{}}", "handlers.verticles", "must be an array"),
        Arguments.of("\"handlers\":{\"verticles\":[\"a.B\"]}", "handlers.verticles[0]", "must be an object"),
        Arguments.of("\"handlers\":{\"verticles\":[{}]}", "handlers.verticles[0].class", "required"),
        Arguments.of("\"handlers\":{\"verticles\":[{\"class\":\"a..B\"}]}", "handlers.verticles[0].class", "class name"),
        Arguments.of("\"handlers\":{\"verticles\":[{\"class\":\"a.B\",\"instances\":0}]}", "handlers.verticles[0].instances",
            "positive integer"),
        Arguments.of("\"handlers\":{\"verticles\":[{\"class\":\"a.B\",\"config\":[]}]}", "handlers.verticles[0].config",
            "must be an object"),
        Arguments.of("\"handlers\":{\"verticles\":[{\"class\":\"a.B\",\"worker\":true}]}", "handlers.verticles[0].worker",
            "unknown key"),
        // database
        Arguments.of("\"database\":{\"type\":\"sql\"}", "database.type", "one of \"file\", \"redis\""),
        Arguments.of("\"database\":{\"redis\":{\"port\":0}}", "database.redis.port", "port number 1..65535, got 0"),
        Arguments.of("\"database\":{\"redis\":{\"port\":\"0\"}}", "database.redis.port", "port number 1..65535"),
        Arguments.of("\"database\":{\"redis\":{\"host\":\"x\"}}", "database.redis.host", "unknown key"),
        Arguments.of("\"database\":{\"redis\":{\"address\":\"bad host!\"}}", "database.redis.address", "host name"),
        Arguments.of("\"database\":{\"file\":{\"path\":\"\"}}", "database.file.path", "non-empty string"),
        Arguments.of("\"database\":{\"file\":\"x.json\"}", "database.file", "must be an object"),
        // accounts, auth
        Arguments.of("\"accounts\":{\"registration\":true}", "accounts.registration", "one of \"open\", \"closed\""),
        Arguments.of("\"accounts\":{\"minPasswordLength\":0}", "accounts.minPasswordLength", "positive integer"),
        Arguments.of("\"auth\":{\"maxFailures\":\"10\"}", "auth.maxFailures", "got \"10\""),
        Arguments.of("\"auth\":{\"failureWindowMs\":0}", "auth.failureWindowMs", "positive integer"),
        // federation
        Arguments.of("\"federation\":{\"allow\":\"127.0.0.1/32\"}", "federation.allow", "must be an array"),
        Arguments.of("\"federation\":{\"allow\":[\"127.0.0.1/32\",\"10.0.0.0/33\"]}", "federation.allow[1]",
            "prefix length must be 0..32"),
        Arguments.of("\"federation\":{\"allow\":[\"localhost\"]}", "federation.allow[0]", "not a valid CIDR"),
        Arguments.of("\"federation\":{\"allow\":[\"10.0.0.1/8\"]}", "federation.allow[0]", "did you mean 10.0.0.0/8?"),
        Arguments.of("\"federation\":{\"secret\":\"\"}", "federation.secret", "got an empty string"),
        Arguments.of("\"federation\":{\"secret\":123456}", "federation.secret", "got a number"),
        // cluster
        Arguments.of("\"cluster\":{\"enabled\":\"true\"}", "cluster.enabled", "true or false"),
        Arguments.of("\"cluster\":{\"port\":70000}", "cluster.port", "port number 0..65535, got 70000"),
        Arguments.of("\"cluster\":{\"members\":[\"127.0.0.1\"]}", "cluster.members[0]", "host:port"),
        Arguments.of("\"cluster\":{\"members\":[\"::1:5701\"]}", "cluster.members[0]", "host:port"),
        Arguments.of("\"cluster\":{\"members\":[\"h:0\"]}", "cluster.members[0]", "host:port"),
        Arguments.of("\"cluster\":{\"members\":[\"127.0.0.1:5701\", 5702]}", "cluster.members[1]", "got 5702"),
        Arguments.of("\"cluster\":{\"host\":\"\"}", "cluster.host", "IP address or a host name"),
        // informer
        Arguments.of("\"informer\":{\"unixSocket\":false}", "informer.unixSocket", "string or null"),
        Arguments.of("\"informer\":{\"socket\":\"x\"}", "informer.socket", "unknown key"),
        // limits
        Arguments.of("\"limits\":{\"maxFrameBytes\":2147483644}", "limits.maxFrameBytes", "at most 2147483643"),
        Arguments.of("\"limits\":{\"maxFrameBytes\":0}", "limits.maxFrameBytes", "positive integer"),
        Arguments.of("\"limits\":{\"maxInFlight\":3000000000}", "limits.maxInFlight", "at most 2147483647"),
        Arguments.of("\"limits\":{\"maxPendingBytes\":99999999999999999999}", "limits.maxPendingBytes",
            "at most 9223372036854775807"),
        Arguments.of("\"limits\":{\"maxJsonDepth\":2.0}", "limits.maxJsonDepth", "positive integer, got 2.0"),
        Arguments.of("\"limits\":{\"pingIntervalMs\":-1}", "limits.pingIntervalMs", "non-negative integer"),
        Arguments.of("\"limits\":{\"identifyTimeoutMs\":null}", "limits.identifyTimeoutMs", "got null"),
        // admin
        Arguments.of("\"admin\":{\"info\":\"ops\"}", "admin.info", "must be an object"),
        Arguments.of("\"admin\":{\"operator\":\"x\"}", "admin.operator", "unknown key"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("invalidMembers")
  void invalidValueNamesTheField(String members, String field, String messagePart) {
    assertInvalid(minimalWith(members), field, messagePart);
  }

  /** Each case: the "network" object, the field to blame, part of the message. */
  static Stream<Arguments> invalidNetworks() {
    return Stream.of(
        Arguments.of("[]", "network", "must be an object"),
        Arguments.of("{}", "network.types", "required"),
        Arguments.of("{\"types\":[]}", "network.types", "at least one"),
        Arguments.of("{\"types\":\"tcp4\"}", "network.types", "must be an array"),
        Arguments.of("{\"types\":[\"tcp5\"]}", "network.types[0]", "one of \"tcp4\", \"tcp6\", \"unix\", got \"tcp5\""),
        Arguments.of("{\"types\":[\"unix\",\"unix\"],\"unix\":{\"address\":\"s\"}}", "network.types[1]", "twice"),
        Arguments.of("{\"types\":[\"tcp4\",\"tcp6\"],\"tcp4\":{\"address\":\"0.0.0.0\",\"port\":1}}", "network.tcp6",
            "required because network.types lists \"tcp6\""),
        Arguments.of("{\"types\":[\"unix\"],\"unix\":{\"address\":\"s\"},\"tcp4\":\"unused\"}", "network.tcp4",
            "must be an object"),
        Arguments.of("{\"types\":[\"unix\"],\"unix\":{\"address\":\"s\"},\"sctp\":{}}", "network.sctp", "unknown key"),
        Arguments.of("{\"types\":[\"unix\"],\"unix\":{\"address\":\"\"}}", "network.unix.address", "non-empty string"),
        Arguments.of("{\"types\":[\"unix\"],\"unix\":{\"address\":\"s\",\"port\":1}}", "network.unix.port", "unknown key"),
        Arguments.of("{\"types\":[\"tcp4\"],\"tcp4\":{\"port\":1}}", "network.tcp4.address", "required"),
        Arguments.of("{\"types\":[\"tcp4\"],\"tcp4\":{\"address\":\"0.0.0.0\"}}", "network.tcp4.port", "required"),
        Arguments.of("{\"types\":[\"tcp4\"],\"tcp4\":{\"address\":\"::\",\"port\":1}}", "network.tcp4.address",
            "must be an IPv4 address or a host name, got \"::\""),
        Arguments.of("{\"types\":[\"tcp4\"],\"tcp4\":{\"address\":\"256.0.0.1\",\"port\":1}}", "network.tcp4.address",
            "IPv4 address or a host name"),
        Arguments.of("{\"types\":[\"tcp6\"],\"tcp6\":{\"address\":\"127.0.0.1\",\"port\":1}}", "network.tcp6.address",
            "must be an IPv6 address or a host name"),
        Arguments.of("{\"types\":[\"tcp6\"],\"tcp6\":{\"address\":\"[::1]\",\"port\":1}}", "network.tcp6.address",
            "IPv6 address"),
        Arguments.of("{\"types\":[\"tcp4\"],\"tcp4\":{\"address\":\"0.0.0.0\",\"port\":\"abc\"}}", "network.tcp4.port",
            "must be a port number 0..65535, got \"abc\""),
        Arguments.of("{\"types\":[\"tcp4\"],\"tcp4\":{\"address\":\"0.0.0.0\",\"port\":\"-1\"}}", "network.tcp4.port",
            "got \"-1\""),
        Arguments.of("{\"types\":[\"tcp4\"],\"tcp4\":{\"address\":\"0.0.0.0\",\"port\":-1}}", "network.tcp4.port", "got -1"),
        Arguments.of("{\"types\":[\"tcp4\"],\"tcp4\":{\"address\":\"0.0.0.0\",\"port\":\"70000\"}}", "network.tcp4.port",
            "got \"70000\""),
        Arguments.of("{\"types\":[\"tcp4\"],\"tcp4\":{\"address\":\"0.0.0.0\",\"port\":1.5}}", "network.tcp4.port", "got 1.5"),
        Arguments.of("{\"types\":[\"tcp4\"],\"tcp4\":{\"address\":\"0.0.0.0\",\"port\":\" 22\"}}", "network.tcp4.port",
            "got \" 22\""),
        Arguments.of("{\"types\":[\"tcp4\"],\"tcp4\":{\"address\":\"0.0.0.0\",\"port\":true}}", "network.tcp4.port",
            "got true"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("invalidNetworks")
  void invalidNetworkNamesTheField(String network, String field, String messagePart) {
    assertInvalid(new JsonObject("{\"network\":" + network + "}"), field, messagePart);
  }

  @Test
  void missingNetworkIsAnError() {
    assertInvalid(new JsonObject(), "network", "required");
    assertInvalid(new JsonObject("{\"limits\":{}}"), "network", "required");
  }

  @Test
  void nullConfigIsAnError() {
    ConfigException e = assertThrows(ConfigException.class, () -> DaemonConfig.fromJson(null));
    assertEquals("", e.field());
  }

  private static void assertInvalid(JsonObject json, String field, String messagePart) {
    ConfigException e = assertThrows(ConfigException.class, () -> DaemonConfig.fromJson(json));
    assertEquals(field, e.field(), e.getMessage());
    assertTrue(e.getMessage().startsWith("config: " + field + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(messagePart), () -> "expected '" + messagePart + "' in: " + e.getMessage());
  }

  // ---- ConfigLoader ----

  @Test
  void loaderReportsFileProblemsWithAnEmptyField(@TempDir Path dir) throws Exception {
    assertFileError(dir.resolve("absent.json"), "no such file");
    assertFileError(dir, "cannot read");
    assertFileError(write(dir, "bad.json", "{\"network\": "), "not valid JSON");
    assertFileError(write(dir, "array.json", "[1, 2]"), "must contain a JSON object, got an array");
    assertFileError(write(dir, "null.json", "null"), "must contain a JSON object, got null");
    assertFileError(write(dir, "empty.json", "  \n"), "file is empty");
    Path latin1 = dir.resolve("latin1.json");
    Files.write(latin1, "{\"name\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1));
    assertFileError(latin1, "not valid UTF-8");
  }

  @Test
  void loaderAcceptsAByteOrderMark(@TempDir Path dir) throws Exception {
    Path file = write(dir, "bom.json", "\uFEFF{" + NETWORK + "}");
    assertEquals(1, ConfigLoader.load(file).network().listeners().size());
  }

  @Test
  void loaderRejectsDuplicateKeys(@TempDir Path dir) throws Exception {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(
        write(dir, "dup.json", "{" + NETWORK + ",\"limits\":{\"maxInFlight\":1,\"maxInFlight\":2}}")));
    assertEquals("limits.maxInFlight", e.field());
    assertTrue(e.getMessage().endsWith("duplicate key"), e.getMessage());

    e = assertThrows(ConfigException.class, () -> ConfigLoader.load(write(dir, "dup2.json",
        "// a comment\n{" + NETWORK + ",\"handlers\":{\"verticles\":[{\"class\":\"a.B\"},"
            + "{\"class\":\"a.C\",\"config\":{\"x\":[{},{\"y\":1,/*c*/\"y\":2}]}}]}}")));
    assertEquals("handlers.verticles[1].config.x[1].y", e.field());

    e = assertThrows(ConfigException.class, () -> ConfigLoader.load(write(dir, "dup3.json", "{" + NETWORK + "," + NETWORK + "}")));
    assertEquals("network", e.field());

    // Comment markers and escaped quotes inside strings are not comments.
    e = assertThrows(ConfigException.class, () -> ConfigLoader.load(write(dir, "dup4.json",
        "{" + NETWORK + ",\"admin\":{\"info\":{\"u\":\"http://x/*\\\"\",\"v\":\"*/\",\"u\":1}}}")));
    assertEquals("admin.info.u", e.field());
  }

  @Test
  void loaderPassesValidationErrorsThrough(@TempDir Path dir) throws Exception {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(write(dir, "c.json", "{" + NETWORK + ",\"limits\":{\"maxFrameByte\":1}}")));
    assertEquals("limits.maxFrameByte", e.field());
  }

  private static void assertFileError(Path file, String messagePart) {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
    assertEquals("", e.field());
    assertTrue(e.getMessage().startsWith("config: " + file + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(messagePart), () -> "expected '" + messagePart + "' in: " + e.getMessage());
  }

  private static Path write(Path dir, String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }
}
