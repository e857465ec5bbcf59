package io.bester.daemon.auth;

import io.bester.daemon.auth.AccountException.Reason;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An {@link AccountStore} kept in Redis, shared by every daemon (and the {@code besterd user}
 * commands) that point at the same server.
 *
 * <h2>Key layout</h2>
 *
 * One hash, {@value #KEY}: field = username (UTF-8, exactly as given, case-sensitive), value =
 * the PHC hash string from {@link PasswordHasher}. Nothing else is read or written.
 *
 * <pre>
 * HGETALL bester:accounts
 * 1) "alice"
 * 2) "$pbkdf2$it=210000$...$..."
 * </pre>
 *
 * <h2>Operations</h2>
 *
 * Each one is a single Redis command, so it is atomic on the server:
 * <ul>
 *   <li>{@link #hash}: {@code HGET}; {@link #usernames}: {@code HKEYS}, sorted here;
 *   <li>{@link #create}: {@code HSETNX}; 0 means the name is taken ({@code USER_EXISTS});
 *   <li>{@link #update}: an {@code EVAL} of {@link #UPDATE_SCRIPT} that sets the field only if it
 *       exists, so an update racing a delete never brings the user back ({@code UNKNOWN_USER});
 *   <li>{@link #delete}: {@code HDEL}; 0 means {@code UNKNOWN_USER}.
 * </ul>
 * There is no cache: every call asks Redis, so a change made through any daemon or the CLI is
 * seen by every other one at once.
 *
 * <h2>When Redis is unavailable</h2>
 *
 * Every command must be answered within {@link #COMMAND_TIMEOUT_MS} (connecting included). A
 * refused connection, a closed connection, a timeout or a Redis error reply (e.g. {@code LOADING},
 * {@code WRONGTYPE}) fails the read methods with {@link StoreException} and the write methods with
 * {@link Reason#STORE_UNAVAILABLE}. The client pools its connections and opens new ones on
 * demand, so the first operation after Redis is back works again; nothing has to be reopened.
 * The first failure after a success is logged as a warning, the first success after a failure
 * as info.
 *
 * <p>One caveat to "when a write fails nothing was changed": if Redis accepted a write but its
 * answer did not arrive within the timeout, the write is reported as failed although it may have
 * been applied. Retrying it is safe: it then answers USER_EXISTS / UNKNOWN_USER or succeeds.
 *
 * <h2>Opening</h2>
 *
 * {@link #open()} sends {@code PING} and checks that {@value #KEY} is a hash (or absent). If not,
 * it fails with a {@link StoreException} whose message is one line naming {@code database.redis}
 * and the address, e.g. {@code database.redis: cannot reach Redis at 127.0.0.1:6379: Connection
 * refused}.
 */
public final class RedisAccountStore implements AccountStore {

  private static final Logger LOG = Logger.getLogger(RedisAccountStore.class.getName());

  /** The hash that holds every account. */
  public static final String KEY = "bester:accounts";

  /** How long a command (including connecting) may take before it counts as failed. */
  public static final long COMMAND_TIMEOUT_MS = 2000;

  /** Sets {@code ARGV[1]} to {@code ARGV[2]} in hash {@code KEYS[1]} only if the field exists. */
  static final String UPDATE_SCRIPT =
      "if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then "
          + "redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) return 1 "
          + "else return 0 end";

  private final Vertx vertx;
  private final int port;
  private final String address;
  private final long timeoutMs = COMMAND_TIMEOUT_MS;
  private final AtomicBoolean opened = new AtomicBoolean();
  private final AtomicBoolean healthy = new AtomicBoolean(true);

  private volatile Redis redis; // null until opened
  /** Set once open() succeeded: from then on, availability changes are logged. */
  private volatile boolean ready;
  private volatile boolean closed;

  public RedisAccountStore(Vertx vertx, String host, int port) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(host, "host");
    if (host.isEmpty()) {
      throw new IllegalArgumentException("empty Redis host");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("Redis port out of range: " + port);
    }
    this.port = port;
    this.address = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  /** {@code host:port} ({@code [v6]:port} for an IPv6 literal), as messages show it. */
  public String address() {
    return address;
  }

  // ------------------------------------------------------------------------------ lifecycle

  @Override
  public Future<Void> open() {
    if (closed) {
      return Future.failedFuture(new IllegalStateException("account store is closed: Redis at " + address));
    }
    if (!opened.compareAndSet(false, true)) {
      return Future.failedFuture(new IllegalStateException("account store already open: Redis at " + address));
    }
    RedisOptions options = new RedisOptions()
        .setConnectionString("redis://" + address)
        // Logins come in bursts: let requests queue for a connection rather than fail at once;
        // the command timeout bounds how long any of them waits.
        .setMaxPoolSize(8)
        .setMaxPoolWaiting(4096);
    options.getNetClientOptions()
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs))
        .setTcpKeepAlive(true)
        .setTcpNoDelay(true);
    Redis client = Redis.createClient(vertx, options);
    redis = client;
    return send(Request.cmd(Command.PING))
        .compose(pong -> send(Request.cmd(Command.TYPE).arg(KEY)))
        .transform(ar -> {
          String type = ar.succeeded() && ar.result() != null ? ar.result().toString() : "none";
          if (ar.succeeded() && (type.equals("hash") || type.equals("none"))) {
            ready = true;
            return Future.<Void>succeededFuture();
          }
          StoreException failure = ar.succeeded()
              ? new StoreException("database.redis: key " + KEY + " at Redis " + address + " is a "
                  + oneLine(type) + ", not a hash")
              : new StoreException("database.redis: cannot reach Redis at " + address + ": "
                  + describe(ar.cause()), ar.cause());
          redis = null;
          opened.set(false); // allow another attempt
          return client.close().transform(ignored -> Future.<Void>failedFuture(failure));
        });
  }

  @Override
  public Future<Void> close() {
    closed = true;
    Redis client = redis;
    redis = null;
    return client == null ? Future.succeededFuture() : client.close().recover(e -> {
      LOG.log(Level.FINE, "closing the Redis client for " + address, e);
      return Future.succeededFuture();
    });
  }

  // ---------------------------------------------------------------------------------- reads

  @Override
  public Future<Optional<String>> hash(String username) {
    if (username == null || username.isEmpty() || PasswordPolicy.hasUnpairedSurrogate(username)) {
      // Cannot be stored (UTF-8 would mangle an unpaired surrogate), so there is no such user.
      return checkOpen().map(v -> Optional.empty());
    }
    return call(Request.cmd(Command.HGET).arg(KEY).arg(username))
        .map(r -> r == null ? Optional.<String>empty() : Optional.of(r.toString()));
  }

  @Override
  public Future<List<String>> usernames() {
    return call(Request.cmd(Command.HKEYS).arg(KEY)).map(r -> {
      List<String> names = new ArrayList<>();
      if (r != null) {
        for (Response name : r) {
          names.add(name.toString());
        }
      }
      names.sort(null);
      return List.copyOf(names);
    });
  }

  private Future<Void> checkOpen() {
    return redis == null || closed
        ? Future.failedFuture(new StoreException("account store is not open: Redis at " + address))
        : Future.succeededFuture();
  }

  // --------------------------------------------------------------------------------- writes

  @Override
  public Future<Void> create(String username, String hash) {
    IllegalArgumentException bad = checkArgs(username, hash);
    if (bad != null) {
      return Future.failedFuture(bad);
    }
    return write(Request.cmd(Command.HSETNX).arg(KEY).arg(username).arg(hash), Reason.USER_EXISTS);
  }

  @Override
  public Future<Void> update(String username, String hash) {
    IllegalArgumentException bad = checkArgs(username, hash);
    if (bad != null) {
      return Future.failedFuture(bad);
    }
    return write(Request.cmd(Command.EVAL).arg(UPDATE_SCRIPT).arg(1).arg(KEY).arg(username).arg(hash),
        Reason.UNKNOWN_USER);
  }

  @Override
  public Future<Void> delete(String username) {
    if (username == null || username.isEmpty() || PasswordPolicy.hasUnpairedSurrogate(username)) {
      return Future.failedFuture(new AccountException(Reason.UNKNOWN_USER));
    }
    return write(Request.cmd(Command.HDEL).arg(KEY).arg(username), Reason.UNKNOWN_USER);
  }

  private static IllegalArgumentException checkArgs(String username, String hash) {
    if (username == null || username.isEmpty() || PasswordPolicy.hasUnpairedSurrogate(username)) {
      return new IllegalArgumentException("username must be a non-empty, well-formed string");
    }
    if (hash == null || hash.isEmpty()) {
      return new IllegalArgumentException("hash must be a non-empty string");
    }
    return null;
  }

  /** Runs a command answering 1 (done) or 0 (refused with {@code ifZero}). */
  private Future<Void> write(Request request, Reason ifZero) {
    return call(request).transform(ar -> {
      if (ar.failed()) {
        return Future.failedFuture(unavailable(ar.cause()));
      }
      Response r = ar.result();
      long n = r != null && r.type() == ResponseType.NUMBER ? r.toLong() : -1;
      if (n == 1) {
        return Future.succeededFuture();
      }
      if (n == 0) {
        return Future.failedFuture(new AccountException(ifZero));
      }
      return Future.failedFuture(unavailable(new StoreException("database.redis: Redis at " + address
          + " gave an unexpected answer to " + request.command() + ": " + oneLine(String.valueOf(r)))));
    });
  }

  /** The write failure; the message is the generic one (clients see it), the cause has details. */
  private static AccountException unavailable(Throwable cause) {
    return new AccountException(Reason.STORE_UNAVAILABLE, "account store unavailable", cause);
  }

  // ---------------------------------------------------------------------------------- Redis

  /**
   * Sends one command, with the timeout, on an open store. Every failure is a
   * {@link StoreException} with a one-line message naming the address; the client's exception, if
   * any, is its cause. Successes and failures feed the availability log.
   */
  private Future<Response> call(Request request) {
    if (redis == null || closed) {
      return Future.failedFuture(new StoreException("account store is not open: Redis at " + address));
    }
    return send(request)
        .recover(cause -> Future.failedFuture(new StoreException(
            "database.redis: Redis at " + address + ": " + describe(cause), cause)))
        .onComplete(ar -> health(ar.failed() ? ar.cause().getCause() : null));
  }

  /**
   * Sends one command with the timeout. Fails with the client's exception (an error reply such
   * as {@code WRONGTYPE}, {@code LOADING} or {@code NOAUTH} is one too) or a {@link TimeoutException}.
   */
  private Future<Response> send(Request request) {
    Redis client = redis;
    if (client == null) {
      return Future.failedFuture(new StoreException("account store is not open: Redis at " + address));
    }
    Future<Response> sent;
    try {
      sent = client.send(request);
    } catch (RuntimeException e) {
      sent = Future.failedFuture(e);
    }
    return sent.timeout(timeoutMs, TimeUnit.MILLISECONDS);
  }

  private void health(Throwable failure) {
    if (closed || !ready) {
      return; // a failing open() says it all in its one line
    }
    if (failure == null) {
      if (healthy.compareAndSet(false, true)) {
        LOG.info("Redis at " + address + " answers again; the account store is available");
      }
    } else if (healthy.compareAndSet(true, false)) {
      LOG.warning("Redis at " + address + " is unavailable (" + describe(failure)
          + "); account operations answer store_unavailable until it is back");
    }
  }

  /** A one-line description of a failure, without a stack trace. */
  private String describe(Throwable cause) {
    if (cause instanceof TimeoutException) { // Future.timeout's failure
      return "no answer within " + timeoutMs + " ms";
    }
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    if (message == null || message.isBlank()) {
      message = cause.getMessage();
    }
    if (message == null || message.isBlank()) {
      return root.getClass().getSimpleName();
    }
    // Netty appends the address ("Connection refused: /127.0.0.1:6379"); we name it already.
    int colon = message.indexOf(": ");
    if (colon > 0 && message.substring(colon + 2).contains(String.valueOf(port))) {
      message = message.substring(0, colon);
    }
    return oneLine(message);
  }

  private static String oneLine(String s) {
    return s.replaceAll("[\\r\\n\\t]+", " ").strip();
  }
}
