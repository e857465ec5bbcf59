package io.bester.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark tool works: a short chat run against a daemon in this JVM is valid and leaves its
 * JSON and its plot. It asserts no speed: the machine running the tests may be busy.
 */
@Timeout(120)
class BenchSmokeTest {

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  @TempDir
  Path out;

  @Test
  void aShortChatRunIsValidAndWritesItsResults() throws Exception {
    System.setProperty("java.awt.headless", "true");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Bench.Outcome outcome = Bench.run(new String[] {"--scenario", "chat", "--pairs", "2", "--warmup", "1",
        "--duration", "1", "--out", out.toString()}, new PrintStream(printed, true, StandardCharsets.UTF_8));
    String table = printed.toString(StandardCharsets.UTF_8);

    assertEquals(1, outcome.runs().size(), table);
    RunResult run = outcome.runs().get(0);
    assertEquals(0, run.lost(), table);
    assertEquals(0, run.reordered(), table);
    assertEquals(0, run.unacked(), table);
    assertEquals(0, run.errors(), table);
    assertTrue(run.delivered() > 0, table);
    assertTrue(run.valid(), table);
    assertTrue(table.contains("VALID") && !table.contains("INVALID"), table);

    Path json = out.resolve("bench-chat.json");
    JsonObject result = new JsonObject(Files.readString(json));
    assertEquals(true, result.getBoolean("valid"));
    assertEquals(0L, result.getJsonObject("whole run").getLong("lost"));
    assertEquals(0L, result.getJsonObject("whole run").getLong("outOfOrder"));
    assertTrue(result.getJsonObject("latencyUs").containsKey("p99.9"));

    Path png = out.resolve("bench-chat.png");
    byte[] bytes = Files.readAllBytes(png);
    assertTrue(bytes.length > 1000, "a PNG with something in it");
    assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, PNG_SIGNATURE.length));
  }

  @Test
  void aBadCommandLineIsRefusedWithAMessage() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> BenchOptions.parse(new String[] {"--pairs", "none"}));
    assertTrue(e.getMessage().contains("--pairs"), e.getMessage());
  }
}
