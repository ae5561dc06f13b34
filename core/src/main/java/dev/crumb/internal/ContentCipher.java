package dev.crumb.internal;

import java.util.Arrays;

/**
 * Authenticated content encryption as JWE uses it (RFC 7518 section 5): a fixed key, a fresh IV
 * per message, additional authenticated data, and a tag that covers AAD, IV and ciphertext.
 *
 * <p>Instances are immutable and safe to share between threads; each implementation keeps its
 * JCA objects per thread so that no call pays for {@code Cipher.getInstance}.
 */
public interface ContentCipher {

    /** IV length in bytes this algorithm requires (12 for A256GCM, 16 for A256CBC-HS512). */
    int ivLength();

    /** Full tag length in bytes (16 for A256GCM, 32 for A256CBC-HS512). */
    int tagLength();

    /** Length of the ciphertext (without tag) for a plaintext of {@code plaintextLength} bytes. */
    int ciphertextLength(int plaintextLength);

    /**
     * Encrypts {@code plaintext[off, off+len)} and writes ciphertext followed by the tag into
     * {@code out} at {@code outOff}.
     *
     * @return the number of bytes written: {@code ciphertextLength(len) + tagLength()}
     */
    int encrypt(byte[] iv, byte[] aad, byte[] plaintext, int off, int len, byte[] out, int outOff);

    /**
     * Verifies the tag and decrypts.
     *
     * @return the plaintext, or {@code null} on any failure: a wrong tag, wrong lengths, or bad
     *     padding all look the same to the caller
     */
    byte[] decrypt(byte[] iv, byte[] aad, byte[] ciphertext, int ctOff, int ctLen, byte[] tag);

    /**
     * Verifies and decrypts {@code sealed[off, off+len)}, the ciphertext immediately followed by
     * the full tag (as {@link #encrypt} writes them), leaving the plaintext at {@code sealed[off]}.
     * Same checks as {@link #decrypt(byte[], byte[], byte[], int, int, byte[])}; on failure the
     * range holds nothing of use. An implementation overrides it where its JCA cipher works in
     * place more cheaply.
     *
     * @return the plaintext's length, or -1 on any failure: a wrong tag, wrong lengths, or bad
     *     padding all look the same to the caller
     */
    default int decryptInPlace(byte[] iv, byte[] aad, byte[] sealed, int off, int len) {
        int ctLen = len - tagLength();
        if (ctLen < 0) {
            return -1;
        }
        byte[] plaintext = decrypt(iv, aad, sealed, off, ctLen,
                Arrays.copyOfRange(sealed, off + ctLen, off + len));
        if (plaintext == null) {
            return -1;
        }
        System.arraycopy(plaintext, 0, sealed, off, plaintext.length);
        return plaintext.length;
    }

    /**
     * Encryptions per A256GCM key in one process after which Crumb warns: 2^28, a sixteenth of
     * the 2^32 that NIST SP 800-38D allows with random IVs, leaving room for the other processes
     * that seal with the same key.
     */
    long GCM_SEAL_WARNING = 1L << 28;

    /** An A256GCM cipher for a 32-byte key, warning once after {@link #GCM_SEAL_WARNING} encryptions. */
    static ContentCipher aesGcm(byte[] key, String kid) {
        return new AesGcmCipher(key, kid, GCM_SEAL_WARNING);
    }

    /** An A256CBC-HS512 cipher (RFC 7518 section 5.2.5) for a 64-byte key. */
    static ContentCipher aesCbcHmacSha512(byte[] key) {
        return new AesCbcHmacSha2Cipher(key);
    }
}
