package dev.crumb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KeyRingTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final String COOKIE = "s";
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }

    private static SessionCodec codec(KeyRing ring) {
        return CookieSessions.builder().keys(ring).cookie(CookieSpec.named(COOKIE)).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build().codec();
    }

    private static SessionData session() {
        return SessionData.builder().issuedAt(NOW).expiresAt(NOW.plusSeconds(600)).build();
    }

    private static OpenResult opens(KeyRing sealer, KeyRing opener) {
        return Opened.valid(codec(opener).open(codec(sealer).seal(session())));
    }

    private static String jwk(String kid, String alg, byte[] secret) {
        return "{\"kty\":\"oct\",\"kid\":\"" + kid + "\",\"alg\":\"" + alg + "\",\"k\":\"" + B64URL.encodeToString(secret) + "\"}";
    }

    private static String set(String... jwks) {
        return "{\"keys\":[" + String.join(",", jwks) + "]}";
    }

    // ---------------------------------------------------------------- JWK Sets

    @Test
    void fromJwkSet_toJwkSetOutput_givesAnEqualRing() {
        SessionKey a = SessionKey.of("a", ContentAlgorithm.A256GCM, bytes(32, 1));
        SessionKey b = SessionKey.of("b", ContentAlgorithm.A256CBC_HS512, bytes(64, 2));
        SessionKey c = SessionKey.of("c", ContentAlgorithm.A256GCM, bytes(32, 3));
        KeyRing ring = KeyRing.of(b, a, c);

        KeyRing back = KeyRing.fromJwkSet(ring.toJwkSet(Instant.now()));

        assertEquals(ring.keys(NOW), back.keys(NOW));
        assertEquals(b, back.primary(NOW));
        assertFalse(opens(ring, back).needsReseal());
        assertFalse(opens(back, ring).needsReseal());
        assertTrue(opens(KeyRing.of(c), back).needsReseal());
    }

    @Test
    void fromJwkSet_primaryMember_namesTheSealingKey() {
        String json = "{\"primary\":\"b\",\"keys\":[" + jwk("a", "A256GCM", bytes(32, 1)) + ","
                + jwk("b", "A256CBC-HS512", bytes(64, 2)) + "]}";

        KeyRing ring = KeyRing.fromJwkSet(json);

        assertEquals("b", ring.primary(NOW).kid());
        assertEquals(List.of("b", "a"), ring.keys(NOW).stream().map(SessionKey::kid).toList());
        String token = codec(ring).seal(session());
        String header = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(header.contains("\"kid\":\"b\""), header);
        assertEquals(ring.keys(NOW), KeyRing.fromJwkSet(ring.toJwkSet(Instant.now())).keys(NOW));
    }

    @Test
    void fromJwkSet_withoutPrimaryMember_sealsWithTheFirstKey() {
        KeyRing ring = KeyRing.fromJwkSet(set(jwk("a", "A256GCM", bytes(32, 1)), jwk("b", "A256GCM", bytes(32, 2))));

        assertEquals("a", ring.primary(NOW).kid());
    }

    @Test
    void fromJwkSet_singleJwk_isARingOfOne() {
        KeyRing ring = KeyRing.fromJwkSet(jwk("only", "A256GCM", bytes(32, 1)));

        assertEquals(List.of("only"), ring.keys(NOW).stream().map(SessionKey::kid).toList());
    }

    static Stream<Arguments> badJwkSets() throws Exception {
        String ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate().toJSONString();
        String rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate().toPublicJWK().toJSONString();
        return Stream.of(
                Arguments.of("empty set", set(), "has no keys"),
                Arguments.of("empty text", "", "empty"),
                Arguments.of("blank text", "  \n", "empty"),
                Arguments.of("not JSON", "keys: a", "not a JWK Set"),
                Arguments.of("GCM key of 16 bytes", set(jwk("k", "A256GCM", bytes(16, 1))), "16 bytes"),
                Arguments.of("GCM key of 64 bytes", set(jwk("k", "A256GCM", bytes(64, 1))), "needs exactly 32"),
                Arguments.of("CBC-HS512 key of 32 bytes", set(jwk("k", "A256CBC-HS512", bytes(32, 1))), "needs exactly 64"),
                Arguments.of("duplicate kid", set(jwk("k", "A256GCM", bytes(32, 1)), jwk("k", "A256GCM", bytes(32, 2))),
                        "share kid 'k'"),
                Arguments.of("missing alg", set("{\"kty\":\"oct\",\"kid\":\"k\",\"k\":\"" + B64URL.encodeToString(bytes(32, 1)) + "\"}"),
                        "no \"alg\""),
                Arguments.of("unsupported alg", set(jwk("k", "A128GCM", bytes(16, 1))), "unsupported key algorithm"),
                Arguments.of("missing kid", set("{\"kty\":\"oct\",\"alg\":\"A256GCM\",\"k\":\"" + B64URL.encodeToString(bytes(32, 1)) + "\"}"),
                        "no \"kid\""),
                Arguments.of("kty RSA", set(rsa), "kty RSA"),
                Arguments.of("kty EC", set(ec), "kty EC"),
                Arguments.of("primary names an absent kid", "{\"primary\":\"gone\",\"keys\":[" + jwk("k", "A256GCM", bytes(32, 1)) + "]}",
                        "primary kid 'gone'"),
                Arguments.of("primary not a string", "{\"primary\":7,\"keys\":[" + jwk("k", "A256GCM", bytes(32, 1)) + "]}",
                        "\"primary\" must be a kid string"),
                Arguments.of("kid not allowed in a header", set(jwk("a b", "A256GCM", bytes(32, 1))), "kid 'a b' is not valid"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badJwkSets")
    void fromJwkSet_badSet_failsNamingTheProblem(String what, String json, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyRing.fromJwkSet(json));

        assertTrue(e.getMessage().contains(message), () -> "message: " + e.getMessage());
    }

    @Test
    void fromJwkSet_keyPastedAsThePrimary_isNotQuoted() {
        // Fuzzing found the message of an absent primary quoting it whole: a key where the kid belongs.
        byte[] secret = bytes(32, 9);
        String pasted = B64URL.encodeToString(secret);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeyRing.fromJwkSet("{\"primary\":\"" + pasted + "\",\"keys\":[" + jwk("k", "A256GCM", bytes(32, 1)) + "]}"));

        assertSecretAbsent(secret, e.getMessage());
        assertTrue(e.getMessage().contains("primary kid of 43 characters (not shown)"), e.getMessage());
    }

    @Test
    void fromJwkSet_errors_neverQuoteTheSecret() {
        byte[] secret = bytes(16, 9);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeyRing.fromJwkSet(set(jwk("k", "A256GCM", secret))));

        assertSecretAbsent(secret, e.getMessage());
    }

    // ---------------------------------------------------------------- environment

    @Test
    void fromEnvironment_unsetVariable_failsNamingIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KeyRing.fromEnvironment("CRUMB_TEST_KEYS", name -> null));

        assertTrue(e.getMessage().contains("CRUMB_TEST_KEYS"), e.getMessage());
    }

    @Test
    void fromEnvironment_blankVariable_failsNamingIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KeyRing.fromEnvironment("CRUMB_TEST_KEYS", name -> " \t"));

        assertTrue(e.getMessage().contains("CRUMB_TEST_KEYS"), e.getMessage());
    }

    @Test
    void fromEnvironment_setVariable_readsTheNamedVariable() {
        KeyRing ring = KeyRing.generate();
        List<String> asked = new ArrayList<>();

        KeyRing loaded = KeyRing.fromEnvironment("CRUMB_TEST_KEYS", name -> {
            asked.add(name);
            return ring.toJwkSet(Instant.now());
        });

        assertEquals(List.of("CRUMB_TEST_KEYS"), asked);
        assertEquals(ring.keys(NOW), loaded.keys(NOW));
    }

    @Test
    void fromEnvironment_invalidSet_failsNamingTheVariable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeyRing.fromEnvironment("CRUMB_TEST_KEYS", name -> set()));

        assertTrue(e.getMessage().contains("CRUMB_TEST_KEYS"), e.getMessage());
        assertTrue(e.getMessage().contains("has no keys"), e.getMessage());
    }

    // ---------------------------------------------------------------- derived rings

    @Test
    void derive_masterShorterThan32Bytes_fails() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyRing.derive(bytes(31, 1)));
        assertTrue(e.getMessage().contains("31 bytes"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KeyRing.derive(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> KeyRing.derive(bytes(32, 1), bytes(31, 2)));
        assertThrows(IllegalArgumentException.class, () -> KeyRing.rotating(bytes(31, 1), Duration.ofHours(1)));
    }

    @Test
    void derive_sameMaster_sameKidAndInteroperableRings() {
        KeyRing one = KeyRing.derive(bytes(32, 1));
        KeyRing two = KeyRing.derive(bytes(32, 1));

        assertEquals(one.primary(NOW).kid(), two.primary(NOW).kid());
        assertEquals(one.primary(NOW), two.primary(NOW));
        assertTrue(one.primary(NOW).kid().startsWith("d-"));
        assertFalse(opens(one, two).needsReseal());
        assertFalse(opens(two, one).needsReseal());
    }

    @Test
    void derive_otherMaster_otherKidAndKey() {
        KeyRing one = KeyRing.derive(bytes(32, 1));
        KeyRing two = KeyRing.derive(bytes(32, 2));

        assertNotEquals(one.primary(NOW).kid(), two.primary(NOW).kid());
        assertSame(OpenResult.rejected(RejectReason.UNKNOWN_KEY), codec(two).open(codec(one).seal(session())));
    }

    @Test
    void derive_fallbacksOpenButDoNotSeal() {
        byte[] old = bytes(32, 1);
        byte[] current = bytes(48, 2);
        KeyRing rotated = KeyRing.derive(current, old);

        assertEquals(KeyRing.derive(current).primary(NOW), rotated.primary(NOW));
        assertTrue(opens(KeyRing.derive(old), rotated).needsReseal(), "a fallback's token opens, to be resealed");
        assertFalse(opens(rotated, rotated).needsReseal());
        assertSame(OpenResult.rejected(RejectReason.UNKNOWN_KEY),
                codec(KeyRing.derive(old)).open(codec(rotated).seal(session())), "it sealed with the fallback");
    }

    @Test
    void derive_fallbackEqualToMaster_fails() {
        assertThrows(IllegalArgumentException.class, () -> KeyRing.derive(bytes(32, 1), bytes(32, 1)));
    }

    @Test
    void rotating_copiesTheMasterSecret() {
        byte[] master = bytes(32, 1);
        KeyRing ring = KeyRing.rotating(master, Duration.ofHours(1));
        Arrays.fill(master, (byte) 0);

        // A period not derived yet: its key comes from the ring's own copy of the master.
        Instant later = NOW.plus(Duration.ofHours(5));
        assertEquals(KeyRing.rotating(bytes(32, 1), Duration.ofHours(1)).primary(later), ring.primary(later));
    }

    @Test
    void rotating_periodUnderAMinute_fails() {
        assertThrows(IllegalArgumentException.class, () -> KeyRing.rotating(bytes(32, 1), Duration.ofSeconds(59)));
        assertTrue(KeyRing.rotating(bytes(32, 1), Duration.ofMinutes(1)).isRotating());
        assertEquals(Duration.ofHours(2), KeyRing.rotating(bytes(32, 1), Duration.ofHours(2)).rotationPeriod());
    }

    @Test
    void rotating_fixedRingOperations_throw() {
        KeyRing ring = KeyRing.rotating(bytes(32, 1), Duration.ofHours(1));

        assertThrows(IllegalStateException.class, () -> ring.without("x"));
        assertThrows(IllegalStateException.class, () -> ring.withPrimary("x"));
    }

    // ---------------------------------------------------------------- fixed rings

    @Test
    void of_duplicateKid_fails() {
        SessionKey a = SessionKey.of("k", ContentAlgorithm.A256GCM, bytes(32, 1));
        SessionKey b = SessionKey.of("k", ContentAlgorithm.A256GCM, bytes(32, 2));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyRing.of(a, b));
        assertTrue(e.getMessage().contains("share kid 'k'"), e.getMessage());
    }

    @Test
    void withPrimary_newKeySealsAndOldKeysOpen() {
        KeyRing old = KeyRing.generate();
        SessionKey next = SessionKey.generate("next", ContentAlgorithm.A256CBC_HS512);

        KeyRing promoted = KeyRing.of(next).followedBy(old);

        assertEquals(next, promoted.primary(NOW));
        assertTrue(opens(old, promoted).needsReseal());
        assertFalse(opens(promoted, promoted).needsReseal());
    }

    @Test
    void without_primaryOrUnknownKid_fails() {
        KeyRing ring = KeyRing.of(SessionKey.generate("a", ContentAlgorithm.A256GCM),
                SessionKey.generate("b", ContentAlgorithm.A256GCM));

        assertThrows(IllegalArgumentException.class, () -> ring.without("a"));
        assertThrows(IllegalArgumentException.class, () -> ring.without("c"));
        assertEquals(List.of("a"), ring.without("b").keys(NOW).stream().map(SessionKey::kid).toList());
    }

    // ---------------------------------------------------------------- secrets never print

    static void assertSecretAbsent(byte[] secret, String text) {
        for (String form : new String[] {
                HexFormat.of().formatHex(secret),
                HexFormat.of().withUpperCase().formatHex(secret),
                B64URL.encodeToString(secret),
                Base64.getEncoder().encodeToString(secret),
                Arrays.toString(secret)}) {
            assertFalse(text.contains(form), () -> "secret found in: " + text);
            // A leading fragment is as bad as the whole.
            String fragment = form.substring(0, Math.min(form.length(), 12));
            assertFalse(text.contains(fragment), () -> "secret fragment found in: " + text);
        }
    }

    @Test
    void toString_ofFixedRing_showsKidsButNoSecret() {
        byte[] s1 = bytes(32, 1);
        byte[] s2 = bytes(64, 2);
        KeyRing ring = KeyRing.of(SessionKey.of("first", ContentAlgorithm.A256GCM, s1),
                SessionKey.of("second", ContentAlgorithm.A256CBC_HS512, s2));

        String text = ring + " " + ring.keys(NOW) + " " + ring.primary(NOW);

        assertTrue(text.contains("first") && text.contains("second"), text);
        assertSecretAbsent(s1, text);
        assertSecretAbsent(s2, text);
    }

    @Test
    void toString_ofDerivedAndRotatingRings_showsNoSecret() {
        byte[] master = bytes(32, 5);
        KeyRing derived = KeyRing.derive(master);
        KeyRing rotating = KeyRing.rotating(master, Duration.ofHours(1));

        String text = derived + " " + derived.keys(NOW) + " " + rotating + " " + rotating.keys(NOW);

        assertSecretAbsent(master, text);
        for (SessionKey k : derived.keys(NOW)) {
            assertSecretAbsent(k.secretCopy(), text);
        }
        for (SessionKey k : rotating.keys(NOW)) {
            assertSecretAbsent(k.secretCopy(), text);
        }
    }
}
