package io.bester.daemon.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.hashing.HashString;
import io.vertx.ext.auth.hashing.HashingAlgorithm;
import io.vertx.ext.auth.hashing.HashingStrategy;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Password hashing with PBKDF2-HMAC-SHA512, using vertx-auth-common's {@code pbkdf2}
 * {@link HashingAlgorithm} (which is PBKDF2WithHmacSHA512 with a 512-bit output and takes the
 * iteration count from the {@code it} parameter).
 *
 * <p>Hash string format (PHC-style, as written by {@link HashString#encode}):
 *
 * <pre>
 *   $pbkdf2$it=210000$&lt;salt&gt;$&lt;hash&gt;
 * </pre>
 *
 * <ul>
 *   <li>{@code it}: iteration count, decimal ({@value #ITERATIONS} for new hashes);
 *   <li>{@code salt}: 16 random bytes from {@link SecureRandom}, standard Base64 without padding
 *       (22 characters);
 *   <li>{@code hash}: the 64-byte derived key, standard Base64 without padding (86 characters).
 * </ul>
 *
 * <p>The password is normalised to Unicode NFC before hashing and verifying, so the same password
 * typed as precomposed or decomposed characters verifies.
 *
 * <p>All hashing runs on the Vert.x worker pool ({@code executeBlocking}, unordered, so concurrent
 * logins on one event loop are not serialised); the methods may be called from any thread.
 */
public final class PasswordHasher {

  private static final Logger LOG = Logger.getLogger(PasswordHasher.class.getName());

  /** PBKDF2 iterations for new hashes (OWASP 2023 recommendation for PBKDF2-HMAC-SHA512). */
  public static final int ITERATIONS = 210_000;
  /** Salt length in bytes. */
  public static final int SALT_BYTES = 16;
  /** Length in bytes of the derived key (PBKDF2-HMAC-SHA512 in vertx-auth-common: 512 bits). */
  public static final int HASH_BYTES = 64;
  /** The PHC identifier. */
  public static final String ALGORITHM_ID = "pbkdf2";

  /** Stored hashes claiming more iterations than this are treated as malformed (DoS guard). */
  private static final int MAX_ITERATIONS = 10_000_000;
  private static final String PREFIX = "$" + ALGORITHM_ID + "$";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODER = Base64.getDecoder();
  private static final HashingStrategy STRATEGY = loadStrategy();

  private final Vertx vertx;

  public PasswordHasher(Vertx vertx) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
  }

  /** Hashes a password with a fresh random salt; completes with the PHC string. */
  public Future<String> hash(String password) {
    if (password == null) {
      return Future.failedFuture(new IllegalArgumentException("password is null"));
    }
    return vertx.executeBlocking(() -> hashBlocking(password), false);
  }

  /**
   * Checks a password against a hash string. Completes with {@code false} (never fails) for a wrong
   * password, a {@code null} password or a malformed hash string; a malformed hash still costs one
   * full-strength PBKDF2 computation.
   */
  public Future<Boolean> verify(String phcHash, String password) {
    return vertx.executeBlocking(() -> verifyBlocking(phcHash, password), false);
  }

  /**
   * Costs the same as {@link #verify} of a real user (one PBKDF2 at {@value #ITERATIONS}
   * iterations against a dummy hash) and always completes with {@code false}. Use it when the user
   * does not exist so that response times do not reveal which usernames exist.
   */
  public Future<Boolean> verifyUnknownUser(String password) {
    return vertx.executeBlocking(() -> {
      verifyBlocking(DummyHash.VALUE, password);
      return false;
    }, false);
  }

  // ---------------------------------------------------------------- blocking implementation

  static String hashBlocking(String password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return STRATEGY.hash(ALGORITHM_ID, Map.of("it", Integer.toString(ITERATIONS)),
        B64.encodeToString(salt), normalize(password));
  }

  static boolean verifyBlocking(String phcHash, String password) {
    String pw = password == null ? "" : normalize(password);
    Parsed parsed = parse(phcHash);
    if (parsed == null) {
      LOG.warning("stored password hash is malformed; treating it as a mismatch");
      parsed = parse(DummyHash.VALUE);
      computeBase64(parsed.hashString, pw); // same cost as a real verification
      return false;
    }
    byte[] actual = B64_DECODER.decode(computeBase64(parsed.hashString, pw));
    boolean equal = MessageDigest.isEqual(parsed.expected, actual);
    return equal && password != null;
  }

  private static String computeBase64(HashString hashString, String password) {
    return STRATEGY.get(ALGORITHM_ID).hash(hashString, password);
  }

  /** A parsed, validated hash string. */
  private static final class Parsed {
    final HashString hashString;
    final byte[] expected;

    Parsed(HashString hashString, byte[] expected) {
      this.hashString = hashString;
      this.expected = expected;
    }
  }

  /** Parses and validates {@code $pbkdf2$it=N$salt$hash}; null if malformed. */
  private static Parsed parse(String phc) {
    if (phc == null || !phc.startsWith(PREFIX) || phc.split("\\$", -1).length != 5) {
      return null;
    }
    try {
      HashString hs = new HashString(phc);
      if (!ALGORITHM_ID.equals(hs.id()) || hs.salt() == null || hs.hash() == null) {
        return null;
      }
      // vertx-auth-common silently falls back to 10000 iterations on a missing or bad "it";
      // refuse such strings instead.
      String it = hs.param("it");
      if (it == null || !it.matches("[0-9]{1,8}")) {
        return null;
      }
      int iterations = Integer.parseInt(it);
      if (iterations < 1 || iterations > MAX_ITERATIONS) {
        return null;
      }
      if (B64_DECODER.decode(hs.salt()).length == 0) {
        return null;
      }
      byte[] expected = B64_DECODER.decode(hs.hash());
      if (expected.length != HASH_BYTES) {
        return null;
      }
      return new Parsed(hs, expected);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Extracts the iteration count of a hash string produced by this class; -1 if malformed. */
  static int iterations(String phcHash) {
    Parsed p = parse(phcHash);
    return p == null ? -1 : Integer.parseInt(p.hashString.param("it"));
  }

  private static String normalize(String password) {
    return Normalizer.normalize(password, Normalizer.Form.NFC);
  }

  private static HashingStrategy loadStrategy() {
    HashingStrategy strategy = HashingStrategy.load();
    if (strategy.get(ALGORITHM_ID) == null) {
      // The service file can get lost when repackaging; register the algorithm explicitly.
      LOG.log(Level.FINE, "pbkdf2 not found through ServiceLoader, registering it directly");
      strategy.put(ALGORITHM_ID, new io.vertx.ext.auth.impl.hash.PBKDF2());
    }
    return strategy;
  }

  /**
   * A well-formed hash string with the current parameters, a random salt and a random derived key,
   * created on first use. Verifying against it costs exactly one real PBKDF2 computation, and no
   * password matches it (short of a 512-bit collision).
   */
  private static final class DummyHash {
    static final String VALUE = create();

    private static String create() {
      byte[] salt = new byte[SALT_BYTES];
      byte[] key = new byte[HASH_BYTES];
      RANDOM.nextBytes(salt);
      RANDOM.nextBytes(key);
      return PREFIX + "it=" + ITERATIONS + "$" + B64.encodeToString(salt) + "$"
          + B64.encodeToString(key);
    }
  }
}
