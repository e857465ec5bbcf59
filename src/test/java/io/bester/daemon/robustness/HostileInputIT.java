package io.bester.daemon.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bester.client.BesterClient;
import io.bester.daemon.support.DaemonProcess;
import io.bester.daemon.support.TestAccounts;
import io.bester.daemon.support.TestClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input against a real daemon process (§1, §2, §5, §6, §10): empty frames, length
 * prefixes past the limit up to 0xFFFFFFFF, truncated frames, half-closed and reset sockets,
 * streams of random bytes, and every field of every message with the wrong JSON type. Each case
 * is repeated; afterwards the daemon still serves, its file descriptors are back where they were
 * and its resident memory has not grown past a bound.
 *
 * <p>Memory is measured three ways: the live heap after a full GC (objects kept per connection);
 * anonymous RSS (Netty's direct buffers, threads, anything native) with the heap fixed and
 * pre-touched ({@link #JAVA_OPTS}), so that G1 merely growing into a default heap of a quarter of
 * the machine's memory does not count; and the open file descriptors (connections kept).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(300)
class HostileInputIT {

  static final int REPEAT = 100;
  static final int WARM_UP = 30;
  static final String JAVA_OPTS = "-Xms128m -Xmx128m -XX:+AlwaysPreTouch";
  /**
   * Resident memory that is not a mapped file (RssAnon). Without a leak it still moves by several
   * MiB between runs: the JIT compiles more, and glibc keeps what its arenas once held.
   */
  static final long RSS_GROWTH_BOUND_KIB = 20 * 1024;
  /** Live heap after a full GC: a few KiB left per connection of the storm would exceed it. */
  static final long HEAP_GROWTH_BOUND_KIB = 4 * 1024;
  /** Descriptors the daemon may legitimately hold more than at the baseline (none, in theory). */
  static final int FD_SLACK = 5;
  static final int IDENTIFY_CAP = 65_536;
  static final int FRAME_CAP = 1_048_576;
  static final long[] OVERSIZE_BEFORE_IDENTIFY = {
      IDENTIFY_CAP + 1, FRAME_CAP, FRAME_CAP + 1, 16_777_216, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFEL, 0xFFFF_FFFFL};
  static final long[] OVERSIZE_AFTER_IDENTIFY = {FRAME_CAP + 1, 16_777_216, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL};
  static final JsonObject SERVER_IDENTIFY = new JsonObject().put("header", new JsonObject()
      .put("identify", new JsonObject().put("type", "server").put("name", "hostile-peer")));

  @TempDir
  static Path dir;
  static DaemonProcess daemon;
  static ProcessProbe probe;
  static long baselineHeapKiB;
  static long baselineAnonKiB;
  static int baselineFds;
  static final Random RANDOM = new Random(5);

  @BeforeAll
  static void start() throws Exception {
    TestAccounts.write(dir.resolve("data/accounts.json"), List.of("alice", "bob"));
    JsonObject config = new JsonObject()
        .put("network", new JsonObject().put("types", new JsonArray().add("tcp4"))
            .put("tcp4", new JsonObject().put("address", "127.0.0.1").put("port", 0)))
        .put("database", new JsonObject().put("type", "file")
            .put("file", new JsonObject().put("path", "data/accounts.json")));
    daemon = DaemonProcess.start(dir, config, Map.of("BESTERD_JAVA_OPTS", JAVA_OPTS, "MALLOC_ARENA_MAX", "2"));
    probe = ProcessProbe.javaOf(daemon.process());
    // Warm up every path (JIT, Netty's buffer pools, thread pools: they grow once, to their working
    // size), then take the baseline.
    emptyFrames(WARM_UP);
    oversizeBeforeIdentification(WARM_UP);
    oversizeAfterIdentification(WARM_UP);
    truncatedFramesThenClose(WARM_UP);
    halfClosedSockets(WARM_UP);
    resetSockets(WARM_UP);
    randomStreams(20, 1024 * 1024);
    awaitFdsSettled();
    baselineHeapKiB = probe.heapUsedAfterGcKiB();
    baselineAnonKiB = probe.settledAnonymousRssKiB();
    baselineFds = probe.fileDescriptors();
  }

  @AfterEach
  void showMemory(TestInfo test) {
    long anon = probe.anonymousRssKiB();
    System.out.printf("hostile input: after %s anonymous RSS %d KiB (%+d KiB), %d descriptors%n",
        test.getDisplayName(), anon, anon - baselineAnonKiB, probe.fileDescriptors());
  }

  @AfterAll
  static void stop() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
  }

  // ---- building blocks ----------------------------------------------------------------------

  static byte[] prefix(long length) {
    return new byte[] {(byte) length, (byte) (length >> 8), (byte) (length >> 16), (byte) (length >> 24)};
  }

  static byte[] frame(String body) {
    return BesterClient.frame(body.getBytes(StandardCharsets.UTF_8));
  }

  static RawConnection connect() {
    return RawConnection.open(daemon.port());
  }

  /** A connection identified as a server peer: no password hash, and the full frame cap. */
  static RawConnection serverPeer() {
    RawConnection peer = connect();
    peer.send(SERVER_IDENTIFY);
    expectGood(peer.next(10_000), "auth_special");
    return peer;
  }

  static RawConnection client(String user) {
    RawConnection client = connect();
    client.send(TestClient.identify(user, TestAccounts.PASSWORD));
    expectGood(client.next(10_000), "auth_special");
    return client;
  }

  static void expectGood(JsonObject frame, Object id) {
    assertEquals("good", frame.getJsonObject("header").getString("status"), frame.encode());
    assertEquals(id, frame.getJsonObject("payload").getValue("id"), frame.encode());
  }

  /** Exactly one frame, the fatal with this code and id null, then the end of the connection. */
  static void expectOnlyFatal(RawConnection connection, String code) {
    List<JsonObject> frames = connection.framesUntilEnd(5000);
    assertEquals(1, frames.size(), "one fatal frame, then the close: " + frames);
    assertFatal(frames.get(0), code);
  }

  static void assertFatal(JsonObject frame, String code) {
    assertEquals("fatal", frame.getJsonObject("header").getString("messageType"), frame.encode());
    assertEquals(code, TestClient.errorCode(frame), frame.encode());
    assertTrue(frame.getJsonObject("payload").containsKey("id"), frame.encode());
    assertEquals(null, frame.getJsonObject("payload").getValue("id"), frame.encode());
  }

  static boolean isDelivery(JsonObject frame) {
    return frame.getValue("header") instanceof JsonObject header && "receivedMessage".equals(header.getValue("messageType"));
  }

  static boolean isDummyAnswer(JsonObject frame, Object id) {
    return frame.getJsonObject("header").getValue("messageType") == null
        && "0".equals(frame.getJsonObject("header").getValue("status"))
        && frame.getJsonObject("payload").getValue("type").equals("dummy")
        && Objects.equals(id, frame.getJsonObject("payload").getValue("id"));
  }

  static void awaitFdsSettled() {
    int[] last = {probe.fileDescriptors()};
    long[] stableSince = {System.nanoTime()};
    Await.until("the daemon's descriptors stop changing", 10_000, () -> {
      int now = probe.fileDescriptors();
      if (now != last[0]) {
        last[0] = now;
        stableSince[0] = System.nanoTime();
      }
      return System.nanoTime() - stableSince[0] > 300_000_000L;
    });
  }

  // ---- the cases, each with a repeat count (the warm-up runs them with a small one) -----------

  /** N = 0: before identification the first frame is unreadable (not_identified); after it, malformed. */
  static void emptyFrames(int repeat) {
    for (int i = 0; i < repeat; i++) {
      try (RawConnection c = connect()) {
        c.write(prefix(0));
        expectOnlyFatal(c, "not_identified");
      }
    }
    try (RawConnection alice = client("alice")) {
      // below maxConsecutiveMalformed (100): each one malformed, and a dummy resets the count
      for (int i = 0; i < Math.min(repeat, 99); i++) {
        alice.write(prefix(0));
      }
      alice.send(TestClient.message("dummy", "reset", null));
      for (int i = 0; i < Math.min(repeat, 99); i++) {
        JsonObject report = alice.next(10_000);
        assertEquals("malformed", TestClient.errorCode(report), report.encode());
        assertEquals(null, report.getJsonObject("payload").getValue("id"));
      }
      assertTrue(isDummyAnswer(alice.next(10_000), "reset"));
      if (repeat >= 100) {
        // the 100th in a row gets the fatal malformed instead of its report
        for (int i = 0; i < 100; i++) {
          alice.write(prefix(0));
        }
        List<JsonObject> frames = alice.framesUntilEnd(10_000);
        assertEquals(100, frames.size());
        for (int i = 0; i < 99; i++) {
          assertEquals("statusReport", frames.get(i).getJsonObject("header").getString("messageType"));
        }
        assertFatal(frames.get(99), "malformed");
      }
    }
  }

  /** Only the 4-byte prefix is sent: the daemon refuses it without waiting for a body. */
  static void oversizeBeforeIdentification(int repeat) {
    for (int i = 0; i < repeat; i++) {
      try (RawConnection c = connect()) {
        c.write(prefix(OVERSIZE_BEFORE_IDENTIFY[i % OVERSIZE_BEFORE_IDENTIFY.length]));
        expectOnlyFatal(c, "frame_too_large");
      }
    }
  }

  static void oversizeAfterIdentification(int repeat) {
    for (int i = 0; i < repeat; i++) {
      try (RawConnection peer = serverPeer()) {
        peer.write(prefix(OVERSIZE_AFTER_IDENTIFY[i % OVERSIZE_AFTER_IDENTIFY.length]));
        expectOnlyFatal(peer, "frame_too_large");
      }
    }
    // and for a client, with a message answered first
    try (RawConnection alice = client("alice")) {
      alice.send(TestClient.message("dummy", "first", null));
      alice.write(prefix(0xFFFF_FFFFL));
      List<JsonObject> frames = alice.framesUntilEnd(5000);
      assertEquals(2, frames.size(), frames.toString());
      assertTrue(isDummyAnswer(frames.get(0), "first"), frames.toString());
      assertFatal(frames.get(1), "frame_too_large");
    }
  }

  /** Frames cut short, then a full close: nothing to answer, nothing to keep. */
  static void truncatedFramesThenClose(int repeat) {
    byte[] identify = frame(TestClient.identify("alice", TestAccounts.PASSWORD).encode());
    for (int i = 0; i < repeat; i++) {
      try (RawConnection c = connect()) {
        c.write(new byte[] {100, 0});
      }
      try (RawConnection c = connect()) {
        c.write(Arrays.copyOf(identify, identify.length / 2));
      }
      try (RawConnection c = connect()) {
        c.write(concat(prefix(60_000), new byte[30_000]));
      }
      try (RawConnection peer = serverPeer()) {
        peer.write(concat(prefix(FRAME_CAP), new byte[100_000]));
      }
    }
  }

  /**
   * A partial frame, then shutdownOutput: the peer will never finish it, so the daemon must end
   * the connection (any frame it sends first can only be a fatal one).
   */
  static void halfClosedSockets(int repeat) {
    byte[] identify = frame(TestClient.identify("alice", TestAccounts.PASSWORD).encode());
    for (int i = 0; i < repeat; i++) {
      List<RawConnection> connections = new ArrayList<>();
      try {
        RawConnection a = connect();
        connections.add(a);
        a.write(new byte[] {1});
        RawConnection b = connect();
        connections.add(b);
        b.write(Arrays.copyOf(identify, identify.length - 1));
        RawConnection c = serverPeer();
        connections.add(c);
        c.write(concat(prefix(500), new byte[10]));
        RawConnection d = connect();
        connections.add(d);
        for (RawConnection connection : connections) {
          connection.shutdownOutput();
        }
        for (RawConnection connection : connections) {
          for (JsonObject frame : connection.framesUntilEnd(10_000)) {
            assertEquals("fatal", frame.getJsonObject("header").getString("messageType"), frame.encode());
          }
        }
      } finally {
        connections.forEach(RawConnection::close);
      }
    }
  }

  /** SO_LINGER 0, then close: the daemon sees a TCP reset at every stage of a connection. */
  static void resetSockets(int repeat) {
    byte[] identify = frame(TestClient.identify("alice", TestAccounts.PASSWORD).encode());
    for (int i = 0; i < repeat; i++) {
      connect().reset();
      RawConnection partial = connect();
      partial.write(Arrays.copyOf(identify, 10));
      partial.reset();
      RawConnection peer = serverPeer();
      peer.send(TestClient.message("dummy", "inFlight", null));
      peer.send(TestClient.chat("chat", "to nobody", "bob"));
      peer.reset();
      // the reset races the fatal frame
      RawConnection oversize = connect();
      oversize.write(prefix(0xFFFF_FFFFL));
      oversize.reset();
    }
  }

  /**
   * {@code connections} clients each stream {@code bytes} of random bytes: (1) unidentified, raw,
   * until the daemon closes on them; (2) identified, as frames of random length (up to 64 KiB) and
   * random content, with a dummy every 50 frames, each frame answered by exactly one report.
   */
  static void randomStreams(int connections, int bytes) throws Exception {
    // the clients log in first, one by one: twenty password hashes at once on a small machine
    // would be a test of the hashing pool, not of hostile input
    List<RawConnection> clients = new ArrayList<>();
    ExecutorService threads = Executors.newFixedThreadPool(2 * connections);
    try {
      for (int i = 0; i < connections; i++) {
        clients.add(client(i % 2 == 0 ? "alice" : "bob"));
      }
      List<Future<?>> done = new ArrayList<>();
      for (RawConnection client : clients) {
        long seed = RANDOM.nextLong();
        done.add(threads.submit(() -> rawRandom(new Random(seed), bytes)));
        done.add(threads.submit(() -> framedRandom(new Random(seed + 1), bytes, client)));
      }
      for (Future<?> future : done) {
        future.get(120, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
      clients.forEach(RawConnection::close);
    }
  }

  private static Void rawRandom(Random random, int bytes) {
    try (RawConnection c = connect()) {
      byte[] chunk = new byte[64 * 1024];
      int sent = 0;
      while (sent < bytes) {
        random.nextBytes(chunk);
        if (!c.tryWrite(chunk)) {
          break;
        }
        sent += chunk.length;
      }
      for (JsonObject frame : c.framesUntilEnd(10_000)) {
        assertEquals("fatal", frame.getJsonObject("header").getString("messageType"), frame.encode());
      }
    }
    return null;
  }

  private static Void framedRandom(Random random, int bytes, RawConnection c) {
    int sent = 0;
    int batch = 0;
    while (sent < bytes) {
      ByteArrayOutputStream frames = new ByteArrayOutputStream();
      for (int i = 0; i < 50; i++) {
        byte[] body = new byte[1 + random.nextInt(64 * 1024)];
        random.nextBytes(body);
        frames.writeBytes(BesterClient.frame(body));
        sent += body.length;
      }
      String sentinel = "batch" + batch++;
      frames.writeBytes(frame(TestClient.message("dummy", sentinel, null).encode()));
      c.write(frames.toByteArray());
      for (int i = 0; i < 50; i++) {
        JsonObject report = c.next(10_000);
        assertEquals("statusReport", report.getJsonObject("header").getString("messageType"), report.encode());
        assertEquals("malformed", TestClient.errorCode(report), report.encode());
      }
      assertTrue(isDummyAnswer(c.next(10_000), sentinel), "one report per frame, then the dummy's answer");
    }
    return null;
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  // ---- wrong JSON types -------------------------------------------------------------------------

  static final String WRONG_PASSWORD = "not-the-password";
  static final Set<String> IDENTIFICATION_CODES = Set.of("auth_failed", "not_identified", "bad_scope",
      "server_not_allowed");

  /** One of each message a client sends after identification (§3, §3.1). */
  static List<JsonObject> messageTemplates() {
    return List.of(
        TestClient.message("dummy", "d", null),
        TestClient.chat("c", "hello", "nobody"),
        TestClient.message("nosuchtype", "n", new JsonObject().put("k", 1)),
        TestClient.builtin("login", "login", new JsonObject().put("username", "alice").put("password", TestAccounts.PASSWORD)),
        TestClient.builtin("logout", "logout", null),
        TestClient.builtin("cp", "changePassword",
            new JsonObject().put("oldPassword", WRONG_PASSWORD).put("newPassword", "a-new-password")),
        TestClient.builtin("reg", "register", new JsonObject().put("username", "mallory").put("password", "mallory-pw-1")),
        TestClient.builtin("close", "close", null),
        TestClient.builtin("x", "nosuchcommand", new JsonObject()));
  }

  /** The first frames of a connection (§2): v3 client (with register), v2 client with a payload, v3 server. */
  static List<JsonObject> identificationTemplates() {
    JsonObject v3 = TestClient.identify("alice", TestAccounts.PASSWORD);
    v3.getJsonObject("header").getJsonObject("identify").put("register", false);
    JsonObject v2 = new JsonObject()
        .put("header", new JsonObject().put("scope", "client").put("authentication",
            new JsonObject().put("username", "alice").put("password", TestAccounts.PASSWORD)))
        .put("payload", new JsonObject().put("type", "dummy").put("id", "first").putNull("data"));
    JsonObject server = new JsonObject().put("header", new JsonObject().put("identify",
        new JsonObject().put("type", "server").put("name", "peer").put("secret", "s").put("from", "someone")));
    return List.of(v3, v2, server);
  }

  /** The command a message would run if it is a well-formed builtin, else null. */
  static String builtinCommand(JsonObject message) {
    return message.getValue("payload") instanceof JsonObject payload && "builtin".equals(payload.getValue("type"))
        && payload.getValue("data") instanceof JsonObject data && data.getValue("command") instanceof JsonObject command
        && command.getValue("type") instanceof String name ? name : null;
  }

  /** The next frame that is not a delivery; it must be a report or a dummy's answer, never a fatal. */
  static JsonObject nextReply(RawConnection connection, String about) {
    while (true) {
      Object got = connection.readFrameOrEnd(10_000);
      if (!(got instanceof JsonObject frame)) {
        throw new AssertionError(about + ": expected a reply, got " + got);
      }
      if (isDelivery(frame)) {
        continue;
      }
      JsonObject header = frame.getJsonObject("header");
      boolean report = "statusReport".equals(header.getValue("messageType"));
      boolean dummy = header.getValue("messageType") == null && "0".equals(header.getValue("status"));
      assertTrue(report || dummy, about + ": not a report: " + frame.encode());
      return frame;
    }
  }

  static boolean isGood(JsonObject reply) {
    return "good".equals(reply.getJsonObject("header").getValue("status"));
  }

  /** Proves that nothing more was queued for the connection: the next reply is this dummy's. */
  static void expectSentinel(RawConnection connection, String id, String about) {
    connection.send(TestClient.message("dummy", id, null));
    JsonObject reply = nextReply(connection, about);
    assertTrue(isDummyAnswer(reply, id), about + ": a second reply came: " + reply.encode());
  }

  // ---- the tests ------------------------------------------------------------------------------

  @Test
  @Order(1)
  void emptyFramesAreMalformedAndAHundredInARowAreFatal() {
    emptyFrames(REPEAT);
  }

  @Test
  @Order(2)
  void lengthsPastTheLimitAreRefusedFromTheHeaderAlone() {
    oversizeBeforeIdentification(REPEAT);
    oversizeAfterIdentification(REPEAT);
  }

  @Test
  @Order(3)
  void truncatedFramesThenACloseLeaveNothingBehind() {
    truncatedFramesThenClose(REPEAT);
  }

  @Test
  @Order(4)
  void halfClosedSocketsAreEnded() {
    halfClosedSockets(REPEAT);
  }

  @Test
  @Order(5)
  void resetSocketsAtEveryStage() {
    resetSockets(REPEAT);
  }

  @Test
  @Order(6)
  void twentyConnectionsStreamingTenMebibytesOfRandomBytes() throws Exception {
    randomStreams(20, 10 * 1024 * 1024);
  }

  /**
   * The password check of a connection that is already gone must not hold up everyone else:
   * after {@code REPEAT} connections that sent a (right) identification and reset at once,
   * another user's login is answered within TestClient.WAIT_S.
   */
  @Test
  @Order(7)
  void everyFieldOfEveryMessageWithTheWrongTypeGetsExactlyOneReply() {
    int variants = 0;
    Map<String, Integer> outcomes = new TreeMap<>();
    RawConnection alice = client("alice");
    try {
      for (JsonObject template : messageTemplates()) {
        for (WrongTypes.Variant variant : WrongTypes.of(template)) {
          String about = template.getJsonObject("payload").getString("id") + ": " + variant.description();
          alice.send(variant.message());
          JsonObject reply = nextReply(alice, about);
          String code = TestClient.errorCode(reply);
          outcomes.merge(isGood(reply) ? "good" : code == null ? "dummy" : code, 1, Integer::sum);
          String command = builtinCommand(variant.message());
          if (isGood(reply) && "close".equals(command)) {
            assertEquals(List.of(), alice.framesUntilEnd(5000), about + ": nothing after close's report");
            alice.close();
            alice = client("alice");
          } else {
            if (isGood(reply) && "logout".equals(command)) {
              alice.send(TestClient.builtin("relogin", "login",
                  new JsonObject().put("username", "alice").put("password", TestAccounts.PASSWORD)));
              assertTrue(isGood(nextReply(alice, about + " (login after it)")));
            }
            expectSentinel(alice, "sentinel" + variants, about);
          }
          variants++;
        }
      }
    } finally {
      alice.close();
    }
    System.out.printf("hostile input: %d messages with a field of the wrong type, one reply each: %s%n", variants,
        outcomes);
  }

  @Test
  @Order(8)
  void everyFieldOfEveryIdentificationWithTheWrongTypeGetsExactlyOneAnswer() {
    int variants = 0;
    Map<String, Integer> outcomes = new TreeMap<>();
    for (JsonObject template : identificationTemplates()) {
      for (WrongTypes.Variant variant : WrongTypes.of(template)) {
        String about = variant.description() + " in " + template.encode();
        try (RawConnection c = connect()) {
          c.send(variant.message());
          Object first = c.readFrameOrEnd(10_000);
          assertTrue(first instanceof JsonObject, about + ": expected an answer, got " + first);
          JsonObject answer = (JsonObject) first;
          if ("fatal".equals(answer.getJsonObject("header").getValue("messageType"))) {
            String code = TestClient.errorCode(answer);
            assertTrue(IDENTIFICATION_CODES.contains(code), about + ": " + answer.encode());
            assertEquals(List.of(), c.framesUntilEnd(5000), about + ": nothing after the fatal frame");
            outcomes.merge(code, 1, Integer::sum);
          } else {
            expectGood(answer, "auth_special");
            if (variant.message().getValue("payload") instanceof JsonObject) {
              nextReply(c, about + " (its payload)");
            }
            expectSentinel(c, "sentinel" + variants, about);
            outcomes.merge("identified", 1, Integer::sum);
          }
        }
        variants++;
      }
    }
    System.out.printf("hostile input: %d identifications with a field of the wrong type, one answer each: %s%n",
        variants, outcomes);
  }

  @Test
  @Order(98)
  @Disabled("BUG: the password hash of a connection that has gone on is still computed. Identifier.identifyClient "
      + "(Identifier.java:47-50) starts the check and nothing cancels it when the socket closes; the reset frees "
      + "the maxUnidentified slot at once (ConnectionStats.closed), so nothing bounds the queue of hashes either. "
      + "100 identify-then-reset connections (a fraction of a second of client work) keep the worker pool busy "
      + "for 15 s or more, and every other login in that time times out (measured: 20 resets delay a login to "
      + "7 s, 100 to over 10 s). Issue 5: hostile input never hangs the daemon.")
  void resetsDuringThePasswordCheckDoNotHoldUpOtherLogins() {
    byte[] identify = frame(TestClient.identify("alice", TestAccounts.PASSWORD).encode());
    for (int i = 0; i < REPEAT; i++) {
      RawConnection identifying = connect();
      identifying.write(identify);
      identifying.reset();
    }
    daemon.login("bob", TestAccounts.PASSWORD).close();
  }

  @Test
  @Order(99)
  void afterwardsTheDaemonServesWithoutHavingGrown() throws Exception {
    assertTrue(daemon.process().isAlive(), "the daemon is alive");
    try (TestClient alice = daemon.login("alice", TestAccounts.PASSWORD);
         TestClient bob = daemon.login("bob", TestAccounts.PASSWORD)) {
      alice.send(TestClient.chat("after", "still here?", "bob"));
      assertEquals("still here?", bob.next().getJsonObject("payload").getJsonObject("data").getString("text"));
      alice.expectGood("after");
    }
    awaitFdsSettled();
    int fds = probe.fileDescriptors();
    long anon = probe.settledAnonymousRssKiB();
    long heap = probe.heapUsedAfterGcKiB();
    System.out.printf("hostile input: anonymous RSS %d KiB after warm-up, %d KiB after the storm (%+d KiB); heap "
            + "after a full GC %d KiB -> %d KiB (%+d KiB); descriptors %d -> %d%n", baselineAnonKiB, anon,
        anon - baselineAnonKiB, baselineHeapKiB, heap, heap - baselineHeapKiB, baselineFds, fds);
    assertTrue(fds <= baselineFds + FD_SLACK, "descriptors " + baselineFds + " -> " + fds + ": connections leaked");
    assertTrue(heap - baselineHeapKiB < HEAP_GROWTH_BOUND_KIB, "live heap grew from " + baselineHeapKiB + " to "
        + heap + " KiB");
    assertTrue(anon - baselineAnonKiB < RSS_GROWTH_BOUND_KIB, "anonymous RSS grew from " + baselineAnonKiB + " to "
        + anon + " KiB");
  }
}
