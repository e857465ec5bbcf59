package io.bester.daemon.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Both identification forms (§2) and the code each bad first frame gets. */
class IdentificationParserTest {

  private static Identification parse(String json) throws ProtocolException {
    return IdentificationParser.parse(new JsonObject(json));
  }

  private static ErrorCode codeOf(String json) {
    return assertThrows(ProtocolException.class, () -> parse(json)).code();
  }

  @Test
  void v3Client() throws Exception {
    Identification.Client c = (Identification.Client) parse(
        "{\"header\":{\"identify\":{\"type\":\"client\",\"authentication\":{\"username\":\"alice\",\"password\":\"pw\"}}}}");
    assertEquals("alice", c.username());
    assertEquals(false, c.legacy());
    assertEquals(false, c.register());
  }

  @Test
  void v3ClientRegister() throws Exception {
    Identification.Client c = (Identification.Client) parse(
        "{\"header\":{\"identify\":{\"type\":\"client\",\"register\":true,\"authentication\":{\"username\":\"dan\",\"password\":\"pw\"}}}}");
    assertTrue(c.register());
  }

  @Test
  void v2ClientKeepsItsPayload() throws Exception {
    Identification.Client c = (Identification.Client) parse(
        "{\"header\":{\"scope\":\"client\",\"authentication\":{\"username\":\"alice\",\"password\":\"pw\"}},"
            + "\"payload\":{\"type\":\"chat\",\"id\":\"m1\",\"data\":{}}}");
    assertTrue(c.legacy());
    assertEquals("m1", c.firstMessage().getString("id"));
  }

  @Test
  void servers() throws Exception {
    Identification.Server v3 = (Identification.Server) parse("{\"header\":{\"identify\":{\"type\":\"server\",\"name\":\"node-b\",\"secret\":\"s\"}}}");
    assertEquals("node-b", v3.name());
    assertEquals("s", v3.secret());
    Identification.Server v2 = (Identification.Server) parse("{\"header\":{\"scope\":\"server\",\"secret\":\"s\",\"from\":\"bob\"},\"payload\":{\"type\":\"t\"}}");
    assertTrue(v2.legacy());
    assertEquals("bob", v2.from());
    assertInstanceOf(JsonObject.class, v2.firstMessage());
  }

  @Test
  void badFirstFrames() {
    assertEquals(ErrorCode.NOT_IDENTIFIED, codeOf("{}"));
    assertEquals(ErrorCode.NOT_IDENTIFIED, codeOf("{\"header\":{}}"));
    assertEquals(ErrorCode.NOT_IDENTIFIED, codeOf("{\"header\":\"x\"}"));
    assertEquals(ErrorCode.NOT_IDENTIFIED, codeOf("{\"header\":{\"identify\":{}}}"));
    assertEquals(ErrorCode.BAD_SCOPE, codeOf("{\"header\":{\"identify\":{\"type\":\"robot\"}}}"));
    assertEquals(ErrorCode.BAD_SCOPE, codeOf("{\"header\":{\"scope\":\"robot\"}}"));
  }

  @Test
  void badCredentialsAreAuthFailedWithAuthSpecial() {
    String[] frames = {
        "{\"header\":{\"identify\":{\"type\":\"client\"}}}",
        "{\"header\":{\"identify\":{\"type\":\"client\",\"authentication\":{\"username\":\"\",\"password\":\"p\"}}}}",
        "{\"header\":{\"identify\":{\"type\":\"client\",\"authentication\":{\"username\":\"a\"}}}}",
        "{\"header\":{\"identify\":{\"type\":\"client\",\"authentication\":{\"username\":1,\"password\":\"p\"}}}}",
        "{\"header\":{\"scope\":\"client\"}}",
    };
    for (String frame : frames) {
      ProtocolException e = assertThrows(ProtocolException.class, () -> parse(frame));
      assertEquals(ErrorCode.AUTH_FAILED, e.code(), frame);
      assertEquals(Names.AUTH_SPECIAL, e.id(), frame);
    }
  }
}
