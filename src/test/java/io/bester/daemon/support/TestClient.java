package io.bester.daemon.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.fail;

import io.bester.client.BesterClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A client for protocol tests: send, expect the next frame within a bound, expect the close.
 * Every wait is bounded by {@link #WAIT_S}.
 */
public final class TestClient implements AutoCloseable {

  public static final long WAIT_S = 10;

  private final BesterClient client;

  public TestClient(BesterClient client) {
    this.client = client;
  }

  public TestClient send(JsonObject message) {
    try {
      client.send(message);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  public TestClient sendRaw(byte[] bytes) {
    try {
      client.sendRaw(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Sends a frame whose body is exactly {@code text} (which need not be JSON). */
  public TestClient sendBody(String text) {
    return sendRaw(BesterClient.frame(text.getBytes(StandardCharsets.UTF_8)));
  }

  public JsonObject next() {
    try {
      JsonObject frame = client.next(WAIT_S, TimeUnit.SECONDS);
      assertNotNull(frame, "no frame within " + WAIT_S + " s");
      if (frame == BesterClient.CLOSED) {
        fail("the daemon closed the connection instead of answering");
      }
      return frame;
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Returns null if nothing arrives within {@code millis}; for asserting that nothing came. */
  public JsonObject poll(long millis) {
    try {
      JsonObject frame = client.next(millis, TimeUnit.MILLISECONDS);
      return frame == BesterClient.CLOSED ? null : frame;
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  public void expectClosed() {
    try {
      JsonObject frame = client.next(WAIT_S, TimeUnit.SECONDS);
      assertSame(BesterClient.CLOSED, frame, "expected the close, got " + frame);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Expects a fatal frame with this code and id, then the close. */
  public JsonObject expectFatal(String code, Object id) {
    JsonObject frame = next();
    assertEquals("fatal", frame.getJsonObject("header").getString("messageType"), frame.encode());
    assertEquals("bad", frame.getJsonObject("header").getString("status"));
    assertEquals(code, errorCode(frame), frame.encode());
    assertEquals(id, frame.getJsonObject("payload").getValue("id"));
    expectClosed();
    return frame;
  }

  /** Expects a status report with this status and id; returns it. */
  public JsonObject expectReport(String status, Object id) {
    JsonObject frame = next();
    assertEquals("statusReport", frame.getJsonObject("header").getString("messageType"), frame.encode());
    assertEquals(status, frame.getJsonObject("header").getString("status"), frame.encode());
    assertEquals(id, frame.getJsonObject("payload").getValue("id"), frame.encode());
    return frame;
  }

  public JsonObject expectGood(Object id) {
    return expectReport("good", id);
  }

  public JsonObject expectBad(Object id, String code) {
    JsonObject report = expectReport("bad", id);
    assertEquals(code, errorCode(report), report.encode());
    return report;
  }

  public static String errorCode(JsonObject frame) {
    JsonObject error = frame.getJsonObject("payload").getJsonObject("error");
    return error == null ? null : error.getString("code");
  }

  // ---- message builders ----

  public static JsonObject identify(String user, String password) {
    return new JsonObject().put("header", new JsonObject().put("identify", new JsonObject()
        .put("type", "client")
        .put("authentication", new JsonObject().put("username", user).put("password", password))));
  }

  public static JsonObject message(String type, Object id, Object data) {
    return new JsonObject().put("header", new JsonObject())
        .put("payload", new JsonObject().put("type", type).put("id", id).put("data", data));
  }

  public static JsonObject chat(Object id, String text, String... to) {
    return message("chat", id, new JsonObject().put("to", new JsonArray(java.util.List.of((Object[]) to))).put("text", text));
  }

  public static JsonObject builtin(Object id, String command, JsonObject args) {
    return message("builtin", id, new JsonObject().put("command", new JsonObject().put("type", command).put("args", args)));
  }

  @Override
  public void close() {
    client.close();
  }
}
