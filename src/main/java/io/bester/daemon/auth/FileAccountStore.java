package io.bester.daemon.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.FileProps;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An {@link AccountStore} kept in one JSON file.
 *
 * <h2>File format</h2>
 *
 * <pre>
 * {
 *   "version" : 1,
 *   "users" : {
 *     "alice" : { "hash" : "$pbkdf2$it=210000$...$..." }
 *   }
 * }
 * </pre>
 *
 * UTF-8, written pretty-printed with users sorted by name. {@code version} must be the integer 1;
 * {@code users} maps each username to an object whose {@code hash} is a non-empty string (the PHC
 * string from {@link PasswordHasher}). Unknown members are ignored when reading and are not
 * preserved when the file is rewritten.
 *
 * <h2>Loading</h2>
 *
 * A missing file is an empty store; the file (and its parent directories) is created on the first
 * write. An empty (0-byte) file, invalid UTF-8 or JSON, a wrong shape or an unreadable file makes
 * {@link #open()} fail with a {@link StoreException} naming the file: the daemon must never start
 * with an empty account list over a damaged file.
 *
 * <h2>Writing</h2>
 *
 * Each change is written atomically and durably: the whole document goes to a temporary file in
 * the same directory (created with mode 0600 on POSIX systems), which is fsynced, renamed over the
 * target with {@code ATOMIC_MOVE}, after which the directory is fsynced where the platform allows.
 * Changes run on the worker pool, serialised by a lock shared by every store of the same path in
 * this JVM, plus an advisory {@link FileLock} on {@code <file>.lock} so that another process using
 * this class (the CLI) never interleaves its read-modify-write with ours. Under those locks the
 * file is checked for outside changes and re-read before the change is applied, so a user added
 * by the CLI a moment ago is not overwritten. The in-memory data changes only after the rename
 * succeeded; if anything fails, memory and disk keep the old data and the change fails with
 * {@link AccountException.Reason#STORE_UNAVAILABLE}.
 *
 * <h2>Outside changes</h2>
 *
 * While open, the file's last-modified time and size are polled every second (asynchronous
 * {@code FileSystem.props}); when they differ from what this store last wrote or read, the file is
 * reloaded. A reload that finds a corrupt or unreadable file keeps the previous accounts, logs a
 * warning and refuses writes (STORE_UNAVAILABLE) until the file is valid again, so a damaged file
 * is never silently overwritten. A file that disappears while the store is open also keeps the
 * previous accounts (with a warning); the next change writes them back.
 *
 * <p>Reads are served from an immutable snapshot swapped atomically, so they are cheap and safe
 * from any event loop.
 */
public final class FileAccountStore implements AccountStore {

  private static final Logger LOG = Logger.getLogger(FileAccountStore.class.getName());

  static final long POLL_INTERVAL_MS = 1000;
  private static final long FILE_LOCK_TIMEOUT_MS = 10_000;
  private static final int FORMAT_VERSION = 1;

  /** One lock per store path in this JVM; FileLock alone cannot exclude threads of one JVM. */
  private static final ConcurrentHashMap<Path, ReentrantLock> PATH_LOCKS = new ConcurrentHashMap<>();

  private final Vertx vertx;
  private final Path file;
  private final Path lockFile;
  private final ReentrantLock lock;
  private final AtomicBoolean opened = new AtomicBoolean();
  private final AtomicBoolean polling = new AtomicBoolean();

  private volatile Snapshot snapshot; // null until opened
  private volatile boolean closed;
  private long timerId = -1; // guarded by this

  /** Test hook, called with the fsynced temp file just before the rename. */
  volatile WriteHook beforeRename;

  interface WriteHook {
    void run(Path tempFile) throws IOException;
  }

  public FileAccountStore(Vertx vertx, Path file) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.file = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
    if (this.file.getFileName() == null || this.file.getParent() == null) {
      throw new IllegalArgumentException("not a file path: " + file);
    }
    this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
    this.lock = PATH_LOCKS.computeIfAbsent(this.file, p -> new ReentrantLock());
  }

  /** The account file (absolute). */
  public Path file() {
    return file;
  }

  // ------------------------------------------------------------------------------ lifecycle

  @Override
  public Future<Void> open() {
    if (closed) {
      return Future.failedFuture(new IllegalStateException("account store is closed: " + file));
    }
    if (!opened.compareAndSet(false, true)) {
      return Future.failedFuture(new IllegalStateException("account store already open: " + file));
    }
    return vertx.<Void>executeBlocking(() -> {
      lock.lock();
      try {
        snapshot = load();
      } finally {
        lock.unlock();
      }
      return null;
    }, false).onComplete(ar -> {
      if (ar.failed()) {
        opened.set(false); // allow another attempt
      } else {
        startPolling();
      }
    });
  }

  @Override
  public Future<Void> close() {
    synchronized (this) {
      closed = true;
      if (timerId != -1) {
        vertx.cancelTimer(timerId);
        timerId = -1;
      }
    }
    // Wait for a write (or reload) in progress; later ones see 'closed' and do nothing.
    return vertx.executeBlocking(() -> {
      lock.lock();
      lock.unlock();
      return null;
    }, false);
  }

  private synchronized void startPolling() {
    if (!closed && timerId == -1) {
      timerId = vertx.setPeriodic(POLL_INTERVAL_MS, id -> poll());
    }
  }

  // ---------------------------------------------------------------------------------- reads

  @Override
  public Future<Optional<String>> hash(String username) {
    Snapshot s = snapshot;
    if (s == null || closed) {
      return notOpen();
    }
    return Future.succeededFuture(
        username == null ? Optional.empty() : Optional.ofNullable(s.users.get(username)));
  }

  @Override
  public Future<List<String>> usernames() {
    Snapshot s = snapshot;
    if (s == null || closed) {
      return notOpen();
    }
    return Future.succeededFuture(List.copyOf(s.users.keySet()));
  }

  private <T> Future<T> notOpen() {
    return Future.failedFuture(new StoreException("account store is not open: " + file));
  }

  // --------------------------------------------------------------------------------- writes

  @Override
  public Future<Void> create(String username, String hash) {
    IllegalArgumentException bad = checkArgs(username, hash);
    return bad != null ? Future.failedFuture(bad) : change(users -> {
      if (users.containsKey(username)) {
        throw new AccountException(AccountException.Reason.USER_EXISTS);
      }
      users.put(username, hash);
    });
  }

  @Override
  public Future<Void> update(String username, String hash) {
    IllegalArgumentException bad = checkArgs(username, hash);
    return bad != null ? Future.failedFuture(bad) : change(users -> {
      if (!users.containsKey(username)) {
        throw new AccountException(AccountException.Reason.UNKNOWN_USER);
      }
      users.put(username, hash);
    });
  }

  @Override
  public Future<Void> delete(String username) {
    if (username == null) {
      return Future.failedFuture(new AccountException(AccountException.Reason.UNKNOWN_USER));
    }
    return change(users -> {
      if (users.remove(username) == null) {
        throw new AccountException(AccountException.Reason.UNKNOWN_USER);
      }
    });
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

  /**
   * Applies {@code mutation} to a copy of the current users and persists the result; the mutation
   * throws AccountException to refuse the change.
   */
  private Future<Void> change(Consumer<SortedMap<String, String>> mutation) {
    if (snapshot == null || closed) {
      return Future.failedFuture(new AccountException(AccountException.Reason.STORE_UNAVAILABLE,
          "account store is not open: " + file));
    }
    return vertx.executeBlocking(() -> {
      changeBlocking(mutation);
      return null;
    }, false);
  }

  private void changeBlocking(Consumer<SortedMap<String, String>> mutation) {
    lock.lock();
    try {
      if (closed) {
        throw new AccountException(AccountException.Reason.STORE_UNAVAILABLE,
            "account store is closed: " + file);
      }
      Path dir = file.getParent();
      Files.createDirectories(dir);
      try (FileChannel lockChannel = FileChannel.open(lockFile,
              StandardOpenOption.CREATE, StandardOpenOption.WRITE);
           FileLock ignored = acquire(lockChannel)) {
        Snapshot current = refresh(true);
        if (!current.disk.valid) {
          throw new AccountException(AccountException.Reason.STORE_UNAVAILABLE,
              "account file " + file + " is damaged; refusing to overwrite it");
        }
        TreeMap<String, String> next = new TreeMap<>(current.users);
        mutation.accept(next); // may refuse with AccountException; nothing written then
        writeAtomically(dir, serialize(next));
        // Committed: the rename is the point of no return, so memory follows even if stat fails.
        DiskState written;
        try {
          written = stat(file);
        } catch (IOException e) {
          written = DiskState.UNKNOWN;
        }
        snapshot = new Snapshot(Collections.unmodifiableSortedMap(next), written);
      }
    } catch (AccountException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "cannot write account file " + file + ": " + e);
      throw new AccountException(AccountException.Reason.STORE_UNAVAILABLE,
          "cannot write account file " + file, e);
    } finally {
      lock.unlock();
    }
  }

  private FileLock acquire(FileChannel channel) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FILE_LOCK_TIMEOUT_MS);
    while (true) {
      try {
        FileLock l = channel.tryLock();
        if (l != null) {
          return l;
        }
      } catch (OverlappingFileLockException e) {
        // held in this JVM through another path spelling; wait like for another process
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("timed out waiting for lock " + lockFile);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted waiting for lock " + lockFile, e);
      }
    }
  }

  private void writeAtomically(Path dir, byte[] content) throws IOException {
    Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
    boolean moved = false;
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      WriteHook hook = beforeRename;
      if (hook != null) {
        hook.run(tmp);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      moved = true;
    } finally {
      if (!moved) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          LOG.log(Level.FINE, "cannot delete temporary file " + tmp, e);
        }
      }
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "cannot fsync directory " + dir + " (not supported here?)", e);
    }
  }

  // ------------------------------------------------------------------------ polling/reload

  private void poll() {
    Snapshot s = snapshot;
    if (closed || s == null || !polling.compareAndSet(false, true)) {
      return;
    }
    vertx.fileSystem().props(file.toString())
        .transform(ar -> {
          boolean changed;
          if (ar.succeeded()) {
            FileProps p = ar.result();
            changed = !s.disk.exists || p.size() != s.disk.size
                || s.disk.mtime == null || p.lastModifiedTime() != s.disk.mtime.toMillis();
          } else if (isNoSuchFile(ar.cause())) {
            changed = s.disk.exists;
          } else {
            LOG.log(Level.FINE, "cannot poll account file " + file, ar.cause());
            changed = false;
          }
          return changed ? reload() : Future.<Void>succeededFuture();
        })
        .onComplete(ar -> {
          polling.set(false);
          if (ar.failed()) {
            LOG.log(Level.FINE, "account file reload failed: " + file, ar.cause());
          }
        });
  }

  private Future<Void> reload() {
    return vertx.executeBlocking(() -> {
      lock.lock();
      try {
        if (!closed) {
          refresh(false);
        }
      } finally {
        lock.unlock();
      }
      return null;
    }, false);
  }

  /**
   * Re-reads the file if it is not the version we last wrote or read; keeps the previous users if
   * it is missing or damaged. With {@code retryInvalid}, a file known to be damaged is re-read even
   * if unchanged (it may have become readable). Caller holds {@link #lock}.
   */
  private Snapshot refresh(boolean retryInvalid) throws IOException {
    Snapshot cur = snapshot;
    DiskState now = stat(file);
    if (now.sameVersion(cur.disk) && (cur.disk.valid || !retryInvalid)) {
      return cur;
    }
    Snapshot next;
    if (!now.exists) {
      LOG.warning("account file " + file + " has disappeared; keeping the " + cur.users.size()
          + " accounts in memory, they are written back on the next change");
      next = new Snapshot(cur.users, now);
    } else {
      try {
        SortedMap<String, String> users = parse(readFile());
        next = new Snapshot(users, now);
        LOG.info("reloaded account file " + file + " (" + users.size() + " accounts)");
      } catch (StoreException e) {
        if (cur.disk.valid || !now.sameVersion(cur.disk)) {
          LOG.warning(e.getMessage() + "; keeping the previous " + cur.users.size()
              + " accounts and refusing changes until the file is valid");
        }
        next = new Snapshot(cur.users, now.invalid());
      }
    }
    snapshot = next;
    return next;
  }

  private static boolean isNoSuchFile(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof NoSuchFileException) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------------------- file format

  /** Reads the whole store; StoreException if it cannot be read or is damaged. */
  private Snapshot load() {
    try {
      DiskState st = stat(file); // before reading: a concurrent change then shows up as a change
      if (!st.exists) {
        return new Snapshot(Collections.emptySortedMap(), st);
      }
      return new Snapshot(parse(readFile()), st);
    } catch (IOException e) {
      throw new StoreException("cannot read account file " + file + ": " + e, e);
    }
  }

  private byte[] readFile() {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new StoreException("cannot read account file " + file + ": " + e, e);
    }
  }

  private SortedMap<String, String> parse(byte[] bytes) {
    if (bytes.length == 0) {
      throw new StoreException("account file " + file + " is empty");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new StoreException("account file " + file + " is not valid UTF-8");
    }
    JsonObject root;
    try {
      root = new JsonObject(text);
      root.size(); // "null" decodes to a JsonObject without a map
    } catch (RuntimeException e) {
      // No cause and no parser message: they could quote file content.
      throw new StoreException("account file " + file + " is not a JSON object");
    }
    Object version = root.getValue("version");
    if (!(version instanceof Integer || version instanceof Long)
        || ((Number) version).longValue() != FORMAT_VERSION) {
      throw new StoreException("account file " + file + " has no or an unsupported \"version\""
          + " (expected " + FORMAT_VERSION + ")");
    }
    Object users = root.getValue("users");
    if (!(users instanceof JsonObject)) {
      throw new StoreException("account file " + file + " has no \"users\" object");
    }
    TreeMap<String, String> result = new TreeMap<>();
    int index = 0;
    for (Map.Entry<String, Object> e : (JsonObject) users) {
      index++;
      Object entry = e.getValue();
      Object hash = entry instanceof JsonObject ? ((JsonObject) entry).getValue("hash") : null;
      if (e.getKey().isEmpty() || !(hash instanceof String) || ((String) hash).isEmpty()) {
        throw new StoreException("account file " + file + ": entry #" + index
            + " of \"users\" is not a non-empty name mapped to {\"hash\": \"<non-empty string>\"}");
      }
      result.put(e.getKey(), (String) hash);
    }
    return Collections.unmodifiableSortedMap(result);
  }

  private static byte[] serialize(SortedMap<String, String> users) {
    JsonObject u = new JsonObject();
    users.forEach((name, hash) -> u.put(name, new JsonObject().put("hash", hash)));
    String text = new JsonObject().put("version", FORMAT_VERSION).put("users", u).encodePrettily();
    return (text + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static DiskState stat(Path file) throws IOException {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return new DiskState(true, a.lastModifiedTime(), a.size(), a.fileKey(), true);
    } catch (NoSuchFileException e) {
      return DiskState.MISSING;
    }
  }

  // ---------------------------------------------------------------------------------- state

  /** Users as last read or written, and the file version they correspond to. */
  private static final class Snapshot {
    final SortedMap<String, String> users; // unmodifiable
    final DiskState disk;

    Snapshot(SortedMap<String, String> users, DiskState disk) {
      this.users = users;
      this.disk = disk;
    }
  }

  /** What we know about the file on disk. */
  private static final class DiskState {
    static final DiskState MISSING = new DiskState(false, null, -1, null, true);
    /** Written but could not stat: never equal to anything, so the next poll re-reads. */
    static final DiskState UNKNOWN = new DiskState(true, null, -1, new Object(), true);

    final boolean exists;
    final FileTime mtime;
    final long size;
    final Object fileKey;
    /** False if the file was found damaged or unreadable. */
    final boolean valid;

    DiskState(boolean exists, FileTime mtime, long size, Object fileKey, boolean valid) {
      this.exists = exists;
      this.mtime = mtime;
      this.size = size;
      this.fileKey = fileKey;
      this.valid = valid;
    }

    boolean sameVersion(DiskState o) {
      return this != UNKNOWN && o != UNKNOWN && exists == o.exists && size == o.size
          && Objects.equals(mtime, o.mtime) && Objects.equals(fileKey, o.fileKey);
    }

    DiskState invalid() {
      return new DiskState(exists, mtime, size, fileKey, false);
    }
  }
}
