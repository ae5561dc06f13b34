package dev.crumb;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;

/** Claims of the codec that hold for every input. */
class JweSessionCodecPropertiesTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final long T = NOW.getEpochSecond();
    private static final String COOKIE = "__Host-sess";
    private static final int LARGE = 1 << 20;
    private static final String B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final Map<ContentAlgorithm, KeyRing> RINGS = Map.of(
            ContentAlgorithm.A256GCM, KeyRing.generate(ContentAlgorithm.A256GCM),
            ContentAlgorithm.A256CBC_HS512, KeyRing.generate(ContentAlgorithm.A256CBC_HS512));
    private static final Set<RejectReason> BEFORE_OR_AT_THE_SEAL = Set.of(RejectReason.MALFORMED,
            RejectReason.UNKNOWN_KEY, RejectReason.WRONG_COOKIE, RejectReason.BAD_SEAL, RejectReason.TOO_LARGE);

    private static JweSessionCodec codec(KeyRing ring, Instant now, int maxTokenLength) {
        return (JweSessionCodec) SessionCodec.builder().keys(ring).cookieName(COOKIE)
                .clock(Clock.fixed(now, ZoneOffset.UTC)).maxTokenLength(maxTokenLength).build();
    }

    private static JweSessionCodec codec(ContentAlgorithm alg) {
        return codec(RINGS.get(alg), NOW, LARGE);
    }

    private static SessionData session() {
        return SessionData.builder().subject("user-1").issuedAt(NOW).expiresAt(NOW.plusSeconds(1800))
                .attribute("cart", List.of(1, 2, 3)).build();
    }

    private static final Map<ContentAlgorithm, String> TOKENS = Map.of(
            ContentAlgorithm.A256GCM, codec(ContentAlgorithm.A256GCM).seal(session()),
            ContentAlgorithm.A256CBC_HS512, codec(ContentAlgorithm.A256CBC_HS512).seal(session()));

    // ---------------------------------------------------------------- generators

    /** Well-formed Unicode text (no lone surrogates), rich in JSON's special characters. */
    @Provide
    Arbitrary<String> text() {
        Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.of((int) '"', (int) '\\', (int) '/', 0, 0x1f, 0x7f,
                        0x2028, 0x2029, 0xfeff, 0xfffd, 0x1f600, 0x10ffff, (int) '\'', (int) '<')),
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0x20, 0x7e)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, 0xffff)
                        .filter(c -> c < 0xd800 || c > 0xdfff)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0x10000, 0x10ffff)));
        return codePoint.list().ofMaxSize(40)
                .map(cps -> new String(cps.stream().mapToInt(Integer::intValue).toArray(), 0, cps.size()));
    }

    @Provide
    Arbitrary<String> subjects() {
        return Arbitraries.oneOf(text(), Arbitraries.just(null));
    }

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars(B64URL).ofMinLength(1).ofMaxLength(128),
                text().filter(s -> !s.isEmpty() && s.length() <= 128));
    }

    private Arbitrary<Object> attributeValue() {
        Arbitrary<Object> leaf = Arbitraries.oneOf(
                text().map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i));
        return Arbitraries.recursive(() -> leaf,
                inner -> inner.list().ofMaxSize(4).map(list -> (Object) list), 0, 3);
    }

    @Provide
    Arbitrary<Map<String, Object>> attributes() {
        return Arbitraries.maps(text(), attributeValue()).ofMaxSize(6);
    }

    // ---------------------------------------------------------------- round trip

    @Property(tries = 500)
    void sealThenOpen_anySession_roundTrips(
            @ForAll ContentAlgorithm alg,
            @ForAll("ids") String id,
            @ForAll("subjects") String subject,
            @ForAll("attributes") Map<String, Object> attributes,
            @ForAll @LongRange(min = 0, max = 253_300_000_000L) long issuedAt,
            @ForAll @IntRange(min = 1, max = 400 * 86_400) int lifetime,
            @ForAll @IntRange(min = 0, max = 400 * 86_400) int age) {
        Instant iat = Instant.ofEpochSecond(issuedAt);
        SessionData.Builder builder = SessionData.builder().id(id).subject(subject).issuedAt(iat)
                .createdAt(Instant.ofEpochSecond(Math.max(0, issuedAt - age)))
                .expiresAt(iat.plusSeconds(lifetime));
        Map<String, Object> ordered = new LinkedHashMap<>(attributes);
        ordered.forEach(builder::attribute);
        SessionData data = builder.build();
        JweSessionCodec codec = codec(RINGS.get(alg), iat, LARGE);

        OpenResult result = codec.open(codec.seal(data));

        OpenResult.Valid valid = assertInstanceOf(OpenResult.Valid.class, result);
        assertFalse(valid.needsReseal());
        SessionData opened = valid.sessionData();
        assertEquals(data, opened);
        assertEquals(id, opened.id());
        assertEquals(subject, opened.subject().orElse(null));
        assertEquals(ordered.keySet(), opened.attributeNames());
        ordered.forEach((name, value) -> assertEquals(value, opened.attribute(name), name));
    }

    // ---------------------------------------------------------------- tampering

    @Property
    void open_anySingleCharacterReplaced_isRejected(
            @ForAll ContentAlgorithm alg,
            @ForAll @IntRange(min = 0, max = 1_000_000) int where,
            @ForAll("replacements") char replacement) {
        String token = TOKENS.get(alg);
        int at = where % token.length();
        Assume.that(token.charAt(at) != replacement);
        String altered = token.substring(0, at) + replacement + token.substring(at + 1);

        OpenResult result = codec(alg).open(altered);

        assertFalse(result.isValid(), () -> "opened with '" + replacement + "' at " + at);
    }

    @Provide
    Arbitrary<Character> replacements() {
        return Arbitraries.oneOf(
                Arbitraries.of(B64URL.toCharArray()),
                Arbitraries.of('.', '=', '+', '/', ' ', '\n', '\u0000', '\u00e9'),
                Arbitraries.chars());
    }

    @Property
    void open_anyBitOfAnyDecodedSegmentFlipped_isRejected(
            @ForAll ContentAlgorithm alg,
            @ForAll @IntRange(min = 0, max = 4) int segment,
            @ForAll @IntRange(min = 0, max = 1_000_000) int bit) {
        Assume.that(segment != 1);
        String[] s = JoseTokens.segments(TOKENS.get(alg));
        byte[] bytes = java.util.Base64.getUrlDecoder().decode(s[segment]);
        int at = bit % (bytes.length * 8);
        bytes[at / 8] ^= (byte) (1 << (at % 8));
        s[segment] = JoseTokens.encode(bytes);

        OpenResult result = codec(alg).open(JoseTokens.join(s));

        assertFalse(result.isValid());
        if (segment > 1) {
            // The IV, ciphertext and tag are checked by the tag alone, and every failure is one.
            assertSame(OpenResult.Rejected.of(RejectReason.BAD_SEAL), result);
        }
    }

    @Property
    void open_oneCharacterDeletedOrInserted_isRejected(
            @ForAll ContentAlgorithm alg,
            @ForAll @IntRange(min = 0, max = 1_000_000) int where,
            @ForAll boolean insert,
            @ForAll("replacements") char c) {
        String token = TOKENS.get(alg);
        int at = where % token.length();
        String altered = insert
                ? token.substring(0, at) + c + token.substring(at)
                : token.substring(0, at) + token.substring(at + 1);

        assertFalse(codec(alg).open(altered).isValid());
    }

    // ---------------------------------------------------------------- never throws

    @Property
    void open_anyString_neverThrowsAndIsRejected(@ForAll String input) {
        OpenResult result = assertDoesNotThrow(() -> codec(ContentAlgorithm.A256GCM).open(input));
        assertFalse(result.isValid());
    }

    @Property(tries = 40)
    void open_hugeString_neverThrowsAndIsRejected(
            @ForAll @StringLength(min = 4_000, max = 300_000) String input,
            @ForAll boolean withDots) {
        String token = withDots ? input.replace('a', '.') : input;
        for (int limit : new int[] {SessionCodec.Builder.DEFAULT_MAX_TOKEN_LENGTH, LARGE}) {
            OpenResult result = assertDoesNotThrow(() -> codec(RINGS.get(ContentAlgorithm.A256GCM), NOW, limit).open(token));
            assertFalse(result.isValid());
        }
    }

    @Example
    void open_overTheLargestLimit_isTooLarge() {
        String huge = TOKENS.get(ContentAlgorithm.A256GCM) + "A".repeat(LARGE);
        assertSame(OpenResult.Rejected.of(RejectReason.TOO_LARGE), codec(ContentAlgorithm.A256GCM).open(huge));
    }

    @Provide
    Arbitrary<String> fiveSegments() {
        Arbitrary<String> segment = Arbitraries.strings().withChars(B64URL).ofMaxLength(300);
        Arbitrary<String> header = Arbitraries.oneOf(segment,
                Arbitraries.just(JoseTokens.segments(TOKENS.get(ContentAlgorithm.A256GCM))[0]),
                text().map(json -> JoseTokens.encode(("{\"alg\":\"dir\"," + json + "}").getBytes(StandardCharsets.UTF_8))));
        Arbitrary<String> iv = Arbitraries.oneOf(segment, Arbitraries.strings().withChars(B64URL).ofLength(16));
        Arbitrary<String> tag = Arbitraries.oneOf(segment, Arbitraries.strings().withChars(B64URL).ofLength(22));
        Arbitrary<String> key = Arbitraries.oneOf(Arbitraries.just(""), segment);
        return Combinators.combine(header, key, iv, segment, tag).as(JoseTokens::join);
    }

    @Property
    void open_randomBase64UrlSegments_neverThrowAndAreRejected(@ForAll("fiveSegments") String token) {
        OpenResult result = assertDoesNotThrow(() -> codec(ContentAlgorithm.A256GCM).open(token));
        assertFalse(result.isValid());
        assertTrue(BEFORE_OR_AT_THE_SEAL.contains(result.reason().orElseThrow()), result::toString);
    }

    // ---------------------------------------------------------------- hostile JSON in a valid seal

    private static OpenResult openSealed(ContentAlgorithm alg, String payload) {
        JweSessionCodec codec = codec(alg);
        return assertDoesNotThrow(() -> codec.open(codec.seal(payload.getBytes(StandardCharsets.UTF_8), null)));
    }

    private static String payload(String attrs, String extraClaims) {
        return "{\"sid\":\"c2lk\",\"iat\":" + T + ",\"exp\":" + (T + 1800) + ",\"auth_time\":" + T
                + extraClaims + ",\"attrs\":" + attrs + "}";
    }

    private static String nested(int depth, boolean arrays) {
        return arrays ? "[".repeat(depth) + "]".repeat(depth) : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    private static void assertMalformed(OpenResult result) {
        assertSame(OpenResult.Rejected.of(RejectReason.MALFORMED), result, result::toString);
    }

    @Property(tries = 200)
    void open_deeplyNestedJsonInAValidSeal_isMalformed(
            @ForAll ContentAlgorithm alg,
            @ForAll @IntRange(min = 64, max = 100_000) int depth,
            @ForAll boolean arrays,
            @ForAll @IntRange(min = 0, max = 2) int where) {
        String deep = nested(depth, arrays);
        String payload = switch (where) {
            case 0 -> payload("{\"x\":" + deep + "}", "");
            case 1 -> payload("{}", ",\"ext\":" + deep);
            default -> payload("{}", ",\"sub\":" + deep);
        };
        assertMalformed(openSealed(alg, payload));
    }

    @Property(tries = 200)
    void open_moderatelyNestedAttributes_areValidAndReadable(
            @ForAll ContentAlgorithm alg,
            @ForAll @IntRange(min = 1, max = 60) int depth,
            @ForAll boolean arrays) {
        OpenResult result = openSealed(alg, payload("{\"x\":" + nested(depth, arrays) + "}", ""));

        SessionData data = assertInstanceOf(OpenResult.Valid.class, result).sessionData();
        assertDoesNotThrow(() -> data.attribute("x"));
    }

    @Property(tries = 200)
    void open_duplicateNameInAValidSeal_isMalformedAmongClaimsAndUnreadableInAttributes(
            @ForAll ContentAlgorithm alg,
            @ForAll("claimNames") String name,
            @ForAll @IntRange(min = 0, max = 5) int depth) {
        String duplicated = "{\"" + name + "\":1,\"" + name + "\":2}";
        if (depth == 0) {
            assertMalformed(openSealed(alg, payload("{}", ",\"" + name + "\":" + T + ",\"" + name + "\":" + T)));
        } else {
            String attrs = "{\"x\":" + "[".repeat(depth - 1) + duplicated + "]".repeat(depth - 1) + "}";
            OpenResult result = openSealed(alg, payload(attrs, ""));
            AttributeAssertions.assertUnreadable(assertInstanceOf(OpenResult.Valid.class, result).sessionData());
        }
    }

    @Provide
    Arbitrary<String> claimNames() {
        return Arbitraries.oneOf(Arbitraries.of("sid", "sub", "iat", "nbf", "exp", "auth_time", "attrs"),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10));
    }

    @Property(tries = 200)
    void open_timestampClaimNotAnIntegerInRange_isMalformed(
            @ForAll ContentAlgorithm alg,
            @ForAll("timestampClaims") String claim,
            @ForAll("notTimestamps") String value) {
        String payload = "{\"sid\":\"c2lk\",\"iat\":" + T + ",\"exp\":" + (T + 1800) + ",\"auth_time\":" + T
                + ",\"" + claim + "\":" + value + "}";
        // The claim given last replaces nothing (a second one would be a duplicate): drop the first.
        payload = payload.replaceFirst("\"" + claim + "\":\\d+,", "");
        assertMalformed(openSealed(alg, payload));
    }

    @Provide
    Arbitrary<String> timestampClaims() {
        return Arbitraries.of("iat", "exp", "auth_time", "nbf");
    }

    @Provide
    Arbitrary<String> notTimestamps() {
        return Arbitraries.oneOf(
                Arbitraries.longs().lessOrEqual(-1).map(String::valueOf),
                Arbitraries.longs().between(253_402_300_800L, Long.MAX_VALUE).map(String::valueOf),
                Arbitraries.bigIntegers().between(java.math.BigInteger.TWO.pow(63),
                        java.math.BigInteger.TEN.pow(60)).map(String::valueOf),
                Arbitraries.doubles().between(0, 1e11).map(d -> Double.toString(d)),
                Arbitraries.longs().between(0, 1L << 35).map(l -> "\"" + l + "\""),
                Arbitraries.longs().between(0, 1L << 35).map(l -> l + ".0"),
                Arbitraries.of("true", "false", "null", "[]", "{}", "\"\"", "1e3", "-0.0"));
    }

    @Property(tries = 50)
    void open_hugeValuesInAValidSeal_areMalformedOrReadOrUnreadableAsAWhole(
            @ForAll ContentAlgorithm alg,
            @ForAll @IntRange(min = 0, max = 4) int kind,
            @ForAll @IntRange(min = 65, max = 200_000) int size) {
        String attrs = switch (kind) {
            case 0 -> "{\"s\":\"" + "x".repeat(size) + "\"}";
            case 1 -> "{\"" + "n".repeat(size) + "\":1}";
            case 2 -> "{\"n\":" + "9".repeat(size) + "}";
            case 3 -> "{\"n\":0." + "1".repeat(size) + "}";
            default -> "{\"l\":[" + "1,".repeat(size) + "1]}";
        };
        OpenResult result = openSealed(alg, payload(attrs, ""));
        if (result instanceof OpenResult.Valid valid) {
            // Opening does not parse the attributes: they read, or every read says why not.
            AttributeAssertions.assertReadableOrUnreadable(valid.sessionData());
        } else {
            assertMalformed(result);
        }
    }

    @Property(tries = 300)
    void open_arbitraryBytesInsideAValidSeal_areMalformedOrReadOrUnreadableAsAWhole(
            @ForAll ContentAlgorithm alg,
            @ForAll byte[] bytes,
            @ForAll @IntRange(min = 0, max = 2) int where) {
        // Raw bytes (invalid UTF-8, control characters, quotes, backslashes) in a string, as a
        // value, or as the whole payload: whatever opens reads, or every read throws SessionException.
        String raw = new String(bytes, StandardCharsets.ISO_8859_1);
        String payload = switch (where) {
            case 0 -> payload("{\"s\":\"" + raw + "\"}", "");
            case 1 -> payload("{\"s\":" + raw + "}", "");
            default -> raw;
        };
        JweSessionCodec codec = codec(alg);
        OpenResult result = assertDoesNotThrow(() -> codec.open(
                codec.seal(payload.getBytes(StandardCharsets.ISO_8859_1), null)));
        if (result instanceof OpenResult.Valid valid) {
            SessionData data = valid.sessionData();
            AttributeAssertions.assertReadableOrUnreadable(data);
            assertDoesNotThrow(() -> codec.seal(data));
        } else {
            assertMalformed(result);
        }
    }

    // ---------------------------------------------------------------- rotation

    @Property(tries = 100)
    void rotation_primarySealsAndEveryKeyOpens(
            @ForAll @IntRange(min = 1, max = 5) int size,
            @ForAll @IntRange(min = 0, max = 4) int sealer,
            @ForAll ContentAlgorithm alg) {
        Assume.that(sealer < size);
        List<SessionKey> keys = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            keys.add(SessionKey.generate("k" + i, i % 2 == 0 ? alg : ContentAlgorithm.values()[1 - alg.ordinal()]));
        }
        KeyRing ring = KeyRing.of(keys.get(0), keys.subList(1, size).toArray(SessionKey[]::new));
        KeyRing ofSealer = KeyRing.of(keys.get(sealer));
        String token = codec(ofSealer, NOW, LARGE).seal(session());
        assertTrue(token.startsWith(JoseTokens.encode(
                JoseTokens.header(keys.get(sealer), COOKIE).getBytes(StandardCharsets.UTF_8))));

        OpenResult.Valid valid = assertInstanceOf(OpenResult.Valid.class, codec(ring, NOW, LARGE).open(token));
        assertEquals(sealer != 0, valid.needsReseal());
        assertEquals(ring.primary(NOW), keys.get(0));
        // The ring's primary seals: its token opens without a reseal.
        String byRing = codec(ring, NOW, LARGE).seal(session());
        assertFalse(assertInstanceOf(OpenResult.Valid.class, codec(ring, NOW, LARGE).open(byRing)).needsReseal());

        if (sealer != 0) {
            KeyRing removed = ring.without("k" + sealer);
            assertSame(OpenResult.Rejected.of(RejectReason.UNKNOWN_KEY), codec(removed, NOW, LARGE).open(token));
            assertTrue(codec(removed, NOW, LARGE).open(byRing).isValid());
        }
    }

    @Property(tries = 100)
    void rotating_sealedInPeriodN_opensInNPlus1WithResealAndIsUnknownInNPlus2(
            @ForAll @LongRange(min = 60, max = 90L * 86_400) long periodSeconds,
            @ForAll @LongRange(min = 1, max = 1_000_000) long periodIndex,
            @ForAll @IntRange(min = 0, max = 1_000_000) int offsetSeed,
            @ForAll @IntRange(min = 0, max = 1_000_000) int laterOffsetSeed) {
        Assume.that(periodIndex * periodSeconds < 100_000_000_000L);
        KeyRing ring = KeyRing.rotating(master(periodIndex), Duration.ofSeconds(periodSeconds));
        long start = periodIndex * periodSeconds;
        Instant sealedAt = Instant.ofEpochSecond(start + offsetSeed % periodSeconds);
        SessionData data = SessionData.builder().issuedAt(sealedAt)
                .expiresAt(sealedAt.plusSeconds(4 * periodSeconds)).build();
        String token = codec(ring, sealedAt, LARGE).seal(data);

        OpenResult.Valid same = assertInstanceOf(OpenResult.Valid.class, codec(ring, sealedAt, LARGE).open(token));
        assertFalse(same.needsReseal());

        Instant next = Instant.ofEpochSecond(start + periodSeconds + laterOffsetSeed % periodSeconds);
        OpenResult.Valid later = assertInstanceOf(OpenResult.Valid.class, codec(ring, next, LARGE).open(token));
        assertTrue(later.needsReseal());
        assertNotSame(ring.primary(sealedAt), ring.primary(next));

        Instant afterNext = Instant.ofEpochSecond(start + 2 * periodSeconds + laterOffsetSeed % periodSeconds);
        assertSame(OpenResult.Rejected.of(RejectReason.UNKNOWN_KEY), codec(ring, afterNext, LARGE).open(token));
    }

    @Property(tries = 100)
    void rotating_tokenOfTheNextPeriod_opensWithoutReseal(
            @ForAll @LongRange(min = 60, max = 90L * 86_400) long periodSeconds,
            @ForAll @LongRange(min = 1, max = 1_000_000) long periodIndex,
            @ForAll @IntRange(min = 1, max = 30) int clockDifference) {
        Assume.that(periodIndex * periodSeconds < 100_000_000_000L);
        KeyRing ring = KeyRing.rotating(master(periodIndex), Duration.ofSeconds(periodSeconds));
        // A node whose clock runs a little ahead has already entered the next period.
        Instant ahead = Instant.ofEpochSecond((periodIndex + 1) * periodSeconds);
        Instant behind = ahead.minusSeconds(clockDifference);
        SessionData data = SessionData.builder().issuedAt(ahead).expiresAt(ahead.plusSeconds(3600)).build();
        String token = codec(ring, ahead, LARGE).seal(data);

        OpenResult.Valid valid = assertInstanceOf(OpenResult.Valid.class, codec(ring, behind, LARGE).open(token));
        assertFalse(valid.needsReseal());
    }

    private static byte[] master(long seed) {
        byte[] m = new byte[32];
        new java.util.Random(seed).nextBytes(m);
        return m;
    }
}
