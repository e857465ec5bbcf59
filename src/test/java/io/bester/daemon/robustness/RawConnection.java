package io.bester.daemon.robustness;

import io.bester.client.BesterClient;
import io.vertx.core.json.JsonObject;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain blocking socket for hostile clients: it writes any bytes, half-closes, resets, and
 * reads frames with a bound on every read. Unlike {@code TestClient} it has no reader thread,
 * so a test decides when (and whether) anything is read: a peer that never reads is just a
 * {@code RawConnection} that is never asked to.
 */
final class RawConnection implements AutoCloseable {

  /** What the daemon did with the connection, as seen from the client. */
  enum End { EOF, RESET }

  private final Socket socket;
  private final InputStream in;

  private RawConnection(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
  }

  static RawConnection open(int port) {
    return open(port, socket -> { });
  }

  /** {@code beforeConnect} may set options that only work before the connection exists (SO_RCVBUF, bind). */
  static RawConnection open(int port, SocketSetup beforeConnect) {
    Socket socket = new Socket();
    try {
      beforeConnect.apply(socket);
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
      return new RawConnection(socket);
    } catch (IOException e) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // already failing
      }
      throw new UncheckedIOException(e);
    }
  }

  interface SocketSetup {
    void apply(Socket socket) throws IOException;
  }

  Socket socket() {
    return socket;
  }

  RawConnection write(byte[] bytes) {
    try {
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Writes, and says whether the daemon still took the bytes (false once it closed or reset us). */
  boolean tryWrite(byte[] bytes) {
    try {
      socket.getOutputStream().write(bytes);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  RawConnection send(JsonObject message) {
    return write(BesterClient.frame(message.encode().getBytes(StandardCharsets.UTF_8)));
  }

  RawConnection sendBody(String body) {
    return write(BesterClient.frame(body.getBytes(StandardCharsets.UTF_8)));
  }

  /** The next frame within {@code millis}; throws if the connection ends or nothing comes. */
  JsonObject next(long millis) {
    Object got = readFrameOrEnd(millis);
    if (got instanceof JsonObject frame) {
      return frame;
    }
    throw new AssertionError("expected a frame within " + millis + " ms, got " + got);
  }

  /**
   * Reads frames until the daemon ends the connection; returns them. Fails if the connection is
   * still open after {@code millis}.
   */
  List<JsonObject> framesUntilEnd(long millis) {
    long deadline = System.nanoTime() + millis * 1_000_000;
    List<JsonObject> frames = new ArrayList<>();
    while (true) {
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      Object got = readFrameOrEnd(left);
      if (got instanceof JsonObject frame) {
        frames.add(frame);
      } else if (got instanceof End) {
        return frames;
      } else {
        throw new AssertionError("the connection is still open after " + millis + " ms; frames so far: " + frames);
      }
    }
  }

  /** How the connection ended, reading and discarding whatever comes first; fails after {@code millis}. */
  End drainUntilEnd(long millis) {
    long deadline = System.nanoTime() + millis * 1_000_000;
    byte[] sink = new byte[64 * 1024];
    try {
      while (true) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          throw new AssertionError("the connection is still open after " + millis + " ms");
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
        try {
          if (in.read(sink) < 0) {
            return End.EOF;
          }
        } catch (SocketTimeoutException e) {
          // loop: the deadline check above fails the test
        }
      }
    } catch (SocketException e) {
      return End.RESET;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A frame, an {@link End}, or null when nothing came within {@code millis}. */
  Object readFrameOrEnd(long millis) {
    try {
      socket.setSoTimeout((int) Math.max(1, millis));
      byte[] prefix = new byte[4];
      try {
        if (!readFully(prefix, true)) {
          return End.EOF;
        }
      } catch (SocketTimeoutException e) {
        return null;
      }
      long length = ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
      if (length > 16 * 1024 * 1024) {
        throw new AssertionError("the daemon sent a frame of " + length + " bytes");
      }
      byte[] body = new byte[(int) length];
      socket.setSoTimeout(10_000);
      readFully(body, false);
      return new JsonObject(strictUtf8(body));
    } catch (EOFException e) {
      throw new AssertionError("the daemon closed in the middle of a frame: " + e.getMessage());
    } catch (SocketException e) {
      return End.RESET;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The daemon must only ever send UTF-8 (§1): anything else fails the test, not replaced silently. */
  private static String strictUtf8(byte[] body) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      throw new AssertionError("the daemon sent a frame that is not UTF-8: " + Arrays.toString(body));
    }
  }

  /** False on EOF before the first byte when {@code eofAllowed}; EOFException on EOF later. */
  private boolean readFully(byte[] target, boolean eofAllowed) throws IOException {
    int at = 0;
    while (at < target.length) {
      int n = in.read(target, at, target.length - at);
      if (n < 0) {
        if (at == 0 && eofAllowed) {
          return false;
        }
        throw new EOFException("EOF after " + at + " of " + target.length + " bytes");
      }
      at += n;
    }
    return true;
  }

  void shutdownOutput() {
    try {
      socket.shutdownOutput();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Closes with SO_LINGER 0, so the daemon sees a TCP reset instead of a FIN. */
  void reset() {
    try {
      socket.setSoLinger(true, 0);
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
