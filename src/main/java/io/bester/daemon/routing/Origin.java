package io.bester.daemon.routing;

/**
 * Who a message comes from. {@code from} is what recipients see in {@code header.from}:
 * the username for a local client, {@code user@peer} or the peer's name for a server peer (§4.2).
 */
public record Origin(String from) {
}
