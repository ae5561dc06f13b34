package dev.crumb.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.OutputStream;
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
import javax.crypto.AEADBadTagException;
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
 * of its own for IVs, drawn 512 bytes at a time as Crumb draws them, and scratch arrays of its
 * own reused from call to call.
 *
 * <p>Sealing writes the claims with a Jackson {@code JsonGenerator} straight into one reused
 * buffer, the attribute map through a prefetched {@code ObjectWriter}; encrypts that buffer into
 * one array, ciphertext then tag; and base64url-encodes IV, ciphertext and tag into scratch arrays
 * (the JDK encoder writes whole arrays from offset 0; ciphertext and tag are encoded in one pass,
 * and only when the ciphertext's length is not a multiple of three are its last bytes and the tag
 * encoded again on their own), copied with the header and dots into one reused byte array, of
 * which one {@code String} is made.
 *
 * <p>Opening copies each segment's characters out of the token once (the IV and tag, of fixed
 * length, into arrays of its own) and decodes the ciphertext and the tag into one reused array,
 * so that the cipher gets ciphertext and tag as one {@code doFinal} input and decrypts into another
 * reused array. The claims are read with Jackson's streaming parser over that array; the
 * attributes are stepped over when not read, and otherwise read where they stand with a
 * prefetched {@code ObjectReader} for {@code Map<String, Object>}, as plain Java values.
 *
 * <p>It checks only what it must (header, tag and expiry), is neither strict about base64 (a
 * token's characters are taken as their low bytes, so a non-ASCII one reads as some ASCII one;
 * authenticated bytes are unchanged either way) nor hardened against hostile JSON, and is not
 * thread-safe: one instance per thread.
 */
final class FloorImpl implements Impl {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final JavaType ATTRS = Json.MAPPER.getTypeFactory()
            .constructMapType(Map.class, String.class, Object.class);
    private static final ObjectWriter ATTRS_WRITER = Json.MAPPER.writerFor(ATTRS);
    private static final ObjectReader ATTRS_READER = Json.MAPPER.readerFor(ATTRS);
    private static final SerializedString SID = new SerializedString("sid");
    private static final SerializedString SUB = new SerializedString("sub");
    private static final SerializedString IAT = new SerializedString("iat");
    private static final SerializedString NBF = new SerializedString("nbf");
    private static final SerializedString EXP = new SerializedString("exp");
    private static final SerializedString AUTH_TIME = new SerializedString("auth_time");
    private static final SerializedString ATTRS_NAME = new SerializedString("attrs");

    private final Fixture fixture;
    private final List<KeyContext> keys = new ArrayList<>();
    private final SecureRandom random;
    /** Random bytes drawn from {@link #random}, handed out as IVs from {@link #randomAt} on. */
    private final byte[] randomBytes = new byte[512];
    private int randomAt = randomBytes.length;

    /** The claims' JSON as sealing writes it. */
    private final Buffer claims = new Buffer();
    /** Ciphertext and tag encoded in one pass. */
    private byte[] encoded = new byte[0];
    /** The sealed token's characters, of which its {@code String} is made. */
    private byte[] tokenChars = new byte[0];
    /** A ciphertext's last one or two bytes, and their characters. */
    private final byte[][] tail = {new byte[1], new byte[2]};
    private final byte[] tailChars = new byte[3];
    /** An opened token's ciphertext and tag, decoded; and the plaintext they decrypt to. */
    private byte[] sealed = new byte[0];
    private byte[] plaintext = new byte[0];

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
            writeClaims(session, now, now + fixture.lifetime().getSeconds());
            nextIv(key.iv);
            byte[] ctTag = key.encrypt(claims.bytes, claims.length);
            return encode(key, ctTag);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Fills {@code iv} from the DRBG through a buffer, as Crumb does: one draw per 512 bytes
     * instead of one per IV. Each byte is handed out once; an IV is public, so none is wiped.
     */
    private void nextIv(byte[] iv) {
        if (randomBytes.length - randomAt < iv.length) {
            random.nextBytes(randomBytes);
            randomAt = 0;
        }
        System.arraycopy(randomBytes, randomAt, iv, 0, iv.length);
        randomAt += iv.length;
    }

    private void writeClaims(SessionInput s, long now, long exp) throws IOException {
        claims.length = 0;
        try (JsonGenerator g = Json.MAPPER.createGenerator(claims)) {
            g.writeStartObject();
            g.writeFieldName(SID);
            g.writeString(s.sid());
            if (s.subject() != null) {
                g.writeFieldName(SUB);
                g.writeString(s.subject());
            }
            g.writeFieldName(IAT);
            g.writeNumber(now);
            g.writeFieldName(NBF);
            g.writeNumber(now);
            g.writeFieldName(EXP);
            g.writeNumber(exp);
            g.writeFieldName(AUTH_TIME);
            g.writeNumber(s.createdAt());
            if (s.attributes() != null) {
                g.writeFieldName(ATTRS_NAME);
                ATTRS_WRITER.writeValue(g, s.attributes());
            }
            g.writeEndObject();
        }
    }

    /** {@code header..iv.ciphertext.tag}, from the key's IV and {@code ctTag}, ciphertext then tag. */
    private String encode(KeyContext key, byte[] ctTag) {
        int tagLength = key.tag.length;
        int ctLength = ctTag.length - tagLength;
        int ctChars = encodedLength(ctLength);
        int length = key.aad.length + 2 + key.ivChars.length + 1 + ctChars + 1 + key.tagChars.length;
        if (tokenChars.length < length) {
            tokenChars = new byte[length];
        }
        int allChars = encodedLength(ctTag.length);
        if (encoded.length < allChars) {
            encoded = new byte[allChars];
        }
        byte[] t = tokenChars;
        System.arraycopy(key.aad, 0, t, 0, key.aad.length);
        int at = key.aad.length;
        t[at++] = '.';
        t[at++] = '.';
        ENCODER.encode(key.iv, key.ivChars);
        System.arraycopy(key.ivChars, 0, t, at, key.ivChars.length);
        at += key.ivChars.length;
        t[at++] = '.';
        // Ciphertext and tag in one pass: the tag's characters follow the ciphertext's only when
        // the ciphertext ends on a three-byte boundary.
        ENCODER.encode(ctTag, encoded);
        int whole = ctLength / 3 * 4;
        System.arraycopy(encoded, 0, t, at, whole);
        at += whole;
        int rest = ctLength % 3;
        if (rest == 0) {
            t[at++] = '.';
            System.arraycopy(encoded, whole, t, at, key.tagChars.length);
        } else {
            byte[] last = tail[rest - 1];
            System.arraycopy(ctTag, ctLength - rest, last, 0, rest);
            ENCODER.encode(last, tailChars);
            System.arraycopy(tailChars, 0, t, at, rest + 1);
            at += rest + 1;
            t[at++] = '.';
            System.arraycopy(ctTag, ctLength, key.tag, 0, tagLength);
            ENCODER.encode(key.tag, key.tagChars);
            System.arraycopy(key.tagChars, 0, t, at, key.tagChars.length);
        }
        return new String(t, 0, length, StandardCharsets.ISO_8859_1);
    }

    /** Unpadded base64 length of {@code n} bytes. */
    private static int encodedLength(int n) {
        return n / 3 * 4 + (n % 3 == 0 ? 0 : n % 3 + 1);
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
        if (key == null
                || d3 - d2 - 1 != key.ivChars.length || token.length() - d4 - 1 != key.tagChars.length) {
            return null;
        }
        try {
            copyChars(token, d2 + 1, d3, key.ivChars);
            copyChars(token, d4 + 1, token.length(), key.tagChars);
            byte[] ctChars = new byte[d4 - d3 - 1];
            copyChars(token, d3 + 1, d4, ctChars);
            int tagLength = key.tag.length;
            int room = ctChars.length / 4 * 3 + 2 + tagLength;
            if (sealed.length < room) {
                sealed = new byte[room];
                plaintext = new byte[room];
            }
            if (DECODER.decode(key.ivChars, key.iv) != key.iv.length
                    || DECODER.decode(key.tagChars, key.tag) != tagLength) {
                return null;
            }
            int ctLength = DECODER.decode(ctChars, sealed);
            System.arraycopy(key.tag, 0, sealed, ctLength, tagLength);
            int length = key.decrypt(sealed, ctLength + tagLength, plaintext);
            if (length < 0) {
                return null;
            }
            JoseClaims claims = read(plaintext, length, attrs != null);
            if (claims == null || fixture.clock().instant().getEpochSecond() >= claims.exp()) {
                return null;
            }
            if (attrs != null && claims.attrs() != null) {
                for (Object value : claims.attrs().values()) {
                    attrs.consume(value);
                }
            }
            return claims;
        } catch (IllegalArgumentException | IOException | GeneralSecurityException e) {
            return null;
        }
    }

    @Override
    public Map<String, Object> attributes(Object opened) {
        return ((JoseClaims) opened).attrs();
    }

    /** The low byte of each character, which for a base64url segment is the character. */
    @SuppressWarnings("deprecation")
    private static void copyChars(String token, int from, int to, byte[] into) {
        token.getBytes(from, to, into, 0);
    }

    /**
     * The claims, streamed; the attributes read in place as plain Java if {@code readAttrs},
     * otherwise stepped over and left null.
     */
    private static JoseClaims read(byte[] payload, int length, boolean readAttrs) throws IOException {
        String sid = null;
        String sub = null;
        long iat = -1;
        long nbf = -1;
        long exp = -1;
        long authTime = -1;
        Map<String, Object> attrs = null;
        try (JsonParser p = Json.MAPPER.createParser(payload, 0, length)) {
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
                    case "attrs" -> {
                        if (readAttrs) {
                            attrs = ATTRS_READER.readValue(p);
                        } else {
                            p.skipChildren();
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        }
        return sid == null || exp < 0 ? null : new JoseClaims(sid, sub, iat, nbf, exp, authTime, attrs);
    }

    /** A growable byte buffer the claims are written into, reused from call to call. */
    private static final class Buffer extends OutputStream {
        byte[] bytes = new byte[512];
        int length;

        @Override
        public void write(int b) {
            if (length == bytes.length) {
                bytes = Arrays.copyOf(bytes, bytes.length * 2);
            }
            bytes[length++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (length + len > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + len));
            }
            System.arraycopy(b, off, bytes, length, len);
            length += len;
        }
    }

    /**
     * One key: its constant header segment (whose ASCII bytes are the AAD), its JCA objects, and
     * scratch arrays for the IV and tag and their characters.
     */
    private abstract static class KeyContext {
        final String header;
        final byte[] aad;
        final byte[] iv;
        final byte[] ivChars;
        final byte[] tag;
        final byte[] tagChars;

        KeyContext(Fixture.RawKey key, Fixture f, int ivLength, int tagLength) {
            this.iv = new byte[ivLength];
            this.ivChars = new byte[encodedLength(ivLength)];
            this.tag = new byte[tagLength];
            this.tagChars = new byte[encodedLength(tagLength)];
            String json = "{\"alg\":\"dir\",\"enc\":\"" + f.algorithm().joseName() + "\",\"kid\":\""
                    + key.kid() + "\",\"typ\":\"session+jwe\",\"cn\":\"" + f.cookieName() + "\"}";
            this.header = ENCODER.encodeToString(json.getBytes(StandardCharsets.US_ASCII));
            this.aad = header.getBytes(StandardCharsets.US_ASCII);
        }

        /** Ciphertext followed by the tag, in one new array, under {@link #iv}. */
        abstract byte[] encrypt(byte[] plaintext, int length) throws GeneralSecurityException;

        /**
         * Decrypts {@code length} bytes of {@code ctTag}, ciphertext then tag, under {@link #iv}
         * into {@code out}, which has room for them.
         *
         * @return the plaintext's length, or -1 if the tag is wrong
         */
        abstract int decrypt(byte[] ctTag, int length, byte[] out) throws GeneralSecurityException;
    }

    private static final class Gcm extends KeyContext {
        private final Cipher cipher;
        private final SecretKeySpec key;

        Gcm(Fixture.RawKey k, Fixture f) throws GeneralSecurityException {
            super(k, f, 12, 16);
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
            this.key = new SecretKeySpec(k.secret(), "AES");
        }

        @Override
        byte[] encrypt(byte[] plaintext, int length) throws GeneralSecurityException {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(aad);
            return cipher.doFinal(plaintext, 0, length);
        }

        @Override
        int decrypt(byte[] ctTag, int length, byte[] out) throws GeneralSecurityException {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(aad);
            try {
                return cipher.doFinal(ctTag, 0, length, out, 0);
            } catch (AEADBadTagException e) {
                return -1;
            }
        }
    }

    /** RFC 7518 section 5.2.2: HMAC-SHA-512 over AAD, IV, ciphertext and AAD length, halved. */
    private static final class CbcHmac extends KeyContext {
        private final Cipher cipher;
        private final Mac mac;
        private final SecretKeySpec encKey;
        private final byte[] al;
        private final byte[] fullMac = new byte[64];
        private final byte[] expected = new byte[32];

        CbcHmac(Fixture.RawKey k, Fixture f) throws GeneralSecurityException {
            super(k, f, 16, 32);
            this.cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            this.mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(k.secret(), 0, 32, "HmacSHA512"));
            this.encKey = new SecretKeySpec(k.secret(), 32, 32, "AES");
            this.al = ByteBuffer.allocate(8).putLong(aad.length * 8L).array();
        }

        @Override
        byte[] encrypt(byte[] plaintext, int length) throws GeneralSecurityException {
            cipher.init(Cipher.ENCRYPT_MODE, encKey, new IvParameterSpec(iv));
            int ctLength = cipher.getOutputSize(length);
            byte[] out = new byte[ctLength + 32];
            ctLength = cipher.doFinal(plaintext, 0, length, out, 0);
            mac(out, ctLength);
            System.arraycopy(fullMac, 0, out, ctLength, 32);
            return ctLength + 32 == out.length ? out : Arrays.copyOf(out, ctLength + 32);
        }

        @Override
        int decrypt(byte[] ctTag, int length, byte[] out) throws GeneralSecurityException {
            int ctLength = length - 32;
            mac(ctTag, ctLength);
            System.arraycopy(fullMac, 0, expected, 0, 32);
            if (!MessageDigest.isEqual(expected, tag)) {
                return -1;
            }
            cipher.init(Cipher.DECRYPT_MODE, encKey, new IvParameterSpec(iv));
            return cipher.doFinal(ctTag, 0, ctLength, out, 0);
        }

        private void mac(byte[] ct, int ctLength) throws GeneralSecurityException {
            mac.update(aad);
            mac.update(iv);
            mac.update(ct, 0, ctLength);
            mac.update(al);
            mac.doFinal(fullMac, 0);
        }
    }
}
