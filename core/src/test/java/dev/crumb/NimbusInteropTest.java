package dev.crumb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** "Any JOSE library can open a Crumb cookie given the key", and Crumb opens theirs. */
class NimbusInteropTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final String COOKIE = "__Host-session";

    private static byte[] secret(ContentAlgorithm alg) {
        return SessionCodecTest.counting(alg.keyLength(), 0x20);
    }

    private static SessionKey key(ContentAlgorithm alg) {
        return SessionKey.of("interop-1", alg, secret(alg));
    }

    private static SessionCodec codec(ContentAlgorithm alg) {
        return CookieSessions.builder().keys(KeyRing.of(key(alg))).cookie(CookieSpec.named(COOKIE))
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build().codec();
    }

    private static SessionData session() {
        return SessionData.builder()
                .subject("user \"42\" \u00e9\ud83c\udf6a")
                .createdAt(NOW.minusSeconds(600))
                .issuedAt(NOW)
                .expiresAt(NOW.plusSeconds(1800))
                .attribute("cart", List.of(1, 2, 3))
                .attribute("prefs", Map.of("locale", "en-GB", "dark", true))
                .build();
    }

    @ParameterizedTest
    @EnumSource(ContentAlgorithm.class)
    void nimbusDirectDecrypter_opensOurToken_toTheSameClaims(ContentAlgorithm alg) throws Exception {
        SessionData data = session();
        String token = codec(alg).seal(data);

        JWEObject jwe = JWEObject.parse(token);
        jwe.decrypt(new DirectDecrypter(secret(alg)));

        JWEHeader header = jwe.getHeader();
        assertEquals(JWEAlgorithm.DIR, header.getAlgorithm());
        assertEquals(EncryptionMethod.parse(alg.joseName()), header.getEncryptionMethod());
        assertEquals("interop-1", header.getKeyID());
        assertEquals(new JOSEObjectType("session+jwe"), header.getType());
        assertEquals(COOKIE, header.getCustomParam("cn"));
        JsonNode claims = JSON.readTree(jwe.getPayload().toString());
        assertEquals(data.id(), claims.get("sid").asText());
        assertEquals(data.subject().orElseThrow(), claims.get("sub").asText());
        assertEquals(NOW.getEpochSecond(), claims.get("iat").asLong());
        assertEquals(NOW.getEpochSecond(), claims.get("nbf").asLong());
        assertEquals(NOW.plusSeconds(1800).getEpochSecond(), claims.get("exp").asLong());
        assertEquals(NOW.minusSeconds(600).getEpochSecond(), claims.get("auth_time").asLong());
        assertEquals(JSON.readTree(data.attributesJson()), claims.get("attrs"));
        assertEquals(JSON.readTree("{\"cart\":[1,2,3],\"prefs\":{\"locale\":\"en-GB\",\"dark\":true}}")
                .get("prefs"), claims.get("attrs").get("prefs"));
    }

    @ParameterizedTest
    @EnumSource(ContentAlgorithm.class)
    void open_nimbusTokenWithOurHeaderBytes_isValidAndCanonical(ContentAlgorithm alg) throws Exception {
        SessionData data = session();
        String ours = codec(alg).seal(data);
        String headerSegment = ours.substring(0, ours.indexOf('.'));
        JWEHeader header = JWEHeader.parse(new Base64URL(headerSegment));
        String claims = decryptWithNimbus(ours, secret(alg));

        String token = JoseTokens.nimbus(header, claims, secret(alg));

        assertEquals(headerSegment, token.substring(0, token.indexOf('.')));
        OpenResult valid = Opened.valid(codec(alg).open(token));
        assertFalse(valid.needsReseal());
        assertEquals(data, valid.data().orElseThrow());
    }

    @ParameterizedTest
    @EnumSource(ContentAlgorithm.class)
    void open_nimbusTokenWithBuiltHeaderAndClaimsSet_isValidAndAsksForReseal(ContentAlgorithm alg) {
        JWEHeader header = nimbusHeader(alg);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .claim("sid", "bmltYnVz")
                .subject("user-7")
                .issueTime(Date.from(NOW))
                .notBeforeTime(Date.from(NOW))
                .expirationTime(Date.from(NOW.plusSeconds(900)))
                .claim("auth_time", NOW.minusSeconds(60).getEpochSecond())
                .claim("attrs", Map.of("cart", List.of(4, 5), "locale", "fr-FR"))
                .build();

        String token = JoseTokens.nimbus(header, claims.toString(), secret(alg));

        String canonical = JoseTokens.encode(JoseTokens.header(key(alg), COOKIE).getBytes(StandardCharsets.UTF_8));
        assertNotEquals(canonical, token.substring(0, token.indexOf('.')),
                "Nimbus orders the members its own way, so this takes the parsing path");
        OpenResult valid = Opened.valid(codec(alg).open(token));
        assertTrue(valid.needsReseal(), "a non-canonical header is re-sealed in the canonical form");
        SessionData data = valid.data().orElseThrow();
        assertEquals("bmltYnVz", data.id());
        assertEquals("user-7", data.subject().orElseThrow());
        assertEquals(NOW, data.issuedAt());
        assertEquals(NOW.plusSeconds(900), data.expiresAt());
        assertEquals(NOW.minusSeconds(60), data.createdAt());
        assertEquals(List.of(4, 5), data.get("cart"));
        assertEquals("fr-FR", data.get("locale"));

        // Re-sealing gives our canonical form, which opens without asking again.
        String resealed = codec(alg).seal(data);
        assertEquals(canonical, resealed.substring(0, resealed.indexOf('.')));
        assertFalse(Opened.valid(codec(alg).open(resealed)).needsReseal());
    }

    @ParameterizedTest
    @EnumSource(ContentAlgorithm.class)
    void nimbus_readsOurAudience_asTheStandardAudClaim(ContentAlgorithm alg) throws Exception {
        SessionCodec shop = CookieSessions.builder().keys(KeyRing.of(key(alg))).cookie(CookieSpec.named(COOKIE))
                .audience("/shop").clock(Clock.fixed(NOW, ZoneOffset.UTC)).build().codec();

        JWTClaimsSet claims = JWTClaimsSet.parse(decryptWithNimbus(shop.seal(session()), secret(alg)));

        assertEquals(List.of("/shop"), claims.getAudience());
    }

    @ParameterizedTest
    @EnumSource(ContentAlgorithm.class)
    void open_nimbusTokenWithAudienceArray_opensOnlyWhereItNamesUs(ContentAlgorithm alg) {
        JWEHeader header = nimbusHeader(alg);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .claim("sid", "bmltYnVz")
                .audience(List.of("/admin", "/shop"))
                .issueTime(Date.from(NOW))
                .expirationTime(Date.from(NOW.plusSeconds(900)))
                .claim("auth_time", NOW.getEpochSecond())
                .claim("attrs", Map.of())
                .build();
        String token = JoseTokens.nimbus(header, claims.toString(), secret(alg));

        for (String ours : List.of("/shop", "/admin")) {
            SessionCodec codec = CookieSessions.builder().keys(KeyRing.of(key(alg))).cookie(CookieSpec.named(COOKIE))
                    .audience(ours).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build().codec();
            Opened.valid(codec.open(token), ours);
        }
        SessionCodec blog = CookieSessions.builder().keys(KeyRing.of(key(alg))).cookie(CookieSpec.named(COOKIE))
                .audience("/blog").clock(Clock.fixed(NOW, ZoneOffset.UTC)).build().codec();
        assertEquals(RejectReason.WRONG_COOKIE,
                Opened.rejected(blog.open(token)).reason().orElseThrow());
        assertEquals(RejectReason.WRONG_COOKIE,
                Opened.rejected(codec(alg).open(token)).reason().orElseThrow(),
                "a codec without an audience rejects a token that names one");
    }

    /** Our header as Nimbus builds it (its own member order, so not our canonical bytes). */
    private static JWEHeader nimbusHeader(ContentAlgorithm alg) {
        return new JWEHeader.Builder(JWEAlgorithm.DIR, EncryptionMethod.parse(alg.joseName()))
                .keyID("interop-1")
                .type(new JOSEObjectType("session+jwe"))
                .customParam("cn", COOKIE)
                .build();
    }

    private static String decryptWithNimbus(String token, byte[] secret) throws Exception {
        JWEObject jwe = JWEObject.parse(token);
        jwe.decrypt(new DirectDecrypter(secret));
        return jwe.getPayload().toString();
    }
}
