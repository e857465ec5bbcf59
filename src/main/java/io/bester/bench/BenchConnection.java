package io.bester.bench;

import io.bester.daemon.wire.FrameDecoder;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;

/**
 * One connection of the load generator, as a verticle so that the connections spread over the
 * generator's event loops. It connects, identifies (wire-contract §2) and then hands every frame
 * to {@link #onMessage}. Writes made while frames of one read are handled go out in one
 * {@code socket.write} at the end of that read ({@link #batch}).
 */
abstract class BenchConnection extends VerticleBase {

  private static final long MAX_FRAME_BYTES = 16L << 20;
  private static final int BATCH_BYTES = 256;

  protected final Target.Endpoint endpoint;
  protected final String user;
  protected final Metrics metrics;
  private final Probe probe;
  private final Promise<Void> identified = Promise.promise();
  /**
   * Held for the whole run: Vert.x closes a NetClient, and its connections, once the client is
   * no longer reachable (CleanableNetClient), which a GC may find in the middle of a run.
   */
  private NetClient client;
  private NetSocket socket;
  private FrameDecoder decoder;
  /** Frames to send at the end of the current read or timer tick. */
  protected Buffer batch = Buffer.buffer(BATCH_BYTES);
  protected volatile boolean closing;

  BenchConnection(Target.Endpoint endpoint, String user, Metrics metrics, Probe probe) {
    this.endpoint = endpoint;
    this.user = user;
    this.metrics = metrics;
    this.probe = probe;
  }

  @Override
  public Future<?> start() {
    probe.registerGeneratorThread();
    client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true));
    return client.connect(endpoint.port(), endpoint.host())
        .compose(connected -> {
          socket = connected;
          decoder = FrameDecoder.detached(MAX_FRAME_BYTES).frameHandler(this::onFrame)
              .oversizeHandler(length -> metrics.error(user + ": frame of " + length + " bytes"));
          socket.handler(bytes -> {
            decoder.feed(bytes);
            flush();
          });
          socket.closeHandler(v -> {
            if (!closing) {
              metrics.error(user + ": the connection closed during the run");
              identified.tryFail(user + ": closed before identification");
            }
          });
          socket.write(BenchFrames.identify(user, endpoint.password()));
          return identified.future();
        });
  }

  private void onFrame(Buffer body) {
    if (identified.future().isComplete()) {
      onMessage(body.getBytes());
      return;
    }
    JsonObject answer;
    try {
      answer = new JsonObject(body);
    } catch (RuntimeException e) {
      identified.fail(user + ": unreadable answer to identify: " + body);
      return;
    }
    JsonObject header = answer.getJsonObject("header", new JsonObject());
    JsonObject payload = answer.getJsonObject("payload", new JsonObject());
    if ("good".equals(header.getString("status")) && "auth_special".equals(payload.getValue("id"))) {
      identified.complete();
    } else {
      identified.fail(user + ": cannot log in: " + answer.encode());
    }
  }

  /** A frame after identification. */
  protected abstract void onMessage(byte[] body);

  /** Sends what was batched, in one write. */
  protected final void flush() {
    if (batch.length() > 0 && socket != null) {
      Buffer out = batch;
      // the written buffer belongs to the socket now; the next batch is likely about as large
      batch = Buffer.buffer(Math.max(BATCH_BYTES, out.length()));
      socket.write(out);
    }
  }

  /** Runs {@code action} on this connection's event loop. */
  final void onLoop(Runnable action) {
    context.runOnContext(v -> action.run());
  }

  @Override
  public Future<?> stop() {
    closing = true;
    return client == null ? Future.succeededFuture() : client.close();
  }
}
