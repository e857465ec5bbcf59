package io.bester.daemon.federation;

import io.bester.daemon.protocol.ClientMessage;
import io.bester.daemon.protocol.Names;
import io.bester.daemon.routing.ClientDelivery;
import io.bester.daemon.routing.Origin;
import io.bester.daemon.routing.Router;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What one daemon answers for the rest of its cluster, on addresses named after it:
 * <ul>
 *   <li>{@code bester.node.<name>.deliver}: queue a frame to the local sessions of the users in
 *       the {@code bester-users} header; answers {@code {"delivered": n, "online": [...]}};</li>
 *   <li>{@code bester.node.<name>.clients}: the usernames with a local session;</li>
 *   <li>{@code bester.node.<name>.refresh}: a daemon joined; read the directory again;</li>
 *   <li>{@code bester.server.<name>}: a sendServers payload from another member, run through a
 *       handler of its type (one in this JVM first) and answered with its status report.</li>
 * </ul>
 */
public final class NodeEndpoints extends VerticleBase {

  private final String name;
  private final ClusterDirectory directory;
  private final ClientDelivery localDelivery;
  private final Supplier<List<String>> localUsers;
  private final Router router;
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();

  public NodeEndpoints(String name, ClusterDirectory directory, ClientDelivery localDelivery,
                       Supplier<List<String>> localUsers, Router router) {
    this.name = name;
    this.directory = directory;
    this.localDelivery = localDelivery;
    this.localUsers = localUsers;
    this.router = router;
  }

  @Override
  public Future<?> start() {
    consumers.add(vertx.eventBus().<Buffer>consumer(Names.NODE_PREFIX + name + ".deliver", this::deliver));
    consumers.add(vertx.eventBus().consumer(Names.NODE_PREFIX + name + ".clients",
        message -> message.reply(new JsonArray(new ArrayList<>(localUsers.get())))));
    consumers.add(vertx.eventBus().<JsonObject>consumer(Names.SERVER_PREFIX + name, this::runForwarded));
    consumers.add(vertx.eventBus().consumer(ClusterDirectory.refreshAddress(name),
        message -> directory.refresh().onComplete(done -> message.reply(null))));
    List<Future<Void>> registered = new ArrayList<>();
    consumers.forEach(c -> registered.add(c.completion()));
    return Future.all(registered);
  }

  @Override
  public Future<?> stop() {
    List<Future<Void>> unregistered = new ArrayList<>();
    consumers.forEach(c -> unregistered.add(c.unregister()));
    return Future.all(unregistered);
  }

  private void deliver(Message<Buffer> message) {
    List<String> users = new ArrayList<>();
    new JsonArray(message.headers().get(Names.HEADER_USERS)).forEach(u -> users.add(String.valueOf(u)));
    localDelivery.deliver(users, message.body()).onComplete(ar -> {
      if (ar.failed()) {
        message.reply(new JsonObject().put("delivered", 0).put("online", new JsonArray()));
        return;
      }
      Set<String> online = new HashSet<>(users);
      ar.result().offline().forEach(online::remove);
      message.reply(new JsonObject().put("delivered", ar.result().delivered())
          .put("online", new JsonArray(new ArrayList<>(online))));
    });
  }

  /** Body: {@code {"from": <user@daemon>, "type": ..., "data": ...}}; the reply is a status report. */
  private void runForwarded(Message<JsonObject> message) {
    JsonObject body = message.body();
    String from = body.getString("from", "unknown");
    ClientMessage payload = new ClientMessage(body.getValue("id"), body.getString("type", ""), body.getValue("data"));
    router.route(new Origin(from), payload)
        .compose(execution -> execution.run())
        .onComplete(ar -> {
          if (ar.succeeded()) {
            message.reply(ar.result());
          } else {
            message.fail(500, String.valueOf(ar.cause().getMessage()));
          }
        });
  }
}
