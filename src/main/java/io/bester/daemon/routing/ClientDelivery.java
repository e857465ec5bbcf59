package io.bester.daemon.routing;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/** Port: queues an encoded frame to every session of each named user (§4.2 sendClients). */
public interface ClientDelivery {

  /** {@code delivered} counts sessions; {@code offline} lists names without one, once each, in request order. */
  record Result(int delivered, List<String> offline) {
  }

  Future<Result> deliver(List<String> users, Buffer frame);
}
