package dev.crumb;

import dev.crumb.internal.Base64Url;
import dev.crumb.internal.Hkdf;
import dev.crumb.internal.JwkSets;
import dev.crumb.internal.Nonces;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The keys a codec seals and opens with: one primary key that seals, and older keys that still
 * open, each known by its {@code kid}.
 *
 * <p>Rotation without downtime is three steps: add the new key to every node's ring as a
 * non-primary key, then make it primary, then (after the longest session lifetime) remove the old
 * one. Tokens sealed with a non-primary key open with {@code needsReseal}, so active sessions move
 * to the primary key on their next commit. A token whose key was removed is
 * {@link RejectReason#UNKNOWN_KEY}.
 *
 * <p>A {@linkplain #rotating rotating} ring needs no such steps: it derives one key per period from
 * a master secret, seals with the current period's key and opens the previous and the next, so
 * every node of a cluster agrees on the keys with nothing but the shared secret and the clock.
 *
 * <p>Rings are immutable and thread-safe.
 */
public final class KeyRing {

    /** Shortest master secret accepted, in bytes. */
    public static final int MIN_MASTER_SECRET = 32;

    private static final byte[] SALT_DERIVED = ascii("crumb/derived-key/v1");
    private static final byte[] SALT_ROTATING = ascii("crumb/rotating-key/v1");
    private static final byte[] INFO_KID = ascii("crumb/kid/v1");

    private final List<SessionKey> keys;        // fixed rings: primary first
    private final Rotation rotation;            // rotating rings only
    private volatile Window window;             // rotating rings: the keys of the last period seen

    private KeyRing(List<SessionKey> keys, Rotation rotation) {
        this.keys = keys;
        this.rotation = rotation;
    }

    /**
     * A ring of the given keys; {@code primary} seals, all open.
     *
     * @throws IllegalArgumentException if two keys share a kid
     */
    static KeyRing of(SessionKey primary, SessionKey... others) {
        Objects.requireNonNull(primary, "primary key");
        List<SessionKey> all = new ArrayList<>();
        all.add(primary);
        for (SessionKey k : others) {
            all.add(Objects.requireNonNull(k, "key"));
        }
        return fixed(all);
    }

    /**
     * A ring from a JWK Set (RFC 7517) of {@code oct} keys, each with a {@code kid} and an
     * {@code alg} of {@code A256GCM} or {@code A256CBC-HS512}. The key named by the set's
     * top-level {@code "primary"} member seals, or the first key when there is none.
     *
     * @throws IllegalArgumentException naming the problem: no keys, a key of the wrong type or
     *     size, a missing or duplicate kid, an unknown algorithm, or a primary that is not in the set
     */
    public static KeyRing fromJwkSet(String json) {
        JwkSets.Parsed parsed = JwkSets.parse(json);
        if (parsed.keys().isEmpty()) {
            throw new IllegalArgumentException("the JWK Set has no keys; add at least one oct key "
                    + "(generate one with KeyRing.generate().toJwkSet(Instant.now()) or the crumb cli's keygen)");
        }
        List<SessionKey> all = new ArrayList<>();
        for (JwkSets.Entry e : parsed.keys()) {
            all.add(SessionKey.of(e.kid(), ContentAlgorithm.fromJoseName(e.alg()), e.secret()));
            Arrays.fill(e.secret(), (byte) 0);
        }
        if (parsed.primaryKid() != null) {
            SessionKey primary = all.stream().filter(k -> k.kid().equals(parsed.primaryKid()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("the JWK Set names primary kid "
                            + SessionKey.shownKid(parsed.primaryKid()) + " but has no key with that kid; fix \"primary\""));
            all.remove(primary);
            all.add(0, primary);
        }
        return fixed(all);
    }

    /**
     * A ring from an environment variable holding a JWK Set (see {@link #fromJwkSet}).
     *
     * @throws IllegalStateException if the variable is unset or empty
     */
    public static KeyRing fromEnvironment(String variable) {
        return fromEnvironment(variable, System::getenv);
    }

    static KeyRing fromEnvironment(String variable, Function<String, String> env) {
        Objects.requireNonNull(variable, "variable");
        String value = env.apply(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + variable + " is not set; set it to "
                    + "a JWK Set, e.g. the output of KeyRing.generate().toJwkSet(Instant.now()) or the crumb cli's keygen");
        }
        try {
            return fromJwkSet(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("environment variable " + variable + ": " + e.getMessage(), e);
        }
    }

    /**
     * A ring of A256GCM keys derived with HKDF-SHA256 (RFC 5869): the key of
     * {@code masterSecret} seals, the keys of the fallbacks (earlier master secrets) still open.
     * Each kid is a fingerprint of its secret, so every node derives the same ring.
     *
     * @throws IllegalArgumentException if a secret is shorter than 32 bytes or two are equal
     */
    public static KeyRing derive(byte[] masterSecret, byte[]... fallbacks) {
        List<SessionKey> all = new ArrayList<>();
        all.add(derivedKey(masterSecret));
        for (byte[] f : fallbacks) {
            all.add(derivedKey(f));
        }
        return fixed(all);
    }

    /**
     * A ring that derives one A256GCM key per {@code period} from {@code masterSecret}: it seals
     * with the current period's key and opens the previous and the next period's, so a token lives
     * at least one full period after it was sealed (choose a period no shorter than the idle
     * timeout) and nodes whose clocks differ by less than a period agree. Keep the seals of one
     * period well under the 2^32 that AES-GCM with random IVs allows per key (NIST SP 800-38D):
     * at 100,000 seals per second across the cluster, 30 minutes is 1.8 x 10^8.
     *
     * @throws IllegalArgumentException if the secret is shorter than 32 bytes or the period is
     *     shorter than one minute
     */
    public static KeyRing rotating(byte[] masterSecret, Duration period) {
        checkMaster(masterSecret, "master secret");
        Objects.requireNonNull(period, "period");
        if (period.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("rotation period must be at least one minute, got " + period);
        }
        return new KeyRing(null, new Rotation(masterSecret.clone(), period.getSeconds()));
    }

    /** A ring of one new random A256GCM key with a random kid, for tests and development. */
    public static KeyRing generate() {
        return generate("g-" + Base64Url.encode(Nonces.bytes(6)), ContentAlgorithm.A256GCM.joseName());
    }

    /**
     * A ring of one new random key from the system's strong random source.
     *
     * @param kid its key id: 1 to 64 of {@code A-Z a-z 0-9 . _ : -}; public, it travels in every cookie
     * @param algorithm {@code A256GCM} (the fastest and smallest) or {@code A256CBC-HS512}
     * @throws IllegalArgumentException naming the fix for a bad kid or an unknown algorithm
     */
    public static KeyRing generate(String kid, String algorithm) {
        return of(SessionKey.generate(kid, ContentAlgorithm.fromJoseName(algorithm)));
    }

    /** The kid of the key that seals at {@code now}. */
    public String primaryKid(Instant now) {
        return primary(now).kid();
    }

    /** The kids of every key that opens at {@code now}, the primary's first. */
    public List<String> kids(Instant now) {
        return keys(now).stream().map(SessionKey::kid).toList();
    }

    /**
     * The content algorithm ({@code enc}) of the key with that kid: {@code A256GCM} or
     * {@code A256CBC-HS512}. Every key of a derived or rotating ring is {@code A256GCM}.
     *
     * @throws IllegalArgumentException if a fixed ring has no key with that kid
     */
    public String algorithm(String kid) {
        if (rotation != null) {
            return ContentAlgorithm.A256GCM.joseName();
        }
        return key(kid).algorithm().joseName();
    }

    /** The key that seals at {@code now}. */
    SessionKey primary(Instant now) {
        return rotation == null ? keys.get(0) : window(now).keys.get(0);
    }

    /** Every key that opens at {@code now}, the primary first. */
    List<SessionKey> keys(Instant now) {
        return rotation == null ? keys : window(now).keys;
    }

    /** Whether this ring derives its keys per period. */
    public boolean isRotating() {
        return rotation != null;
    }

    /** The rotation period of a rotating ring, or null for a fixed one. */
    public Duration rotationPeriod() {
        return rotation == null ? null : Duration.ofSeconds(rotation.periodSeconds);
    }

    /**
     * This ring's keys followed by those of {@code others}, which open too; this ring's primary
     * still seals. A rotation on a fixed ring: stage a new key with
     * {@code ring.followedBy(KeyRing.generate(kid, alg))} on every node, then promote it with
     * {@link #withPrimary}; or add it as primary at once with
     * {@code KeyRing.generate(kid, alg).followedBy(ring)}.
     *
     * @throws IllegalArgumentException if a kid of {@code others} is already in this ring
     * @throws IllegalStateException if either ring is rotating
     */
    public KeyRing followedBy(KeyRing others) {
        requireFixed("followedBy");
        others.requireFixed("followedBy");
        List<SessionKey> all = new ArrayList<>(keys);
        all.addAll(others.keys);
        return fixed(all);
    }

    /**
     * This ring with the key of that kid as the primary; the other keys still open. The
     * "promote" step of a rotation on a fixed ring.
     *
     * @throws IllegalArgumentException if no key has that kid
     */
    public KeyRing withPrimary(String kid) {
        requireFixed("withPrimary");
        SessionKey primary = key(kid);
        List<SessionKey> all = new ArrayList<>();
        all.add(primary);
        keys.stream().filter(k -> k != primary).forEach(all::add);
        return fixed(all);
    }

    private SessionKey key(String kid) {
        for (SessionKey k : keys) {
            if (k.kid().equals(kid)) {
                return k;
            }
        }
        throw new IllegalArgumentException("no key with kid '" + abbreviate(kid) + "' in this ring; its kids are "
                + keys.stream().map(SessionKey::kid).toList());
    }

    private static String abbreviate(String kid) {
        return kid == null || kid.length() <= 64 ? String.valueOf(kid) : kid.substring(0, 64) + "...";
    }

    /**
     * This ring without the key of that kid; its tokens become {@link RejectReason#UNKNOWN_KEY}.
     *
     * @throws IllegalArgumentException if no key has that kid or it is the primary
     */
    public KeyRing without(String kid) {
        requireFixed("without");
        if (keys.get(0).kid().equals(kid)) {
            throw new IllegalArgumentException("key '" + kid + "' is the primary; make another key "
                    + "primary before removing it");
        }
        SessionKey gone = key(kid);
        List<SessionKey> rest = new ArrayList<>(keys);
        rest.remove(gone);
        return fixed(rest);
    }

    /**
     * The ring as a JWK Set with the primary named in a top-level {@code "primary"} member. For a
     * rotating ring, the keys of the window at {@code now}; a fixed ring's keys do not depend on
     * it. The output contains the secrets.
     */
    public String toJwkSet(Instant now) {
        List<JwkSets.Entry> entries = new ArrayList<>();
        for (SessionKey k : keys(now)) {
            entries.add(new JwkSets.Entry(k.kid(), k.algorithm().joseName(), k.secretCopy()));
        }
        return JwkSets.write(entries, primary(now).kid());
    }

    /** Whether a token sealed with {@code key} should be re-sealed with the primary at {@code now}. */
    boolean needsReseal(SessionKey key, Instant now) {
        if (rotation == null) {
            return key != keys.get(0);
        }
        Window w = window(now);
        // Compared by kid: threads at a period boundary may each have built their own window.
        // The next period's key (a node whose clock runs ahead) is newer, not older: keep it.
        return !key.kid().equals(w.keys.get(0).kid()) && !key.kid().equals(w.keys.get(2).kid());
    }

    /** Kids only: secrets never print. */
    @Override
    public String toString() {
        if (rotation != null) {
            return "KeyRing[rotating every " + Duration.ofSeconds(rotation.periodSeconds) + "]";
        }
        StringBuilder sb = new StringBuilder("KeyRing[primary=").append(keys.get(0).kid());
        if (keys.size() > 1) {
            sb.append(", also opens=");
            for (int i = 1; i < keys.size(); i++) {
                sb.append(i > 1 ? "," : "").append(keys.get(i).kid());
            }
        }
        return sb.append(']').toString();
    }

    private Window window(Instant now) {
        long period = Math.floorDiv(now.getEpochSecond(), rotation.periodSeconds);
        Window w = window;
        if (w == null || w.period != period) {
            w = new Window(period, List.of(
                    rotation.key(period), rotation.key(period - 1), rotation.key(period + 1)));
            window = w;
        }
        return w;
    }

    private void requireFixed(String operation) {
        if (rotation != null) {
            throw new IllegalStateException(operation + " applies to fixed rings; a rotating ring "
                    + "derives its keys from the master secret and the clock");
        }
    }

    private static KeyRing fixed(List<SessionKey> all) {
        Set<String> kids = new HashSet<>();
        for (SessionKey k : all) {
            if (!kids.add(k.kid())) {
                throw new IllegalArgumentException("two keys share kid '" + k.kid()
                        + "'; every key in a ring needs a unique kid");
            }
        }
        return new KeyRing(List.copyOf(all), null);
    }

    private static SessionKey derivedKey(byte[] secret) {
        checkMaster(secret, "master secret");
        byte[] key = Hkdf.sha256(secret, SALT_DERIVED, ascii("crumb/session-key/A256GCM"), 32);
        String kid = "d-" + fingerprint(secret);
        SessionKey k = SessionKey.of(kid, ContentAlgorithm.A256GCM, key);
        Arrays.fill(key, (byte) 0);
        return k;
    }

    /** A public, non-reversible name for a secret: 48 bits of HKDF output. */
    private static String fingerprint(byte[] secret) {
        return Base64Url.encode(Hkdf.sha256(secret, null, INFO_KID, 6));
    }

    private static void checkMaster(byte[] secret, String what) {
        Objects.requireNonNull(secret, what);
        if (secret.length < MIN_MASTER_SECRET) {
            throw new IllegalArgumentException(what + " is " + secret.length + " bytes; it needs at least "
                    + MIN_MASTER_SECRET + " random bytes (e.g. 32 bytes from SecureRandom, "
                    + "not a password)");
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private record Window(long period, List<SessionKey> keys) {}

    private static final class Rotation {
        final byte[] master;
        final long periodSeconds;
        final String fingerprint;

        Rotation(byte[] master, long periodSeconds) {
            this.master = master;
            this.periodSeconds = periodSeconds;
            this.fingerprint = fingerprint(master);
        }

        SessionKey key(long period) {
            byte[] info = ascii("crumb/session-key/A256GCM/" + periodSeconds + "/" + period);
            byte[] secret = Hkdf.sha256(master, SALT_ROTATING, info, 32);
            SessionKey k = SessionKey.of("r-" + fingerprint + "-" + periodSeconds + "-" + period,
                    ContentAlgorithm.A256GCM, secret);
            Arrays.fill(secret, (byte) 0);
            return k;
        }
    }
}
