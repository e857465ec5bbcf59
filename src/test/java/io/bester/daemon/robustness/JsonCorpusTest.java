package io.bester.daemon.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.bester.client.BesterClient;
import io.bester.daemon.support.DaemonFixture;
import io.bester.daemon.support.TestAccounts;
import io.bester.daemon.support.TestClient;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JSON parsing corpus in the manner of JSONTestSuite (generated here; no network), sent as
 * frame bodies after login (§1, §3, §5, §10). Each case is one of
 * <ul>
 *   <li><b>y</b>: valid JSON (RFC 8259), which the daemon must take as a normal message;</li>
 *   <li><b>n</b>: invalid JSON, or what the contract calls malformed (duplicate keys, nesting past
 *       maxJsonDepth, invalid UTF-8): a {@code malformed} report with id null;</li>
 *   <li><b>i</b>: left to the implementation by the RFC (lone surrogates, huge numbers, a BOM):
 *       either of the two.</li>
 * </ul>
 * Whatever the case, exactly one reply comes, and the daemon keeps serving. Values are embedded
 * as the data of a chat to bob, so a value that is taken also goes through a handler, is encoded
 * again and must reach bob as a frame that parses.
 */
@Timeout(120)
class JsonCorpusTest {

  enum Expect { Y, N, I }

  record Case(String name, Expect expect, byte[] body) {
  }

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

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** A chat to bob whose data.v is {@code value}, raw bytes as they are. */
  static byte[] chatWith(int k, byte[] value) {
    return concat(utf8("{\"header\":{},\"payload\":{\"type\":\"chat\",\"id\":\"c" + k
        + "\",\"data\":{\"to\":[\"bob\"],\"v\":"), value, utf8("}}}"));
  }

  static final String DUMMY = "{\"header\":{},\"payload\":{\"type\":\"dummy\",\"id\":\"whole\",\"data\":null}}";

  /** The corpus: values embedded in a chat, then whole bodies. */
  static List<Case> corpus() {
    List<Case> cases = new ArrayList<>();
    Object[][] values = {
        // valid values
        {"y empty array", Expect.Y, "[]"}, {"y empty object", Expect.Y, "{}"}, {"y nested empty", Expect.Y, "[[],{}]"},
        {"y null true false", Expect.Y, "[null,true,false]"}, {"y empty string", Expect.Y, "\"\""},
        {"y escapes", Expect.Y, "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\""}, {"y escaped NUL", Expect.Y, "\"\\u0000\""},
        {"y surrogate pair", Expect.Y, "\"\\uD834\\uDD1E\""}, {"y escaped e acute", Expect.Y, "\"\\u00e9\""},
        {"y raw multibyte", Expect.Y, "\"€𝄞ü\""}, {"y raw U+2028 U+2029", Expect.Y, "\"\u2028\u2029\""},
        {"y raw DEL", Expect.Y, "\"\u007f\""}, {"y minus zero", Expect.Y, "-0"}, {"y 0e0", Expect.Y, "0e0"},
        {"y 1E+2", Expect.Y, "1E+2"}, {"y small float", Expect.Y, "-1.5e-10"}, {"y 1e308", Expect.Y, "1e308"},
        {"y long int", Expect.Y, "9223372036854775807"}, {"y big int", Expect.Y, "123456789012345678901234567890"},
        {"y negative big int", Expect.Y, "-123456789012345678901234567890"},
        {"y float with exponent", Expect.Y, "[-1.0e+0, 2.5E-3, 0.1]"}, {"y whitespace", Expect.Y, " [ 1 , 2 ]\t\n\r "},
        {"y empty key", Expect.Y, "{\"\":0}"}, {"y keys differing in case", Expect.Y, "{\"a\":1,\"A\":2}"},
        {"y same key in sibling objects", Expect.Y, "[{\"a\":1},{\"a\":2}]"},
        {"y escaped key, distinct after unescaping", Expect.Y, "{\"a\":1,\"\\u0062\":2}"},
        {"y depth 60", Expect.Y, "[".repeat(59) + "]".repeat(59)},
        {"y long string", Expect.Y, "\"" + "x".repeat(100_000) + "\""},
        {"y many members", Expect.Y, manyMembers(2000)},
        // invalid values
        {"n trailing comma array", Expect.N, "[1,]"}, {"n trailing comma object", Expect.N, "{\"a\":1,}"},
        {"n leading comma", Expect.N, "[,1]"}, {"n double comma", Expect.N, "[1,,2]"}, {"n lone comma object", Expect.N, "{,}"},
        {"n missing colon", Expect.N, "{\"a\" 1}"}, {"n missing value", Expect.N, "{\"a\":}"},
        {"n unquoted key", Expect.N, "{a:1}"}, {"n single quoted key", Expect.N, "{'a':1}"},
        {"n single quoted string", Expect.N, "['a']"}, {"n NaN", Expect.N, "NaN"}, {"n Infinity", Expect.N, "Infinity"},
        {"n -Infinity", Expect.N, "-Infinity"}, {"n plus sign", Expect.N, "+1"}, {"n leading zero", Expect.N, "01"},
        {"n trailing dot", Expect.N, "1."}, {"n leading dot", Expect.N, ".1"}, {"n bare exponent", Expect.N, "1e"},
        {"n exponent sign only", Expect.N, "1e+"}, {"n hex", Expect.N, "0x10"}, {"n minus only", Expect.N, "-"},
        {"n double minus", Expect.N, "--1"}, {"n two dots", Expect.N, "1.2.3"}, {"n fractional exponent", Expect.N, "1e1.5"},
        {"n tru", Expect.N, "tru"}, {"n True", Expect.N, "True"}, {"n nul", Expect.N, "nul"}, {"n None", Expect.N, "None"},
        {"n bad escape x", Expect.N, "\"\\x41\""}, {"n bad escape a", Expect.N, "\"\\a\""},
        {"n short unicode escape", Expect.N, "\"\\u12\""}, {"n non-hex unicode escape", Expect.N, "\"\\uZZZZ\""},
        {"n escaped apostrophe", Expect.N, "\"\\'\""}, {"n unterminated string", Expect.N, "\"abc"},
        {"n raw tab in string", Expect.N, "\"a\tb\""}, {"n raw newline in string", Expect.N, "\"a\nb\""},
        {"n raw NUL in string", Expect.N, "\"a\u0000b\""}, {"n raw U+001F in string", Expect.N, "\"\u001f\""},
        {"n missing comma", Expect.N, "[1 2]"}, {"n missing comma between members", Expect.N, "{\"a\":1 \"b\":2}"},
        {"n unclosed array", Expect.N, "[1"}, {"n unclosed object", Expect.N, "{\"a\":1"},
        {"n mismatched brackets", Expect.N, "[}"}, {"n close only", Expect.N, "]"},
        {"n comment block", Expect.N, "/* c */ 1"}, {"n comment line", Expect.N, "1 // c\n"},
        {"n hash comment", Expect.N, "# c\n1"}, {"n array as key", Expect.N, "{[1]:2}"},
        {"n number as key", Expect.N, "{1:2}"}, {"n colon in array", Expect.N, "[\"a\":1]"},
        {"n object as value without key", Expect.N, "{{}}"}, {"n empty value", Expect.N, ""},
        {"n backslash only", Expect.N, "\"\\\""}, {"n duplicate keys", Expect.N, "{\"a\":1,\"a\":2}"},
        {"n duplicate keys, one escaped", Expect.N, "{\"a\":1,\"\\u0061\":2}"},
        {"n duplicate keys deep", Expect.N, "[[{\"k\":{\"x\":1,\"x\":null}}]]"},
        {"n depth 70", Expect.N, "[".repeat(70) + "]".repeat(70)},
        {"n depth 100000", Expect.N, "[".repeat(100_000) + "]".repeat(100_000)},
        {"n deep objects", Expect.N, "{\"a\":".repeat(80) + "1" + "}".repeat(80)},
        {"i number of 2000 digits", Expect.I, "1".repeat(2000)},
        // implementation-defined
        {"i lone high surrogate", Expect.I, "\"\\uD800\""}, {"i lone low surrogate", Expect.I, "\"\\uDC00\""},
        {"i reversed surrogates", Expect.I, "\"\\uDD1E\\uD834\""}, {"i high surrogate then text", Expect.I, "\"\\uD800abc\""},
        {"i two high surrogates", Expect.I, "\"\\uD800\\uD800\""}, {"i escaped noncharacter", Expect.I, "\"\\uFFFF\""},
        {"i huge exponent", Expect.I, "1e400"}, {"i huge negative exponent", Expect.I, "-1e400"},
        {"i tiny", Expect.I, "1e-400"}, {"i enormous exponent", Expect.I, "123e100000"},
        {"i exponent past int", Expect.I, "1E999999999999"}, {"i 999 digits", Expect.I, "9".repeat(999)},
        {"i long fraction", Expect.I, "0." + "3".repeat(900)}, {"i very precise", Expect.I, "1.000000000000000000000000000001"},
    };
    int k = 0;
    for (Object[] value : values) {
      cases.add(new Case((String) value[0], (Expect) value[1], chatWith(k++, utf8((String) value[2]))));
    }
    byte[] dummy = utf8(DUMMY);
    String open = DUMMY.substring(0, DUMMY.length() - 1);
    cases.add(new Case("y whole: leading and trailing whitespace", Expect.Y, utf8(" \n\t" + DUMMY + "\r\n ")));
    cases.add(new Case("i whole: UTF-8 BOM", Expect.I, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, dummy)));
    cases.add(new Case("n whole: trailing comma in the root", Expect.N, utf8(open + ",}")));
    cases.add(new Case("n whole: block comment first", Expect.N, utf8("/*c*/" + DUMMY)));
    cases.add(new Case("n whole: line comment after", Expect.N, utf8(DUMMY + "//c")));
    cases.add(new Case("n whole: two objects", Expect.N, utf8(DUMMY + DUMMY)));
    cases.add(new Case("n whole: object then garbage", Expect.N, utf8(DUMMY + "x")));
    cases.add(new Case("n whole: NUL after", Expect.N, concat(dummy, new byte[] {0})));
    cases.add(new Case("n whole: whitespace only", Expect.N, utf8("   \n ")));
    cases.add(new Case("n whole: root array", Expect.N, utf8("[" + DUMMY + "]")));
    cases.add(new Case("n whole: root string", Expect.N, utf8("\"" + DUMMY.replace("\"", "\\\"") + "\"")));
    // UTF-16LE without a BOM: see aUtf16BodyIsMalformed
    cases.add(new Case("n whole: UTF-16 with BOM", Expect.N, DUMMY.getBytes(StandardCharsets.UTF_16)));
    cases.add(new Case("n whole: duplicate payload", Expect.N, utf8(open + ",\"payload\":{}}")));
    cases.add(new Case("n whole: overlong slash", Expect.N,
        concat(utf8("{\"header\":{},\"payload\":{\"type\":\"dummy\",\"id\":\""), new byte[] {(byte) 0xC0, (byte) 0xAF}, utf8("\"}}"))));
    cases.add(new Case("n whole: CESU-8 surrogate", Expect.N,
        concat(utf8("{\"header\":{},\"payload\":{\"type\":\"dummy\",\"id\":\""), new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            utf8("\"}}"))));
    cases.add(new Case("n whole: lone continuation byte", Expect.N,
        concat(utf8("{\"header\":{},\"payload\":{\"type\":\"dummy\",\"id\":\""), new byte[] {(byte) 0x80}, utf8("\"}}"))));
    cases.add(new Case("n whole: 0xFF in a key", Expect.N,
        concat(utf8("{\"header\":{},\"pay"), new byte[] {(byte) 0xFF}, utf8("load\":{}}"))));
    cases.add(new Case("n whole: truncated 4-byte sequence", Expect.N,
        concat(utf8("{\"header\":{},\"payload\":{\"type\":\"dummy\",\"id\":\""), new byte[] {(byte) 0xF0, (byte) 0x9D},
            utf8("\"}}"))));
    return cases;
  }

  static String manyMembers(int count) {
    StringBuilder out = new StringBuilder("{");
    for (int i = 0; i < count; i++) {
      out.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
    }
    return out.append('}').toString();
  }

  @Test
  void everyCaseGetsExactlyOneReplyAndTheDaemonKeepsServing() {
    List<Case> corpus = corpus();
    Map<String, Integer> outcomes = new TreeMap<>();
    List<String> wrong = new ArrayList<>();
    List<String> implementationDefined = new ArrayList<>();
    try (TestClient alice = daemon.login("alice"); RawConnection bob = RawConnection.open(daemon.port())) {
      // bob reads with a strict UTF-8 decoder: what the daemon encodes again must be UTF-8 JSON
      bob.send(TestClient.identify("bob", TestAccounts.PASSWORD));
      assertEquals("auth_special", bob.next(10_000).getJsonObject("payload").getValue("id"));
      int k = 0;
      for (Case c : corpus) {
        alice.sendRaw(BesterClient.frame(c.body()));
        String sentinel = "sentinel" + k++;
        alice.send(TestClient.message("dummy", sentinel, null));
        List<JsonObject> replies = new ArrayList<>();
        for (JsonObject frame = alice.next(); !isAnswerTo(frame, sentinel); frame = alice.next()) {
          replies.add(frame);
        }
        assertEquals(1, replies.size(), c.name() + ": exactly one reply, got " + replies);
        JsonObject reply = replies.get(0);
        String delivered = "";
        boolean taken = isTaken(reply);
        boolean refused = "malformed".equals(TestClient.errorCode(reply))
            && reply.getJsonObject("payload").getValue("id") == null;
        assertTrue(taken || refused, c.name() + ": neither taken nor malformed: " + reply.encode());
        if (taken && reply.getJsonObject("header").getValue("messageType") != null) {
          // a chat that was taken reaches bob, as a frame that parses (TestClient parses every frame)
          JsonObject delivery = bob.next(10_000);
          assertTrue(delivery.getJsonObject("payload").getJsonObject("data").containsKey("v"), c.name());
          delivered = " as " + truncate(delivery.getJsonObject("payload").getJsonObject("data").getValue("v"));
        }
        if ((c.expect() == Expect.Y && !taken) || (c.expect() == Expect.N && !refused)) {
          wrong.add(c.name() + " -> " + reply.encode());
        }
        outcomes.merge(c.expect() + (taken ? " taken" : " malformed"), 1, Integer::sum);
        if (c.expect() == Expect.I) {
          implementationDefined.add(c.name().substring(2) + (taken ? ": taken" + delivered : ": malformed"));
        }
      }
      assertNull(bob.readFrameOrEnd(200), "bob got one delivery per chat that was taken, no more");
      alice.send(TestClient.chat("after", "still here?", "bob"));
      alice.expectGood("after");
      assertEquals("still here?", bob.next(10_000).getJsonObject("payload").getJsonObject("data").getString("text"));
    }
    System.out.printf("json corpus: %d cases: %s; implementation-defined ones: %s%n", corpus.size(), outcomes,
        implementationDefined);
    if (!wrong.isEmpty()) {
      fail("answered against the RFC / the contract:\n" + String.join("\n", wrong));
    }
  }

  /**
   * UTF-16LE text of ASCII is valid UTF-8 (every other byte is U+0000), but as UTF-8 it is not
   * JSON: a NUL outside a string. The daemon's parser guesses the encoding instead.
   */
  @Test
  void aUtf16BodyIsMalformed() {
    try (TestClient alice = daemon.login("alice")) {
      alice.sendRaw(BesterClient.frame(DUMMY.getBytes(StandardCharsets.UTF_16LE)));
      alice.expectBad(null, "malformed");
    }
  }

  /** Short, and printable whatever it holds (a lone surrogate would break the test's output). */
  /**
   * A number past the range of a double is valid JSON; the RFC lets a parser refuse it or lose
   * precision, but the daemon hands data on "as is" (§3): it must not reach the recipient as a
   * string.
   */
  @Test
  void numbersPastTheRangeOfADoubleAreNotTurnedIntoStrings() {
    try (TestClient alice = daemon.login("alice"); TestClient bob = daemon.login("bob")) {
      alice.sendRaw(BesterClient.frame(chatWith(0, utf8("1e400"))));
      JsonObject reply = alice.next();
      if ("good".equals(reply.getJsonObject("header").getValue("status"))) {
        Object v = bob.next().getJsonObject("payload").getJsonObject("data").getValue("v");
        assertTrue(v instanceof Number, "1e400 reached bob as " + truncate(v));
      } else {
        assertEquals("malformed", TestClient.errorCode(reply), reply.encode());
      }
    }
  }

  static String truncate(Object value) {
    String text = value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    StringBuilder out = new StringBuilder();
    for (char ch : (text.length() > 40 ? text.substring(0, 40) + "..." : text).toCharArray()) {
      out.append(ch >= 0x20 && ch < 0x7F ? String.valueOf(ch) : String.format("\\u%04X", (int) ch));
    }
    return out.toString();
  }

  static boolean isAnswerTo(JsonObject frame, String id) {
    return "dummy".equals(frame.getJsonObject("payload").getValue("type"))
        && id.equals(frame.getJsonObject("payload").getValue("id"));
  }

  /** A good report (the chat) or the dummy's answer (the whole-body cases). */
  static boolean isTaken(JsonObject reply) {
    JsonObject header = reply.getJsonObject("header");
    return "good".equals(header.getValue("status"))
        || (header.getValue("messageType") == null && "0".equals(header.getValue("status")));
  }
}
