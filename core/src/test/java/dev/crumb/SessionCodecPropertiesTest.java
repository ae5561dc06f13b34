package dev.crumb;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crumb.testing.Seeded;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Claims of the codec that hold for every input, checked over seeded random inputs. */
class SessionCodecPropertiesTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final long T = NOW.getEpochSecond();
    private static final String COOKIE = "__Host-sess";
    private static final int LARGE = 1 << 20;
    private static final String B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final Map<ContentAlgorithm, KeyRing> RINGS = Map.of(
            ContentAlgorithm.A256GCM, KeyRing.generate(),
            ContentAlgorithm.A256CBC_HS512, KeyRing.generate("cbc-" + System.nanoTime(), "A256CBC-HS512"));
    private static final Set<RejectReason> BEFORE_OR_AT_THE_SEAL = Set.of(RejectReason.MALFORMED,
            RejectReason.UNKNOWN_KEY, RejectReason.WRONG_COOKIE, RejectReason.BAD_SEAL, RejectReason.TOO_LARGE);

    private static SessionCodec codec(KeyRing ring, Instant now, int maxTokenLength) {
        // The codec ignores the timeouts; the shortest idle timeout lets any rotation period build.
        return CookieSessions.builder().keys(ring).cookie(CookieSpec.named(COOKIE)).idleTimeout(Duration.ofMinutes(1))
                .clock(Clock.fixed(now, ZoneOffset.UTC)).maxTokenLength(maxTokenLength).build().codec();
    }

    private static SessionCodec codec(ContentAlgorithm alg) {
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

    private static final int[] SPECIAL_CODE_POINTS = {'"', '\\', '/', 0, 0x1f, 0x7f, 0x2028, 0x2029, 0xfeff,
        0xfffd, 0x1f600, 0x10ffff, '\'', '<'};

    /** Well-formed Unicode text (no lone surrogates) of up to 40 code points, rich in JSON's special characters. */
    static String text(Random r) {
        int n = r.nextInt(41);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(9);
            int cp;
            if (kind < 3) {
                cp = SPECIAL_CODE_POINTS[r.nextInt(SPECIAL_CODE_POINTS.length)];
            } else if (kind < 6) {
                cp = Seeded.between(r, 0x20, 0x7e);
            } else if (kind < 8) {
                do {
                    cp = r.nextInt(0x10000);
                } while (cp >= 0xd800 && cp <= 0xdfff);
            } else {
                cp = Seeded.between(r, 0x10000, 0x10ffff);
            }
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    private static String subject(Random r) {
        return r.nextBoolean() ? text(r) : null;
    }

    private static String id(Random r) {
        if (r.nextBoolean()) {
            return Seeded.stringOf(r, B64URL, 1, 128);
        }
        String s;
        do {
            s = text(r);
        } while (s.isEmpty() || s.length() > 128);
        return s;
    }

    /** A string or an int, or a list of up to four such values nested up to {@code depth} deep. */
    private static Object attributeValue(Random r, int depth) {
        if (depth == 0 || r.nextInt(3) == 0) {
            return r.nextBoolean() ? text(r) : (Object) r.nextInt();
        }
        List<Object> list = new ArrayList<>();
        for (int i = r.nextInt(5); i > 0; i--) {
            list.add(attributeValue(r, depth - 1));
        }
        return list;
    }

    private static Map<String, Object> attributes(Random r) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (int i = r.nextInt(7); i > 0; i--) {
            attributes.put(text(r), attributeValue(r, r.nextInt(4)));
        }
        return attributes;
    }

    private static ContentAlgorithm algorithm(Random r) {
        return Seeded.oneOf(r, ContentAlgorithm.values());
    }

    /** A base64url character, a JOSE delimiter or padding, whitespace, or any UTF-16 unit. */
    private static char replacement(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> B64URL.charAt(r.nextInt(B64URL.length()));
            case 1 -> Seeded.oneOf(r, '.', '=', '+', '/', ' ', '\n', '\u0000', '\u00e9');
            default -> (char) r.nextInt(0x10000);
        };
    }

    /** Any UTF-16 text up to {@code maxLength} units, lone surrogates included, often with dots. */
    private static String anyString(Random r, int minLength, int maxLength) {
        int n = Seeded.between(r, minLength, maxLength);
        boolean ascii = r.nextBoolean();
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(ascii ? (char) r.nextInt(0x80) : r.nextInt(8) == 0 ? '.' : (char) r.nextInt(0x10000));
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- round trip

    @Test
    void sealThenOpen_anySession_roundTrips() {
        Seeded.forAll(500, r -> sealThenOpen_anySession_roundTrips(algorithm(r), id(r), subject(r), attributes(r),
                Seeded.between(r, 0, 253_300_000_000L), Seeded.between(r, 1, 400 * 86_400),
                Seeded.between(r, 0, 400 * 86_400)));
    }

    private static void sealThenOpen_anySession_roundTrips(ContentAlgorithm alg, String id, String subject,
            Map<String, Object> attributes, long issuedAt, int lifetime, int age) {
        Instant iat = Instant.ofEpochSecond(issuedAt);
        SessionData.Builder builder = SessionData.builder().id(id).subject(subject).issuedAt(iat)
                .createdAt(Instant.ofEpochSecond(Math.max(0, issuedAt - age)))
                .expiresAt(iat.plusSeconds(lifetime));
        attributes.forEach(builder::attribute);
        SessionData data = builder.build();
        SessionCodec codec = codec(RINGS.get(alg), iat, LARGE);

        OpenResult result = codec.open(codec.seal(data));

        OpenResult valid = Opened.valid(result);
        assertFalse(valid.needsReseal());
        SessionData opened = valid.data().orElseThrow();
        assertEquals(data, opened);
        assertEquals(id, opened.id());
        assertEquals(subject, opened.subject().orElse(null));
        assertEquals(attributes.keySet(), opened.attributeNames());
        attributes.forEach((name, value) -> assertEquals(value, opened.get(name), name));
    }

    // ---------------------------------------------------------------- tampering

    @Test
    void open_anySingleCharacterReplaced_isRejected() {
        // Every position, each with a few random replacements.
        Seeded.forAll(4, r -> {
            for (ContentAlgorithm alg : ContentAlgorithm.values()) {
                String token = TOKENS.get(alg);
                SessionCodec codec = codec(alg);
                for (int at = 0; at < token.length(); at++) {
                    char replacement;
                    do {
                        replacement = replacement(r);
                    } while (replacement == token.charAt(at));
                    String altered = token.substring(0, at) + replacement + token.substring(at + 1);
                    int where = at;
                    char c = replacement;
                    assertFalse(codec.open(altered).isValid(), () -> "opened with '" + c + "' at " + where);
                }
            }
        });
    }

    @Test
    void open_anyBitOfAnyDecodedSegmentFlipped_isRejected() {
        // Exhaustive: every bit of the header, IV, ciphertext and tag of a token of each algorithm.
        for (ContentAlgorithm alg : ContentAlgorithm.values()) {
            SessionCodec codec = codec(alg);
            for (int segment : new int[] {0, 2, 3, 4}) {
                String[] original = JoseTokens.segments(TOKENS.get(alg));
                byte[] bytes = java.util.Base64.getUrlDecoder().decode(original[segment]);
                for (int at = 0; at < bytes.length * 8; at++) {
                    String[] s = original.clone();
                    byte[] flipped = bytes.clone();
                    flipped[at / 8] ^= (byte) (1 << (at % 8));
                    s[segment] = JoseTokens.encode(flipped);

                    OpenResult result = codec.open(JoseTokens.join(s));

                    String where = alg + " segment " + segment + " bit " + at;
                    assertFalse(result.isValid(), where);
                    if (segment > 1) {
                        // The IV, ciphertext and tag are checked by the tag alone, and every failure is one.
                        assertSame(OpenResult.rejected(RejectReason.BAD_SEAL), result, where);
                    }
                }
            }
        }
    }

    @Test
    void open_oneCharacterDeletedOrInserted_isRejected() {
        Seeded.forAll(2, r -> {
            for (ContentAlgorithm alg : ContentAlgorithm.values()) {
                String token = TOKENS.get(alg);
                SessionCodec codec = codec(alg);
                for (int at = 0; at <= token.length(); at++) {
                    char c = replacement(r);
                    String inserted = token.substring(0, at) + c + token.substring(at);
                    int where = at;
                    assertFalse(codec.open(inserted).isValid(), () -> "opened with '" + c + "' inserted at " + where);
                    if (at < token.length()) {
                        String deleted = token.substring(0, at) + token.substring(at + 1);
                        assertFalse(codec.open(deleted).isValid(), () -> "opened without the character at " + where);
                    }
                }
            }
        });
    }

    // ---------------------------------------------------------------- never throws

    @Test
    void open_anyString_neverThrowsAndIsRejected() {
        SessionCodec codec = codec(ContentAlgorithm.A256GCM);
        Seeded.forAll(1000, r -> {
            String input = anyString(r, 0, 255);
            OpenResult result = assertDoesNotThrow(() -> codec.open(input));
            assertFalse(result.isValid());
        });
    }

    @Test
    void open_hugeString_neverThrowsAndIsRejected() {
        Seeded.forAll(40, r -> {
            String input = anyString(r, 4_000, 300_000);
            String token = r.nextBoolean() ? input.replace('a', '.') : input;
            for (int limit : new int[] {CookieSessions.DEFAULT_MAX_COOKIE_BYTES, LARGE}) {
                OpenResult result = assertDoesNotThrow(() -> codec(RINGS.get(ContentAlgorithm.A256GCM), NOW, limit).open(token));
                assertFalse(result.isValid());
            }
        });
    }

    @Test
    void open_overTheLargestLimit_isTooLarge() {
        String huge = TOKENS.get(ContentAlgorithm.A256GCM) + "A".repeat(LARGE);
        assertSame(OpenResult.rejected(RejectReason.TOO_LARGE), codec(ContentAlgorithm.A256GCM).open(huge));
    }

    /** Five segments of base64url characters, some shaped like the real ones. */
    private static String fiveSegments(Random r) {
        String header = switch (r.nextInt(3)) {
            case 0 -> Seeded.stringOf(r, B64URL, 0, 300);
            case 1 -> JoseTokens.segments(TOKENS.get(ContentAlgorithm.A256GCM))[0];
            default -> JoseTokens.encode(("{\"alg\":\"dir\"," + text(r) + "}").getBytes(StandardCharsets.UTF_8));
        };
        String key = r.nextBoolean() ? "" : Seeded.stringOf(r, B64URL, 0, 300);
        String iv = r.nextBoolean() ? Seeded.stringOf(r, B64URL, 16, 16) : Seeded.stringOf(r, B64URL, 0, 300);
        String tag = r.nextBoolean() ? Seeded.stringOf(r, B64URL, 22, 22) : Seeded.stringOf(r, B64URL, 0, 300);
        return JoseTokens.join(header, key, iv, Seeded.stringOf(r, B64URL, 0, 300), tag);
    }

    @Test
    void open_randomBase64UrlSegments_neverThrowAndAreRejected() {
        SessionCodec codec = codec(ContentAlgorithm.A256GCM);
        Seeded.forAll(1000, r -> {
            String token = fiveSegments(r);
            OpenResult result = assertDoesNotThrow(() -> codec.open(token));
            assertFalse(result.isValid());
            assertTrue(BEFORE_OR_AT_THE_SEAL.contains(result.reason().orElseThrow()), result::toString);
        });
    }

    // ---------------------------------------------------------------- hostile JSON in a valid seal

    private static OpenResult openSealed(ContentAlgorithm alg, String payload) {
        SessionCodec codec = codec(alg);
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
        assertSame(OpenResult.rejected(RejectReason.MALFORMED), result, result::toString);
    }

    @Test
    void open_deeplyNestedJsonInAValidSeal_isMalformed() {
        Seeded.forAll(200, r -> {
            String deep = nested(Seeded.between(r, 64, 100_000), r.nextBoolean());
            String payload = switch (r.nextInt(3)) {
                case 0 -> payload("{\"x\":" + deep + "}", "");
                case 1 -> payload("{}", ",\"ext\":" + deep);
                default -> payload("{}", ",\"sub\":" + deep);
            };
            assertMalformed(openSealed(algorithm(r), payload));
        });
    }

    @Test
    void open_moderatelyNestedAttributes_areValidAndReadable() {
        Seeded.forAll(200, r -> {
            OpenResult result = openSealed(algorithm(r),
                    payload("{\"x\":" + nested(Seeded.between(r, 1, 60), r.nextBoolean()) + "}", ""));

            SessionData data = Opened.valid(result).data().orElseThrow();
            assertDoesNotThrow(() -> data.get("x"));
        });
    }

    @Test
    void open_duplicateNameInAValidSeal_isMalformedAmongClaimsAndUnreadableInAttributes() {
        Seeded.forAll(200, r -> {
            ContentAlgorithm alg = algorithm(r);
            String name = r.nextBoolean() ? Seeded.oneOf(r, "sid", "sub", "iat", "nbf", "exp", "auth_time", "attrs")
                    : Seeded.stringOf(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 1, 10);
            int depth = Seeded.between(r, 0, 5);
            String duplicated = "{\"" + name + "\":1,\"" + name + "\":2}";
            if (depth == 0) {
                assertMalformed(openSealed(alg, payload("{}", ",\"" + name + "\":" + T + ",\"" + name + "\":" + T)));
            } else {
                String attrs = "{\"x\":" + "[".repeat(depth - 1) + duplicated + "]".repeat(depth - 1) + "}";
                OpenResult result = openSealed(alg, payload(attrs, ""));
                AttributeAssertions.assertUnreadable(Opened.valid(result).data().orElseThrow());
            }
        });
    }

    @Test
    void open_timestampClaimNotAnIntegerInRange_isMalformed() {
        Seeded.forAll(200, r -> {
            String claim = Seeded.oneOf(r, "iat", "exp", "auth_time", "nbf");
            String value = notTimestamp(r);
            String payload = "{\"sid\":\"c2lk\",\"iat\":" + T + ",\"exp\":" + (T + 1800) + ",\"auth_time\":" + T
                    + ",\"" + claim + "\":" + value + "}";
            // The claim given last replaces nothing (a second one would be a duplicate): drop the first.
            payload = payload.replaceFirst("\"" + claim + "\":\\d+,", "");
            assertMalformed(openSealed(algorithm(r), payload));
        });
    }

    /** JSON that is not an integer number of seconds from 0 to the year 9999. */
    private static String notTimestamp(Random r) {
        java.math.BigInteger twoTo63 = java.math.BigInteger.TWO.pow(63);
        return switch (r.nextInt(8)) {
            case 0 -> String.valueOf(Seeded.between(r, Long.MIN_VALUE, -1L));
            case 1 -> String.valueOf(Seeded.between(r, 253_402_300_800L, Long.MAX_VALUE));
            case 2 -> String.valueOf(twoTo63.add(new java.math.BigInteger(200, r)
                    .mod(java.math.BigInteger.TEN.pow(60).subtract(twoTo63).add(java.math.BigInteger.ONE))));
            case 3 -> Double.toString(r.nextDouble() * 1e11);
            case 4 -> "\"" + Seeded.between(r, 0, 1L << 35) + "\"";
            case 5 -> Seeded.between(r, 0, 1L << 35) + ".0";
            default -> Seeded.oneOf(r, "true", "false", "null", "[]", "{}", "\"\"", "1e3", "-0.0");
        };
    }

    @Test
    void open_hugeValuesInAValidSeal_areMalformedOrReadOrUnreadableAsAWhole() {
        Seeded.forAll(50, r -> {
            int size = Seeded.between(r, 65, 200_000);
            String attrs = switch (r.nextInt(5)) {
                case 0 -> "{\"s\":\"" + "x".repeat(size) + "\"}";
                case 1 -> "{\"" + "n".repeat(size) + "\":1}";
                case 2 -> "{\"n\":" + "9".repeat(size) + "}";
                case 3 -> "{\"n\":0." + "1".repeat(size) + "}";
                default -> "{\"l\":[" + "1,".repeat(size) + "1]}";
            };
            OpenResult result = openSealed(algorithm(r), payload(attrs, ""));
            if (result.isValid()) {
                OpenResult valid = result;
                // Opening does not parse the attributes: they read, or every read says why not.
                AttributeAssertions.assertReadableOrUnreadable(valid.data().orElseThrow());
            } else {
                assertMalformed(result);
            }
        });
    }

    @Test
    void open_arbitraryBytesInsideAValidSeal_areMalformedOrReadOrUnreadableAsAWhole() {
        Seeded.forAll(300, r -> {
            ContentAlgorithm alg = algorithm(r);
            byte[] bytes = new byte[r.nextInt(256)];
            r.nextBytes(bytes);
            // Raw bytes (invalid UTF-8, control characters, quotes, backslashes) in a string, as a
            // value, or as the whole payload: whatever opens reads, or every read throws SessionException.
            String raw = new String(bytes, StandardCharsets.ISO_8859_1);
            String payload = switch (r.nextInt(3)) {
                case 0 -> payload("{\"s\":\"" + raw + "\"}", "");
                case 1 -> payload("{\"s\":" + raw + "}", "");
                default -> raw;
            };
            SessionCodec codec = codec(alg);
            OpenResult result = assertDoesNotThrow(() -> codec.open(
                    codec.seal(payload.getBytes(StandardCharsets.ISO_8859_1), null)));
            if (result.isValid()) {
                OpenResult valid = result;
                SessionData data = valid.data().orElseThrow();
                AttributeAssertions.assertReadableOrUnreadable(data);
                assertDoesNotThrow(() -> codec.seal(data));
            } else {
                assertMalformed(result);
            }
        });
    }

    // ---------------------------------------------------------------- rotation

    @Test
    void rotation_primarySealsAndEveryKeyOpens() {
        Seeded.forAll(100, r -> {
            int size = Seeded.between(r, 1, 5);
            rotation_primarySealsAndEveryKeyOpens(size, r.nextInt(size), algorithm(r));
        });
    }

    private static void rotation_primarySealsAndEveryKeyOpens(int size, int sealer, ContentAlgorithm alg) {
        List<SessionKey> keys = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            keys.add(SessionKey.generate("k" + i, i % 2 == 0 ? alg : ContentAlgorithm.values()[1 - alg.ordinal()]));
        }
        KeyRing ring = KeyRing.of(keys.get(0), keys.subList(1, size).toArray(SessionKey[]::new));
        KeyRing ofSealer = KeyRing.of(keys.get(sealer));
        String token = codec(ofSealer, NOW, LARGE).seal(session());
        assertTrue(token.startsWith(JoseTokens.encode(
                JoseTokens.header(keys.get(sealer), COOKIE).getBytes(StandardCharsets.UTF_8))));

        OpenResult valid = Opened.valid(codec(ring, NOW, LARGE).open(token));
        assertEquals(sealer != 0, valid.needsReseal());
        assertEquals(ring.primary(NOW), keys.get(0));
        // The ring's primary seals: its token opens without a reseal.
        String byRing = codec(ring, NOW, LARGE).seal(session());
        assertFalse(Opened.valid(codec(ring, NOW, LARGE).open(byRing)).needsReseal());

        if (sealer != 0) {
            KeyRing removed = ring.without("k" + sealer);
            assertSame(OpenResult.rejected(RejectReason.UNKNOWN_KEY), codec(removed, NOW, LARGE).open(token));
            assertTrue(codec(removed, NOW, LARGE).open(byRing).isValid());
        }
    }

    /** A period of one minute to 90 days, and the index of a period that starts before the year 5138. */
    private static long[] periodAndIndex(Random r) {
        long periodSeconds = Seeded.between(r, 60, 90L * 86_400);
        long periodIndex = Seeded.between(r, 1, Math.min(1_000_000, (100_000_000_000L - 1) / periodSeconds));
        return new long[] {periodSeconds, periodIndex};
    }

    @Test
    void rotating_sealedInPeriodN_opensInNPlus1WithResealAndIsUnknownInNPlus2() {
        Seeded.forAll(100, r -> {
            long[] p = periodAndIndex(r);
            rotating_sealedInPeriodN_opensInNPlus1WithResealAndIsUnknownInNPlus2(p[0], p[1],
                    r.nextInt(1_000_001), r.nextInt(1_000_001));
        });
    }

    private static void rotating_sealedInPeriodN_opensInNPlus1WithResealAndIsUnknownInNPlus2(
            long periodSeconds, long periodIndex, int offsetSeed, int laterOffsetSeed) {
        KeyRing ring = KeyRing.rotating(master(periodIndex), Duration.ofSeconds(periodSeconds));
        long start = periodIndex * periodSeconds;
        Instant sealedAt = Instant.ofEpochSecond(start + offsetSeed % periodSeconds);
        SessionData data = SessionData.builder().issuedAt(sealedAt)
                .expiresAt(sealedAt.plusSeconds(4 * periodSeconds)).build();
        String token = codec(ring, sealedAt, LARGE).seal(data);

        OpenResult same = Opened.valid(codec(ring, sealedAt, LARGE).open(token));
        assertFalse(same.needsReseal());

        Instant next = Instant.ofEpochSecond(start + periodSeconds + laterOffsetSeed % periodSeconds);
        OpenResult later = Opened.valid(codec(ring, next, LARGE).open(token));
        assertTrue(later.needsReseal());
        assertNotSame(ring.primary(sealedAt), ring.primary(next));

        Instant afterNext = Instant.ofEpochSecond(start + 2 * periodSeconds + laterOffsetSeed % periodSeconds);
        assertSame(OpenResult.rejected(RejectReason.UNKNOWN_KEY), codec(ring, afterNext, LARGE).open(token));
    }

    @Test
    void rotating_tokenOfTheNextPeriod_opensWithoutReseal() {
        Seeded.forAll(100, r -> {
            long[] p = periodAndIndex(r);
            long periodSeconds = p[0];
            long periodIndex = p[1];
            KeyRing ring = KeyRing.rotating(master(periodIndex), Duration.ofSeconds(periodSeconds));
            // A node whose clock runs a little ahead has already entered the next period.
            Instant ahead = Instant.ofEpochSecond((periodIndex + 1) * periodSeconds);
            Instant behind = ahead.minusSeconds(Seeded.between(r, 1, 30));
            SessionData data = SessionData.builder().issuedAt(ahead).expiresAt(ahead.plusSeconds(3600)).build();
            String token = codec(ring, ahead, LARGE).seal(data);

            OpenResult valid = Opened.valid(codec(ring, behind, LARGE).open(token));
            assertFalse(valid.needsReseal());
        });
    }

    private static byte[] master(long seed) {
        byte[] m = new byte[32];
        new java.util.Random(seed).nextBytes(m);
        return m;
    }
}
