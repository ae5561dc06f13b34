package dev.crumb.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.DirectDecrypter;
import dev.crumb.OpenResult;
import dev.crumb.SessionData;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The comparison is fair only if every implementation does the same job: the tokens of each
 * implementation of Crumb's format carry the same session in the same format, open with every
 * other one, and fail when tampered with; RAW and the peers, each with a format of its own, open
 * their own tokens to the same attributes and reject them tampered with.
 */
class ImplsAgreeTest {

    private static final Blackhole SINK = Tokens.SINK;

    static Stream<ImplKind> jweKinds() {
        return Arrays.stream(ImplKind.values()).filter(ImplKind::writesJwe);
    }

    static Stream<ImplKind> otherKinds() {
        return Arrays.stream(ImplKind.values()).filter(k -> !k.writesJwe());
    }

    @ParameterizedTest
    @EnumSource(Alg.class)
    void everyJweImplOpensEveryJweImplsTokens_andRejectsTamperedOnes(Alg alg) throws Exception {
        Fixture fixture = Fixture.of(alg);
        for (PayloadSize size : PayloadSize.values()) {
            SessionInput session = fixture.session(size);
            JsonNode expected = Json.MAPPER.readTree(Json.MAPPER.writeValueAsBytes(session.attributes()));
            Map<ImplKind, String> tokens = new EnumMap<>(ImplKind.class);
            for (ImplKind sealer : jweKinds().toList()) {
                String token = sealer.create(fixture).seal(session);
                assertTrue(token.length() <= Tokens.MAX_TOKEN_LENGTH, sealer + " " + size + ": " + token.length());
                tokens.put(sealer, token);

                OpenResult r = new CrumbImpl(fixture).codec().open(token);
                SessionData data = r.data().orElseThrow();
                assertEquals(session.sid(), data.id());
                assertEquals(session.subject(), data.subject().orElseThrow());
                assertEquals(session.createdAt(), data.createdAt().getEpochSecond());
                assertEquals(expected, Json.MAPPER.readTree(data.attributesJson()), sealer + " " + size);
            }
            for (ImplKind opener : jweKinds().toList()) {
                Impl impl = opener.create(fixture);
                for (Map.Entry<ImplKind, String> e : tokens.entrySet()) {
                    String what = opener + " opening " + e.getKey() + "'s " + size + " token";
                    if (opener == ImplKind.FLOOR
                            && (e.getKey() == ImplKind.NIMBUS || e.getKey() == ImplKind.NIMBUS_JWE)) {
                        // The floor knows only the header bytes Crumb writes; Nimbus orders the
                        // same members differently.
                        assertNull(impl.open(e.getValue(), null), what);
                        continue;
                    }
                    assertNotNull(impl.open(e.getValue(), null), what);
                    Object opened = impl.open(e.getValue(), SINK);
                    assertNotNull(opened, what);
                    assertEquals(expected, Json.tree(impl.attributes(opened)), what);
                    assertNull(impl.open(Tokens.tampered(e.getValue()), null), what + ", tampered");
                    assertNull(impl.open(Tokens.tampered(e.getValue()), SINK), what + ", tampered");
                }
            }
        }
    }

    /**
     * The floor encodes a ciphertext whose length is not a multiple of three apart from its tag:
     * sessions whose attribute JSON grows a byte at a time give every remainder, for both
     * algorithms (CBC's ciphertext grows by blocks), and each opens both ways with Crumb.
     */
    @ParameterizedTest
    @EnumSource(Alg.class)
    void floorAndCrumbOpenEachOthersTokens_atEveryCiphertextLength(Alg alg) throws Exception {
        Fixture fixture = Fixture.of(alg);
        Impl floor = ImplKind.FLOOR.create(fixture);
        Impl crumb = ImplKind.CRUMB.create(fixture);
        SessionInput base = fixture.session(PayloadSize.SMALL);
        for (int n = 0; n < 50; n++) {
            Map<String, Object> attributes = new LinkedHashMap<>(base.attributes());
            attributes.put("pad", "x".repeat(n));
            SessionInput session = new SessionInput(base.sid(), base.subject(), base.createdAt(), attributes);
            JsonNode expected = Json.tree(attributes);
            for (Impl[] pair : new Impl[][] {{floor, crumb}, {crumb, floor}}) {
                String token = pair[0].seal(session);
                String what = alg + ", " + n + " padding characters, " + pair[1].getClass().getSimpleName()
                        + " opening " + pair[0].getClass().getSimpleName() + "'s token";
                assertNotNull(pair[1].open(token, null), what);
                Object opened = pair[1].open(token, SINK);
                assertNotNull(opened, what);
                assertEquals(expected, Json.tree(pair[1].attributes(opened)), what);
                assertNull(pair[1].open(Tokens.tampered(token), SINK), what + ", tampered");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("jweKinds")
    void expiredTokensDoNotOpen(ImplKind kind) {
        for (Alg alg : Alg.values()) {
            Fixture now = Fixture.of(alg);
            Fixture past = new Fixture(alg, now.keys(), now.cookieName(),
                    Clock.offset(now.clock(), now.lifetime().plusMinutes(5).negated()), now.lifetime());
            String expired = kind.create(past).seal(past.session(PayloadSize.SMALL));
            assertNotNull(kind.create(past).open(expired, null), kind + " " + alg);
            for (ImplKind opener : jweKinds().toList()) {
                Impl impl = opener.create(now);
                String what = opener + " opening " + kind + "'s expired " + alg + " token";
                assertNull(impl.open(expired, null), what);
                assertNull(impl.open(expired, SINK), what);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("otherKinds")
    void otherImplsOpenTheirOwnTokens_toTheAttributesSealed_andRejectTamperedOnes(ImplKind kind) {
        for (Alg alg : Alg.values()) {
            Fixture fixture = Fixture.of(alg);
            for (PayloadSize size : PayloadSize.values()) {
                SessionInput session = fixture.session(size);
                try (Impl impl = kind.create(fixture)) {
                    String token = impl.seal(session);
                    String what = kind + " " + alg + " " + size;
                    // Opens with a new instance to equal attributes, or throws.
                    Tokens.checked(kind, token, session, fixture);
                    assertNotNull(impl.open(token, null), what);
                    assertNotNull(impl.open(token, SINK), what);
                    assertNull(impl.open(Tokens.tampered(token), null), what + ", tampered");
                    assertNull(impl.open(Tokens.tampered(token), SINK), what + ", tampered");
                    assertNotEquals(token, impl.seal(session), what + ": a fresh IV per seal");
                }
            }
        }
    }

    @Test
    void rawToken_isIvCiphertextAndTag_ofTheAttributeMapsJson() throws Exception {
        Fixture fixture = Fixture.of(Alg.A256GCM);
        SessionInput session = fixture.session(PayloadSize.TYPICAL);
        byte[] sealed = Base64.getUrlDecoder().decode(ImplKind.RAW.create(fixture).seal(session));

        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(fixture.keys().get(0).secret(), "AES"),
                new GCMParameterSpec(128, sealed, 0, 12));
        byte[] plaintext = cipher.doFinal(sealed, 12, sealed.length - 12);
        assertArrayEquals(Json.MAPPER.writeValueAsBytes(session.attributes()), plaintext);
        assertEquals(12 + plaintext.length + 16, sealed.length);
    }

    @ParameterizedTest
    @MethodSource("jweKinds")
    void tokensOfTheOlderKeyStillOpen(ImplKind kind) {
        Fixture fixture = Fixture.of(Alg.A256GCM);
        String older = kind.create(fixture.olderKeyOnly()).seal(fixture.session(PayloadSize.SMALL));
        assertNotNull(kind.create(fixture).open(older, null));
        OpenResult r = new CrumbImpl(fixture).codec().open(older);
        assertTrue(r.needsReseal());
    }

    /**
     * Names are compared as sets: Nimbus writes header members and, through {@code JWTClaimsSet},
     * claims in an order of its own, which Crumb accepts.
     */
    @ParameterizedTest
    @MethodSource("jweKinds")
    void everyJweImplWritesTheSameClaims_timesAsIntegerSeconds(ImplKind kind) throws Exception {
        for (Alg alg : Alg.values()) {
            Fixture fixture = Fixture.of(alg);
            SessionInput session = fixture.session(PayloadSize.SMALL);
            String token = kind.create(fixture).seal(session);

            String headerSegment = token.substring(0, token.indexOf('.'));
            JsonNode header = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(headerSegment));
            Set<String> headerNames = new HashSet<>();
            header.fieldNames().forEachRemaining(headerNames::add);
            assertEquals(Set.of("alg", "enc", "kid", "typ", "cn"), headerNames, kind + " " + alg);

            JWEObject jwe = JWEObject.parse(token);
            jwe.decrypt(new DirectDecrypter(fixture.keys().get(0).secret()));
            JsonNode claims = Json.MAPPER.readTree(jwe.getPayload().toBytes());
            Set<String> names = new HashSet<>();
            claims.fieldNames().forEachRemaining(names::add);
            String what = kind + " " + alg + ": " + claims;
            assertEquals(Set.of("sid", "sub", "iat", "nbf", "exp", "auth_time", "attrs"), names, what);
            for (String time : List.of("iat", "nbf", "exp", "auth_time")) {
                assertTrue(claims.get(time).isIntegralNumber(), what);
            }
            assertEquals(claims.get("iat").longValue(), claims.get("nbf").longValue(), what);
            assertEquals(fixture.lifetime().getSeconds(),
                    claims.get("exp").longValue() - claims.get("iat").longValue(), what);
            assertEquals(session.createdAt(), claims.get("auth_time").longValue(), what);
        }
    }

    @ParameterizedTest
    @EnumSource(PayloadSize.class)
    void payloadSizesAreAsDocumented(PayloadSize size) {
        int bytes = Json.size(size.attributes());
        int target = switch (size) {
            case SMALL -> 155;
            case TYPICAL -> 1024;
            case NEAR_LIMIT -> 2680;
        };
        assertEquals(target, bytes);
    }
}
