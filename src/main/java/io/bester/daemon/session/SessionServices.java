package io.bester.daemon.session;

import io.bester.daemon.config.Limits;
import io.bester.daemon.routing.Router;

/** What every session of a daemon shares, built once by the daemon's root. */
public record SessionServices(
    Limits limits,
    Router router,
    Authenticator authenticator,
    SessionRegistry registry,
    ServerAdmission admission,
    ConnectionStats stats) {
}
