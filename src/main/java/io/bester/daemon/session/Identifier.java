package io.bester.daemon.session;

import io.bester.daemon.auth.AccountException;
import io.bester.daemon.protocol.ErrorCode;
import io.bester.daemon.protocol.Identification;
import io.bester.daemon.protocol.IdentificationParser;
import io.bester.daemon.protocol.Names;
import io.bester.daemon.protocol.ProtocolException;
import io.bester.daemon.wire.StrictJson;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * The gate of a connection (§2): reads the first frame, authenticates a client (registering it
 * first when asked), admits a server peer, or closes with the fatal code the contract names.
 */
final class Identifier {

  private final Session session;
  private final SessionServices services;

  Identifier(Session session, SessionServices services) {
    this.session = session;
    this.services = services;
  }

  void identify(Buffer body) {
    Identification identification;
    try {
      JsonObject frame = StrictJson.parseObject(body, services.limits().maxJsonDepth());
      identification = IdentificationParser.parse(frame);
    } catch (StrictJson.MalformedJsonException e) {
      session.closeNow(ErrorCode.NOT_IDENTIFIED, "the first frame must identify the peer: " + e.getMessage());
      return;
    } catch (ProtocolException e) {
      session.closeNow(e.id(), e.code(), e.getMessage());
      return;
    }
    if (identification instanceof Identification.Client client) {
      identifyClient(client);
    } else {
      identifyServer((Identification.Server) identification);
    }
  }

  private void identifyClient(Identification.Client client) {
    Future<Boolean> admitted = client.register()
        ? services.authenticator().accounts().register(client.username(), client.password()).map(true)
        : session.checkPassword(client.username(), client.password());
    admitted.onComplete(result -> {
      if (result.succeeded() && result.result()) {
        session.becomeClient(client.username());
        session.afterIdentified(client.firstMessage(), null);
      } else if (result.succeeded()) {
        session.closeNow(Names.AUTH_SPECIAL, ErrorCode.AUTH_FAILED, "authentication failed for user '" + client.username() + "'");
      } else {
        session.closeNow(Names.AUTH_SPECIAL, codeOf(result.cause()), messageOf(result.cause()));
      }
    });
  }

  private void identifyServer(Identification.Server server) {
    if (!services.admission().admit(session.remoteAddress(), server.secret())) {
      session.closeNow(ErrorCode.SERVER_NOT_ALLOWED, "this daemon does not accept server peers from "
          + session.remoteAddressText() + " with that secret");
      return;
    }
    session.becomeServer(server.name(), !server.legacy());
    session.afterIdentified(server.firstMessage(), server.from());
  }

  private static ErrorCode codeOf(Throwable cause) {
    if (!(cause instanceof AccountException account)) {
      return ErrorCode.STORE_UNAVAILABLE;
    }
    switch (account.reason()) {
      case REGISTRATION_CLOSED: return ErrorCode.REGISTRATION_CLOSED;
      case USER_EXISTS: return ErrorCode.USER_EXISTS;
      case WEAK_PASSWORD: return ErrorCode.WEAK_PASSWORD;
      case STORE_UNAVAILABLE: return ErrorCode.STORE_UNAVAILABLE;
      default: return ErrorCode.AUTH_FAILED;
    }
  }

  private static String messageOf(Throwable cause) {
    return cause instanceof AccountException ? cause.getMessage() : "the account store is unavailable";
  }
}
