package io.bester.daemon.session;

import io.bester.daemon.auth.AccountService;
import io.bester.daemon.config.Limits;
import io.bester.daemon.protocol.ClientMessage;
import io.bester.daemon.protocol.ErrorCode;
import io.bester.daemon.protocol.Names;
import io.bester.daemon.protocol.ProtocolException;
import io.bester.daemon.protocol.Replies;
import io.bester.daemon.routing.Execution;
import io.bester.daemon.routing.Origin;
import io.bester.daemon.session.builtin.BuiltinSession;
import io.bester.daemon.session.builtin.Builtins;
import io.bester.daemon.wire.FrameDecoder;
import io.bester.daemon.wire.StrictJson;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One connection on a listener: identification first (§2), then the messages of a client or a
 * server peer (§3), answered in order through an {@link InFlightQueue}. Confined to the event
 * loop of its socket; other threads reach it only through {@link #deliver}.
 */
final class Session implements SessionRegistry.Recipient, BuiltinSession {

  private static final Logger LOG = Logger.getLogger(Session.class.getName());

  enum State { AWAITING_IDENTIFY, IDENTIFYING, CLIENT, LOGGED_OUT, SERVER, CLOSING }

  private final Vertx vertx;
  private final NetSocket socket;
  private final SessionServices services;
  private final Limits limits;
  private final Context context;
  private final Outbound out;
  private final InFlightQueue inFlight;
  private final FrameDecoder decoder;
  private final Identifier identifier;
  private final String remote;
  private State state = State.AWAITING_IDENTIFY;
  private volatile boolean receiving;
  private boolean identified;
  private String username;
  private String peerName;
  private boolean barrier;
  private int consecutiveMalformed;
  private long identifyTimer;
  private final Keepalive keepalive;
  private Runnable onDrained;
  private String closeLabel;
  private final Promise<Void> closed = Promise.promise();
  private Promise<Void> onAnswered;

  Session(Vertx vertx, NetSocket socket, SessionServices services) {
    this.vertx = vertx;
    this.socket = socket;
    this.services = services;
    this.limits = services.limits();
    this.context = vertx.getOrCreateContext();
    this.remote = String.valueOf(socket.remoteAddress());
    this.out = new Outbound(vertx, context, socket, limits.maxPendingBytes(), limits.writeDeadlineMs(),
        code -> closeNow(code, "the peer does not read what is sent to it"));
    this.inFlight = new InFlightQueue(context, out::write, this::onProgress);
    this.decoder = FrameDecoder.over(socket, Math.min(limits.maxFrameBytes(), limits.maxIdentifyFrameBytes()));
    this.identifier = new Identifier(this, services);
    this.identifyTimer = vertx.setTimer(limits.identifyTimeoutMs(), t -> onIdentifyTimeout());
    this.keepalive = new Keepalive(vertx, limits.pingIntervalMs(), () -> out.write(Replies.ping()), this::closeIdle);
  }

  void start() {
    decoder.frameHandler(this::onFrame)
        .oversizeHandler(length -> closeAfterDrain(null, ErrorCode.FRAME_TOO_LARGE,
            "frame of " + length + " bytes is over the limit of " + currentFrameCap() + " bytes"))
        .exceptionHandler(e -> closeLabel(CloseReason.READ_ERROR.label(null)));
  }

  // ---- frames ------------------------------------------------------------------------------

  private void onFrame(Buffer body) {
    keepalive.heard();
    switch (state) {
      case AWAITING_IDENTIFY:
        state = State.IDENTIFYING;
        decoder.pause();
        identifier.identify(body);
        break;
      case CLIENT:
      case LOGGED_OUT:
      case SERVER:
        onMessageFrame(body);
        break;
      default:
        // IDENTIFYING and CLOSING read nothing; a frame already parsed is dropped with the connection.
        break;
    }
  }

  private void onMessageFrame(Buffer body) {
    JsonObject json;
    try {
      json = StrictJson.parseObject(body, limits.maxJsonDepth());
    } catch (StrictJson.MalformedJsonException e) {
      malformed(null, e.getMessage());
      return;
    }
    ClientMessage message;
    try {
      message = ClientMessage.parse(json);
    } catch (ProtocolException e) {
      malformed(e.id(), e.getMessage());
      return;
    }
    consecutiveMalformed = 0;
    handle(message, fromOf(json));
  }

  private void malformed(Object id, String reason) {
    if (++consecutiveMalformed >= limits.maxConsecutiveMalformed()) {
      closeAfterDrain(id, ErrorCode.MALFORMED, consecutiveMalformed + " malformed frames in a row");
      return;
    }
    enqueue(id, Future.succeededFuture(Execution.report(Replies.bad(id, ErrorCode.MALFORMED, reason))));
  }

  /** Runs one message: called for each frame, and for the payload of a v2 identification. */
  void handle(ClientMessage message, String peerUser) {
    Object id = message.id();
    String type = message.type();
    boolean builtin = Names.TYPE_BUILTIN.equals(type) && state != State.SERVER;
    if (state == State.LOGGED_OUT && !(builtin && isLoginOrClose(message.data()))) {
      enqueue(id, Future.succeededFuture(Execution.report(Replies.bad(id, ErrorCode.NOT_AUTHENTICATED,
          "log in first: only builtin login and close work after logout"))));
    } else if (Names.TYPE_DUMMY.equals(type)) {
      enqueue(id, Future.succeededFuture(Execution.report(Replies.dummy(id))));
    } else if (builtin) {
      // Later messages must see what the command changes, so read nothing until it is done.
      barrier = true;
      enqueue(id, Builtins.run(this, id, message.data()));
    } else {
      enqueue(id, services.router().route(origin(peerUser), message));
    }
  }

  private static boolean isLoginOrClose(Object data) {
    String name = Builtins.commandName(data);
    return "login".equals(name) || "close".equals(name);
  }

  private Origin origin(String peerUser) {
    if (state != State.SERVER) {
      return new Origin(username);
    }
    return new Origin(peerUser == null ? peerName : peerUser + "@" + peerName);
  }

  /** header.from of a server peer's frame: the user on that peer who sent it. */
  private String fromOf(JsonObject frame) {
    return state == State.SERVER && frame.getValue("header") instanceof JsonObject header
        && header.getValue("from") instanceof String from && !from.isEmpty() ? from : null;
  }

  private void enqueue(Object id, Future<Execution> handled) {
    inFlight.add(id, handled);
    updateReading();
  }

  private void onProgress() {
    if (inFlight.isEmpty()) {
      barrier = false;
      if (onAnswered != null) {
        onAnswered.tryComplete();
        onAnswered = null;
      }
      if (onDrained != null) {
        Runnable action = onDrained;
        onDrained = null;
        action.run();
        return;
      }
    }
    updateReading();
  }

  private void updateReading() {
    boolean open = state == State.CLIENT || state == State.LOGGED_OUT || state == State.SERVER;
    if (open && !barrier && onDrained == null && inFlight.size() < limits.maxInFlight()) {
      decoder.resume();
    } else {
      decoder.pause();
    }
  }

  // ---- identification outcomes (called by Identifier) ---------------------------------------

  void becomeClient(String name) {
    enterIdentified();
    keepalive.start();
    loginAs(name);
    out.write(Replies.good(Names.AUTH_SPECIAL));
  }

  void becomeServer(String name, boolean answer) {
    enterIdentified();
    peerName = name != null ? name : remoteHostPort();
    state = State.SERVER;
    if (answer) {
      out.write(Replies.good(Names.AUTH_SPECIAL));
    }
  }

  /** Processes a v2 payload, then starts reading. */
  void afterIdentified(JsonObject firstMessage, String peerUser) {
    if (firstMessage != null) {
      try {
        handle(ClientMessage.fromPayload(firstMessage), peerUser);
      } catch (ProtocolException e) {
        malformed(e.id(), e.getMessage());
      }
    }
    updateReading();
  }

  private void enterIdentified() {
    vertx.cancelTimer(identifyTimer);
    identified = true;
    services.stats().identified();
    decoder.maxFrameBytes(limits.maxFrameBytes());
  }

  private void onIdentifyTimeout() {
    if (state == State.AWAITING_IDENTIFY) {
      closeNow(ErrorCode.NOT_IDENTIFIED, "no identification within " + limits.identifyTimeoutMs() + " ms");
    }
  }

  String remoteHostPort() {
    return socket.remoteAddress() == null ? remote : socket.remoteAddress().hostAddress() + ":" + socket.remoteAddress().port();
  }

  io.vertx.core.net.SocketAddress remoteAddress() {
    return socket.remoteAddress();
  }

  // ---- BuiltinSession and Recipient ---------------------------------------------------------

  @Override
  public String username() {
    return username;
  }

  @Override
  public Future<Boolean> checkPassword(String user, String password) {
    return services.authenticator().check(remoteAddressText(), user, password);
  }

  String remoteAddressText() {
    return socket.remoteAddress() == null ? remote : socket.remoteAddress().hostAddress();
  }

  @Override
  public AccountService accounts() {
    return services.authenticator().accounts();
  }

  @Override
  public void loginAs(String name) {
    if (username != null && state == State.CLIENT) {
      services.registry().remove(username, this);
    }
    username = name;
    state = State.CLIENT;
    receiving = true;
    services.registry().add(name, this);
  }

  @Override
  public void logout() {
    if (state == State.CLIENT) {
      receiving = false;
      services.registry().remove(username, this);
      state = State.LOGGED_OUT;
    }
  }

  @Override
  public void closeAfterReport() {
    stopReading();
    onDrained = () -> {
      closeLabel(CloseReason.CLIENT_CLOSED.label(null));
      out.close();
    };
  }

  @Override
  public boolean deliver(Buffer frame) {
    if (!receiving) {
      return false;
    }
    out.write(frame);
    return true;
  }

  /**
   * Daemon shutdown (§9, §11), first half: stop reading and complete once everything read has
   * been answered. Unidentified connections are closed at once, without a frame.
   */
  Future<Void> quiesce() {
    Promise<Void> answered = Promise.promise();
    context.runOnContext(v -> {
      if (state == State.CLOSING) {
        answered.complete();
      } else if (!identified) {
        stopReading();
        out.close();
        answered.complete();
      } else {
        // read nothing more, but stay a recipient: other sessions' last messages may be for us
        decoder.stop();
        if (inFlight.isEmpty()) {
          answered.complete();
        } else {
          onAnswered = answered;
        }
      }
    });
    return answered.future();
  }

  /** Daemon shutdown, once every session has answered what it read: shutting_down, then close. */
  Future<Void> sendShuttingDown() {
    context.runOnContext(v -> {
      if (state != State.CLOSING) {
        closeNow(ErrorCode.SHUTTING_DOWN, "the daemon is shutting down");
      }
    });
    return closed.future();
  }

  // ---- closing -----------------------------------------------------------------------------

  /** Stops reading, answers what was read, then sends the fatal frame and closes. */
  void closeAfterDrain(Object id, ErrorCode code, String message) {
    stopReading();
    onDrained = () -> closeNow(id, code, message);
    if (inFlight.isEmpty()) {
      onProgress();
    }
  }

  void closeNow(ErrorCode code, String message) {
    closeNow(null, code, message);
  }

  void closeNow(Object id, ErrorCode code, String message) {
    stopReading();
    closeLabel(CloseReason.FATAL.label(code));
    LOG.log(Level.FINE, () -> "closing " + remote + ": " + code.wireName() + ": " + message);
    out.closeWithFatal(id, code, message);
  }

  /** A peer silent for three ping intervals: closed without a frame (§11). */
  private void closeIdle() {
    stopReading();
    closeLabel(CloseReason.IDLE.label(null));
    out.close();
  }

  private void stopReading() {
    state = State.CLOSING;
    receiving = false;
    if (username != null) {
      services.registry().remove(username, this);
    }
    decoder.stop();
  }

  private void closeLabel(String label) {
    if (closeLabel == null) {
      closeLabel = label;
    }
  }

  /** Called by the listener when the socket has closed, whatever closed it. */
  void onClosed() {
    vertx.cancelTimer(identifyTimer);
    keepalive.stop();
    receiving = false;
    out.markClosed();
    if (username != null) {
      services.registry().remove(username, this);
    }
    closeLabel(CloseReason.CLIENT_CLOSED.label(null));
    services.stats().closed(identified, closeLabel);
    LOG.log(Level.FINE, () -> "connection " + remote + " closed: " + closeLabel);
    closed.tryComplete();
  }

  private long currentFrameCap() {
    return identified ? limits.maxFrameBytes() : Math.min(limits.maxFrameBytes(), limits.maxIdentifyFrameBytes());
  }
}
