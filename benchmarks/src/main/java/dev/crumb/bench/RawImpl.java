package dev.crumb.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.infra.Blackhole;

/**
 * RAW, the physical floor of any encrypted cookie session: Jackson {@code writeValueAsBytes} of
 * the attribute map, a random IV from one {@link SecureRandom}, a JCA {@code Cipher} made once and
 * re-initialised per call, {@code iv ‖ ciphertext ‖ tag} in one array, and the JDK's unpadded
 * base64url; opening reverses it and reads the whole map with {@code readValue}.
 *
 * <p>No format at all: no header, no key id (it seals and opens with the fixture's primary key
 * only), no session id, no times, no expiry, no size or strictness checks. Its tokens are not
 * JWEs. For A256GCM it is exactly the baseline of issue 17; for A256CBC-HS512 it does the same with
 * AES-CBC and a truncated HMAC-SHA-512 over {@code iv ‖ ciphertext} (RFC 7518's keys: MAC key
 * first, then encryption key), so both algorithms have their floor. Not thread-safe: one instance
 * per thread.
 */
final class RawImpl implements Impl {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecureRandom random = new SecureRandom();
    private final Aead aead;

    RawImpl(Fixture fixture) {
        byte[] secret = fixture.keys().get(0).secret();
        try {
            this.aead = fixture.algorithm() == Alg.A256GCM ? new Gcm(secret) : new CbcHmac(secret);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String seal(SessionInput session) {
        try {
            byte[] json = Json.MAPPER.writeValueAsBytes(session.attributes());
            byte[] iv = new byte[aead.ivLength()];
            random.nextBytes(iv);
            return ENCODER.encodeToString(aead.seal(iv, json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Object open(String token, Blackhole attrs) {
        try {
            byte[] plaintext = aead.open(DECODER.decode(token));
            if (plaintext == null) {
                return null;
            }
            Map<String, Object> attributes = Json.MAPPER.readValue(plaintext, MAP);
            if (attrs != null) {
                for (Object value : attributes.values()) {
                    attrs.consume(value);
                }
            }
            return attributes;
        } catch (IllegalArgumentException | IOException | GeneralSecurityException e) {
            return null;
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> attributes(Object opened) {
        return (Map<String, Object>) opened;
    }

    /** One algorithm over {@code iv ‖ ciphertext ‖ tag}. */
    private interface Aead {
        int ivLength();

        /** {@code iv ‖ ciphertext ‖ tag} in one new array. */
        byte[] seal(byte[] iv, byte[] plaintext) throws GeneralSecurityException;

        /** The plaintext, or null if the array is too short or its tag is wrong. */
        byte[] open(byte[] sealed) throws GeneralSecurityException;
    }

    private static final class Gcm implements Aead {
        private final Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        private final SecretKeySpec key;

        Gcm(byte[] secret) throws GeneralSecurityException {
            this.key = new SecretKeySpec(secret, "AES");
        }

        @Override
        public int ivLength() {
            return 12;
        }

        @Override
        public byte[] seal(byte[] iv, byte[] plaintext) throws GeneralSecurityException {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            byte[] out = new byte[iv.length + cipher.getOutputSize(plaintext.length)];
            System.arraycopy(iv, 0, out, 0, iv.length);
            cipher.doFinal(plaintext, 0, plaintext.length, out, iv.length);
            return out;
        }

        @Override
        public byte[] open(byte[] sealed) throws GeneralSecurityException {
            if (sealed.length < 12 + 16) {
                return null;
            }
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed, 0, 12));
            try {
                return cipher.doFinal(sealed, 12, sealed.length - 12);
            } catch (AEADBadTagException e) {
                return null;
            }
        }
    }

    private static final class CbcHmac implements Aead {
        private final Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
        private final Mac mac = Mac.getInstance("HmacSHA512");
        private final SecretKeySpec encKey;

        CbcHmac(byte[] secret) throws GeneralSecurityException {
            mac.init(new SecretKeySpec(secret, 0, 32, "HmacSHA512"));
            this.encKey = new SecretKeySpec(secret, 32, 32, "AES");
        }

        @Override
        public int ivLength() {
            return 16;
        }

        @Override
        public byte[] seal(byte[] iv, byte[] plaintext) throws GeneralSecurityException {
            cipher.init(Cipher.ENCRYPT_MODE, encKey, new IvParameterSpec(iv));
            int ctLen = cipher.getOutputSize(plaintext.length);
            byte[] out = new byte[16 + ctLen + 32];
            System.arraycopy(iv, 0, out, 0, 16);
            cipher.doFinal(plaintext, 0, plaintext.length, out, 16);
            mac.update(out, 0, 16 + ctLen);
            System.arraycopy(mac.doFinal(), 0, out, 16 + ctLen, 32);
            return out;
        }

        @Override
        public byte[] open(byte[] sealed) throws GeneralSecurityException {
            int ctLen = sealed.length - 16 - 32;
            if (ctLen < 16 || ctLen % 16 != 0) {
                return null;
            }
            mac.update(sealed, 0, 16 + ctLen);
            byte[] tag = Arrays.copyOf(mac.doFinal(), 32);
            if (!MessageDigest.isEqual(tag, Arrays.copyOfRange(sealed, 16 + ctLen, sealed.length))) {
                return null;
            }
            cipher.init(Cipher.DECRYPT_MODE, encKey, new IvParameterSpec(sealed, 0, 16));
            return cipher.doFinal(sealed, 16, ctLen);
        }
    }
}
