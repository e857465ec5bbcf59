package io.bester.daemon.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.hashing.HashingStrategy;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each hash or verify costs a few hundred ms at 210000 iterations: keep their number small. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class PasswordHasherTest {

  private static final Pattern PHC =
      Pattern.compile("^\\$pbkdf2\\$it=([0-9]+)\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)$");

  @Test
  void hashHasFormatIterationsAndSaltAndVerifies(Vertx vertx, VertxTestContext ctx) {
    PasswordHasher hasher = new PasswordHasher(vertx);
    String password = "correct horse battery staple";
    hasher.hash(password)
        .compose(phc -> {
          Matcher m = PHC.matcher(phc);
          assertTrue(m.matches(), phc);
          assertTrue(Integer.parseInt(m.group(1)) >= 210_000, phc);
          assertEquals(16, Base64.getDecoder().decode(m.group(2)).length, "salt bytes");
          assertEquals(64, Base64.getDecoder().decode(m.group(3)).length, "hash bytes");
          assertFalse(phc.contains(password));
          return Future.all(
                  hasher.verify(phc, password),
                  hasher.verify(phc, "correct horse battery stapler"),
                  hasher.verify(phc, null),
                  // interoperable with vertx-auth-common's own verification
                  vertx.executeBlocking(() -> HashingStrategy.load().verify(phc, password), false))
              .map(all -> {
                assertTrue(all.<Boolean>resultAt(0), "right password");
                assertFalse(all.<Boolean>resultAt(1), "wrong password");
                assertFalse(all.<Boolean>resultAt(2), "null password");
                assertTrue(all.<Boolean>resultAt(3), "HashingStrategy.verify");
                return null;
              });
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void twoHashesOfTheSamePasswordDiffer(Vertx vertx, VertxTestContext ctx) {
    PasswordHasher hasher = new PasswordHasher(vertx);
    Future.all(hasher.hash("same password"), hasher.hash("same password"))
        .map(all -> {
          String a = all.resultAt(0);
          String b = all.resultAt(1);
          assertNotEquals(a, b);
          Matcher ma = PHC.matcher(a);
          Matcher mb = PHC.matcher(b);
          assertTrue(ma.matches() && mb.matches());
          assertNotEquals(ma.group(2), mb.group(2), "salts differ");
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void malformedHashesVerifyFalse(Vertx vertx, VertxTestContext ctx) {
    PasswordHasher hasher = new PasswordHasher(vertx);
    String salt = "AAAAAAAAAAAAAAAAAAAAAA";
    String key = Base64.getEncoder().withoutPadding().encodeToString(new byte[64]);
    assertEquals(-1, PasswordHasher.iterations("$pbkdf2$" + salt + "$" + key), "no it=");
    assertEquals(-1, PasswordHasher.iterations("$pbkdf2$it=x$" + salt + "$" + key));
    assertEquals(-1, PasswordHasher.iterations("$pbkdf2$it=99999999$" + salt + "$" + key));
    assertEquals(-1, PasswordHasher.iterations("$pbkdf2$it=1000$" + salt + "$" + key + "$x"));
    assertEquals(-1, PasswordHasher.iterations("$pbkdf2$it=1000$" + salt + "$AAAA"));
    assertEquals(-1, PasswordHasher.iterations("$sha512$it=1000$" + salt + "$" + key));
    assertEquals(-1, PasswordHasher.iterations(""));
    assertEquals(-1, PasswordHasher.iterations(null));
    assertEquals(1000, PasswordHasher.iterations("$pbkdf2$it=1000$" + salt + "$" + key));
    Future.all(hasher.verify("not a hash", "pw"), hasher.verify(null, "pw"))
        .map(all -> {
          assertFalse(all.<Boolean>resultAt(0));
          assertFalse(all.<Boolean>resultAt(1));
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void normalisesToNfc(Vertx vertx, VertxTestContext ctx) {
    PasswordHasher hasher = new PasswordHasher(vertx);
    hasher.hash("caf\u00e9 cr\u00e8me")
        .compose(phc -> hasher.verify(phc, "cafe\u0301 cre\u0300me"))
        .map(ok -> {
          assertTrue(ok, "decomposed input verifies against precomposed hash");
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void hashingDoesNotBlockTheEventLoop(Vertx vertx, VertxTestContext ctx) {
    PasswordHasher hasher = new PasswordHasher(vertx);
    AtomicBoolean timerFired = new AtomicBoolean();
    AtomicLong timerFiredWhileHashing = new AtomicLong();
    vertx.runOnContext(v -> {
      assertTrue(io.vertx.core.Context.isOnEventLoopThread());
      Future<String> hash = hasher.hash("pw-on-event-loop");
      Future<Boolean> unknown = hasher.verifyUnknownUser("pw-on-event-loop");
      // If hashing ran on this thread, hash() would only return after ~0.2 s and the futures
      // would already be complete when the timer fires.
      vertx.setTimer(1, id -> {
        timerFired.set(true);
        if (!hash.isComplete() && !unknown.isComplete()) {
          timerFiredWhileHashing.incrementAndGet();
        }
      });
      Future.all(hash, unknown).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
        assertTrue(timerFired.get());
        assertEquals(1, timerFiredWhileHashing.get(), "event loop was blocked while hashing");
        assertFalse(all.<Boolean>resultAt(1), "unknown user never verifies");
        ctx.completeNow();
      })));
    });
  }

  @Test
  void unknownUserCostsAsMuchAsARealVerify(Vertx vertx, VertxTestContext ctx) {
    PasswordHasher hasher = new PasswordHasher(vertx);
    long[] t = new long[3];
    hasher.hash("timing")
        .compose(phc -> hasher.verifyUnknownUser("warm-up").map(phc)) // warm up JIT
        .compose(phc -> {
          t[0] = System.nanoTime();
          return hasher.verify(phc, "wrong");
        })
        .compose(x -> {
          t[1] = System.nanoTime();
          return hasher.verifyUnknownUser("wrong");
        })
        .map(result -> {
          t[2] = System.nanoTime();
          assertFalse(result);
          long real = t[1] - t[0];
          long dummy = t[2] - t[1];
          // Loose bound: only catches a dummy path that skips the PBKDF2 work.
          assertTrue(dummy > real / 3, "unknown user " + dummy / 1_000_000 + " ms vs real "
              + real / 1_000_000 + " ms");
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }
}
