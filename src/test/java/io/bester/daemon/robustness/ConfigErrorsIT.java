package io.bester.daemon.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bester.daemon.support.DaemonProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A config the daemon cannot run with (§8, §11, issue 5): one line on stderr naming the field,
 * a non-zero exit within 5 s, no stack trace, and nothing left listening. Every config here has
 * a fixed port that is free, so that "nothing left listening" can be checked afterwards.
 */
@Timeout(60)
class ConfigErrorsIT {

  static final long LIMIT_MS = 5000;

  @TempDir
  Path dir;
  int port;

  @BeforeEach
  void freePort() throws IOException {
    port = DaemonProcess.freePort();
  }

  /** A valid config on 127.0.0.1:{@link #port}, then changed by {@code breakIt}. */
  JsonObject config(Consumer<JsonObject> breakIt) {
    JsonObject json = new JsonObject()
        .put("network", new JsonObject().put("types", new JsonArray().add("tcp4"))
            .put("tcp4", new JsonObject().put("address", "127.0.0.1").put("port", port)))
        .put("database", new JsonObject().put("type", "file")
            .put("file", new JsonObject().put("path", "data/accounts.json")))
        .put("informer", new JsonObject().put("unixSocket", "informer.sock"));
    breakIt.accept(json);
    return json;
  }

  Path write(JsonObject config) throws IOException {
    return write(config.encodePrettily());
  }

  Path write(String configText) throws IOException {
    Path file = dir.resolve("besterd.json");
    Files.writeString(file, configText);
    return file;
  }

  BesterdRun refuse(String configText, String... names) throws IOException {
    BesterdRun run = BesterdRun.run(dir, null, LIMIT_MS, write(configText).toString())
        .assertRefusal(names)
        .assertNoExceptionNames();
    System.out.printf("config errors: exit %d after %d ms: %s%n", run.exit(), run.millis(), run.stderr().get(0));
    assertNothingListens(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    assertFalse(Files.exists(dir.resolve("informer.sock")), "the informer socket is gone");
    return run;
  }

  BesterdRun refuse(JsonObject config, String... names) throws IOException {
    return refuse(config.encodePrettily(), names);
  }

  static void assertNothingListens(InetSocketAddress address) {
    assertThrows(ConnectException.class, () -> {
      try (Socket socket = new Socket()) {
        socket.connect(address, 2000);
      }
    }, "something still listens on " + address);
  }

  @Test
  void aMissingFile() throws IOException {
    Path missing = dir.resolve("no-such-config.json");
    BesterdRun run = BesterdRun.run(dir, null, LIMIT_MS, missing.toString())
        .assertRefusal(missing.toString())
        .assertNoExceptionNames();
    System.out.printf("config errors: exit %d after %d ms: %s%n", run.exit(), run.millis(), run.stderr().get(0));
  }

  @Test
  void badJson() throws IOException {
    refuse("{\"network\": {\"types\": [\"tcp4\"],", "besterd.json");
  }

  @Test
  void wrongTypes() throws IOException {
    refuse(config(json -> json.getJsonObject("network").getJsonObject("tcp4").put("port", true)), "network.tcp4.port");
    refuse(config(json -> json.put("limits", new JsonObject().put("maxFrameBytes", "big"))), "limits.maxFrameBytes");
    refuse(config(json -> json.put("auth", new JsonObject().put("maxFailures", 2.5))), "auth.maxFailures");
    refuse(config(json -> json.put("handlers", "none")), "handlers");
    refuse(config(json -> json.getJsonObject("network").put("types", "tcp4")), "network.types");
  }

  @Test
  void unknownKeys() throws IOException {
    refuse(config(json -> json.put("limitz", new JsonObject())), "limitz");
    refuse(config(json -> json.put("limits", new JsonObject().put("maxFrameByte", 5))), "limits.maxFrameByte");
  }

  @Test
  void portsOutOfRange() throws IOException {
    refuse(config(json -> json.getJsonObject("network").getJsonObject("tcp4").put("port", 65_536)), "network.tcp4.port");
    refuse(config(json -> json.getJsonObject("network").getJsonObject("tcp4").put("port", -1)), "network.tcp4.port");
    refuse(config(json -> json.getJsonObject("network").getJsonObject("tcp4").put("port", "70000")), "network.tcp4.port");
  }

  @Test
  void aPortInUseLeavesNoOtherListenerBound() throws IOException {
    int tcp6Port = DaemonProcess.freePort();
    try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      // the tcp6 listener comes first and binds; the tcp4 one fails; neither may stay. The line
      // names the listener and its address rather than the path network.tcp4.port.
      BesterdRun run = BesterdRun.run(dir, null, LIMIT_MS, write(config(json -> json.put("network", new JsonObject()
              .put("types", new JsonArray().add("tcp6").add("tcp4"))
              .put("tcp6", new JsonObject().put("address", "::1").put("port", tcp6Port))
              .put("tcp4", new JsonObject().put("address", "127.0.0.1").put("port", port))))).toString())
          .assertRefusal("tcp4", "127.0.0.1:" + port)
          .assertNoExceptionNames();
      System.out.printf("config errors: exit %d after %d ms: %s%n", run.exit(), run.millis(), run.stderr().get(0));
    }
    assertNothingListens(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    assertNothingListens(new InetSocketAddress("::1", tcp6Port));
  }

  @Test
  void aMissingHandlerBinary() throws IOException {
    refuse(config(json -> json.put("handlers", new JsonObject()
            .put("availableTypes", new JsonArray().add("chat").add("shout"))
            .put("typeMap", new JsonObject().put("shout", new JsonObject()
                .put("handlerBinary", "./no-such-handler.py").put("unixDomainSocketPath", "shout.sock"))))),
        "handlers.typeMap.shout.handlerBinary");
  }

  @Test
  void anUnreachableRedis() throws IOException {
    int nobody = DaemonProcess.freePort();
    refuse(config(json -> json.put("database", new JsonObject().put("type", "redis")
        .put("redis", new JsonObject().put("address", "127.0.0.1").put("port", nobody)))), "database.redis");
  }

  @Test
  void theDaemonStartsOnTheValidConfigTheseAreMadeFrom() throws Exception {
    // the control: without the breakage, the same config starts and listens on the port
    try (DaemonProcess daemon = DaemonProcess.start(dir, config(json -> { }))) {
      assertEquals(port, daemon.port(), "listens on the configured port");
    }
  }
}
