package io.bester.daemon.session;

import io.vertx.core.net.SocketAddress;

/** Decides whether a peer that identifies as a server may stay (§2); the root plugs in the policy. */
@FunctionalInterface
public interface ServerAdmission {

  boolean admit(SocketAddress remote, String secret);
}
