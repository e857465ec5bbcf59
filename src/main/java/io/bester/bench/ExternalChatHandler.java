package io.bester.bench;

import io.bester.daemon.wire.FrameDecoder;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The {@code external} scenario's handler: an external handler (wire-contract §4 item 2) for
 * type {@code chat} on a UNIX socket, written as lean as such a handler can be, so that the run
 * measures the daemon's side of the link. Each request frame is the message's data; it is parsed
 * to find {@code data.to}, and the answer carries the data back as received:
 * <pre>{"header":{"status":"0","command":{"type":"sendClients","data":TO}},"data":DATA}</pre>
 */
final class ExternalChatHandler extends VerticleBase {

  private static final byte[] HEAD = BenchFrames.ascii("{\"header\":{\"status\":\"0\",\"command\":{\"type\":\"sendClients\",\"data\":");
  private static final byte[] MIDDLE = BenchFrames.ascii("}},\"data\":");
  private static final byte[] TAIL = BenchFrames.ascii("}");

  private final String socketPath;
  private NetServer server;

  ExternalChatHandler(String socketPath) {
    this.socketPath = socketPath;
  }

  @Override
  public Future<?> start() {
    server = vertx.createNetServer();
    server.connectHandler(this::accept);
    return server.listen(SocketAddress.domainSocketAddress(socketPath));
  }

  private void accept(NetSocket socket) {
    FrameDecoder decoder = FrameDecoder.detached(16L << 20).frameHandler(body -> socket.write(answer(body)));
    socket.handler(decoder::feed);
  }

  private static Buffer answer(Buffer data) {
    byte[] to;
    try {
      JsonArray recipients = new JsonObject(data).getJsonArray("to");
      to = recipients.encode().getBytes(StandardCharsets.UTF_8);
    } catch (RuntimeException e) {
      Buffer refusal = Buffer.buffer("{\"header\":{\"status\":\"1\"},\"data\":\"chat needs data.to\"}");
      return Buffer.buffer().appendIntLE(refusal.length()).appendBuffer(refusal);
    }
    int length = HEAD.length + to.length + MIDDLE.length + data.length() + TAIL.length;
    return Buffer.buffer(4 + length).appendIntLE(length).appendBytes(HEAD).appendBytes(to).appendBytes(MIDDLE)
        .appendBuffer(data).appendBytes(TAIL);
  }
}
