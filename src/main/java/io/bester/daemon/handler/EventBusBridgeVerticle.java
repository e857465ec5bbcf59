package io.bester.daemon.handler;

import io.bester.daemon.config.Bridge;
import io.bester.daemon.protocol.Names;
import io.bester.daemon.wire.SocketFiles;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.eventbus.bridge.tcp.BridgeEvent;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.regex.Pattern;

/**
 * Vert.x's TCP event-bus bridge, opened only as far as a handler needs (new): a bridge client may
 * register {@code <prefix><type>} to receive handler requests, reply to them, and ask the
 * informer. Nothing else of the bus is reachable. With a secret, every frame the client sends
 * must carry it as header {@value #SECRET_HEADER}.
 */
public final class EventBusBridgeVerticle extends VerticleBase {

  public static final String SECRET_HEADER = "bester-secret";

  private final Bridge config;
  private final String handlerPrefix;
  private TcpEventBusBridge bridge;
  private String boundAddress;

  public EventBusBridgeVerticle(Bridge config, String handlerPrefix) {
    this.config = config;
    this.handlerPrefix = handlerPrefix;
  }

  @Override
  public Future<?> start() {
    BridgeOptions permitted = new BridgeOptions()
        .addInboundPermitted(new PermittedOptions().setAddress(Names.INFORMER_ADDRESS))
        .addOutboundPermitted(new PermittedOptions().setAddressRegex(Pattern.quote(handlerPrefix) + ".+"));
    bridge = TcpEventBusBridge.create(vertx, permitted, new io.vertx.core.net.NetServerOptions(), this::checkSecret);
    if (config.unixSocket() != null) {
      String path = Path.of(config.unixSocket()).toAbsolutePath().toString();
      boundAddress = "unix://" + path;
      return SocketFiles.removeStale(vertx, path).compose(v -> bridge.listen(SocketAddress.domainSocketAddress(path)));
    }
    boundAddress = "tcp://" + config.address() + ":" + config.port();
    return bridge.listen(config.port(), config.address());
  }

  @Override
  public Future<?> stop() {
    return bridge == null ? Future.succeededFuture() : bridge.close();
  }

  public String boundAddress() {
    return boundAddress;
  }

  private void checkSecret(BridgeEvent event) {
    if (config.secret() == null) {
      event.complete(true);
      return;
    }
    switch (event.type()) {
      case SEND:
      case PUBLISH:
      case REGISTER:
      case UNREGISTER:
        JsonObject raw = event.getRawMessage();
        Object presented = raw != null && raw.getValue("headers") instanceof JsonObject headers
            ? headers.getValue(SECRET_HEADER) : null;
        event.complete(presented instanceof String secret && MessageDigest.isEqual(
            secret.getBytes(StandardCharsets.UTF_8), config.secret().getBytes(StandardCharsets.UTF_8)));
        break;
      default:
        event.complete(true);
    }
  }
}
