package dev.crumb;

import dev.crumb.internal.ContentCipher;
import dev.crumb.internal.Nonces;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One secret key with its key id ({@code kid}) and content algorithm.
 *
 * <p>The secret is copied in and never handed out, {@link #toString()} is redacted, and
 * {@link #equals(Object)} compares secrets in constant time. A kid is public: it travels in every
 * cookie's header, so it must not encode anything secret.
 */
final class SessionKey {

    private static final Pattern KID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final String kid;
    private final ContentAlgorithm algorithm;
    private final byte[] secret;
    private final ContentCipher cipher;

    private SessionKey(String kid, ContentAlgorithm algorithm, byte[] secret) {
        this.kid = kid;
        this.algorithm = algorithm;
        this.secret = secret;
        this.cipher = algorithm == ContentAlgorithm.A256GCM
                ? ContentCipher.aesGcm(secret, kid)
                : ContentCipher.aesCbcHmacSha512(secret);
    }

    /**
     * A key from its bytes (copied).
     *
     * @throws IllegalArgumentException if the kid is not 1 to 64 of {@code A-Z a-z 0-9 . _ : -},
     *     or the secret is not exactly the algorithm's key length
     */
    public static SessionKey of(String kid, ContentAlgorithm algorithm, byte[] secret) {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(secret, "secret");
        checkKid(kid);
        if (secret.length != algorithm.keyLength()) {
            throw new IllegalArgumentException("key '" + kid + "' is " + secret.length + " bytes but "
                    + algorithm.joseName() + " needs exactly " + algorithm.keyLength()
                    + " bytes (" + algorithm.keyLength() * 8 + " bits); generate one with "
                    + "KeyRing.generate or the crumb cli's keygen");
        }
        return new SessionKey(kid, algorithm, secret.clone());
    }

    /** A new random key from the system's strong random source. */
    public static SessionKey generate(String kid, ContentAlgorithm algorithm) {
        checkKid(kid);
        return new SessionKey(kid, algorithm, Nonces.bytes(algorithm.keyLength()));
    }

    /** The key id, as written in the {@code kid} header of every token this key seals. */
    public String kid() {
        return kid;
    }

    /** The content encryption algorithm. */
    public ContentAlgorithm algorithm() {
        return algorithm;
    }

    ContentCipher cipher() {
        return cipher;
    }

    /** A copy of the secret, for export to a JWK Set only. */
    byte[] secretCopy() {
        return secret.clone();
    }

    static void checkKid(String kid) {
        if (kid == null || !KID.matcher(kid).matches()) {
            throw new IllegalArgumentException("kid " + shownKid(kid)
                    + " is not valid; use 1 to 64 characters of A-Z a-z 0-9 . _ : -");
        }
    }

    /**
     * The kid in quotes if it is short, as {@link ContentAlgorithm} shows an algorithm name;
     * otherwise only its length, since a long value where a kid belongs may be a key pasted into
     * the wrong member.
     */
    static String shownKid(String kid) {
        if (kid == null) {
            return "null";
        }
        return kid.length() <= MAX_SHOWN_KID ? "'" + kid + "'" : "of " + kid.length() + " characters (not shown)";
    }

    private static final int MAX_SHOWN_KID = 20;

    /** Equal when kid, algorithm and secret are equal; the secrets are compared in constant time. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SessionKey other)) {
            return false;
        }
        return kid.equals(other.kid) && algorithm == other.algorithm
                && MessageDigest.isEqual(secret, other.secret);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kid, algorithm);
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "SessionKey[kid=" + kid + ", alg=" + algorithm.joseName() + ", secret=<redacted>]";
    }
}
