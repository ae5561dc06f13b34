package dev.crumb.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.DrbgParameters;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The floor: the least a correct implementation of the same format does with the JDK and Jackson.
 * A constant header per key, a JCA {@code Cipher} (and for A256CBC-HS512 a {@code Mac}) made once
 * and re-initialised per call, {@code java.util.Base64}'s url codec, a DRBG {@code SecureRandom}
 * of its own for IVs, and Jackson databind for the claims. When the attributes are not read,
 * opening streams over the payload for the claims and skips the attributes, as Crumb does.
 *
 * <p>It checks only what it must (header, tag, expiry), is neither strict about base64 nor
 * hardened against hostile JSON, and is not thread-safe: one instance per thread.
 */
final class FloorImpl implements Impl {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final Fixture fixture;
    private final List<KeyContext> keys = new ArrayList<>();
    private final SecureRandom random;

    FloorImpl(Fixture fixture) {
        this.fixture = fixture;
        try {
            this.random = SecureRandom.getInstance("DRBG",
                    DrbgParameters.instantiation(256, DrbgParameters.Capability.NONE, null));
            for (Fixture.RawKey k : fixture.keys()) {
                keys.add(fixture.algorithm() == Alg.A256GCM
                        ? new Gcm(k, fixture) : new CbcHmac(k, fixture));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String seal(SessionInput session) {
        long now = fixture.clock().instant().getEpochSecond();
        KeyContext key = keys.get(0);
        try {
            byte[] json = Json.MAPPER.writeValueAsBytes(
                    JoseClaims.of(session, now, fixture.lifetime().getSeconds()));
            byte[] iv = new byte[key.ivLength()];
            random.nextBytes(iv);
            byte[] sealed = key.encrypt(iv, json);
            int ctLen = sealed.length - key.tagLength();
            return key.header + ".." + ENCODER.encodeToString(iv)
                    + '.' + encode(sealed, 0, ctLen)
                    + '.' + encode(sealed, ctLen, key.tagLength());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Object open(String token, Blackhole attrs) {
        int d1 = token.indexOf('.');
        int d2 = token.indexOf('.', d1 + 1);
        int d3 = token.indexOf('.', d2 + 1);
        int d4 = token.indexOf('.', d3 + 1);
        if (d1 < 0 || d2 != d1 + 1 || d3 < 0 || d4 < 0) {
            return null;
        }
        KeyContext key = null;
        for (KeyContext k : keys) {
            if (k.header.length() == d1 && token.startsWith(k.header)) {
                key = k;
                break;
            }
        }
        if (key == null) {
            return null;
        }
        byte[] chars = token.getBytes(StandardCharsets.ISO_8859_1);
        try {
            byte[] iv = decode(chars, d2 + 1, d3);
            byte[] ct = decode(chars, d3 + 1, d4);
            byte[] tag = decode(chars, d4 + 1, chars.length);
            if (iv.length != key.ivLength() || tag.length != key.tagLength()) {
                return null;
            }
            byte[] payload = key.decrypt(iv, ct, tag);
            if (payload == null) {
                return null;
            }
            long now = fixture.clock().instant().getEpochSecond();
            if (attrs != null) {
                JoseClaims claims = Json.MAPPER.readValue(payload, JoseClaims.class);
                if (now >= claims.exp()) {
                    return null;
                }
                for (Object value : claims.attrs().values()) {
                    attrs.consume(value);
                }
                return claims;
            }
            JoseClaims claims = readSkippingAttributes(payload);
            return claims == null || now >= claims.exp() ? null : claims;
        } catch (IllegalArgumentException | IOException | GeneralSecurityException e) {
            return null;
        }
    }

    @Override
    public Map<String, Object> attributes(Object opened) {
        return ((JoseClaims) opened).attrs();
    }

    /** The claims without attributes, which are only stepped over. */
    private static JoseClaims readSkippingAttributes(byte[] payload) throws IOException {
        String sid = null;
        String sub = null;
        long iat = -1;
        long nbf = -1;
        long exp = -1;
        long authTime = -1;
        try (JsonParser p = Json.MAPPER.createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "sid" -> sid = p.getText();
                    case "sub" -> sub = p.getText();
                    case "iat" -> iat = p.getLongValue();
                    case "nbf" -> nbf = p.getLongValue();
                    case "exp" -> exp = p.getLongValue();
                    case "auth_time" -> authTime = p.getLongValue();
                    default -> p.skipChildren();
                }
            }
        }
        return sid == null || exp < 0 ? null : new JoseClaims(sid, sub, iat, nbf, exp, authTime, null);
    }

    private static byte[] decode(byte[] chars, int from, int to) {
        ByteBuffer out = DECODER.decode(ByteBuffer.wrap(chars, from, to - from));
        byte[] a = out.array();
        return out.remaining() == a.length ? a : Arrays.copyOfRange(a, out.position(), out.limit());
    }

    private static String encode(byte[] b, int off, int len) {
        ByteBuffer out = ENCODER.encode(ByteBuffer.wrap(b, off, len));
        return new String(out.array(), out.arrayOffset() + out.position(), out.remaining(),
                StandardCharsets.ISO_8859_1);
    }

    /** One key: its constant header segment (whose ASCII bytes are the AAD) and its JCA objects. */
    private abstract static class KeyContext {
        final String header;
        final byte[] aad;

        KeyContext(Fixture.RawKey key, Fixture f) {
            String json = "{\"alg\":\"dir\",\"enc\":\"" + f.algorithm().joseName() + "\",\"kid\":\""
                    + key.kid() + "\",\"typ\":\"session+jwe\",\"cn\":\"" + f.cookieName() + "\"}";
            this.header = ENCODER.encodeToString(json.getBytes(StandardCharsets.US_ASCII));
            this.aad = header.getBytes(StandardCharsets.US_ASCII);
        }

        abstract int ivLength();

        abstract int tagLength();

        /** Ciphertext followed by the tag. */
        abstract byte[] encrypt(byte[] iv, byte[] plaintext) throws GeneralSecurityException;

        /** The plaintext, or null if the tag is wrong. */
        abstract byte[] decrypt(byte[] iv, byte[] ct, byte[] tag) throws GeneralSecurityException;
    }

    private static final class Gcm extends KeyContext {
        private final Cipher cipher;
        private final SecretKeySpec key;

        Gcm(Fixture.RawKey k, Fixture f) throws GeneralSecurityException {
            super(k, f);
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
            this.key = new SecretKeySpec(k.secret(), "AES");
        }

        @Override
        int ivLength() {
            return 12;
        }

        @Override
        int tagLength() {
            return 16;
        }

        @Override
        byte[] encrypt(byte[] iv, byte[] plaintext) throws GeneralSecurityException {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(aad);
            return cipher.doFinal(plaintext);
        }

        @Override
        byte[] decrypt(byte[] iv, byte[] ct, byte[] tag) throws GeneralSecurityException {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(aad);
            cipher.update(ct);
            try {
                return cipher.doFinal(tag);
            } catch (javax.crypto.AEADBadTagException e) {
                return null;
            }
        }
    }

    /** RFC 7518 section 5.2.2: HMAC-SHA-512 over AAD, IV, ciphertext and AAD length, halved. */
    private static final class CbcHmac extends KeyContext {
        private final Cipher cipher;
        private final Mac mac;
        private final SecretKeySpec encKey;
        private final byte[] al;

        CbcHmac(Fixture.RawKey k, Fixture f) throws GeneralSecurityException {
            super(k, f);
            this.cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            this.mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(k.secret(), 0, 32, "HmacSHA512"));
            this.encKey = new SecretKeySpec(k.secret(), 32, 32, "AES");
            this.al = ByteBuffer.allocate(8).putLong(aad.length * 8L).array();
        }

        @Override
        int ivLength() {
            return 16;
        }

        @Override
        int tagLength() {
            return 32;
        }

        @Override
        byte[] encrypt(byte[] iv, byte[] plaintext) throws GeneralSecurityException {
            cipher.init(Cipher.ENCRYPT_MODE, encKey, new IvParameterSpec(iv));
            int ctLen = cipher.getOutputSize(plaintext.length);
            byte[] out = new byte[ctLen + 32];
            ctLen = cipher.doFinal(plaintext, 0, plaintext.length, out, 0);
            System.arraycopy(tag(iv, out, ctLen), 0, out, ctLen, 32);
            return ctLen + 32 == out.length ? out : Arrays.copyOf(out, ctLen + 32);
        }

        @Override
        byte[] decrypt(byte[] iv, byte[] ct, byte[] tag) throws GeneralSecurityException {
            if (!MessageDigest.isEqual(Arrays.copyOf(tag(iv, ct, ct.length), 32), tag)) {
                return null;
            }
            cipher.init(Cipher.DECRYPT_MODE, encKey, new IvParameterSpec(iv));
            return cipher.doFinal(ct);
        }

        private byte[] tag(byte[] iv, byte[] ct, int ctLen) {
            mac.update(aad);
            mac.update(iv);
            mac.update(ct, 0, ctLen);
            mac.update(al);
            return mac.doFinal();
        }
    }
}
