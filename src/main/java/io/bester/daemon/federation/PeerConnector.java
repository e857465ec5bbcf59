package io.bester.daemon.federation;

import io.bester.daemon.routing.ServerForwarding;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * sendServers to {@code host:port} targets (§4.2): one kept-open {@link PeerLink} per peer, each
 * with at most {@link #MAX_PENDING_PER_PEER} messages waiting for an answer. All links live on
 * one context, so they need no locks; callers on any event loop are served through it.
 */
public final class PeerConnector implements ServerForwarding {

  /** Messages one peer may owe an answer for before more are refused at once. */
  static final int MAX_PENDING_PER_PEER = 4096;

  private final Vertx vertx;
  private final Context context;
  private final NetClient client;
  private final Supplier<String> ownName;
  private final String secret;
  private final long timeoutMs;
  private final int maxFrameBytes;
  private final Map<String, PeerLink> links = new HashMap<>();

  public PeerConnector(Vertx vertx, Supplier<String> ownName, String secret, long timeoutMs, int maxFrameBytes) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.client = vertx.createNetClient(new NetClientOptions()
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs)).setTcpNoDelay(true));
    this.ownName = ownName;
    this.secret = secret;
    this.timeoutMs = timeoutMs;
    this.maxFrameBytes = maxFrameBytes;
  }

  @Override
  public Future<List<String>> forward(List<String> targets, Forward message) {
    Promise<List<String>> done = Promise.promise();
    context.runOnContext(v -> {
      List<Future<Boolean>> sent = new ArrayList<>();
      for (String target : targets) {
        PeerTarget peer = PeerTarget.parse(target);
        sent.add(peer == null ? Future.succeededFuture(false) : link(peer).send(message));
      }
      Future.join(sent).onComplete(all -> {
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
          if (!Boolean.TRUE.equals(sent.get(i).result())) {
            failed.add(targets.get(i));
          }
        }
        done.complete(failed);
      });
    });
    return done.future();
  }

  public Future<Void> close() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      links.values().forEach(PeerLink::close);
      links.clear();
      client.close().onComplete(ar -> done.complete());
    });
    return done.future();
  }

  private PeerLink link(PeerTarget peer) {
    return links.computeIfAbsent(peer.text(), key -> new PeerLink(vertx, client, peer, this::header, timeoutMs,
        MAX_PENDING_PER_PEER, maxFrameBytes));
  }

  /** The v2 server header, fresh for each frame (the link adds {@code from}). */
  private JsonObject header() {
    JsonObject header = new JsonObject().put("scope", "server").put("name", ownName.get());
    if (secret != null) {
      header.put("secret", secret);
    }
    return header;
  }
}
