package dev.crumb;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crumb.TestVectors.Wycheproof;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Wycheproof's JWS and JWE tokens, valid or not as JOSE, are never a session: none opens, even
 * with a codec holding the vector's own symmetric key under the vector's kid, and none throws.
 */
class WycheproofJoseTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern KID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final String COOKIE = "session";
    private static final List<SessionCodec> STRANGERS = List.of(
            codec(KeyRing.generate()),
            codec(KeyRing.generate("cbc-" + System.nanoTime(), "A256CBC-HS512")));

    @TestFactory
    Stream<DynamicTest> open_jweVector_isRejected() {
        return vectors("json_web_encryption_test.json", "jwe");
    }

    @TestFactory
    Stream<DynamicTest> open_jwsVector_isRejected() {
        return vectors("json_web_signature_test.json", "jws");
    }

    @TestFactory
    Stream<DynamicTest> open_jsonWebCryptoVector_isRejected() {
        return Stream.concat(vectors("json_web_crypto_test.json", "jws"),
                vectors("json_web_crypto_test.json", "jwe"));
    }

    private static Stream<DynamicTest> vectors(String file, String member) {
        return TestVectors.wycheproof(file).stream()
                .filter(v -> v.test().has(member))
                .map(v -> DynamicTest.dynamicTest(v.name(), () -> {
                    JsonNode t = v.test().get(member);
                    // The JSON serialization is fed as the string it is.
                    String token = t.isTextual() ? t.asText() : JSON.writeValueAsString(t);
                    List<SessionCodec> codecs = new ArrayList<>(STRANGERS);
                    SessionCodec own = ownKeyCodec(v, token);
                    if (own != null) {
                        codecs.add(own);
                    }
                    for (SessionCodec codec : codecs) {
                        OpenResult result = assertDoesNotThrow(() -> codec.open(token));
                        assertFalse(result.isValid(), () -> "opened with " + codec + ": " + result);
                    }
                }));
    }

    /**
     * A codec whose ring holds the vector's oct key when its length fits one of our algorithms,
     * under the kid the token names and the kid of the JWK, so the token gets as deep as it can.
     */
    private static SessionCodec ownKeyCodec(Wycheproof v, String token) {
        JsonNode jwk = v.group().path("private");
        if (!"oct".equals(jwk.path("kty").asText())) {
            return null;
        }
        byte[] k = Base64.getUrlDecoder().decode(jwk.get("k").asText());
        ContentAlgorithm alg;
        if (k.length == ContentAlgorithm.A256GCM.keyLength()) {
            alg = ContentAlgorithm.A256GCM;
        } else if (k.length == ContentAlgorithm.A256CBC_HS512.keyLength()) {
            alg = ContentAlgorithm.A256CBC_HS512;
        } else {
            return null;
        }
        Set<String> kids = new LinkedHashSet<>();
        String tokenKid = headerKid(token);
        if (tokenKid != null && KID.matcher(tokenKid).matches()) {
            kids.add(tokenKid);
        }
        if (KID.matcher(jwk.path("kid").asText()).matches()) {
            kids.add(jwk.get("kid").asText());
        }
        kids.add("wycheproof");
        List<SessionKey> keys = kids.stream().map(kid -> SessionKey.of(kid, alg, k)).toList();
        return codec(KeyRing.of(keys.get(0), keys.subList(1, keys.size()).toArray(SessionKey[]::new)));
    }

    private static String headerKid(String token) {
        try {
            String segment = token.substring(0, token.indexOf('.'));
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(segment));
            return header.path("kid").isTextual() ? header.get("kid").asText() : null;
        } catch (Exception notACompactToken) {
            return null;
        }
    }

    private static SessionCodec codec(KeyRing ring) {
        return CookieSessions.builder().keys(ring).cookie(CookieSpec.named(COOKIE)).maxTokenLength(1 << 20).build().codec();
    }
}
