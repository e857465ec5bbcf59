package io.bester.daemon.auth;

import static io.bester.daemon.auth.TestSupport.delay;
import static io.bester.daemon.auth.TestSupport.eventually;
import static io.bester.daemon.auth.TestSupport.expectFailure;
import static io.bester.daemon.auth.TestSupport.expectReason;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bester.daemon.auth.AccountException.Reason;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class FileAccountStoreTest {

  private static final String H1 = "$pbkdf2$it=210000$c2FsdHNhbHRzYWx0c2FsdA$aGFzaDE";
  private static final String H2 = "$pbkdf2$it=210000$c2FsdHNhbHRzYWx0c2FsdA$aGFzaDI";
  private static final String H3 = "$pbkdf2$it=210000$c2FsdHNhbHRzYWx0c2FsdA$aGFzaDM";

  @TempDir
  Path dir;

  /** Test-side file I/O, kept off the event loop too. */
  private static <T> Future<T> io(Vertx vertx, Callable<T> c) {
    return vertx.executeBlocking(c, false);
  }

  private static String hashOf(Path file, String user) throws IOException {
    JsonObject users = new JsonObject(Files.readString(file)).getJsonObject("users");
    JsonObject u = users.getJsonObject(user);
    return u == null ? null : u.getString("hash");
  }

  @Test
  void missingFileIsEmptyAndCreatedWithParentsOnFirstWrite(Vertx vertx, VertxTestContext ctx) {
    Path file = dir.resolve("a/b/accounts.json");
    FileAccountStore store = new FileAccountStore(vertx, file);
    store.open()
        .compose(v -> store.usernames())
        .map(names -> {
          assertEquals(List.of(), names);
          assertFalse(Files.exists(file), "open must not create the file");
          return null;
        })
        .compose(v -> store.create("alice", H1))
        .compose(v -> io(vertx, () -> {
          JsonObject root = new JsonObject(Files.readString(file));
          assertEquals(1, root.getInteger("version"));
          assertEquals(H1, root.getJsonObject("users").getJsonObject("alice").getString("hash"));
          if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
          }
          try (Stream<Path> s = Files.list(file.getParent())) {
            List<String> names = s.map(p -> p.getFileName().toString()).sorted()
                .collect(Collectors.toList());
            assertEquals(List.of("accounts.json", "accounts.json.lock"), names,
                "no temporary files left behind");
          }
          return null;
        }))
        .compose(v -> store.close())
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void createUpdateDeleteAndSortedUsernames(Vertx vertx, VertxTestContext ctx) {
    Path file = dir.resolve("accounts.json");
    FileAccountStore store = new FileAccountStore(vertx, file);
    store.open()
        .compose(v -> store.create("bob", H1))
        .compose(v -> store.create("alice", H2))
        .compose(v -> store.create("Carol", H3))
        .compose(v -> expectReason(store.create("bob", H3), Reason.USER_EXISTS))
        .compose(v -> store.hash("bob"))
        .map(h -> {
          assertEquals(Optional.of(H1), h, "refused create must not change the user");
          return null;
        })
        .compose(v -> store.update("bob", H3))
        .compose(v -> expectReason(store.update("dave", H1), Reason.UNKNOWN_USER))
        .compose(v -> store.delete("alice"))
        .compose(v -> expectReason(store.delete("alice"), Reason.UNKNOWN_USER))
        .compose(v -> store.usernames())
        .compose(names -> {
          assertEquals(List.of("Carol", "bob"), names);
          return store.hash("bob");
        })
        .compose(h -> {
          assertEquals(Optional.of(H3), h);
          return store.hash("alice");
        })
        .compose(h -> {
          assertEquals(Optional.empty(), h);
          return io(vertx, () -> {
            assertEquals(H3, hashOf(file, "bob"));
            assertEquals(null, hashOf(file, "alice"));
            return null;
          });
        })
        .compose(v -> store.close())
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void survivesReopen(Vertx vertx, VertxTestContext ctx) {
    Path file = dir.resolve("accounts.json");
    FileAccountStore first = new FileAccountStore(vertx, file);
    FileAccountStore second = new FileAccountStore(vertx, file);
    first.open()
        .compose(v -> first.create("alice", H1))
        .compose(v -> first.create("bob", H2))
        .compose(v -> first.update("alice", H3))
        .compose(v -> first.close())
        .compose(v -> second.open())
        .compose(v -> second.usernames())
        .compose(names -> {
          assertEquals(List.of("alice", "bob"), names);
          return second.hash("alice");
        })
        .map(h -> {
          assertEquals(Optional.of(H3), h);
          return null;
        })
        .compose(v -> second.close())
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void emptyFileFailsOpen(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path file = dir.resolve("accounts.json");
    Files.createFile(file);
    FileAccountStore store = new FileAccountStore(vertx, file);
    expectFailure(store.open(), StoreException.class)
        .map(e -> {
          assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
          return null;
        })
        .compose(v -> expectFailure(store.usernames(), StoreException.class))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void corruptFilesFailOpenWithoutQuotingThem(Vertx vertx, VertxTestContext ctx)
      throws IOException {
    List<byte[]> cases = new ArrayList<>();
    for (String s : List.of(
        "{\"version\":1,\"users\":{\"alice\":{\"hash\":\"x\"}} secret-hunter2",
        "{\"version\":1,\"users\":{}} secret-hunter2",
        "{", "[]", "null", "\"text\"", "42", "   ",
        "{\"users\":{}}",
        "{\"version\":2,\"users\":{}}",
        "{\"version\":\"1\",\"users\":{}}",
        "{\"version\":1.0,\"users\":{}}",
        "{\"version\":1}",
        "{\"version\":1,\"users\":[]}",
        "{\"version\":1,\"users\":{\"alice\":\"secret-hunter2\"}}",
        "{\"version\":1,\"users\":{\"alice\":{}}}",
        "{\"version\":1,\"users\":{\"alice\":{\"hash\":5}}}",
        "{\"version\":1,\"users\":{\"alice\":{\"hash\":\"\"}}}",
        "{\"version\":1,\"users\":{\"\":{\"hash\":\"x\"}}}")) {
      cases.add(s.getBytes(StandardCharsets.UTF_8));
    }
    cases.add(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}); // bad UTF-8

    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < cases.size(); i++) {
      Path file = dir.resolve("accounts-" + i + ".json");
      Files.write(file, cases.get(i));
      String shown = new String(cases.get(i), StandardCharsets.UTF_8);
      chain = chain.compose(v -> {
        FileAccountStore store = new FileAccountStore(vertx, file);
        return expectFailure(store.open(), StoreException.class)
            .recover(e -> Future.failedFuture(new AssertionError("case " + shown + ": " + e, e)))
            .map(e -> {
              assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
              assertFalse(e.getMessage().contains("secret-hunter2"), e.getMessage());
              return null;
            });
      });
    }
    chain.onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void unreadableFileFailsOpen(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path file = dir.resolve("accounts.json");
    Files.createDirectory(file); // root can read anything, but not a directory as a file
    expectFailure(new FileAccountStore(vertx, file).open(), StoreException.class)
        .map(e -> {
          assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void concurrentCreatesAllLand(Vertx vertx, VertxTestContext ctx) {
    Path file = dir.resolve("accounts.json");
    FileAccountStore store = new FileAccountStore(vertx, file);
    List<String> names = IntStream.range(0, 24).mapToObj(i -> String.format("user%02d", i))
        .collect(Collectors.toList());
    store.open()
        .compose(v -> {
          // Issue all creates at once, from several event-loop contexts, plus a second create
          // of one name that must lose (USER_EXISTS) whichever order they run in.
          List<Future<Void>> all = new ArrayList<>();
          List<String> attempted = new ArrayList<>(names);
          attempted.add("user00");
          for (String n : attempted) {
            io.vertx.core.Promise<Void> p = io.vertx.core.Promise.promise();
            ((io.vertx.core.internal.VertxInternal) vertx).createEventLoopContext()
                .runOnContext(x -> store.create(n, H1).onComplete(p));
            all.add(p.future());
          }
          return Future.join(all).transform(ar -> {
            long failed = all.stream().filter(Future::failed).count();
            assertEquals(1, failed, "exactly the duplicate fails");
            Throwable cause = all.stream().filter(Future::failed).findFirst().get().cause();
            assertTrue(cause instanceof AccountException
                && ((AccountException) cause).reason() == Reason.USER_EXISTS, cause.toString());
            return Future.succeededFuture();
          });
        })
        .compose(v -> store.usernames())
        .compose(got -> {
          assertEquals(names, got);
          FileAccountStore reopened = new FileAccountStore(vertx, file);
          return reopened.open().compose(x -> reopened.usernames()).eventually(reopened::close);
        })
        .map(got -> {
          assertEquals(names, got);
          return null;
        })
        .compose(v -> store.close())
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void failedWriteLeavesOldDataOnDiskAndInMemory(Vertx vertx, VertxTestContext ctx) {
    Path file = dir.resolve("accounts.json");
    FileAccountStore store = new FileAccountStore(vertx, file);
    byte[][] before = new byte[1][];
    store.open()
        .compose(v -> store.create("alice", H1))
        .compose(v -> io(vertx, () -> before[0] = Files.readAllBytes(file)))
        .compose(v -> {
          store.beforeRename = tmp -> {
            throw new IOException("simulated disk failure");
          };
          return expectReason(store.create("bob", H2), Reason.STORE_UNAVAILABLE);
        })
        .compose(v -> expectReason(store.update("alice", H2), Reason.STORE_UNAVAILABLE))
        .compose(v -> expectReason(store.delete("alice"), Reason.STORE_UNAVAILABLE))
        .compose(v -> store.usernames())
        .compose(names -> {
          assertEquals(List.of("alice"), names);
          return store.hash("alice");
        })
        .compose(h -> {
          assertEquals(Optional.of(H1), h);
          return io(vertx, () -> {
            assertEquals(new String(before[0], StandardCharsets.UTF_8),
                Files.readString(file), "file on disk unchanged");
            try (Stream<Path> s = Files.list(dir)) {
              assertEquals(0, s.filter(p -> p.toString().endsWith(".tmp")).count(),
                  "temporary file removed");
            }
            return null;
          });
        })
        .compose(v -> {
          store.beforeRename = null;
          return store.create("bob", H2); // works again once the disk is back
        })
        .compose(v -> store.usernames())
        .map(names -> {
          assertEquals(List.of("alice", "bob"), names);
          return null;
        })
        .compose(v -> store.close())
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void unwritableDirectoryReportsStoreUnavailable(Vertx vertx, VertxTestContext ctx) {
    // Tests run as root, so permissions do not stop writes: put a regular file where the
    // directory of the account file should be.
    Path sub = dir.resolve("state");
    Path moved = dir.resolve("state.moved");
    Path file = sub.resolve("accounts.json");
    FileAccountStore store = new FileAccountStore(vertx, file);
    store.open()
        .compose(v -> store.create("alice", H1))
        .compose(v -> io(vertx, () -> {
          Files.move(sub, moved);
          Files.writeString(sub, "not a directory");
          return null;
        }))
        .compose(v -> expectFailure(store.create("bob", H2), AccountException.class))
        .map(e -> {
          assertEquals(Reason.STORE_UNAVAILABLE, e.reason());
          assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
          return null;
        })
        .compose(v -> store.usernames())
        .compose(names -> {
          assertEquals(List.of("alice"), names);
          return io(vertx, () -> {
            assertEquals(H1, hashOf(moved.resolve("accounts.json"), "alice"));
            assertEquals(null, hashOf(moved.resolve("accounts.json"), "bob"));
            return null;
          });
        })
        .compose(v -> store.close())
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void changeByAnotherWriterIsPickedUpWithinTwoSeconds(Vertx vertx, VertxTestContext ctx) {
    Path file = dir.resolve("accounts.json");
    FileAccountStore daemon = new FileAccountStore(vertx, file);
    FileAccountStore cli = new FileAccountStore(vertx, file); // like `besterd user add`
    daemon.open()
        .compose(v -> daemon.create("alice", H1))
        .compose(v -> cli.open())
        .compose(v -> cli.create("carol", H2))
        .compose(v -> cli.update("alice", H3))
        .compose(v -> eventually(vertx, 2000, 50, () -> daemon.hash("carol").map(Optional::isPresent)))
        .compose(elapsed -> daemon.hash("alice"))
        .map(h -> {
          assertEquals(Optional.of(H3), h);
          return null;
        })
        // a file created while the store was open and empty is picked up as well
        .compose(v -> cli.delete("carol"))
        .compose(v -> eventually(vertx, 2000, 50, () -> daemon.hash("carol").map(Optional::isEmpty)))
        .compose(v -> cli.close())
        .compose(v -> daemon.close())
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void fileAppearingAfterOpenIsPickedUp(Vertx vertx, VertxTestContext ctx) {
    Path file = dir.resolve("accounts.json");
    FileAccountStore daemon = new FileAccountStore(vertx, file);
    daemon.open()
        .compose(v -> io(vertx, () -> {
          Files.writeString(file, "{\"version\":1,\"users\":{\"zoe\":{\"hash\":\"" + H1 + "\"}}}");
          return null;
        }))
        .compose(v -> eventually(vertx, 2000, 50, () -> daemon.hash("zoe").map(Optional::isPresent)))
        .compose(v -> daemon.close())
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void outsideChangeIsNotLostByTheNextWrite(Vertx vertx, VertxTestContext ctx) {
    Path file = dir.resolve("accounts.json");
    FileAccountStore daemon = new FileAccountStore(vertx, file);
    FileAccountStore cli = new FileAccountStore(vertx, file);
    daemon.open()
        .compose(v -> daemon.create("alice", H1))
        .compose(v -> cli.open())
        .compose(v -> cli.create("carol", H2))
        .compose(v -> cli.close())
        // immediately, before the poll could have noticed:
        .compose(v -> daemon.create("dave", H3))
        .compose(v -> expectReason(daemon.create("carol", H3), Reason.USER_EXISTS))
        .compose(v -> daemon.usernames())
        .compose(names -> {
          assertEquals(List.of("alice", "carol", "dave"), names);
          return io(vertx, () -> {
            assertEquals(H2, hashOf(file, "carol"));
            assertEquals(H3, hashOf(file, "dave"));
            return null;
          });
        })
        .compose(v -> daemon.close())
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void corruptReloadKeepsDataAndRefusesToOverwrite(Vertx vertx, VertxTestContext ctx) {
    Path file = dir.resolve("accounts.json");
    FileAccountStore store = new FileAccountStore(vertx, file);
    String corrupt = "{\"version\":1,\"users\":{\"alice\":";
    store.open()
        .compose(v -> store.create("alice", H1))
        .compose(v -> io(vertx, () -> {
          Files.writeString(file, corrupt);
          return null;
        }))
        .compose(v -> delay(vertx, 1500)) // at least one poll has seen the corrupt file
        .compose(v -> store.hash("alice"))
        .compose(h -> {
          assertEquals(Optional.of(H1), h, "old data kept");
          return expectReason(store.create("bob", H2), Reason.STORE_UNAVAILABLE);
        })
        .compose(v -> io(vertx, () -> {
          assertEquals(corrupt, Files.readString(file), "damaged file not overwritten");
          Files.writeString(file, "{\"version\":1,\"users\":{\"erin\":{\"hash\":\"" + H2 + "\"}}}");
          return null;
        }))
        .compose(v -> eventually(vertx, 2000, 50, () -> store.hash("erin").map(Optional::isPresent)))
        .compose(v -> store.create("bob", H3))
        .compose(v -> store.usernames())
        .map(names -> {
          assertEquals(List.of("bob", "erin"), names);
          return null;
        })
        .compose(v -> store.close())
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void deletedFileKeepsAccountsInMemory(Vertx vertx, VertxTestContext ctx) {
    Path file = dir.resolve("accounts.json");
    FileAccountStore store = new FileAccountStore(vertx, file);
    store.open()
        .compose(v -> store.create("alice", H1))
        .compose(v -> io(vertx, () -> Files.deleteIfExists(file)))
        .compose(v -> delay(vertx, 1500))
        .compose(v -> store.hash("alice"))
        .compose(h -> {
          assertEquals(Optional.of(H1), h);
          return store.create("bob", H2);
        })
        .compose(v -> io(vertx, () -> {
          assertEquals(H1, hashOf(file, "alice"));
          assertEquals(H2, hashOf(file, "bob"));
          return null;
        }))
        .compose(v -> store.close())
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void closedStoreRefuses(Vertx vertx, VertxTestContext ctx) {
    Path file = dir.resolve("accounts.json");
    FileAccountStore store = new FileAccountStore(vertx, file);
    expectFailure(store.hash("alice"), StoreException.class) // not open yet
        .compose(v -> store.open())
        .compose(v -> store.create("alice", H1))
        .compose(v -> store.close())
        .compose(v -> expectFailure(store.hash("alice"), StoreException.class))
        .compose(v -> expectReason(store.create("bob", H1), Reason.STORE_UNAVAILABLE))
        .compose(v -> expectFailure(store.open(), IllegalStateException.class))
        .compose(v -> store.close()) // idempotent
        .onComplete(ctx.succeedingThenComplete());
  }
}
