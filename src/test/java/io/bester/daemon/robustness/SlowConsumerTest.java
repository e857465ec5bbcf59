package io.bester.daemon.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bester.daemon.support.DaemonFixture;
import io.bester.daemon.support.TestAccounts;
import io.bester.daemon.support.TestClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recipient that never reads (§10 {@code maxPendingBytes}, {@code writeDeadlineMs}; §6): it is
 * cut with {@code slow_consumer} while its sender floods it, the sender gets exactly one good
 * report per message throughout, and a bystander pair chatting at the same time keeps its
 * latency.
 */
@Timeout(120)
class SlowConsumerTest {

  static final long MAX_PENDING_BYTES = 64 * 1024;
  static final long WRITE_DEADLINE_MS = 1000;
  /** Bounds of the flood: it stops early once the cut is seen. */
  static final int MAX_FLOOD_MESSAGES = 20_000;
  static final long MAX_FLOOD_MS = 30_000;
  /** Messages sent after the cut, whose reports must show bob offline. */
  static final int AFTER_CUT = 50;
  static final String TEXT = "x".repeat(1024);
  /**
   * Loose: the contract says a slow reader never slows other sessions, and the quiet p99 here is
   * 10-50 ms, but the flood itself (thousands of messages a second through the listener's one
   * event loop) and a shared CI machine add noise. Measured figures are printed, see docs/limits.md.
   */
  static final long BYSTANDER_P99_BOUND_MS = 200;
  /**
   * Alice keeps up to this many messages unanswered, the daemon's own maxInFlight: as fast as the
   * daemon goes, without megabytes parked in socket buffers ahead of everyone else's messages.
   */
  static final int WINDOW = 256;
  /** Messages of the control flood, about as many as it takes to cut bob (plus what is in flight). */
  static final int CONTROL_MESSAGES = 5000;

  /** Not the common pool: on a 2-core machine it has one thread, and the flood and the bystanders must overlap. */
  static final ExecutorService THREADS = Executors.newCachedThreadPool();

  @TempDir
  static Path dir;
  static DaemonFixture daemon;

  @BeforeAll
  static void start() throws Exception {
    // dave and erin join the fixture's alice, bob and carol: carol and dave are the bystanders,
    // erin the recipient of a control flood
    TestAccounts.write(dir.resolve("accounts.json"), List.of("dave", "erin"));
    daemon = DaemonFixture.start(dir, json -> json.put("limits", new JsonObject()
        .put("maxPendingBytes", MAX_PENDING_BYTES)
        .put("writeDeadlineMs", WRITE_DEADLINE_MS)));
  }

  @AfterAll
  static void stop() throws Exception {
    THREADS.shutdownNow();
    daemon.close();
  }

  static long slowConsumerCloses() {
    return daemon.daemon().stats().closesByReason().getOrDefault("slow_consumer", 0L);
  }

  /**
   * Alice floods bob, who never reads, until the daemon has given up on him, then sends {@link #AFTER_CUT} more. Returns alice's reports, one per message,
   * checked to be good and in order, and checks that nothing else came.
   */
  static Flood flood(TestClient alice) throws Exception {
    AtomicBoolean cut = new AtomicBoolean();
    AtomicInteger sent = new AtomicInteger();
    AtomicInteger total = new AtomicInteger(-1);
    Semaphore window = new Semaphore(WINDOW);
    CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
      try {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_FLOOD_MS);
        // bob leaves the registry the moment the daemon gives up on him; his reports say so a little later
        while (!cut.get() && daemon.daemon().registry().isOnline("bob")
            && sent.get() < MAX_FLOOD_MESSAGES && System.nanoTime() < deadline) {
          acquire(window);
          alice.send(TestClient.chat(sent.getAndIncrement(), TEXT, "bob"));
        }
        for (int i = 0; i < AFTER_CUT; i++) {
          acquire(window);
          alice.send(TestClient.chat(sent.getAndIncrement(), TEXT, "bob"));
        }
      } finally {
        total.set(sent.get());
      }
    }, THREADS);
    Flood flood = new Flood();
    for (int i = 0; total.get() < 0 || i < total.get(); i++) {
      JsonObject report = alice.expectGood(i);
      window.release();
      JsonObject payload = report.getJsonObject("payload");
      if (payload.getInteger("delivered") == 1) {
        assertFalse(cut.get(), "bob got message " + i + " after he had been dropped: " + report.encode());
        assertEquals(new JsonArray(), payload.getJsonArray("offline"));
        flood.queuedToBob++;
      } else {
        assertEquals(0, payload.getInteger("delivered"), report.encode());
        assertEquals(new JsonArray().add("bob"), payload.getJsonArray("offline"), report.encode());
        if (!cut.getAndSet(true)) {
          flood.cutAt = i;
        }
      }
    }
    sender.get(10, TimeUnit.SECONDS);
    flood.messages = total.get();
    assertTrue(cut.get(), "bob was not dropped after " + flood.messages + " messages of " + TEXT.length() + " bytes");
    assertNull(alice.poll(300), "one report per message, no more");
    return flood;
  }

  static void acquire(Semaphore window) {
    try {
      if (!window.tryAcquire(TestClient.WAIT_S, TimeUnit.SECONDS)) {
        throw new AssertionError("no report for " + TestClient.WAIT_S + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
  }

  static final class Flood {
    int messages;
    int queuedToBob;
    int cutAt = -1;
  }

  /** Bob, logged in on a socket with a small receive buffer that nobody reads after the login. */
  static RawConnection nonReadingBob() throws Exception {
    RawConnection bob = RawConnection.open(daemon.port(), socket -> socket.setReceiveBufferSize(4096));
    assertTrue(bob.socket().getReceiveBufferSize() < MAX_PENDING_BYTES, "bob's receive buffer is small");
    bob.send(TestClient.identify("bob", TestAccounts.PASSWORD));
    assertEquals("auth_special", bob.next(10_000).getJsonObject("payload").getString("id"));
    return bob;
  }

  /** Alice sends {@code count} chats to erin, who reads all the time; one good report each. */
  static void controlFlood(TestClient alice, TestClient erin, int count) throws Exception {
    Semaphore window = new Semaphore(WINDOW);
    CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
      for (int i = 0; i < count; i++) {
        acquire(window);
        alice.send(TestClient.chat("c" + i, TEXT, "erin"));
      }
    }, THREADS);
    for (int i = 0; i < count; i++) {
      assertEquals(1, alice.expectGood("c" + i).getJsonObject("payload").getInteger("delivered"));
      window.release();
    }
    sender.get(10, TimeUnit.SECONDS);
    for (int i = 0; i < count; i++) {
      erin.next();
    }
  }

  /** Runs {@code flood} while carol and dave chat; returns their round trips during it. */
  static List<Long> withBystanders(TestClient carol, TestClient dave, String tag, Callable<?> flood) throws Exception {
    AtomicBoolean flooding = new AtomicBoolean(true);
    CompletableFuture<List<Long>> bystanders = CompletableFuture.supplyAsync(
        () -> roundTrips(carol, dave, tag, Integer.MAX_VALUE, flooding), THREADS);
    try {
      flood.call();
    } finally {
      flooding.set(false);
    }
    List<Long> millis = bystanders.get(60, TimeUnit.SECONDS);
    assertTrue(millis.size() >= 10, "the bystanders chatted during the flood: " + millis.size() + " round trips");
    return millis;
  }

  static String describe(List<Long> millis) {
    return String.format("p50 %d p90 %d p99 %d max %d ms (%d round trips)", percentile(millis, 0.5),
        percentile(millis, 0.9), p99(millis), percentile(millis, 1.0), millis.size());
  }

  @Test
  void aFloodedReaderIsDroppedWhileItsSenderAndBystandersCarryOn() throws Exception {
    try (TestClient alice = daemon.login("alice");
         TestClient carol = daemon.login("carol");
         TestClient dave = daemon.login("dave");
         TestClient erin = daemon.login("erin");
         RawConnection bob = nonReadingBob()) {
      // 1. the bystanders' latency when nothing else happens, and during a flood of a reader that keeps up
      List<Long> quiet = roundTrips(carol, dave, "quiet", 100, new AtomicBoolean(true));
      List<Long> control = withBystanders(carol, dave, "control", () -> {
        controlFlood(alice, erin, CONTROL_MESSAGES);
        return null;
      });

      // 2. the same flood to bob, who never reads; 3. alice gets one good report per message throughout
      Flood[] flood = new Flood[1];
      List<Long> busy = withBystanders(carol, dave, "busy", () -> flood[0] = flood(alice));

      // 4. the slow reader does not slow the bystanders down (the control is for comparison only)
      System.out.printf("slow consumer: dropped at message %d of %d (%d queued to bob). Bystander round trips: "
              + "quiet %s; flooding a reader %s; flooding a non-reader %s%n", flood[0].cutAt, flood[0].messages,
          flood[0].queuedToBob, describe(quiet), describe(control), describe(busy));
      assertTrue(p99(busy) < BYSTANDER_P99_BOUND_MS, "bystander p99 " + p99(busy) + " ms while bob was being cut; "
          + "quiet " + describe(quiet) + ", flooding a reader " + describe(control));

      // 5. and the sender still works
      alice.send(TestClient.message("dummy", "after", null));
      assertEquals("after", alice.next().getJsonObject("payload").getValue("id"));
    }
  }

  @Test
  void theFloodedReadersConnectionIsClosedWithinASecondOrSo() throws Exception {
    long cutsBefore = slowConsumerCloses();
    try (TestClient alice = daemon.login("alice"); RawConnection bob = nonReadingBob()) {
      flood(alice);
      // the daemon gave up on bob; it may wait 1 s for the fatal frame to drain, then closes.
      // Bob does not read until the close is counted: reading would let a graceful close finish.
      Await.until("bob's connection is closed as slow_consumer", 5000, () -> slowConsumerCloses() > cutsBefore,
          () -> "(closes: " + daemon.daemon().stats().closesByReason() + ")");
      assertEquals(cutsBefore + 1, slowConsumerCloses(), "one slow_consumer close");
      bob.drainUntilEnd(5000);
    }
  }

  /**
   * Carol chats to dave, one message at a time, until {@code count} round trips are done or
   * {@code go} turns false; returns the milliseconds from send to carol's report, dave's copy
   * having arrived in between.
   */
  static List<Long> roundTrips(TestClient carol, TestClient dave, String tag, int count, AtomicBoolean go) {
    List<Long> millis = new ArrayList<>();
    for (int i = 0; i < count && go.get(); i++) {
      String id = tag + i;
      long sent = System.nanoTime();
      carol.send(TestClient.chat(id, "hello", "dave"));
      JsonObject received = dave.next();
      assertEquals("receivedMessage", received.getJsonObject("header").getString("messageType"), received.encode());
      carol.expectGood(id);
      millis.add((System.nanoTime() - sent) / 1_000_000);
    }
    return millis;
  }

  static long p99(List<Long> samples) {
    return percentile(samples, 0.99);
  }

  static long percentile(List<Long> samples, double p) {
    List<Long> sorted = new ArrayList<>(samples);
    Collections.sort(sorted);
    return sorted.isEmpty() ? 0 : sorted.get((int) Math.ceil(sorted.size() * p) - 1);
  }
}
