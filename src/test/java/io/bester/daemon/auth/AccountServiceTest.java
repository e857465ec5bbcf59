package io.bester.daemon.auth;

import static io.bester.daemon.auth.TestSupport.expectReason;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bester.daemon.auth.AccountException.Reason;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Every authenticate/register/change costs a hash (a few hundred ms): keep their number low. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class AccountServiceTest {

  private static final String GOOD = "correct horse";
  private static final String OTHER = "battery staple";

  @TempDir
  Path dir;

  /** In-memory store whose reads and/or writes can be made to fail. */
  static final class MemoryStore implements AccountStore {
    final ConcurrentSkipListMap<String, String> users = new ConcurrentSkipListMap<>();
    volatile boolean failReads;
    volatile boolean failWrites;

    @Override
    public Future<Void> open() {
      return Future.succeededFuture();
    }

    @Override
    public Future<Optional<String>> hash(String username) {
      return failReads ? Future.failedFuture(new StoreException("test store down"))
          : Future.succeededFuture(Optional.ofNullable(users.get(username)));
    }

    private Future<Void> write(Runnable r) {
      if (failWrites) {
        return Future.failedFuture(new StoreException("test store down"));
      }
      r.run();
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> create(String username, String hash) {
      if (users.containsKey(username)) {
        return Future.failedFuture(new AccountException(Reason.USER_EXISTS));
      }
      return write(() -> users.put(username, hash));
    }

    @Override
    public Future<Void> update(String username, String hash) {
      if (!users.containsKey(username)) {
        return Future.failedFuture(new AccountException(Reason.UNKNOWN_USER));
      }
      return write(() -> users.put(username, hash));
    }

    @Override
    public Future<Void> delete(String username) {
      if (!users.containsKey(username)) {
        return Future.failedFuture(new AccountException(Reason.UNKNOWN_USER));
      }
      return write(() -> users.remove(username));
    }

    @Override
    public Future<List<String>> usernames() {
      return failReads ? Future.failedFuture(new StoreException("test store down"))
          : Future.succeededFuture(new ArrayList<>(users.keySet()));
    }

    @Override
    public Future<Void> close() {
      return Future.succeededFuture();
    }
  }

  private static AccountService service(Vertx vertx, AccountStore store, boolean open) {
    return new AccountService(vertx, store, new PasswordHasher(vertx), new PasswordPolicy(8), open);
  }

  private static Future<Void> expectAuth(Future<Boolean> f, boolean expected, String what) {
    return f.map(ok -> {
      assertEquals(expected, ok, what);
      return null;
    });
  }

  @Test
  void registerAndAuthenticateOverAFileStore(Vertx vertx, VertxTestContext ctx) {
    FileAccountStore store = new FileAccountStore(vertx, dir.resolve("accounts.json"));
    AccountService svc = service(vertx, store, true);
    store.open()
        .compose(v -> svc.register("alice", GOOD))
        .compose(v -> Future.all(List.of(
            expectAuth(svc.authenticate("alice", GOOD), true, "right password"),
            expectAuth(svc.authenticate("alice", OTHER), false, "wrong password"),
            expectAuth(svc.authenticate("bob", GOOD), false, "unknown user"),
            expectAuth(svc.authenticate("Alice", GOOD), false, "usernames are case-sensitive"),
            expectAuth(svc.authenticate("", GOOD), false, "empty username"),
            expectAuth(svc.authenticate(null, GOOD), false, "null username"),
            expectAuth(svc.authenticate("alice", ""), false, "empty password"),
            expectAuth(svc.authenticate("alice", null), false, "null password"),
            expectAuth(svc.authenticate("al@ice", GOOD), false, "invalid username"))))
        .compose(v -> expectReason(svc.register("alice", OTHER), Reason.USER_EXISTS))
        .compose(v -> store.hash("alice"))
        .map(h -> {
          assertTrue(h.isPresent() && h.get().startsWith("$pbkdf2$it=210000$"), h.toString());
          assertFalse(h.get().contains(GOOD));
          return null;
        })
        .compose(v -> store.close())
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void unknownUserAndEmptyInputStillCostAHash(Vertx vertx, VertxTestContext ctx) {
    MemoryStore store = new MemoryStore();
    AccountService svc = service(vertx, store, true);
    long[] t = new long[4];
    svc.addUser("alice", GOOD)
        .compose(v -> {
          t[0] = System.nanoTime();
          return svc.authenticate("alice", OTHER);
        })
        .compose(x -> {
          t[1] = System.nanoTime();
          return svc.authenticate("nobody", OTHER);
        })
        .compose(x -> {
          t[2] = System.nanoTime();
          return svc.authenticate(null, null);
        })
        .map(x -> {
          t[3] = System.nanoTime();
          long wrongPassword = t[1] - t[0];
          // Loose bounds: they only catch a path that skips the hash altogether.
          assertTrue(t[2] - t[1] > wrongPassword / 3, "unknown user too fast");
          assertTrue(t[3] - t[2] > wrongPassword / 3, "null input too fast");
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void registrationClosedWinsOverEverything(Vertx vertx, VertxTestContext ctx) {
    MemoryStore store = new MemoryStore();
    AccountService svc = service(vertx, store, false);
    svc.addUser("alice", GOOD) // the CLI ignores the registration setting
        .compose(v -> expectReason(svc.register("alice", GOOD), Reason.REGISTRATION_CLOSED))
        .compose(v -> expectReason(svc.register("bob", GOOD), Reason.REGISTRATION_CLOSED))
        .compose(v -> expectReason(svc.register("bob", "short"), Reason.REGISTRATION_CLOSED))
        .compose(v -> expectReason(svc.register("b@d", GOOD), Reason.REGISTRATION_CLOSED))
        .compose(v -> expectReason(svc.addUser("alice", OTHER), Reason.USER_EXISTS))
        .compose(v -> svc.listUsers())
        .map(names -> {
          assertEquals(List.of("alice"), names);
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void invalidUsernamesAreRejected(Vertx vertx, VertxTestContext ctx) {
    MemoryStore store = new MemoryStore();
    AccountService svc = service(vertx, store, true);
    String grin = new String(Character.toChars(0x1F600));
    List<String> bad = List.of("", "a@b", "a:b", "a b", "a\tb", "a\u00a0b", "a\u2003b",
        "bell\u0007", "del\u007f", "zero\u200bwidth", "bidi\u202eevil", "lone\ud800",
        "cafe\u0301", "x".repeat(65), grin.repeat(65));
    for (String name : bad) {
      assertFalse(AccountService.isValidUsername(name), name);
    }
    assertFalse(AccountService.isValidUsername(null));
    for (String name : List.of("a", "alice", "Alice_99", "caf\u00e9", "\u7528\u6237",
        "x".repeat(64), grin.repeat(64), "dots.and-dashes", "o'brien")) {
      assertTrue(AccountService.isValidUsername(name), name);
    }
    Future<Void> chain = Future.succeededFuture();
    for (String name : List.of("a@b", "a:b", "a b", "", "x".repeat(65))) {
      chain = chain.compose(v -> expectReason(svc.register(name, GOOD), Reason.INVALID_USERNAME));
    }
    chain
        .compose(v -> expectReason(svc.register(null, GOOD), Reason.INVALID_USERNAME))
        .compose(v -> expectReason(svc.addUser("a@b", GOOD), Reason.INVALID_USERNAME))
        .map(v -> {
          assertTrue(store.users.isEmpty());
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void weakPasswordBoundaries(Vertx vertx, VertxTestContext ctx) {
    PasswordPolicy policy = new PasswordPolicy(8);
    String grin = new String(Character.toChars(0x1F600)); // 1 code point, 2 chars, 4 bytes
    // 7 vs 8 code points of non-ASCII text
    assertTrue(policy.isWeak("\u00e9\u00e8\u00ea\u00eb\u00e0\u00e2\u00e4"));
    assertFalse(policy.isWeak("\u00e9\u00e8\u00ea\u00eb\u00e0\u00e2\u00e4\u00e7"));
    assertTrue(policy.isWeak(grin.repeat(7)), "14 UTF-16 chars but 7 characters");
    assertFalse(policy.isWeak(grin.repeat(8)));
    // decomposed é counts as one character (NFC)
    assertTrue(policy.isWeak("e\u0301".repeat(7)));
    assertFalse(policy.isWeak("e\u0301".repeat(8)));
    // 1024 UTF-8 bytes is the maximum
    assertFalse(policy.isWeak("\u00e9".repeat(512)), "1024 bytes");
    assertTrue(policy.isWeak("\u00e9".repeat(512) + "a"), "1025 bytes");
    assertFalse(policy.isWeak(grin.repeat(256)), "1024 bytes");
    assertTrue(policy.isWeak(grin.repeat(256) + "a"), "1025 bytes");
    assertTrue(policy.isWeak("x".repeat(100_000)));
    assertTrue(policy.isWeak(null));
    assertTrue(policy.isWeak(""));
    assertTrue(policy.isWeak("abcdefg\ud800"), "unpaired surrogate");

    MemoryStore store = new MemoryStore();
    AccountService svc = service(vertx, store, true);
    expectReason(svc.register("alice", grin.repeat(7)), Reason.WEAK_PASSWORD)
        .compose(v -> expectReason(svc.register("alice", "a".repeat(1025)), Reason.WEAK_PASSWORD))
        .compose(v -> expectReason(svc.addUser("alice", "seven77"), Reason.WEAK_PASSWORD))
        .compose(v -> svc.register("alice", grin.repeat(8)))
        .compose(v -> svc.listUsers())
        .map(names -> {
          assertEquals(List.of("alice"), names);
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void changePassword(Vertx vertx, VertxTestContext ctx) {
    MemoryStore store = new MemoryStore();
    AccountService svc = service(vertx, store, true);
    svc.addUser("alice", GOOD)
        .compose(v -> Future.all(
            expectReason(svc.changePassword("alice", OTHER, "new password"), Reason.AUTH_FAILED),
            expectReason(svc.changePassword("nobody", GOOD, "new password"), Reason.AUTH_FAILED),
            expectReason(svc.changePassword("alice", GOOD, "short"), Reason.WEAK_PASSWORD)))
        .compose(v -> svc.changePassword("alice", GOOD, "new password"))
        .compose(v -> Future.all(
            expectAuth(svc.authenticate("alice", "new password"), true, "new password"),
            expectAuth(svc.authenticate("alice", GOOD), false, "old password")))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void cliOperations(Vertx vertx, VertxTestContext ctx) {
    MemoryStore store = new MemoryStore();
    AccountService svc = service(vertx, store, false);
    svc.addUser("bob", GOOD)
        .compose(v -> svc.addUser("alice", GOOD))
        .compose(v -> expectReason(svc.setPassword("carol", OTHER), Reason.UNKNOWN_USER))
        .compose(v -> expectReason(svc.setPassword(null, OTHER), Reason.UNKNOWN_USER))
        .compose(v -> expectReason(svc.setPassword("bob", "short"), Reason.WEAK_PASSWORD))
        .compose(v -> svc.setPassword("bob", OTHER))
        .compose(v -> expectAuth(svc.authenticate("bob", OTHER), true, "password set"))
        .compose(v -> svc.deleteUser("alice"))
        .compose(v -> expectReason(svc.deleteUser("alice"), Reason.UNKNOWN_USER))
        .compose(v -> expectReason(svc.deleteUser(null), Reason.UNKNOWN_USER))
        .compose(v -> svc.listUsers())
        .map(names -> {
          assertEquals(List.of("bob"), names);
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void storeFailuresAreStoreUnavailable(Vertx vertx, VertxTestContext ctx) {
    MemoryStore store = new MemoryStore();
    AccountService svc = service(vertx, store, true);
    store.users.put("alice", "$pbkdf2$it=210000$AAAAAAAAAAAAAAAAAAAAAA$AAAA");
    store.failReads = true;
    Future.all(List.of(
            expectReason(svc.authenticate("alice", GOOD), Reason.STORE_UNAVAILABLE),
            expectReason(svc.register("bob", GOOD), Reason.STORE_UNAVAILABLE),
            expectReason(svc.addUser("bob", GOOD), Reason.STORE_UNAVAILABLE),
            expectReason(svc.changePassword("alice", GOOD, OTHER), Reason.STORE_UNAVAILABLE),
            expectReason(svc.setPassword("alice", GOOD), Reason.STORE_UNAVAILABLE),
            expectReason(svc.listUsers(), Reason.STORE_UNAVAILABLE)))
        .compose(v -> {
          store.failReads = false;
          store.failWrites = true;
          return Future.all(
              expectReason(svc.register("bob", GOOD), Reason.STORE_UNAVAILABLE),
              expectReason(svc.deleteUser("alice"), Reason.STORE_UNAVAILABLE));
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void failedFileWriteIsStoreUnavailable(Vertx vertx, VertxTestContext ctx) {
    FileAccountStore store = new FileAccountStore(vertx, dir.resolve("accounts.json"));
    AccountService svc = service(vertx, store, true);
    store.open()
        .compose(v -> {
          store.beforeRename = tmp -> {
            throw new java.io.IOException("disk full");
          };
          return expectReason(svc.register("alice", GOOD), Reason.STORE_UNAVAILABLE);
        })
        .compose(v -> svc.listUsers())
        .map(names -> {
          assertEquals(List.of(), names);
          return null;
        })
        .compose(v -> store.close())
        .onComplete(ctx.succeedingThenComplete());
  }
}
