package io.bester.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

  /** Builds an address from a literal without any chance of a DNS lookup. */
  private static InetAddress ip(String literal) throws Exception {
    byte[] bytes = IpLiterals.ipv4(literal);
    return InetAddress.getByAddress(bytes != null ? bytes : IpLiterals.ipv6(literal));
  }

  /** An IPv4-mapped IPv6 address as a real Inet6Address (getByAddress would turn it into IPv4). */
  private static InetAddress mapped(String v4) throws Exception {
    byte[] b = new byte[16];
    b[10] = (byte) 0xff;
    b[11] = (byte) 0xff;
    System.arraycopy(IpLiterals.ipv4(v4), 0, b, 12, 4);
    return Inet6Address.getByAddress(null, b, -1);
  }

  @Test
  void ipv4Networks() throws Exception {
    Cidr ten = Cidr.parse("10.0.0.0/8");
    assertTrue(ten.contains(ip("10.0.0.0")));
    assertTrue(ten.contains(ip("10.255.255.255")));
    assertFalse(ten.contains(ip("11.0.0.0")));
    assertFalse(ten.contains(ip("9.255.255.255")));

    Cidr odd = Cidr.parse("192.168.1.128/25");
    assertTrue(odd.contains(ip("192.168.1.200")));
    assertFalse(odd.contains(ip("192.168.1.127")));

    assertTrue(Cidr.parse("0.0.0.0/0").contains(ip("203.0.113.9")));
    assertFalse(Cidr.parse("0.0.0.0/0").contains(ip("::1")));
    assertFalse(ten.contains(null));
  }

  @Test
  void bareAddressIsAHostRoute() throws Exception {
    assertEquals(Cidr.parse("127.0.0.1/32"), Cidr.parse("127.0.0.1"));
    assertEquals(Cidr.parse("::1/128"), Cidr.parse("::1"));
    assertTrue(Cidr.parse("127.0.0.1").contains(ip("127.0.0.1")));
    assertFalse(Cidr.parse("127.0.0.1").contains(ip("127.0.0.2")));
  }

  @Test
  void ipv6Networks() throws Exception {
    Cidr loop = Cidr.parse("::1/128");
    assertTrue(loop.contains(ip("::1")));
    assertTrue(loop.contains(ip("0:0:0:0:0:0:0:1")));
    assertFalse(loop.contains(ip("::2")));
    assertFalse(loop.contains(ip("127.0.0.1")));

    Cidr ula = Cidr.parse("fd00::/8");
    assertTrue(ula.contains(ip("fd12:3456:789a::1")));
    assertFalse(ula.contains(ip("fe80::1")));

    Cidr doc = Cidr.parse("2001:DB8::/33");
    assertTrue(doc.contains(ip("2001:db8:7fff::1")));
    assertFalse(doc.contains(ip("2001:db8:8000::1")));
  }

  @Test
  void ipv4MappedAddressesMatchIpv4Networks() throws Exception {
    Cidr ten = Cidr.parse("10.0.0.0/8");
    InetAddress m = mapped("10.1.2.3");
    assertTrue(m instanceof Inet6Address);
    assertTrue(ten.contains(m));
    assertFalse(ten.contains(mapped("11.1.2.3")));
    assertTrue(Cidr.parse("127.0.0.1/32").contains(mapped("127.0.0.1")));
    // A mapped address is IPv4 traffic, which "all of IPv6" does not cover.
    assertFalse(Cidr.parse("::/0").contains(mapped("10.1.2.3")));
    assertFalse(Cidr.parse("::/0").contains(ip("10.1.2.3")));
  }

  @Test
  void ipv4MappedNetworksBecomeIpv4Networks() throws Exception {
    Cidr c = Cidr.parse("::ffff:10.0.0.0/104");
    assertEquals(Cidr.parse("10.0.0.0/8"), c);
    assertTrue(c.network() instanceof Inet4Address);
    assertTrue(c.contains(ip("10.9.9.9")));
    assertTrue(c.contains(mapped("10.9.9.9")));
    assertEquals(Cidr.parse("1.2.3.4/32"), Cidr.parse("::ffff:1.2.3.4"));
    assertEquals(Cidr.parse("1.2.3.4/32"), Cidr.parse("::FFFF:102:304"));
  }

  @Test
  void toStringIsCanonical() {
    assertEquals("10.0.0.0/8", Cidr.parse("10.0.0.0/8").toString());
    assertEquals("0:0:0:0:0:0:0:1/128", Cidr.parse("::1").toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/8", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/+8", "10.0.0.0/08",
      "10.0.0.0/8/8", "10.0.0.0 /8", " 10.0.0.0/8", "10.0.0/8", "10.0.0.0.0/8", "256.0.0.0/8", "010.0.0.0/8",
      "1e1.0.0.0/8", "::1/129", "::1/", "1:2:3:4:5:6:7:8:9", "1::2::3", ":::", "1:2:3:4:5:6:7::8:9", "12345::",
      "g::1", "fe80::1%eth0", "[::1]/128", "::1.2.3/96", "1.2.3.4::/64", "localhost", "example.com/24",
      "10.0.0.1/8", "::1/64", "\uff11.0.0.0/8", "\uff11::/16"})
  void rejectsBadCidrs(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse(text));
    assertTrue(e.getMessage().contains("is not a valid CIDR"), e.getMessage());
  }

  @Test
  void hostBitsMessageSuggestsTheNetwork() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse("192.168.1.77/24"));
    assertTrue(e.getMessage().contains("did you mean 192.168.1.0/24?"), e.getMessage());
  }

  @Test
  void constructorChecksPrefixAndHostBits() throws Exception {
    assertThrows(IllegalArgumentException.class, () -> new Cidr(ip("10.0.0.0"), 33));
    assertThrows(IllegalArgumentException.class, () -> new Cidr(ip("10.0.0.1"), 8));
    assertEquals(Cidr.parse("10.0.0.0/8"), new Cidr(ip("10.0.0.0"), 8));
  }

  @Test
  void literalParsing() {
    assertNotNull(IpLiterals.ipv6("::"));
    assertNotNull(IpLiterals.ipv6("1:2:3:4:5:6:7:8"));
    assertNotNull(IpLiterals.ipv6("1:2:3:4:5:6::8"));
    assertNotNull(IpLiterals.ipv6("::ffff:1.2.3.4"));
    assertNotNull(IpLiterals.ipv6("1:2:3:4:5:6:1.2.3.4"));
    assertNull(IpLiterals.ipv6("1:2:3:4:5:6:7:1.2.3.4"));
    assertNull(IpLiterals.ipv6("1:2:3:4:5:6:7"));
    assertNull(IpLiterals.ipv6(":1:2:3:4:5:6:7"));
    assertNull(IpLiterals.ipv6("1:2:3:4:5:6:7:"));
    assertTrue(IpLiterals.isHostname("localhost"));
    assertTrue(IpLiterals.isHostname("redis_1.internal."));
    assertTrue(IpLiterals.isHostname("a-b.example.com"));
    assertFalse(IpLiterals.isHostname("-a.example"));
    assertFalse(IpLiterals.isHostname("a..b"));
    assertFalse(IpLiterals.isHostname("1.2.3.999"));
    assertFalse(IpLiterals.isHostname("caf\u00e9.example"));
    assertFalse(IpLiterals.isHostname("a".repeat(64)));
  }
}
