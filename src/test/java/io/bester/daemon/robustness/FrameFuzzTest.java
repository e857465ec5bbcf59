package io.bester.daemon.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bester.client.BesterClient;
import io.bester.daemon.support.DaemonFixture;
import io.bester.daemon.support.TestAccounts;
import io.bester.daemon.support.TestClient;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded fuzz run: valid frames mutated at random (bit flips, interesting bytes, insertions,
 * deletions, duplications, truncations, splices, deep nesting) and sent with a correct length
 * prefix, so the framing stays intact and every input must get exactly one reply (§3, §5): a
 * report (malformed or a normal one) or a dummy's answer, never a fatal frame nor a close.
 * Identification frames are fuzzed too, each on a connection of its own: exactly one answer,
 * a fatal one then the close, or auth_special.
 *
 * <p>The normal run sends {@value #DEFAULT_INPUTS} messages; a longer one is
 * {@code scripts/fuzz [INPUTS] [SEED]} (see docs/limits.md). A failure names the seed and the
 * batch, so it can be replayed.
 */
@Timeout(900)
class FrameFuzzTest {

  static final int DEFAULT_INPUTS = 20_000;
  static final int INPUTS = Integer.getInteger("bester.fuzz.inputs", DEFAULT_INPUTS);
  static final long SEED = Long.getLong("bester.fuzz.seed", 20_251_129L);
  /** Inputs between two sentinels; well under maxConsecutiveMalformed (100), which the sentinel resets. */
  static final int BATCH = 50;
  static final Set<String> IDENTIFICATION_CODES = Set.of("auth_failed", "not_identified", "bad_scope",
      "server_not_allowed", "frame_too_large", "registration_closed", "user_exists", "weak_password");

  static final List<byte[]> MESSAGE_SEEDS = List.of(
      utf8("{\"header\":{},\"payload\":{\"type\":\"dummy\",\"id\":\"d1\",\"data\":null}}"),
      utf8("{\"header\":{},\"payload\":{\"type\":\"dummy\",\"id\":42,\"data\":[1,2.5,-3e7,true,false,null,\"s\"]}}"),
      utf8("{\"header\":{\"scope\":\"client\"},\"payload\":{\"type\":\"chat\",\"id\":\"c1\",\"data\":"
          + "{\"to\":[\"nobody\",\"nobody2\"],\"text\":\"h\\u00e9llo \\\"x\\\" \\\\ €\",\"n\":{\"a\":[{}],\"b\":{}}}}}"),
      utf8("{\"header\":{},\"payload\":{\"type\":\"nosuchtype\",\"id\":\"n1\",\"data\":{\"k\":\"v\"}}}"),
      utf8("{\"header\":{},\"payload\":{\"type\":\"builtin\",\"id\":\"b1\",\"data\":{\"command\":"
          + "{\"type\":\"nosuchcommand\",\"args\":{\"x\":1}}}}}"),
      utf8("{\"header\":{},\"payload\":{\"type\":\"builtin\",\"id\":\"b2\",\"data\":{\"command\":"
          + "{\"type\":\"register\",\"args\":{\"username\":\"mallory\",\"password\":\"mallory-pw-1\"}}}}}"));

  static final List<byte[]> IDENTIFY_SEEDS = List.of(
      utf8(TestClient.identify("carol", TestAccounts.PASSWORD).encode()),
      utf8("{\"header\":{\"identify\":{\"type\":\"server\",\"name\":\"fuzz-peer\"}}}"));

  static final byte[] INTERESTING = utf8("{}[]\":,\\0123456789-+.eEntfu \n\t");
  static final int[] INTERESTING_HIGH = {0x00, 0x7F, 0x80, 0xBF, 0xC0, 0xC2, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};
  static final String[] TOKENS = {"1e400", "-0", "99999999999999999999999", "\"\\uD800\"", "\"\\u0000\"", "null",
      "[]", "{}", "\"\"", "true", "1.5e-400", "[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]"};

  @TempDir
  static Path dir;
  static DaemonFixture daemon;

  @BeforeAll
  static void start() throws Exception {
    daemon = DaemonFixture.start(dir);
  }

  @AfterAll
  static void stop() throws Exception {
    daemon.close();
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  // ---- mutations ------------------------------------------------------------------------------

  static byte[] mutate(Random random, List<byte[]> seeds) {
    byte[] input = seeds.get(random.nextInt(seeds.size())).clone();
    int rounds = 1 + random.nextInt(4);
    for (int i = 0; i < rounds; i++) {
      input = mutateOnce(random, input, seeds);
    }
    return input;
  }

  static byte[] mutateOnce(Random random, byte[] in, List<byte[]> seeds) {
    if (in.length == 0) {
      return new byte[] {(byte) random.nextInt(256)};
    }
    int at = random.nextInt(in.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    switch (random.nextInt(9)) {
      case 0: { // flip a bit
        byte[] copy = in.clone();
        copy[at] ^= (byte) (1 << random.nextInt(8));
        return copy;
      }
      case 1: { // an interesting byte in place of one
        byte[] copy = in.clone();
        copy[at] = interesting(random);
        return copy;
      }
      case 2: { // insert a few bytes
        out.write(in, 0, at);
        for (int n = 1 + random.nextInt(8); n > 0; n--) {
          out.write(random.nextBoolean() ? interesting(random) : random.nextInt(256));
        }
        out.write(in, at, in.length - at);
        return out.toByteArray();
      }
      case 3: { // delete a range
        int end = Math.min(in.length, at + 1 + random.nextInt(16));
        out.write(in, 0, at);
        out.write(in, end, in.length - end);
        return out.toByteArray();
      }
      case 4: { // duplicate a range
        int end = Math.min(in.length, at + 1 + random.nextInt(32));
        out.write(in, 0, end);
        out.write(in, at, in.length - at);
        return out.toByteArray();
      }
      case 5: // truncate
        return Arrays.copyOf(in, at);
      case 6: { // splice with another seed
        byte[] other = seeds.get(random.nextInt(seeds.size()));
        int from = random.nextInt(other.length);
        out.write(in, 0, at);
        out.write(other, from, other.length - from);
        return out.toByteArray();
      }
      case 7: { // nest deeply
        int depth = 1 + random.nextInt(100);
        out.write(in, 0, at);
        out.writeBytes(utf8(random.nextBoolean() ? "[".repeat(depth) : "{\"a\":".repeat(depth)));
        out.write(in, at, in.length - at);
        return out.toByteArray();
      }
      default: { // a tricky token
        out.write(in, 0, at);
        out.writeBytes(utf8(TOKENS[random.nextInt(TOKENS.length)]));
        int skip = Math.min(in.length, at + random.nextInt(8));
        out.write(in, skip, in.length - skip);
        return out.toByteArray();
      }
    }
  }

  static byte interesting(Random random) {
    return random.nextBoolean()
        ? INTERESTING[random.nextInt(INTERESTING.length)]
        : (byte) INTERESTING_HIGH[random.nextInt(INTERESTING_HIGH.length)];
  }

  static String show(List<byte[]> inputs) {
    StringBuilder out = new StringBuilder();
    for (byte[] input : inputs) {
      out.append("\n  ").append(Base64.getEncoder().encodeToString(input));
    }
    return out.toString();
  }

  // ---- the runs -------------------------------------------------------------------------------

  static RawConnection alice() {
    RawConnection alice = RawConnection.open(daemon.port());
    alice.send(TestClient.identify("alice", TestAccounts.PASSWORD));
    assertEquals("auth_special", alice.next(10_000).getJsonObject("payload").getValue("id"));
    return alice;
  }

  @Test
  void mutatedMessagesGetExactlyOneReplyEach() {
    Random random = new Random(SEED);
    Map<String, Integer> outcomes = new TreeMap<>();
    long started = System.nanoTime();
    try (RawConnection alice = alice()) {
      for (int sent = 0, batch = 0; sent < INPUTS; batch++) {
        List<byte[]> inputs = new ArrayList<>();
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        for (int i = 0; i < BATCH && sent < INPUTS; i++, sent++) {
          byte[] input = mutate(random, MESSAGE_SEEDS);
          inputs.add(input);
          frames.writeBytes(BesterClient.frame(input));
        }
        String sentinel = "sentinel" + batch;
        frames.writeBytes(BesterClient.frame(utf8(TestClient.message("dummy", sentinel, null).encode())));
        alice.write(frames.toByteArray());
        String where = "seed " + SEED + ", batch " + batch + " (base64):" + show(inputs);
        for (int i = 0; i < inputs.size(); i++) {
          Object got = alice.readFrameOrEnd(10_000);
          assertTrue(got instanceof JsonObject, "reply " + i + " of the batch: " + got + "; " + where);
          JsonObject reply = (JsonObject) got;
          JsonObject header = reply.getJsonObject("header");
          assertTrue("statusReport".equals(header.getValue("messageType"))
                  || (header.getValue("messageType") == null && "0".equals(header.getValue("status"))),
              "reply " + i + " is not a report: " + reply.encode() + "; " + where);
          assertTrue(!JsonCorpusTest.isAnswerTo(reply, sentinel), "fewer replies than inputs; " + where);
          String code = TestClient.errorCode(reply);
          outcomes.merge(code != null ? code : "good".equals(header.getValue("status")) ? "good" : "dummy", 1,
              Integer::sum);
        }
        JsonObject last = alice.next(10_000);
        assertTrue(JsonCorpusTest.isAnswerTo(last, sentinel), "more replies than inputs: " + last.encode() + "; " + where);
      }
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    System.out.printf("fuzz: %d mutated messages (seed %d) in %d ms, one reply each: %s%n", INPUTS, SEED, millis,
        outcomes);
    // and the daemon still serves everyone
    try (TestClient bob = daemon.login("bob")) {
      bob.send(TestClient.message("dummy", "after", null));
      assertEquals("after", bob.next().getJsonObject("payload").getValue("id"));
    }
  }

  @Test
  void mutatedIdentificationsGetExactlyOneAnswerEach() {
    Random random = new Random(SEED + 1);
    int count = Math.max(100, INPUTS / 40);
    Map<String, Integer> outcomes = new TreeMap<>();
    long started = System.nanoTime();
    for (int i = 0; i < count; i++) {
      byte[] input = mutate(random, IDENTIFY_SEEDS);
      String where = "seed " + (SEED + 1) + ", input " + i + " (base64): " + Base64.getEncoder().encodeToString(input);
      try (RawConnection c = RawConnection.open(daemon.port())) {
        c.write(BesterClient.frame(input));
        Object got = c.readFrameOrEnd(10_000);
        assertTrue(got instanceof JsonObject, "no answer: " + got + "; " + where);
        JsonObject answer = (JsonObject) got;
        if ("fatal".equals(answer.getJsonObject("header").getValue("messageType"))) {
          String code = TestClient.errorCode(answer);
          assertTrue(IDENTIFICATION_CODES.contains(code), answer.encode() + "; " + where);
          assertEquals(List.of(), c.framesUntilEnd(5000), "nothing after the fatal frame; " + where);
          outcomes.merge(code, 1, Integer::sum);
        } else {
          assertEquals("good", answer.getJsonObject("header").getValue("status"), answer.encode() + "; " + where);
          assertEquals("auth_special", answer.getJsonObject("payload").getValue("id"), where);
          c.send(TestClient.message("dummy", "s", null));
          assertTrue(JsonCorpusTest.isAnswerTo(c.next(10_000), "s"), "one answer, then the session works; " + where);
          outcomes.merge("identified", 1, Integer::sum);
        }
      }
    }
    System.out.printf("fuzz: %d mutated identifications (seed %d) in %d ms, one answer each: %s%n", count, SEED + 1,
        (System.nanoTime() - started) / 1_000_000, outcomes);
  }
}
