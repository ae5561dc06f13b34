package dev.crumb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The session known-answer vectors: the exact wire format, as another JOSE stack produced it. */
class SessionKatTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode KAT = TestVectors.sessionKat();

    /** A valid vector's key and cookie, with a clock stopped at its {@code iat}. */
    private record Vector(JsonNode node) {
        JsonNode header() {
            return node.get("protected_header");
        }

        JsonNode plaintext() {
            try {
                return JSON.readTree(node.get("plaintext_utf8").asText());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        SessionKey key(String keyHex) {
            return SessionKey.of(header().get("kid").asText(),
                    ContentAlgorithm.fromJoseName(header().get("enc").asText()), TestVectors.hex(keyHex));
        }

        SessionCodec codec(String keyHex) {
            Instant iat = Instant.ofEpochSecond(plaintext().get("iat").asLong());
            return CookieSessions.builder()
                    .keys(KeyRing.of(key(keyHex)))
                    .cookie(CookieSpec.named(header().get("cn").asText()))
                    .clock(Clock.fixed(iat, ZoneOffset.UTC))
                    .build().codec();
        }

        SessionCodec codec() {
            return codec(node.get("key_hex").asText());
        }
    }

    /** Why each kind of invalid vector must fail; the vectors name the kind after the slash. */
    private static final Map<String, RejectReason> EXPECTED = Map.ofEntries(
            Map.entry("tag_bitflip", RejectReason.BAD_SEAL),
            Map.entry("ct_bitflip", RejectReason.BAD_SEAL),
            Map.entry("ct_last_byte_flip", RejectReason.BAD_SEAL),
            Map.entry("iv_bitflip", RejectReason.BAD_SEAL),
            Map.entry("tag_truncated", RejectReason.MALFORMED),
            Map.entry("empty_tag", RejectReason.MALFORMED),
            Map.entry("encrypted_key_nonempty", RejectReason.MALFORMED),
            Map.entry("four_segments", RejectReason.MALFORMED),
            Map.entry("alg_none", RejectReason.MALFORMED),
            Map.entry("zip_def", RejectReason.MALFORMED),
            Map.entry("iv_128bit", RejectReason.MALFORMED),
            Map.entry("header_cn_swapped_unauthenticated", RejectReason.WRONG_COOKIE));

    private static Stream<Vector> valid() {
        return StreamSupport.stream(KAT.get("valid").spliterator(), false).map(Vector::new);
    }

    @Test
    void kat_holdsBothAlgorithmsAndAllRejects() {
        assertEquals(List.of("dir_A256GCM", "dir_A256CBC-HS512"),
                valid().map(v -> v.node().get("name").asText()).toList());
        assertEquals(23, KAT.get("invalid").size());
    }

    @TestFactory
    Stream<DynamicTest> open_validVector_givesItsClaims() {
        return valid().map(v -> DynamicTest.dynamicTest(v.node().get("name").asText(), () -> {
            JsonNode expected = v.plaintext();

            OpenResult result = v.codec().open(v.node().get("compact").asText());

            OpenResult valid = Opened.valid(result);
            assertFalse(valid.needsReseal(), "the vector's header is byte for byte the canonical one");
            SessionData data = valid.data().orElseThrow();
            assertEquals(expected.get("sid").asText(), data.id());
            assertEquals(expected.get("sub").asText(), data.subject().orElseThrow());
            assertEquals(Instant.ofEpochSecond(expected.get("iat").asLong()), data.issuedAt());
            assertEquals(Instant.ofEpochSecond(expected.get("exp").asLong()), data.expiresAt());
            assertEquals(Instant.ofEpochSecond(expected.get("auth_time").asLong()), data.createdAt());
            assertEquals(expected.get("attrs"), JSON.readTree(data.attributesJson()));
            assertEquals(List.of(1, 2, 3), data.get("cart"));
            assertEquals("en-GB", data.get("locale", String.class));
        }));
    }

    @TestFactory
    Stream<DynamicTest> seal_sameKeyAndCookie_writesTheVectorsHeaderSegment() {
        return valid().map(v -> DynamicTest.dynamicTest(v.node().get("name").asText(), () -> {
            String compact = v.node().get("compact").asText();
            SessionCodec codec = v.codec();
            SessionData data = codec.open(compact).data().orElseThrow();

            String sealed = codec.seal(data);

            String expectedHeader = compact.substring(0, compact.indexOf('.'));
            assertEquals(expectedHeader, sealed.substring(0, sealed.indexOf('.')));
            // And the member order is the documented one.
            assertEquals(JSON.writeValueAsString(v.header()),
                    new String(Base64.getUrlDecoder().decode(expectedHeader), StandardCharsets.UTF_8));
            assertEquals(data, codec.open(sealed).data().orElseThrow());
        }));
    }

    @TestFactory
    Stream<DynamicTest> open_invalidVector_isRejected() {
        Map<String, Vector> byName = new HashMap<>();
        valid().forEach(v -> byName.put(v.node().get("name").asText(), v));
        return StreamSupport.stream(KAT.get("invalid").spliterator(), false).map(bad -> {
            String name = bad.get("name").asText();
            return DynamicTest.dynamicTest(name + " (" + bad.get("why").asText() + ")", () -> {
                assertEquals("invalid", bad.get("expect").asText());
                Vector of = byName.get(name.substring(0, name.indexOf('/')));

                OpenResult result = of.codec(bad.get("key_hex").asText()).open(bad.get("compact").asText());

                OpenResult rejected = Opened.rejected(result);
                assertSame(OpenResult.rejected(rejected.reason().orElseThrow()), rejected);
                // The clock stands at the vector's iat, so no reject comes from time.
                assertEquals(EXPECTED.get(name.substring(name.indexOf('/') + 1)), rejected.reason().orElseThrow());
            });
        });
    }

    // ---------------------------------------------------------------- typed attributes (issue 11)

    private static final JsonNode TYPED_KAT = TestVectors.typedSessionKat();

    public record CartItem(String sku, int quantity) {}

    public record CsrfToken(String headerName, String parameterName, String token) {}

    public enum Tier { FREE, GOLD }

    private static CookieSessions typedSessions(Vector v) {
        Instant iat = Instant.ofEpochSecond(v.plaintext().get("iat").asLong());
        return CookieSessions.builder()
                .keys(KeyRing.of(v.key(v.node().get("key_hex").asText())))
                .cookie(CookieSpec.named(v.header().get("cn").asText()))
                .clock(Clock.fixed(iat, ZoneOffset.UTC))
                .storableTypes(CartItem.class, CsrfToken.class, Tier.class)
                .build();
    }

    @TestFactory
    Stream<DynamicTest> typedVector_opensToTheTypesItNames_andUnlistedOnesAreDropped() {
        return StreamSupport.stream(TYPED_KAT.get("valid").spliterator(), false).map(Vector::new)
                .map(v -> DynamicTest.dynamicTest(v.node().get("name").asText(), () -> {
                    CookieSessions sessions = typedSessions(v);
                    Session s = sessions.load(v.header().get("cn").asText() + "=" + v.node().get("compact").asText());
                    assertFalse(s.isNew(), () -> String.valueOf(s.rejectReason()));
                    assertEquals("en-GB", s.get("locale"));
                    for (JsonNode dropped : v.node().get("dropped")) {
                        assertEquals(null, s.get(dropped.asText()));
                    }
                    if (v.node().get("dropped").isEmpty()) {
                        assertEquals(List.of(new CartItem("apple", 2), new CartItem("pear", 1)), s.get("cart"));
                        assertEquals(new CsrfToken("X-CSRF-TOKEN", "_csrf", "t-123"), s.get("csrf"));
                        assertEquals(3L, s.get("visits"));
                        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), s.get("seen"));
                        assertEquals(java.util.Set.of(Tier.GOLD), s.get("tiers"));
                    }
                }));
    }

    @TestFactory
    Stream<DynamicTest> typedVector_isWhatCrumbWritesForTheSameValues() {
        return StreamSupport.stream(TYPED_KAT.get("valid").spliterator(), false).map(Vector::new)
                .filter(v -> v.node().get("dropped").isEmpty())
                .map(v -> DynamicTest.dynamicTest(v.node().get("name").asText(), () -> {
                    CookieSessions sessions = typedSessions(v);
                    Session s = sessions.load((String) null);
                    s.put("cart", List.of(new CartItem("apple", 2), new CartItem("pear", 1)));
                    s.put("csrf", new CsrfToken("X-CSRF-TOKEN", "_csrf", "t-123"));
                    s.put("visits", 3L);
                    s.put("seen", Instant.parse("2026-01-01T00:00:00Z"));
                    s.put("tiers", java.util.Set.of(Tier.GOLD));
                    s.put("locale", "en-GB");
                    String setCookie = sessions.commit(s).get(0);
                    String token = setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));

                    com.nimbusds.jose.JWEObject jwe = com.nimbusds.jose.JWEObject.parse(token);
                    jwe.decrypt(new com.nimbusds.jose.crypto.DirectDecrypter(TestVectors.hex(v.node().get("key_hex").asText())));
                    JsonNode ours = JSON.readTree(jwe.getPayload().toString());

                    assertEquals(v.plaintext().get("types"), ours.get("types"));
                    assertEquals(v.plaintext().get("attrs"), ours.get("attrs"));
                }));
    }
}
