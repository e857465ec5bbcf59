package io.bester.daemon.federation;

import io.bester.daemon.config.Cidr;
import io.bester.daemon.config.Federation;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Admits a server peer when its address is in {@code federation.allow} and, when
 * {@code federation.secret} is set, it presented that secret (§2). Peers on a UNIX socket are
 * local and pass the address check.
 */
public final class PeerAdmission {

  private final Federation federation;

  public PeerAdmission(Federation federation) {
    this.federation = federation;
  }

  public boolean admit(SocketAddress remote, String secret) {
    return addressAllowed(remote) && secretMatches(secret);
  }

  private boolean addressAllowed(SocketAddress remote) {
    if (remote == null || remote.isDomainSocket()) {
      return true;
    }
    try {
      // hostAddress() is a literal, so this does no DNS lookup
      InetAddress address = InetAddress.getByName(remote.hostAddress());
      for (Cidr cidr : federation.allow()) {
        if (cidr.contains(address)) {
          return true;
        }
      }
      return false;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private boolean secretMatches(String secret) {
    String expected = federation.secret();
    if (expected == null) {
      return true;
    }
    return secret != null && MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8));
  }
}
