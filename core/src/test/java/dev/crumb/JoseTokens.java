package dev.crumb;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.DirectEncrypter;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens made without Crumb's codec, for tests that need a correctly sealed token whose header
 * or layout Crumb would never write: through Nimbus where Nimbus can express it, and through the
 * bare JCA where it cannot (duplicate header members, a foreign {@code alg}, an odd IV length,
 * unpadded CBC plaintext). A valid tag proves a reject comes from the check under test.
 */
final class JoseTokens {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private JoseTokens() {}

    /** The protected header Crumb writes, for a key and cookie. */
    static String header(SessionKey key, String cookieName) {
        return "{\"alg\":\"dir\",\"enc\":\"" + key.algorithm().joseName() + "\",\"kid\":\"" + key.kid()
                + "\",\"typ\":\"session+jwe\",\"cn\":\"" + cookieName + "\"}";
    }

    /** A session payload with the given times, nbf equal to iat. */
    static String claims(long iat, long exp) {
        return "{\"sid\":\"c2lk\",\"sub\":\"user-1\",\"iat\":" + iat + ",\"nbf\":" + iat + ",\"exp\":" + exp
                + ",\"auth_time\":" + iat + ",\"attrs\":{\"cart\":[1,2,3]}}";
    }

    /** Nimbus {@code DirectEncrypter} over a header given as JSON text (kept byte for byte). */
    static String nimbus(String headerJson, String payloadJson, byte[] secret) {
        try {
            return nimbus(JWEHeader.parse(Base64URL.encode(headerJson.getBytes(StandardCharsets.UTF_8))),
                    payloadJson, secret);
        } catch (ParseException e) {
            throw new IllegalArgumentException("Nimbus cannot parse header " + headerJson, e);
        }
    }

    /** Nimbus {@code DirectEncrypter} over a header object. */
    static String nimbus(JWEHeader header, String payloadJson, byte[] secret) {
        try {
            JWEObject jwe = new JWEObject(header, new com.nimbusds.jose.Payload(payloadJson));
            jwe.encrypt(new DirectEncrypter(secret));
            return jwe.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A256GCM through the JCA, with any IV length the JCA accepts. */
    static String gcm(String headerJson, byte[] payload, byte[] secret, byte[] iv) {
        String header = encode(headerJson.getBytes(StandardCharsets.UTF_8));
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(secret, "AES"), new GCMParameterSpec(128, iv));
            cipher.updateAAD(header.getBytes(StandardCharsets.US_ASCII));
            byte[] out = cipher.doFinal(payload);
            byte[] ct = Arrays.copyOf(out, out.length - 16);
            byte[] tag = Arrays.copyOfRange(out, out.length - 16, out.length);
            return header + ".." + encode(iv) + "." + encode(ct) + "." + encode(tag);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A256CBC-HS512 (RFC 7518 5.2.2) through the JCA, with PKCS#7 padding. */
    static String cbcHs512(String headerJson, byte[] payload, byte[] secret, byte[] iv) {
        return cbcHs512(headerJson, payload, secret, iv, true);
    }

    /**
     * A256CBC-HS512 through the JCA; without padding the payload must be whole blocks, and its last
     * byte decides whether the padding a decrypter finds is valid. The tag is always correct.
     */
    static String cbcHs512(String headerJson, byte[] payload, byte[] secret, byte[] iv, boolean pad) {
        String header = encode(headerJson.getBytes(StandardCharsets.UTF_8));
        byte[] aad = header.getBytes(StandardCharsets.US_ASCII);
        try {
            Cipher cipher = Cipher.getInstance(pad ? "AES/CBC/PKCS5Padding" : "AES/CBC/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(secret, 32, 32, "AES"), new IvParameterSpec(iv));
            byte[] ct = cipher.doFinal(payload);
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(secret, 0, 32, "HmacSHA512"));
            mac.update(aad);
            mac.update(iv);
            mac.update(ct);
            long bits = aad.length * 8L;
            for (int shift = 56; shift >= 0; shift -= 8) {
                mac.update((byte) (bits >>> shift));
            }
            byte[] tag = Arrays.copyOf(mac.doFinal(), 32);
            return header + ".." + encode(iv) + "." + encode(ct) + "." + encode(tag);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Seals with whichever of {@link #gcm} or {@link #cbcHs512} fits the key, with a fixed IV. */
    static String jca(String headerJson, String payloadJson, SessionKey key, byte[] secret) {
        byte[] payload = payloadJson.getBytes(StandardCharsets.UTF_8);
        return key.algorithm() == ContentAlgorithm.A256GCM
                ? gcm(headerJson, payload, secret, new byte[12])
                : cbcHs512(headerJson, payload, secret, new byte[16]);
    }

    static String encode(byte[] bytes) {
        return B64.encodeToString(bytes);
    }

    /** The segments of a compact token, empty ones kept. */
    static String[] segments(String token) {
        return token.split("\\.", -1);
    }

    static String join(String... segments) {
        return String.join(".", segments);
    }
}
