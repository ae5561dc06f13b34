package dev.crumb.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A256CBC-HS512 (RFC 7518 section 5.2.5): AES-256-CBC with PKCS#7 padding, then HMAC-SHA-512 over
 * {@code AAD || IV || ciphertext || AL} truncated to 256 bits. The first half of the 64-byte key
 * is the MAC key, the second half the encryption key.
 *
 * <p>The tag is checked in constant time before any decryption, and a padding failure after a
 * valid tag returns the same {@code null} as a bad tag, so there is no padding oracle.
 */
final class AesCbcHmacSha2Cipher implements ContentCipher {

    static final int KEY_LENGTH = 64;
    static final int IV_LENGTH = 16;
    static final int TAG_LENGTH = 32;
    private static final int BLOCK = 16;

    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/CBC/PKCS5Padding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no AES/CBC/PKCS5Padding cipher", e);
        }
    });
    private final SecretKeySpec macKey;
    private final SecretKeySpec encKey;
    // One Mac per thread and key, keyed once: doFinal leaves it ready for the next tag.
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    AesCbcHmacSha2Cipher(byte[] key) {
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException(
                    "an A256CBC-HS512 key must be 64 bytes, got " + key.length);
        }
        this.macKey = new SecretKeySpec(key, 0, 32, "HmacSHA512");
        this.encKey = new SecretKeySpec(key, 32, 32, "AES");
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
        return (plaintextLength / BLOCK + 1) * BLOCK;
    }

    @Override
    public int encrypt(byte[] iv, byte[] aad, byte[] plaintext, int off, int len, byte[] out, int outOff) {
        if (iv.length != IV_LENGTH) {
            throw new IllegalArgumentException("A256CBC-HS512 needs a 16-byte IV, got " + iv.length);
        }
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.ENCRYPT_MODE, encKey, new IvParameterSpec(iv));
            int ctLen = cipher.doFinal(plaintext, off, len, out, outOff);
            byte[] tag = tag(aad, iv, out, outOff, ctLen);
            System.arraycopy(tag, 0, out, outOff + ctLen, TAG_LENGTH);
            return ctLen + TAG_LENGTH;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CBC encryption failed", e);
        }
    }

    @Override
    public byte[] decrypt(byte[] iv, byte[] aad, byte[] ciphertext, int ctOff, int ctLen, byte[] tag) {
        if (iv.length != IV_LENGTH || tag.length != TAG_LENGTH
                || ctLen < BLOCK || ctLen % BLOCK != 0) {
            return null;
        }
        byte[] expected = tag(aad, iv, ciphertext, ctOff, ctLen);
        if (!MessageDigest.isEqual(expected, tag)) {
            return null;
        }
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.DECRYPT_MODE, encKey, new IvParameterSpec(iv));
            return cipher.doFinal(ciphertext, ctOff, ctLen);
        } catch (GeneralSecurityException | IllegalStateException e) {
            return null;
        }
    }

    private byte[] tag(byte[] aad, byte[] iv, byte[] ct, int ctOff, int ctLen) {
        Mac mac = macs.get();
        // A no-op after doFinal; it matters only if a previous tag was abandoned half-way.
        mac.reset();
        mac.update(aad);
        mac.update(iv);
        mac.update(ct, ctOff, ctLen);
        long aadBits = (long) aad.length * 8;
        byte[] al = new byte[8];
        for (int i = 7; i >= 0; i--) {
            al[i] = (byte) aadBits;
            aadBits >>>= 8;
        }
        mac.update(al);
        return Arrays.copyOf(mac.doFinal(), TAG_LENGTH);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(macKey);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no usable HmacSHA512", e);
        }
    }
}
