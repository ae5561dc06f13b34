package dev.crumb.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.ktor.server.sessions.SessionTransportTransformerEncrypt;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Ktor's encrypted cookie sessions (ktor-server-sessions): the attribute map serialized with
 * Jackson, as a Ktor {@code SessionSerializer} over Jackson would, then
 * {@code SessionTransportTransformerEncrypt.transformWrite}; {@code transformRead} and Jackson's
 * {@code readValue} into a map to open. Ktor's defaults: AES-256-CBC and HMAC-SHA256 over the
 * ciphertext, a {@code Cipher} and a {@code Mac} per call, an IV from a new {@link SecureRandom} per
 * call, {@code hex(iv)/hex(ciphertext):hex(mac)} as the value.
 *
 * <p>One algorithm, no expiry inside the value (Ktor leaves that to the cookie's Max-Age): it
 * ignores the fixture's algorithm, and its tokens are not JWEs. Hex makes them long: the
 * near-limit session's is about 5,500 characters, more than a browser keeps in a cookie.
 */
final class KtorImpl implements Impl {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final SessionTransportTransformerEncrypt transformer;

    KtorImpl(Fixture fixture) {
        byte[] secret = fixture.keys().get(0).secret();
        byte[] encryptionKey = Arrays.copyOf(secret, 32);
        byte[] signKey = new byte[32];
        for (int i = 0; i < signKey.length; i++) {
            signKey[i] = (byte) (encryptionKey[i] ^ 0x5c);
        }
        // Java sees no default arguments: these are the ones Kotlin callers get.
        this.transformer = new SessionTransportTransformerEncrypt(encryptionKey, signKey, size -> {
            byte[] iv = new byte[size];
            new SecureRandom().nextBytes(iv);
            return iv;
        }, "AES", "HmacSHA256", false);
    }

    @Override
    public String seal(SessionInput session) {
        try {
            return transformer.transformWrite(Json.MAPPER.writeValueAsString(session.attributes()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Object open(String token, Blackhole attrs) {
        String json = transformer.transformRead(token);
        if (json == null) {
            return null;
        }
        try {
            Map<String, Object> attributes = Json.MAPPER.readValue(json, MAP);
            if (attrs != null) {
                for (Object value : attributes.values()) {
                    attrs.consume(value);
                }
            }
            return attributes;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> attributes(Object opened) {
        return (Map<String, Object>) opened;
    }
}
