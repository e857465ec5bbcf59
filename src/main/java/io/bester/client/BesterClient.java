package io.bester.client;

import io.vertx.core.json.JsonObject;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A small blocking Bester client over TCP or a UNIX socket, for the command-line client and for
 * tests. A reader thread decodes incoming frames into a queue, so every read can be bounded.
 */
public final class BesterClient implements AutoCloseable {

  /** What {@link #next} returns when the daemon closed the connection. */
  public static final JsonObject CLOSED = new JsonObject().put("closed", true);

  private final SocketChannel channel;
  private final LinkedBlockingQueue<JsonObject> incoming = new LinkedBlockingQueue<>();
  private volatile boolean closedByPeer;

  private BesterClient(SocketChannel channel) {
    this.channel = channel;
    Thread reader = new Thread(this::readLoop, "bester-client-reader");
    reader.setDaemon(true);
    reader.start();
  }

  public static BesterClient tcp(String host, int port) throws IOException {
    SocketChannel channel = SocketChannel.open(new InetSocketAddress(host, port));
    channel.socket().setTcpNoDelay(true);
    return new BesterClient(channel);
  }

  public static BesterClient unix(Path socket) throws IOException {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    channel.connect(UnixDomainSocketAddress.of(socket));
    return new BesterClient(channel);
  }

  /** Sends one JSON object as a frame. */
  public BesterClient send(JsonObject message) throws IOException {
    return sendRaw(frame(message.encode().getBytes(StandardCharsets.UTF_8)));
  }

  /** Sends bytes as they are: for frames that are wrong on purpose. */
  public synchronized BesterClient sendRaw(byte[] bytes) throws IOException {
    // The channel itself, not Channels' stream adapters: those lock out writes while a read blocks.
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    return this;
  }

  public static byte[] frame(byte[] body) {
    ByteBuffer frame = ByteBuffer.allocate(4 + body.length).order(ByteOrder.LITTLE_ENDIAN);
    frame.putInt(body.length).put(body);
    return frame.array();
  }

  /** The next frame, {@link #CLOSED} once the daemon has closed, or null after the timeout. */
  public JsonObject next(long timeout, TimeUnit unit) throws InterruptedException {
    JsonObject frame = incoming.poll(timeout, unit);
    if (frame == CLOSED) {
      incoming.add(CLOSED);  // stays closed for later reads
    }
    return frame;
  }

  public boolean closedByPeer() {
    return closedByPeer;
  }

  /** Closes the write side only, as a client that is done sending. */
  public void shutdownOutput() throws IOException {
    channel.shutdownOutput();
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  private void readLoop() {
    try {
      ByteBuffer prefix = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
      while (true) {
        prefix.clear();
        readFully(prefix);
        long length = prefix.getInt(0) & 0xFFFFFFFFL;
        ByteBuffer body = ByteBuffer.allocate((int) length);
        readFully(body);
        incoming.add(new JsonObject(new String(body.array(), StandardCharsets.UTF_8)));
      }
    } catch (EOFException e) {
      // the daemon closed the connection
    } catch (IOException | RuntimeException e) {
      // reset or closed locally: either way, no more frames
    } finally {
      closedByPeer = true;
      incoming.add(CLOSED);
    }
  }

  private void readFully(ByteBuffer target) throws IOException {
    while (target.hasRemaining()) {
      if (channel.read(target) < 0) {
        throw new EOFException();
      }
    }
  }
}
