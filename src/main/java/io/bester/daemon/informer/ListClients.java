package io.bester.daemon.informer;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.List;

/** {@code listClients}: the distinct usernames with a session, sorted so that answers are stable. */
final class ListClients implements Query {

  static final String NAME = "listClients";

  private final DaemonView view;

  ListClients(DaemonView view) {
    this.view = view;
  }

  @Override
  public Future<Answer> answer(Object data) {
    return view.onlineUsers().map(online -> {
      List<String> users = new ArrayList<>(online);
      users.sort(null);
      return Answer.ok(new JsonArray(new ArrayList<>(users)));
    });
  }
}
