package io.bester.daemon.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bester.daemon.support.DaemonFixture;
import io.bester.daemon.support.TestAccounts;
import io.bester.daemon.support.TestClient;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Login throttling against a running daemon (§10, §11): after {@code auth.maxFailures} failures
 * of one (address, username) pair, even the right password is refused with {@code auth_failed},
 * without hashing, until the window that started at the first failure ends; throttled tries do
 * not extend it; other usernames and other addresses are not affected; failed {@code builtin
 * login}s count. (The throttle's own bookkeeping is unit-tested in auth/LoginThrottleTest.)
 */
@Timeout(60)
class LoginThrottleTest {

  static final int MAX_FAILURES = 3;
  /**
   * Long enough for the five password hashes inside it (three failures, two logins that must work),
   * which take up to 700 ms each on a loaded 2-core machine; 4 s proved too short there.
   */
  static final long WINDOW_MS = 8000;
  static final String WRONG = "not-the-password";

  @TempDir
  static Path dir;
  static DaemonFixture daemon;

  @BeforeAll
  static void start() throws Exception {
    daemon = DaemonFixture.start(dir, json -> json.put("auth", new JsonObject()
        .put("maxFailures", MAX_FAILURES)
        .put("failureWindowMs", WINDOW_MS)));
  }

  @AfterAll
  static void stop() throws Exception {
    daemon.close();
  }

  static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  /** Identifies on a new connection and expects the fatal auth_failed; returns how long it took. */
  static long refusedIdentify(String user, String password) {
    long started = System.nanoTime();
    try (TestClient client = daemon.connect()) {
      client.send(TestClient.identify(user, password));
      client.expectFatal("auth_failed", "auth_special");
    }
    return millisSince(started);
  }

  /** True if identifying with these credentials succeeds, false on the fatal auth_failed. */
  static boolean identifies(String user, String password) {
    try (TestClient client = daemon.connect()) {
      client.send(TestClient.identify(user, password));
      JsonObject answer = client.next();
      if ("good".equals(answer.getJsonObject("header").getString("status"))) {
        assertEquals("auth_special", answer.getJsonObject("payload").getString("id"));
        return true;
      }
      assertEquals("auth_failed", TestClient.errorCode(answer), answer.encode());
      client.expectClosed();
      return false;
    }
  }

  /**
   * Retries the right password until it works, a try every 100 ms, and returns the milliseconds
   * since {@code firstFailure}. The throttled tries on the way must not extend the window.
   */
  static long awaitWindowEnd(long firstFailure, BooleanSupplier login) throws InterruptedException {
    long deadline = WINDOW_MS + 10_000;
    while (!login.getAsBoolean()) {
      assertTrue(millisSince(firstFailure) < deadline, "still refused " + deadline + " ms after the first failure");
      Thread.sleep(100);
    }
    long at = millisSince(firstFailure);
    assertTrue(at >= WINDOW_MS - 50, "the right password worked " + at + " ms after the first failure, within the window");
    return at;
  }

  @Test
  void theRightPasswordIsRefusedUntilTheWindowEnds() throws Exception {
    // 1. three failures for (127.0.0.1, alice)
    long firstFailure = System.nanoTime();
    long slowestFailure = 0;
    long fastestFailure = Long.MAX_VALUE;
    for (int i = 0; i < MAX_FAILURES; i++) {
      long took = refusedIdentify("alice", WRONG);
      slowestFailure = Math.max(slowestFailure, took);
      fastestFailure = Math.min(fastestFailure, took);
    }

    // 2. now even the right password is refused, without a hash
    long refusedIn = refusedIdentify("alice", TestAccounts.PASSWORD);
    long refusedAt = millisSince(firstFailure);
    assertTrue(refusedAt < WINDOW_MS, "this machine is too slow for the test: the window (" + WINDOW_MS
        + " ms) was over after the failures");
    assertTrue(refusedIn < fastestFailure, "a throttled try takes " + refusedIn
        + " ms, a hashed failure at least " + fastestFailure + " ms: the throttled one must not be hashed");

    // 3. another username from the same address is not affected
    daemon.login("bob").close();

    // 4. the same username from another address is not affected either (Linux routes all of 127/8 locally)
    try (RawConnection elsewhere = RawConnection.open(daemon.port(),
        socket -> socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0)))) {
      elsewhere.send(TestClient.identify("alice", TestAccounts.PASSWORD));
      JsonObject answer = elsewhere.next(10_000);
      assertEquals("good", answer.getJsonObject("header").getString("status"), "from 127.0.0.2: " + answer.encode());
    }
    assertTrue(millisSince(firstFailure) < WINDOW_MS, "still within the window after the checks");
    assertEquals(false, identifies("alice", TestAccounts.PASSWORD), "still refused from 127.0.0.1");

    // 5. once the window is over, the right password works again
    long worksAt = awaitWindowEnd(firstFailure, () -> identifies("alice", TestAccounts.PASSWORD));
    System.out.printf("login throttle: failures took %d-%d ms, a throttled try %d ms; login worked again %d ms "
        + "after the first failure (window %d ms)%n", fastestFailure, slowestFailure, refusedIn, worksAt, WINDOW_MS);
  }

  @Test
  void failedBuiltinLoginsCountAndAreRefusedTheSame() throws Exception {
    try (TestClient bob = daemon.login("bob")) {
      // 1. three failed builtin logins as carol: non-fatal, the session stays bob's
      long firstFailure = System.nanoTime();
      for (int i = 0; i < MAX_FAILURES; i++) {
        bob.send(TestClient.builtin("fail" + i, "login",
            new JsonObject().put("username", "carol").put("password", WRONG)));
        bob.expectBad("fail" + i, "auth_failed");
      }
      bob.send(TestClient.message("dummy", "stillBob", null));
      assertEquals("0", bob.next().getJsonObject("header").getString("status"), "the session is still logged in");

      // 2. the right password is refused too, by builtin login and by identification
      bob.send(TestClient.builtin("right", "login",
          new JsonObject().put("username", "carol").put("password", TestAccounts.PASSWORD)));
      bob.expectBad("right", "auth_failed");
      refusedIdentify("carol", TestAccounts.PASSWORD);
      assertTrue(millisSince(firstFailure) < WINDOW_MS, "this machine is too slow for the test: the window ("
          + WINDOW_MS + " ms) was over after the failures");

      // 3. after the window, builtin login as carol works
      int[] tries = {0};
      awaitWindowEnd(firstFailure, () -> {
        String id = "retry" + tries[0]++;
        bob.send(TestClient.builtin(id, "login",
            new JsonObject().put("username", "carol").put("password", TestAccounts.PASSWORD)));
        JsonObject report = bob.next();
        assertEquals(id, report.getJsonObject("payload").getValue("id"), report.encode());
        if ("good".equals(report.getJsonObject("header").getString("status"))) {
          return true;
        }
        assertEquals("auth_failed", TestClient.errorCode(report), report.encode());
        return false;
      });
    }
  }

  /**
   * Tries that arrive together are all hashed: the throttle checks the failures recorded so far,
   * and a failure is recorded only when its hash is done. So a client that opens many connections
   * at once gets that many guesses per window, whatever maxFailures says.
   */
  @Test
  @Disabled("BUG: concurrent tries bypass the login throttle. Authenticator.check (Authenticator.java:23-34) asks "
      + "LoginThrottle.blocked before hashing but records the failure only after the hash, so tries in progress do "
      + "not count: measured with maxFailures 3, twelve tries for one (address, username) sent at once were all "
      + "hashed (each answered after about 5 s), and the twelfth, with the right password, logged in. §10: after "
      + "maxFailures failed logins further tries are refused without hashing; here 11 wrong guesses were hashed.")
  void triesInProgressCountAgainstTheThrottle() throws Exception {
    // a fresh pair: (127.0.0.3, alice)
    List<RawConnection> tries = new ArrayList<>();
    try {
      for (int i = 0; i <= 4 * MAX_FAILURES; i++) {
        tries.add(RawConnection.open(daemon.port(),
            socket -> socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.3"), 0))));
      }
      for (int i = 0; i < tries.size(); i++) {
        boolean last = i == tries.size() - 1;
        tries.get(i).send(TestClient.identify("alice", last ? TestAccounts.PASSWORD : WRONG + i));
      }
      JsonObject lastAnswer = null;
      for (RawConnection attempt : tries) {
        lastAnswer = attempt.next(60_000);
      }
      assertEquals("auth_failed", TestClient.errorCode(lastAnswer),
          "the right password, sent after " + 4 * MAX_FAILURES + " wrong ones were on their way: " + lastAnswer.encode());
    } finally {
      tries.forEach(RawConnection::close);
    }
  }
}
