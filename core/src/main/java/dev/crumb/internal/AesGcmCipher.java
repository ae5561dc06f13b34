package dev.crumb.internal;

import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A256GCM: AES-256 in Galois/Counter Mode with a 96-bit IV and a 128-bit tag (RFC 7518 5.3).
 *
 * <p>With random IVs, NIST SP 800-38D (section 8.3) allows at most 2^32 encryptions per key, so
 * that the chance of an IV repeating (which would expose the authentication key) stays below
 * 2^-32. Each cipher counts its encryptions in this process and logs one warning when the count
 * reaches a threshold, naming the fix.
 */
final class AesGcmCipher implements ContentCipher {

    static final int KEY_LENGTH = 32;
    static final int IV_LENGTH = 12;
    static final int TAG_LENGTH = 16;

    // One Cipher per thread, shared by all keys: a re-init costs far less than getInstance.
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> newCipher());

    private static final System.Logger LOG = System.getLogger(AesGcmCipher.class.getName());

    private final SecretKeySpec key;
    private final String kid;
    private final long warnAfter;
    private final AtomicLong seals = new AtomicLong();

    AesGcmCipher(byte[] key, String kid, long warnAfter) {
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException(
                    "an A256GCM key must be 32 bytes, got " + key.length);
        }
        if (warnAfter < 1) {
            throw new IllegalArgumentException("warnAfter must be positive, got " + warnAfter);
        }
        this.key = new SecretKeySpec(key, "AES");
        this.kid = kid;
        this.warnAfter = warnAfter;
    }

    @Override
    public int ivLength() {
        return IV_LENGTH;
    }

    @Override
    public int tagLength() {
        return TAG_LENGTH;
    }

    @Override
    public int ciphertextLength(int plaintextLength) {
        return plaintextLength;
    }

    @Override
    public int encrypt(byte[] iv, byte[] aad, byte[] plaintext, int off, int len, byte[] out, int outOff) {
        if (iv.length != IV_LENGTH) {
            throw new IllegalArgumentException("A256GCM needs a 12-byte IV, got " + iv.length);
        }
        if (seals.incrementAndGet() == warnAfter) {
            // Exactly one thread sees the count equal the threshold: one warning per key.
            LOG.log(System.Logger.Level.WARNING, "key ''{0}'' has sealed {1} tokens in this process; "
                    + "AES-GCM with random IVs allows at most 2^32 per key (NIST SP 800-38D), counted over "
                    + "every process that seals with it. Rotate: make a new key primary "
                    + "(KeyRing.withPrimary) or use a rotating ring (KeyRing.rotating)", kid, warnAfter);
        }
        Cipher cipher = CIPHERS.get();
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, iv));
            cipher.updateAAD(aad);
            return cipher.doFinal(plaintext, off, len, out, outOff);
        } catch (GeneralSecurityException e) {
            // Lengths are checked above and the key at construction, so this is a broken JCA.
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    @Override
    public byte[] decrypt(byte[] iv, byte[] aad, byte[] ciphertext, int ctOff, int ctLen, byte[] tag) {
        if (tag.length != TAG_LENGTH || ctLen < 0) {
            return null;
        }
        // The same path as opening a token, so the vectors that test this test that.
        byte[] sealed = new byte[ctLen + TAG_LENGTH];
        System.arraycopy(ciphertext, ctOff, sealed, 0, ctLen);
        System.arraycopy(tag, 0, sealed, ctLen, TAG_LENGTH);
        int n = decryptInPlace(iv, aad, sealed, 0, sealed.length);
        return n < 0 ? null : java.util.Arrays.copyOf(sealed, n);
    }

    /**
     * One {@code doFinal} over ciphertext and tag together, in place. The JDK's GCM buffers every
     * byte given to {@code update} while decrypting (it must not release plaintext before the tag
     * is checked), so feeding ciphertext and tag in two calls would copy the ciphertext through a
     * growing internal buffer, and a separate output is one more array; this form needs neither. The JDK clears
     * the output when the tag is wrong.
     */
    @Override
    public int decryptInPlace(byte[] iv, byte[] aad, byte[] sealed, int off, int len) {
        if (iv.length != IV_LENGTH || len < TAG_LENGTH) {
            return -1;
        }
        Cipher cipher = CIPHERS.get();
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, iv));
            cipher.updateAAD(aad);
            return cipher.doFinal(sealed, off, len, sealed, off);
        } catch (GeneralSecurityException | IllegalStateException e) {
            return -1;
        }
    }

    /** Encryptions by this cipher so far, in this process. */
    long seals() {
        return seals.get();
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no AES/GCM/NoPadding cipher", e);
        }
    }
}
