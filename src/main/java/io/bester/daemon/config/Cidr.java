package io.bester.daemon.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;

/**
 * An IPv4 or IPv6 network in CIDR form, e.g. {@code 10.0.0.0/8} or {@code ::1/128}.
 *
 * <p>IPv4 traffic is often seen as IPv4-mapped IPv6 ({@code ::ffff:a.b.c.d}) on dual-stack
 * sockets, so such addresses are matched as the IPv4 address they carry, and a mapped network
 * such as {@code ::ffff:10.0.0.0/104} is stored as the IPv4 network {@code 10.0.0.0/8}. An IPv4
 * address never matches a non-mapped IPv6 network, not even {@code ::/0}: allowing "all of IPv6"
 * must not quietly allow all of IPv4 too.
 *
 * @param network      the network address; every bit after the prefix is zero
 * @param prefixLength number of leading bits that must match, 0..32 or 0..128
 */
public record Cidr(InetAddress network, int prefixLength) {

  public Cidr {
    Objects.requireNonNull(network, "network");
    byte[] bytes = network.getAddress();
    if (prefixLength < 0 || prefixLength > bytes.length * 8) {
      throw new IllegalArgumentException("prefix length must be 0.." + bytes.length * 8 + ", got " + prefixLength);
    }
    if (!hostBitsZero(bytes, prefixLength)) {
      throw new IllegalArgumentException(network.getHostAddress() + " has bits set after the /" + prefixLength + " prefix");
    }
  }

  /**
   * Parses {@code address/prefix} or a bare address (meaning /32 or /128). Only IP literals are
   * accepted; nothing is ever resolved through DNS.
   *
   * @throws IllegalArgumentException if {@code text} is not a valid CIDR or has host bits set
   */
  public static Cidr parse(String text) {
    Objects.requireNonNull(text, "text");
    int slash = text.indexOf('/');
    String literal = slash < 0 ? text : text.substring(0, slash);
    byte[] bytes = IpLiterals.ipv4(literal);
    if (bytes == null) {
      bytes = IpLiterals.ipv6(literal);
    }
    if (bytes == null) {
      throw invalid(text, "not an IPv4 or IPv6 address");
    }
    int bits = bytes.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String digits = text.substring(slash + 1);
      if (!digits.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(digits) > bits) {
        throw invalid(text, "prefix length must be 0.." + bits);
      }
      prefix = Integer.parseInt(digits);
    }
    // A set host bit almost always means a typo (10.0.0.1/8 for 10.0.0.0/8); say so instead of
    // guessing which of the two the operator meant.
    if (!hostBitsZero(bytes, prefix)) {
      throw invalid(text, "bits are set after the /" + prefix + " prefix; did you mean "
          + address(mask(bytes, prefix)).getHostAddress() + "/" + prefix + "?");
    }
    if (isV4Mapped(bytes) && prefix >= 96) {
      return new Cidr(address(Arrays.copyOfRange(bytes, 12, 16)), prefix - 96);
    }
    return new Cidr(address(bytes), prefix);
  }

  /** Whether {@code address} lies in this network; an IPv4-mapped IPv6 address counts as IPv4. */
  public boolean contains(InetAddress address) {
    if (address == null) {
      return false;
    }
    byte[] candidate = address.getAddress();
    if (isV4Mapped(candidate)) {
      candidate = Arrays.copyOfRange(candidate, 12, 16);
    }
    byte[] net = network.getAddress();
    if (candidate.length != net.length) {
      return false;
    }
    return Arrays.equals(mask(candidate, prefixLength), net);
  }

  @Override
  public String toString() {
    return network.getHostAddress() + "/" + prefixLength;
  }

  private static IllegalArgumentException invalid(String text, String why) {
    return new IllegalArgumentException(Fields.describe(text) + " is not a valid CIDR: " + why);
  }

  private static boolean isV4Mapped(byte[] b) {
    if (b.length != 16) {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
  }

  private static byte[] mask(byte[] bytes, int prefix) {
    byte[] out = bytes.clone();
    for (int i = 0; i < out.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - 8 * i));
      out[i] &= (byte) (0xff00 >>> keep);
    }
    return out;
  }

  private static boolean hostBitsZero(byte[] bytes, int prefix) {
    return Arrays.equals(mask(bytes, prefix), bytes);
  }

  private static InetAddress address(byte[] bytes) {
    try {
      // getByAddress never consults DNS; it only fails for a wrong array length.
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
