package io.bester.daemon.informer;

import io.bester.daemon.config.Limits;
import io.bester.daemon.wire.FrameDecoder;
import io.bester.daemon.wire.FrameEncoder;
import io.bester.daemon.wire.StrictJson;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

/**
 * One connection to the informer socket: frames in (§1), one answer per request, in order.
 * It reads nothing while a request is being answered and its answer is being written, which
 * keeps the order and stops a peer that does not read from making the daemon buffer answers.
 * Confined to the socket's event loop.
 */
final class InformerConnection {

  private final NetSocket socket;
  private final Queries queries;
  private final Limits limits;
  private final FrameDecoder decoder;

  InformerConnection(NetSocket socket, Queries queries, Limits limits) {
    this.socket = socket;
    this.queries = queries;
    this.limits = limits;
    this.decoder = FrameDecoder.over(socket, limits.maxFrameBytes());
  }

  void start() {
    decoder.frameHandler(this::onFrame)
        .oversizeHandler(this::onOversize)
        .exceptionHandler(e -> socket.close());
  }

  private void onFrame(Buffer body) {
    decoder.pause();
    Future<Answer> answer;
    try {
      answer = queries.answer(StrictJson.parseObject(body, limits.maxJsonDepth()));
    } catch (StrictJson.MalformedJsonException e) {
      // §1: the framing is intact, so the connection stays; the peer hears why.
      answer = Future.succeededFuture(Answer.error("malformed request: " + e.getMessage()));
    }
    answer.onComplete(done -> reply(done.succeeded() ? done.result() : Answer.error(String.valueOf(done.cause()))));
  }

  private void reply(Answer answer) {
    if (answer.closesConnection()) {
      decoder.stop();
      socket.close();
      return;
    }
    // Read on only once the answer is out; a failed write means the socket is going anyway.
    socket.write(FrameEncoder.encode(answer.toJson())).onSuccess(v -> decoder.resume());
  }

  /** §1: the framing can no longer be trusted. Say why, then close; nothing of the body is read. */
  private void onOversize(long length) {
    Answer refusal = Answer.error("frame of " + length + " bytes is over limits.maxFrameBytes ("
        + limits.maxFrameBytes() + "); closing");
    socket.end(FrameEncoder.encode(refusal.toJson()));
  }
}
