package io.bester.client;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.io.Console;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code bester} command: a small client to try a daemon by hand.
 * <pre>
 * bester listen --user bob                              print what arrives, one JSON line each
 * bester send --user alice --type chat '{"to":["bob"],"text":"hi"}'   print the status report
 * bester ping --user alice                             send dummy, print the answer
 * options: --host H (127.0.0.1) --port P (2223) --unix PATH; password from BESTER_PASSWORD or a prompt
 * </pre>
 */
public final class BesterCli {

  private static final String USAGE = String.join("\n",
      "usage: bester listen --user NAME [options]",
      "       bester send --user NAME --type TYPE [--id ID] DATA_JSON [options]",
      "       bester ping --user NAME [options]",
      "options: --host HOST (127.0.0.1)  --port PORT (2223)  --unix SOCKET_PATH",
      "         --timeout SECONDS (10)",
      "The password comes from the environment variable BESTER_PASSWORD, else a prompt.");

  private final List<String> args;

  private BesterCli(List<String> args) {
    this.args = args;
  }

  public static void main(String[] argv) {
    int status;
    try {
      status = new BesterCli(new ArrayList<>(Arrays.asList(argv))).run();
    } catch (IllegalArgumentException e) {
      System.err.println("bester: " + e.getMessage());
      System.err.println(USAGE);
      status = 2;
    } catch (IOException e) {
      System.err.println("bester: " + e.getMessage());
      status = 1;
    } catch (InterruptedException e) {
      status = 130;
    }
    System.exit(status);
  }

  private int run() throws IOException, InterruptedException {
    if (args.isEmpty()) {
      throw new IllegalArgumentException("a command is needed");
    }
    String command = args.remove(0);
    String host = option("--host", "127.0.0.1");
    int port = Integer.parseInt(option("--port", "2223"));
    String unix = option("--unix", null);
    long timeoutS = Long.parseLong(option("--timeout", "10"));
    String user = option("--user", null);
    String type = option("--type", null);
    String id = option("--id", "1");
    try (BesterClient client = unix != null ? BesterClient.unix(Path.of(unix)) : BesterClient.tcp(host, port)) {
      switch (command) {
        case "listen":
          login(client, required(user, "--user"), timeoutS);
          return listen(client);
        case "send":
          Object data = parseData();
          login(client, required(user, "--user"), timeoutS);
          client.send(new JsonObject().put("header", new JsonObject())
              .put("payload", new JsonObject().put("type", required(type, "--type")).put("id", id).put("data", data)));
          return printReply(client, timeoutS);
        case "ping":
          login(client, required(user, "--user"), timeoutS);
          client.send(new JsonObject().put("header", new JsonObject())
              .put("payload", new JsonObject().put("type", "dummy").put("id", id)));
          return printReply(client, timeoutS);
        default:
          throw new IllegalArgumentException("unknown command '" + command + "'");
      }
    }
  }

  private void login(BesterClient client, String user, long timeoutS) throws IOException, InterruptedException {
    client.send(new JsonObject().put("header", new JsonObject().put("identify", new JsonObject()
        .put("type", "client")
        .put("authentication", new JsonObject().put("username", user).put("password", password(user))))));
    JsonObject answer = client.next(timeoutS, TimeUnit.SECONDS);
    if (answer == null || !"good".equals(answer.getJsonObject("header", new JsonObject()).getString("status"))) {
      throw new IOException("login as " + user + " failed: " + (answer == null ? "no answer" : answer.encode()));
    }
  }

  private static int listen(BesterClient client) throws InterruptedException {
    while (true) {
      JsonObject frame = client.next(1, TimeUnit.HOURS);
      if (frame == BesterClient.CLOSED) {
        System.err.println("bester: the daemon closed the connection");
        return 1;
      }
      if (frame != null) {
        System.out.println(frame.encode());
        System.out.flush();
      }
    }
  }

  private static int printReply(BesterClient client, long timeoutS) throws InterruptedException, IOException {
    JsonObject reply = client.next(timeoutS, TimeUnit.SECONDS);
    if (reply == null || reply == BesterClient.CLOSED) {
      throw new IOException(reply == null ? "no answer within " + timeoutS + " s" : "the daemon closed the connection");
    }
    System.out.println(reply.encode());
    JsonObject header = reply.getJsonObject("header", new JsonObject());
    return "bad".equals(header.getString("status")) ? 1 : 0;
  }

  private Object parseData() {
    if (args.size() != 1) {
      throw new IllegalArgumentException("send needs exactly one DATA_JSON argument");
    }
    try {
      return Json.decodeValue(args.remove(0));
    } catch (DecodeException e) {
      throw new IllegalArgumentException("DATA_JSON is not JSON: " + e.getMessage());
    }
  }

  private static String password(String user) {
    String fromEnv = System.getenv("BESTER_PASSWORD");
    if (fromEnv != null) {
      return fromEnv;
    }
    Console console = System.console();
    if (console == null) {
      throw new IllegalArgumentException("set BESTER_PASSWORD (no terminal to prompt on)");
    }
    return new String(console.readPassword("Password for %s: ", user));
  }

  private String option(String name, String fallback) {
    int at = args.indexOf(name);
    if (at < 0) {
      return fallback;
    }
    if (at + 1 >= args.size()) {
      throw new IllegalArgumentException(name + " needs a value");
    }
    String value = args.get(at + 1);
    args.remove(at + 1);
    args.remove(at);
    return value;
  }

  private static String required(String value, String name) {
    if (value == null) {
      throw new IllegalArgumentException(name + " is required");
    }
    return value;
  }
}
