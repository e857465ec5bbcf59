package io.bester.daemon.federation;

import io.bester.daemon.routing.ServerForwarding;
import io.bester.daemon.wire.FrameDecoder;
import io.bester.daemon.wire.FrameEncoder;
import io.bester.daemon.wire.StrictJson;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One outbound server link to a peer daemon (§4.2 sendServers over TCP), kept open and reused,
 * reopened when it closed. Each message is a full v2 {@code scope: server} frame, so a peer of
 * the first kind, which handles one message per connection and closes, understands every one.
 *
 * <p>A message is taken when the peer answers a good status report for its id, or when the peer
 * closes the link without a fatal frame while that message is the oldest unanswered one (how the
 * first daemon acknowledges). Messages behind it on a closed link are sent again on a new one.
 * Everything here runs on the connector's context.
 */
final class PeerLink {

  private record Pending(String id, Buffer frame, Promise<Boolean> taken, long timer) {
  }

  private final Vertx vertx;
  private final NetClient client;
  private final PeerTarget target;
  private final Supplier<JsonObject> header;
  private final long timeoutMs;
  private final int maxPending;
  private final int maxFrameBytes;
  private final Map<String, Pending> pending = new LinkedHashMap<>();
  private final ArrayDeque<Pending> unsent = new ArrayDeque<>();
  private NetSocket socket;
  private boolean connecting;
  private long nextId;

  PeerLink(Vertx vertx, NetClient client, PeerTarget target, Supplier<JsonObject> header, long timeoutMs,
           int maxPending, int maxFrameBytes) {
    this.vertx = vertx;
    this.client = client;
    this.target = target;
    this.header = header;
    this.timeoutMs = timeoutMs;
    this.maxPending = maxPending;
    this.maxFrameBytes = maxFrameBytes;
  }

  /** Completes with true when the peer took the message within the timeout. */
  Future<Boolean> send(ServerForwarding.Forward message) {
    if (pending.size() >= maxPending) {
      return Future.succeededFuture(false);
    }
    String id = header.get().getString("name") + "-" + (++nextId);
    JsonObject frame = new JsonObject()
        .put("header", header.get().put("from", message.from()))
        .put("payload", new JsonObject().put("type", message.type()).put("id", id).put("data", message.data()));
    Promise<Boolean> taken = Promise.promise();
    long timer = vertx.setTimer(timeoutMs, t -> settle(id, false));
    Pending entry = new Pending(id, FrameEncoder.encode(frame), taken, timer);
    pending.put(id, entry);
    unsent.add(entry);
    flush();
    return taken.future();
  }

  int pendingCount() {
    return pending.size();
  }

  private void flush() {
    if (socket == null) {
      connect();
      return;
    }
    while (!unsent.isEmpty()) {
      socket.write(unsent.poll().frame());
    }
  }

  private void connect() {
    if (connecting || unsent.isEmpty()) {
      return;
    }
    connecting = true;
    client.connect(target.address()).onComplete(ar -> {
      connecting = false;
      if (ar.failed()) {
        failAll();
        return;
      }
      NetSocket opened = ar.result();
      socket = opened;
      FrameDecoder.over(opened, maxFrameBytes)
          .frameHandler(this::onFrame)
          .oversizeHandler(length -> opened.close());
      opened.closeHandler(v -> onClosed(opened));
      flush();
    });
  }

  private void onFrame(Buffer body) {
    JsonObject frame;
    try {
      frame = StrictJson.parseObject(body, 64);
    } catch (StrictJson.MalformedJsonException e) {
      return;
    }
    JsonObject head = frame.getValue("header") instanceof JsonObject h ? h : new JsonObject();
    JsonObject payload = frame.getValue("payload") instanceof JsonObject p ? p : new JsonObject();
    if ("fatal".equals(head.getValue("messageType"))) {
      failAll();
      socket.close();
      return;
    }
    if ("statusReport".equals(head.getValue("messageType")) && payload.getValue("id") instanceof String id) {
      settle(id, "good".equals(head.getValue("status")));
    }
  }

  private void onClosed(NetSocket closed) {
    if (socket != closed) {
      return;
    }
    socket = null;
    Pending oldest = pending.values().stream().findFirst().orElse(null);
    if (oldest != null && !unsent.contains(oldest)) {
      settle(oldest.id(), true);
    }
    // what was sent but not answered goes out again, once, on a new link
    for (Pending entry : pending.values()) {
      if (!unsent.contains(entry)) {
        unsent.add(entry);
      }
    }
    connect();
  }

  private void settle(String id, boolean taken) {
    Pending entry = pending.remove(id);
    if (entry != null) {
      vertx.cancelTimer(entry.timer());
      unsent.remove(entry);
      entry.taken().tryComplete(taken);
    }
  }

  private void failAll() {
    for (Pending entry : pending.values().toArray(new Pending[0])) {
      settle(entry.id(), false);
    }
  }

  void close() {
    failAll();
    if (socket != null) {
      socket.close();
    }
  }
}
