package io.bester.daemon;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bester.daemon.config.DaemonConfig;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A start that fails is reported to the caller, with its reason, rather than never completing. */
@Timeout(30)
class DaemonStartTest {

  @Test
  void aPortInUseFailsTheStartWithTheReason(@TempDir Path dir) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      JsonObject json = new JsonObject()
          .put("network", new JsonObject().put("types", List.of("tcp4"))
              .put("tcp4", new JsonObject().put("address", "127.0.0.1").put("port", taken.getLocalPort())))
          .put("database", new JsonObject().put("type", "file")
              .put("file", new JsonObject().put("path", dir.resolve("accounts.json").toString())));
      Exception failed = assertThrows(Exception.class,
          () -> Daemon.start(DaemonConfig.fromJson(json)).await(20, TimeUnit.SECONDS));
      assertTrue(String.valueOf(failed.getMessage()).contains("cannot listen on tcp4 127.0.0.1:" + taken.getLocalPort()),
          failed.toString());
    }
  }
}
