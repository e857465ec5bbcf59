package io.bester.bench;

import io.bester.daemon.wire.FrameDecoder;
import io.bester.daemon.wire.FrameEncoder;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The baseline: the least a server must do for the same workload. It reads the first frame of
 * each connection as JSON only to learn the username, answers it as the daemon does, and from
 * then on forwards each frame of a sender, unparsed, to that sender's receiver, and answers it
 * with a fixed small status report. Everything that one read of a sender's socket produces goes
 * out in one write to the receiver and one to the sender; or, unbatched ({@code --relay-writes
 * each}), each frame and each ack in its own event-loop task and so its own write(2).
 */
final class RelayVerticle extends VerticleBase {

  static final Buffer AUTH_GOOD = FrameEncoder.encode(new JsonObject()
      .put("header", new JsonObject().put("status", "good").put("messageType", "statusReport"))
      .put("payload", new JsonObject().put("id", "auth_special")));
  static final Buffer ACK = FrameEncoder.encode(new JsonObject()
      .put("header", new JsonObject().put("status", "good").put("messageType", "statusReport"))
      .put("payload", new JsonObject().putNull("id").put("delivered", 1).put("offline", new io.vertx.core.json.JsonArray())));

  /** sender username -> receiver username */
  private final Map<String, String> routes;
  private final Map<String, NetSocket> receivers = new ConcurrentHashMap<>();
  /** False: each frame and each ack is written by its own event-loop task, so flushed alone (as besterd does). */
  private final boolean batched;
  private NetServer server;
  private volatile int port;

  RelayVerticle(Map<String, String> routes, boolean batched) {
    this.routes = Map.copyOf(routes);
    this.batched = batched;
  }

  @Override
  public Future<?> start() {
    server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true).setHost("127.0.0.1").setPort(0));
    server.connectHandler(this::accept);
    return server.listen().onSuccess(s -> port = s.actualPort());
  }

  int port() {
    return port;
  }

  private void accept(NetSocket socket) {
    new Connection(socket);
  }

  /** One connection: identification, then forwarding. */
  private final class Connection {
    private final NetSocket socket;
    private String user;
    private NetSocket target;
    private Buffer forward = Buffer.buffer(4096);
    private Buffer acks = Buffer.buffer(1024);

    Connection(NetSocket socket) {
      this.socket = socket;
      FrameDecoder decoder = FrameDecoder.detached(16L << 20).frameHandler(this::onFrame);
      socket.handler(bytes -> {
        decoder.feed(bytes);
        flush();
      });
      socket.closeHandler(v -> {
        if (user != null) {
          receivers.remove(user, socket);
        }
      });
    }

    private void onFrame(Buffer body) {
      if (user == null) {
        identify(body);
        return;
      }
      if (target == null) {
        String to = routes.get(user);
        target = to == null ? null : receivers.get(to);
        if (target == null) {
          return;  // not a sender, or its receiver is not there: the generator counts it lost
        }
      }
      if (!batched) {
        // a write outside the read that produced it is flushed at once: one write(2) per frame
        NetSocket receiver = target;
        Buffer frame = Buffer.buffer(4 + body.length()).appendIntLE(body.length()).appendBuffer(body);
        context.runOnContext(v -> receiver.write(frame));
        context.runOnContext(v -> socket.write(ACK.copy()));
        return;
      }
      forward.appendIntLE(body.length()).appendBuffer(body);
      acks.appendBuffer(ACK);
    }

    private void identify(Buffer body) {
      try {
        JsonObject auth = new JsonObject(body).getJsonObject("header").getJsonObject("identify")
            .getJsonObject("authentication");
        user = auth.getString("username");
      } catch (RuntimeException e) {
        socket.close();
        return;
      }
      receivers.put(user, socket);
      socket.write(AUTH_GOOD.copy());
    }

    private void flush() {
      if (forward.length() > 0) {
        target.write(forward);
        forward = Buffer.buffer(Math.max(4096, forward.length()));
      }
      if (acks.length() > 0) {
        socket.write(acks);
        acks = Buffer.buffer(Math.max(1024, acks.length()));
      }
    }
  }
}
