package dev.crumb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The codec's checks, one case each: those that run before any cryptography (size, layout,
 * encoding, header), and those on the decrypted claims (types, time). Where a check is about a
 * token that is otherwise correctly sealed, the token is sealed by Nimbus or the bare JCA so that
 * its tag is valid, and the expected reason is not {@code BAD_SEAL}.
 */
class SessionCodecTest {

    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final long T = NOW.getEpochSecond();
    static final String COOKIE = "__Host-sess";
    static final byte[] GCM_SECRET = counting(32, 0x00);
    static final byte[] CBC_SECRET = counting(64, 0x40);
    static final SessionKey GCM = SessionKey.of("gcm-1", ContentAlgorithm.A256GCM, GCM_SECRET);
    static final SessionKey CBC = SessionKey.of("cbc-1", ContentAlgorithm.A256CBC_HS512, CBC_SECRET);
    private static final OpenResult BAD_SEAL = OpenResult.rejected(RejectReason.BAD_SEAL);

    // ---------------------------------------------------------------- fixtures

    static byte[] counting(int n, int first) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (first + i);
        }
        return b;
    }

    static SessionKey key(ContentAlgorithm alg) {
        return alg == ContentAlgorithm.A256GCM ? GCM : CBC;
    }

    static byte[] secret(ContentAlgorithm alg) {
        return alg == ContentAlgorithm.A256GCM ? GCM_SECRET : CBC_SECRET;
    }

    static SessionCodec codec(ContentAlgorithm alg) {
        return codec(KeyRing.of(key(alg)), COOKIE, NOW, CookieSessions.DEFAULT_MAX_COOKIE_BYTES);
    }

    static SessionCodec codec(KeyRing ring, String cookie, Instant now, int maxTokenLength) {
        return CookieSessions.builder().keys(ring).cookie(CookieSpec.named(cookie))
                .clock(Clock.fixed(now, ZoneOffset.UTC)).maxTokenLength(maxTokenLength).build().codec();
    }

    static SessionCodec codecAt(ContentAlgorithm alg, Instant now) {
        return codec(KeyRing.of(key(alg)), COOKIE, now, CookieSessions.DEFAULT_MAX_COOKIE_BYTES);
    }

    static SessionData session() {
        return SessionData.builder().subject("user-1").issuedAt(NOW).expiresAt(NOW.plusSeconds(1800))
                .attribute("cart", List.of(1, 2, 3)).build();
    }

    static String header(ContentAlgorithm alg) {
        return JoseTokens.header(key(alg), COOKIE);
    }

    static void assertRejected(RejectReason expected, OpenResult result) {
        // Rejections are shared per reason, so a reject is identical to the canonical instance.
        assertSame(OpenResult.rejected(expected), result, () -> "expected " + expected + ", got " + result);
    }

    static OpenResult assertValid(OpenResult result) {
        return Opened.valid(result);
    }

    /** The payload claims as raw JSON values, in the order Crumb writes them. */
    static Map<String, String> claims() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("sid", "\"c2lk\"");
        c.put("sub", "\"user-1\"");
        c.put("iat", Long.toString(T));
        c.put("nbf", Long.toString(T));
        c.put("exp", Long.toString(T + 1800));
        c.put("auth_time", Long.toString(T));
        c.put("attrs", "{\"cart\":[1,2,3]}");
        return c;
    }

    static String json(Map<String, String> claims) {
        return claims.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }

    /** Raw payload bytes inside a valid seal by the codec itself. */
    static OpenResult openPayload(ContentAlgorithm alg, String payloadJson) {
        SessionCodec codec = codec(alg);
        return codec.open(codec.seal(payloadJson.getBytes(StandardCharsets.UTF_8), null));
    }

    // ---------------------------------------------------------------- controls

    @ParameterizedTest
    @EnumSource(ContentAlgorithm.class)
    void open_ownSeal_isValidAndCanonical(ContentAlgorithm alg) {
        OpenResult valid = assertValid(codec(alg).open(codec(alg).seal(session())));
        assertFalse(valid.needsReseal());
    }

    @ParameterizedTest
    @EnumSource(ContentAlgorithm.class)
    void open_foreignSealsOfCanonicalHeader_areValid(ContentAlgorithm alg) {
        // The helpers below make correct tokens: only the difference under test is rejected.
        String claims = JoseTokens.claims(T, T + 1800);
        assertFalse(assertValid(codec(alg).open(JoseTokens.nimbus(header(alg), claims, secret(alg)))).needsReseal());
        assertFalse(assertValid(codec(alg).open(JoseTokens.jca(header(alg), claims, key(alg), secret(alg)))).needsReseal());
        assertValid(openPayload(alg, json(claims())));
    }

    @ParameterizedTest
    @EnumSource(ContentAlgorithm.class)
    void open_ofARange_isOpenOfThatRangeAlone_whateverSurroundsIt(ContentAlgorithm alg) {
        // CookieSessions opens a token where it lies in a Cookie header: the characters around
        // the range, dots and base64url included, must never change the result.
        String valid = codec(alg).seal(session());
        String claims = JoseTokens.claims(T, T + 1800);
        List<String> tokens = new ArrayList<>(tokensForEncodingTests(alg));
        // Headers the index does not hold, so decoded: members reordered (valid, re-sealed), another cookie's.
        tokens.add(JoseTokens.nimbus("{\"enc\":\"" + alg.joseName() + "\",\"alg\":\"dir\",\"kid\":\""
                + key(alg).kid() + "\",\"typ\":\"session+jwe\",\"cn\":\"" + COOKIE + "\"}", claims, secret(alg)));
        tokens.add(JoseTokens.nimbus(JoseTokens.header(key(alg), "other"), claims, secret(alg)));
        for (int cut = 0; cut < valid.length(); cut += 5) {
            tokens.add(valid.substring(0, cut));
            tokens.add(valid.substring(cut + 1));
        }
        String[] seg = JoseTokens.segments(valid);
        char c = seg[3].charAt(seg[3].length() / 2);
        seg[3] = seg[3].substring(0, seg[3].length() / 2) + (c == 'A' ? 'B' : 'A') + seg[3].substring(seg[3].length() / 2 + 1);
        tokens.add(JoseTokens.join(seg));
        wrongSegmentCounts().forEach(a -> tokens.add((String) a.get()[1]));

        // Each way a codec finds the key: the header it seals with; another key's header, by its
        // hash (the tokens' key is the older one here); the zip headers first (compression on);
        // and a length limit that the valid token just meets.
        SessionKey newer = SessionKey.of("newer-1", alg, counting(alg == ContentAlgorithm.A256GCM ? 32 : 64, 0x90));
        Map<String, SessionCodec> codecs = new LinkedHashMap<>();
        codecs.put("one key", codec(alg));
        codecs.put("older key", codec(KeyRing.of(newer, key(alg)), COOKIE, NOW, CookieSessions.DEFAULT_MAX_COOKIE_BYTES));
        codecs.put("compression", CookieSessions.builder().keys(KeyRing.of(key(alg))).cookie(CookieSpec.named(COOKIE))
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).enableCompressionDespiteLengthLeaks().build().codec());
        codecs.put("limit", codec(KeyRing.of(key(alg)), COOKIE, NOW, valid.length()));
        String[] before = {"", ".", "A.", "eyJ.", "ga=GA1.2.3.4; __Host-sess="};
        String[] after = {"", ".", ".A", "A", "; other=5.6.7.8", "x".repeat(valid.length())};
        for (Map.Entry<String, SessionCodec> e : codecs.entrySet()) {
            SessionCodec codec = e.getValue();
            int valids = 0;
            for (String token : tokens) {
                String whole = outcome(codec.open(token));
                valids += whole.startsWith("valid") ? 1 : 0;
                for (String b : before) {
                    for (String a : after) {
                        String header = b + token + a;
                        assertEquals(whole, outcome(codec.open(header, b.length(), b.length() + token.length(), NOW)),
                                () -> e.getKey() + ": token of " + token.length() + " characters after \"" + b
                                        + "\" and before " + a.length() + " characters");
                    }
                }
            }
            assertTrue(valids >= 2, e.getKey() + ": valid tokens among those tried");
        }
        // What the codecs tell apart: their key lookup, and the limit.
        assertFalse(Opened.valid(codecs.get("one key").open(valid)).needsReseal());
        assertTrue(Opened.valid(codecs.get("older key").open(valid)).needsReseal());
        assertValid(codecs.get("limit").open(valid));
        assertRejected(RejectReason.TOO_LARGE, codecs.get("limit").open(valid + "A", 0, valid.length() + 1, NOW));
    }

    /** What a caller can tell of an open's result. */
    private static String outcome(OpenResult r) {
        return r.isValid()
                ? "valid " + r.data().orElseThrow().id() + " " + r.data().orElseThrow().subject() + " reseal " + r.needsReseal()
                : "rejected " + r.reason().orElseThrow();
    }

    // ---------------------------------------------------------------- size

    @ParameterizedTest
    @EnumSource(ContentAlgorithm.class)
    void open_tokenOverMaxTokenLength_isTooLarge(ContentAlgorithm alg) {
        String token = codec(alg).seal(session());
        int length = token.length();
        assertTrue(length > 257, "the limit cannot go below 256");

        assertValid(codec(KeyRing.of(key(alg)), COOKIE, NOW, length).open(token));
        assertRejected(RejectReason.TOO_LARGE, codec(KeyRing.of(key(alg)), COOKIE, NOW, length - 1).open(token));
    }

    @ParameterizedTest
    @ValueSource(ints = {4097, 10_000, 1 << 21})
    void open_garbageOverDefaultLimit_isTooLarge(int length) {
        assertRejected(RejectReason.TOO_LARGE, codec(ContentAlgorithm.A256GCM).open("....." + "A".repeat(length)));
    }

    @Test
    void seal_sessionOverMaxTokenLength_throwsSessionTooLarge() {
        SessionData big = session().toBuilder().attribute("avatar", "x".repeat(5000)).build();

        SessionException e = assertThrows(SessionException.class,
                () -> codec(ContentAlgorithm.A256GCM).seal(big));

        assertTrue(e.getMessage().matches("session cookie would be (\\d{4,}) bytes, over the limit of 4096 bytes; "
                + "largest attributes \\(serialized bytes\\): avatar=.*"), e.getMessage());
    }

    // ---------------------------------------------------------------- layout

    static Stream<Arguments> wrongSegmentCounts() {
        String[] s = JoseTokens.segments(codec(ContentAlgorithm.A256GCM).seal(session()));
        return Stream.of(
                Arguments.of("empty", ""),
                Arguments.of("one dot", "."),
                Arguments.of("four dots only", "...."),
                Arguments.of("three segments (JWS)", JoseTokens.join(s[0], s[3], s[4])),
                Arguments.of("four segments", JoseTokens.join(s[0], s[1], s[2], s[3])),
                Arguments.of("six segments", JoseTokens.join(s[0], s[1], s[2], s[3], s[4], s[4])),
                Arguments.of("trailing dot", JoseTokens.join(s) + "."),
                Arguments.of("leading dot", "." + JoseTokens.join(s)),
                Arguments.of("no dots", s[0] + s[2] + s[3] + s[4]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongSegmentCounts")
    void open_notFiveSegments_isMalformed(String name, String token) {
        assertRejected(RejectReason.MALFORMED, codec(ContentAlgorithm.A256GCM).open(token));
    }

    @Test
    void open_null_isMalformed() {
        assertRejected(RejectReason.MALFORMED, codec(ContentAlgorithm.A256GCM).open(null));
    }

    @ParameterizedTest
    @EnumSource(ContentAlgorithm.class)
    void open_nonEmptyEncryptedKey_isMalformed(ContentAlgorithm alg) {
        String[] s = JoseTokens.segments(codec(alg).seal(session()));
        for (String encryptedKey : new String[] {"A", "AA", "AAAA", JoseTokens.encode(secret(alg))}) {
            s[1] = encryptedKey;
            assertRejected(RejectReason.MALFORMED, codec(alg).open(JoseTokens.join(s)));
        }
    }

    @ParameterizedTest
    @EnumSource(ContentAlgorithm.class)
    void open_emptyCiphertext_isMalformed(ContentAlgorithm alg) {
        String[] s = JoseTokens.segments(codec(alg).seal(session()));
        s[3] = "";
        assertRejected(RejectReason.MALFORMED, codec(alg).open(JoseTokens.join(s)));
    }

    // ---------------------------------------------------------------- encoding

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final String[] SEGMENT_NAMES = {"header", "encrypted key", "iv", "ciphertext", "tag"};

    /** Sealed tokens whose segments, together, include every length class of base64url. */
    static List<String> tokensForEncodingTests(ContentAlgorithm alg) {
        List<String> tokens = new ArrayList<>();
        for (String subject : new String[] {"u", "uu", "uuu", "u".repeat(17), "u".repeat(33)}) {
            tokens.add(codec(alg).seal(session().toBuilder().subject(subject).build()));
        }
        return tokens;
    }

    /** Encodings of a segment that a lenient decoder might take; none is canonical. */
    static Map<String, String> nonCanonical(String segment) {
        Map<String, String> v = new LinkedHashMap<>();
        int rem = segment.length() % 4;
        if (rem != 0) {
            v.put("padded", segment + "=".repeat(4 - rem));
            int last = ALPHABET.indexOf(segment.charAt(segment.length() - 1));
            String spare = segment.substring(0, segment.length() - 1) + ALPHABET.charAt(last | 1);
            // Only the unused low bits differ: the JDK's decoder reads it as the same bytes.
            assertArrayEquals(Base64.getUrlDecoder().decode(segment), Base64.getUrlDecoder().decode(spare));
            v.put("non-zero spare bits", spare);
        }
        v.put("one padding char", segment + "=");
        v.put("'+' (standard alphabet)", "+" + segment.substring(1));
        v.put("'/' (standard alphabet)", segment.substring(0, segment.length() - 1) + "/");
        v.put("space inside", segment.substring(0, 4) + " " + segment.substring(4));
        v.put("line break inside", segment.substring(0, 4) + "\r\n" + segment.substring(4));
        v.put("trailing tab", segment + "\t");
        v.put("non-ASCII letter", "\u00e9" + segment.substring(1));
        return v;
    }

    @TestFactory
    Stream<DynamicTest> open_nonCanonicalBase64UrlInAnySegment_isMalformed() {
        List<DynamicTest> tests = new ArrayList<>();
        for (ContentAlgorithm alg : ContentAlgorithm.values()) {
            boolean[] spareBitsCovered = new boolean[5];
            for (String token : tokensForEncodingTests(alg)) {
                for (int i : new int[] {0, 2, 3, 4}) {
                    String[] s = JoseTokens.segments(token);
                    for (Map.Entry<String, String> variant : nonCanonical(s[i]).entrySet()) {
                        spareBitsCovered[i] |= variant.getKey().equals("non-zero spare bits");
                        String[] altered = s.clone();
                        altered[i] = variant.getValue();
                        String bad = JoseTokens.join(altered);
                        tests.add(DynamicTest.dynamicTest(alg.joseName() + " " + SEGMENT_NAMES[i] + " ("
                                        + s[i].length() + " chars): " + variant.getKey(),
                                () -> assertRejected(RejectReason.MALFORMED, codec(alg).open(bad))));
                    }
                }
            }
            // A GCM IV (12 bytes) has no spare bits; every other segment must have been tried.
            for (int i : new int[] {0, 3, 4}) {
                assertTrue(spareBitsCovered[i], alg + " " + SEGMENT_NAMES[i] + " spare bits");
            }
            assertEquals(alg == ContentAlgorithm.A256CBC_HS512, spareBitsCovered[2]);
        }
        return tests.stream();
    }

    // ---------------------------------------------------------------- header

    static Stream<Arguments> extraMembers() throws Exception {
        String ecPublic = new ECKeyGenerator(Curve.P_256).generate().toPublicJWK().toJSONString();
        List<Arguments> args = new ArrayList<>();
        for (ContentAlgorithm alg : ContentAlgorithm.values()) {
            args.add(Arguments.of(alg, "zip", "\"DEF\""));
            args.add(Arguments.of(alg, "crit", "[\"cn\"]"));
            args.add(Arguments.of(alg, "jku", "\"https://attacker.example/jwks.json\""));
            args.add(Arguments.of(alg, "jwk", ecPublic));
            args.add(Arguments.of(alg, "x5u", "\"https://attacker.example/cert.pem\""));
            args.add(Arguments.of(alg, "cty", "\"JWT\""));
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("extraMembers")
    void open_headerWithExtraMember_isMalformed(ContentAlgorithm alg, String member, String value) {
        String canonical = header(alg);
        String headerJson = canonical.substring(0, canonical.length() - 1) + ",\"" + member + "\":" + value + "}";
        String claims = JoseTokens.claims(T, T + 1800);
        String byNimbus = JoseTokens.nimbus(headerJson, claims, secret(alg));
        assertEquals(JoseTokens.encode(headerJson.getBytes(StandardCharsets.UTF_8)),
                JoseTokens.segments(byNimbus)[0], "Nimbus kept the header as given");
        // Nimbus compresses under zip; the JCA token carries plain JSON, so only the header
        // check stands between it and a valid session.
        String byJca = JoseTokens.jca(headerJson, claims, key(alg), secret(alg));

        assertRejected(RejectReason.MALFORMED, codec(alg).open(byNimbus));
        assertRejected(RejectReason.MALFORMED, codec(alg).open(byJca));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"A256GCM, alg", "A256GCM, enc", "A256GCM, kid", "A256GCM, typ", "A256GCM, cn",
            "A256CBC_HS512, alg", "A256CBC_HS512, kid", "A256CBC_HS512, cn"})
    void open_headerWithDuplicateMember_isMalformed(ContentAlgorithm alg, String member) {
        String canonical = header(alg);
        int at = canonical.indexOf("\"" + member + "\":");
        int end = canonical.indexOf('"', canonical.indexOf(':', at) + 2) + 1;
        String pair = canonical.substring(at, end);
        String headerJson = canonical.substring(0, canonical.length() - 1) + "," + pair + "}";

        String token = JoseTokens.jca(headerJson, JoseTokens.claims(T, T + 1800), key(alg), secret(alg));

        assertRejected(RejectReason.MALFORMED, codec(alg).open(token));
    }

    @ParameterizedTest(name = "alg {0}")
    @ValueSource(strings = {"none", "A256KW", "A256GCMKW", "RSA-OAEP", "ECDH-ES", "HS256", "DIR", "dir ", ""})
    void open_algOtherThanDir_isMalformed(String alg) {
        String headerJson = header(ContentAlgorithm.A256GCM).replace("\"alg\":\"dir\"", "\"alg\":\"" + alg + "\"");
        String token = JoseTokens.jca(headerJson, JoseTokens.claims(T, T + 1800), GCM, GCM_SECRET);

        assertRejected(RejectReason.MALFORMED, codec(ContentAlgorithm.A256GCM).open(token));
    }

    static Stream<Arguments> otherMalformedHeaders() {
        String h = header(ContentAlgorithm.A256GCM);
        return Stream.of(
                Arguments.of("typ JWT", h.replace("session+jwe", "JWT")),
                Arguments.of("typ in upper case", h.replace("session+jwe", "SESSION+JWE")),
                Arguments.of("no typ", h.replace(",\"typ\":\"session+jwe\"", "")),
                Arguments.of("no cn", h.replace(",\"cn\":\"" + COOKIE + "\"", "")),
                Arguments.of("no kid", h.replace(",\"kid\":\"gcm-1\"", "")),
                Arguments.of("no enc", h.replace(",\"enc\":\"A256GCM\"", "")),
                Arguments.of("no alg", h.replace("\"alg\":\"dir\",", "")),
                Arguments.of("kid a number", h.replace("\"gcm-1\"", "1")),
                Arguments.of("cn null", h.replace("\"" + COOKIE + "\"", "null")),
                Arguments.of("enc an array", h.replace("\"A256GCM\"", "[\"A256GCM\"]")),
                Arguments.of("an array", "[" + h + "]"),
                Arguments.of("null", "null"),
                Arguments.of("empty object", "{}"),
                Arguments.of("trailing data", h + "{}"),
                Arguments.of("unterminated", h.substring(0, h.length() - 1)),
                Arguments.of("not JSON", "alg=dir"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherMalformedHeaders")
    void open_headerNotExactlyTheSessionMembers_isMalformed(String name, String headerJson) {
        String token = JoseTokens.jca(headerJson, JoseTokens.claims(T, T + 1800), GCM, GCM_SECRET);

        assertRejected(RejectReason.MALFORMED, codec(ContentAlgorithm.A256GCM).open(token));
    }

    @ParameterizedTest
    @EnumSource(ContentAlgorithm.class)
    void open_unknownKid_isUnknownKey(ContentAlgorithm alg) {
        // Sealed with the right secret under a kid the ring does not know (e.g. a retired key).
        String headerJson = header(alg).replace(key(alg).kid(), "retired-1");
        String token = JoseTokens.nimbus(headerJson, JoseTokens.claims(T, T + 1800), secret(alg));

        assertRejected(RejectReason.UNKNOWN_KEY, codec(alg).open(token));
    }

    @Test
    void open_encOtherThanTheKeysAlgorithm_isMalformed() {
        // The kid names a GCM key; the token says CBC-HS512 and is correctly sealed as such.
        String cbcUnderGcmKid = header(ContentAlgorithm.A256GCM).replace("A256GCM", "A256CBC-HS512");
        assertRejected(RejectReason.MALFORMED, codec(ContentAlgorithm.A256GCM)
                .open(JoseTokens.nimbus(cbcUnderGcmKid, JoseTokens.claims(T, T + 1800), CBC_SECRET)));

        String gcmUnderCbcKid = header(ContentAlgorithm.A256CBC_HS512).replace("A256CBC-HS512", "A256GCM");
        assertRejected(RejectReason.MALFORMED, codec(ContentAlgorithm.A256CBC_HS512)
                .open(JoseTokens.nimbus(gcmUnderCbcKid, JoseTokens.claims(T, T + 1800), GCM_SECRET)));

        String a128 = header(ContentAlgorithm.A256GCM).replace("A256GCM", "A128GCM");
        assertRejected(RejectReason.MALFORMED, codec(ContentAlgorithm.A256GCM)
                .open(JoseTokens.nimbus(a128, JoseTokens.claims(T, T + 1800), java.util.Arrays.copyOf(GCM_SECRET, 16))));
    }

    @ParameterizedTest(name = "{0}-byte IV")
    @ValueSource(ints = {16, 8, 13, 32})
    void open_gcmIvOfWrongLength_isMalformed(int ivLength) {
        // GCM itself accepts these IVs (Nimbus 10.10 opens the 16-byte one); JWE A256GCM does not.
        String token = JoseTokens.gcm(header(ContentAlgorithm.A256GCM),
                JoseTokens.claims(T, T + 1800).getBytes(StandardCharsets.UTF_8), GCM_SECRET, new byte[ivLength]);

        assertRejected(RejectReason.MALFORMED, codec(ContentAlgorithm.A256GCM).open(token));
    }

    @Test
    void open_cbcIvOfWrongLength_isMalformed() {
        String[] s = JoseTokens.segments(codec(ContentAlgorithm.A256CBC_HS512).seal(session()));
        for (int bytes : new int[] {12, 15, 17, 32}) {
            s[2] = JoseTokens.encode(new byte[bytes]);
            assertRejected(RejectReason.MALFORMED, codec(ContentAlgorithm.A256CBC_HS512).open(JoseTokens.join(s)));
        }
    }

    @ParameterizedTest
    @EnumSource(ContentAlgorithm.class)
    void open_truncatedOrExtendedTag_isMalformed(ContentAlgorithm alg) {
        String[] s = JoseTokens.segments(codec(alg).seal(session()));
        byte[] tag = Base64.getUrlDecoder().decode(s[4]);
        for (int length : new int[] {0, 1, tag.length / 2, tag.length - 1, tag.length + 1, tag.length * 2}) {
            byte[] altered = java.util.Arrays.copyOf(tag, length);
            s[4] = JoseTokens.encode(altered);
            assertRejected(RejectReason.MALFORMED, codec(alg).open(JoseTokens.join(s)));
        }
    }

    @ParameterizedTest
    @EnumSource(ContentAlgorithm.class)
    void open_tokenOfAnotherCookie_isWrongCookie(ContentAlgorithm alg) {
        KeyRing ring = KeyRing.of(key(alg));
        String token = codec(ring, "__Host-other", NOW, 4096).seal(session());

        assertRejected(RejectReason.WRONG_COOKIE, codec(ring, COOKIE, NOW, 4096).open(token));
        assertValid(codec(ring, "__Host-other", NOW, 4096).open(token));
    }

    @ParameterizedTest
    @EnumSource(ContentAlgorithm.class)
    void open_foreignTokenNamingAnotherCookie_isWrongCookie(ContentAlgorithm alg) {
        String headerJson = header(alg).replace(COOKIE, "admin");
        String token = JoseTokens.nimbus(headerJson, JoseTokens.claims(T, T + 1800), secret(alg));

        assertRejected(RejectReason.WRONG_COOKIE, codec(alg).open(token));
    }

    // ---------------------------------------------------------------- BAD_SEAL

    static char flipLowBit(char c) {
        return ALPHABET.charAt(ALPHABET.indexOf(c) ^ 1);
    }

    /** Changes the character at {@code index} of segment {@code i} so the decoded bytes change. */
    static String alter(String token, int segment, int index) {
        String[] s = JoseTokens.segments(token);
        char[] chars = s[segment].toCharArray();
        // Flip a bit that is not a spare bit: the first character carries no spare bits.
        chars[index] = ALPHABET.charAt(ALPHABET.indexOf(chars[index]) ^ 0x20);
        s[segment] = new String(chars);
        return JoseTokens.join(s);
    }

    @ParameterizedTest
    @EnumSource(ContentAlgorithm.class)
    void open_flippedTagBit_isBadSeal(ContentAlgorithm alg) {
        String token = codec(alg).seal(session());
        for (int i = 0; i < 20; i++) {
            assertSame(BAD_SEAL, codec(alg).open(alter(token, 4, i)));
        }
    }

    @ParameterizedTest
    @EnumSource(ContentAlgorithm.class)
    void open_flippedCiphertextBit_isBadSeal(ContentAlgorithm alg) {
        String token = codec(alg).seal(session());
        int length = JoseTokens.segments(token)[3].length();
        for (int i : new int[] {0, 1, length / 2, length - 4, length - 2}) {
            assertSame(BAD_SEAL, codec(alg).open(alter(token, 3, i)));
        }
    }

    @ParameterizedTest
    @EnumSource(ContentAlgorithm.class)
    void open_flippedIvBit_isBadSeal(ContentAlgorithm alg) {
        String token = codec(alg).seal(session());
        for (int i = 0; i < 16; i++) {
            assertSame(BAD_SEAL, codec(alg).open(alter(token, 2, i)));
        }
    }

    @ParameterizedTest
    @EnumSource(ContentAlgorithm.class)
    void open_sameKidOtherSecret_isBadSeal(ContentAlgorithm alg) {
        SessionKey impostor = SessionKey.generate(key(alg).kid(), alg);
        String token = codec(KeyRing.of(impostor), COOKIE, NOW, 4096).seal(session());

        assertSame(BAD_SEAL, codec(alg).open(token));
    }

    @ParameterizedTest
    @EnumSource(ContentAlgorithm.class)
    void open_foreignHeaderSwappedForAnEquivalentOne_isBadSeal(ContentAlgorithm alg) {
        // Both headers pass every member check, but the tag covers the exact header bytes (AAD).
        String reordered = "{\"enc\":\"" + alg.joseName() + "\",\"alg\":\"dir\",\"cn\":\"" + COOKIE
                + "\",\"typ\":\"session+jwe\",\"kid\":\"" + key(alg).kid() + "\"}";
        String token = JoseTokens.nimbus(reordered, JoseTokens.claims(T, T + 1800), secret(alg));
        assertTrue(assertValid(codec(alg).open(token)).needsReseal());

        String[] s = JoseTokens.segments(token);
        s[0] = JoseTokens.encode(header(alg).getBytes(StandardCharsets.UTF_8));
        assertSame(BAD_SEAL, codec(alg).open(JoseTokens.join(s)));
        s[0] = JoseTokens.encode(reordered.replace(",", ", ").getBytes(StandardCharsets.UTF_8));
        assertSame(BAD_SEAL, codec(alg).open(JoseTokens.join(s)));
    }

    @ParameterizedTest(name = "last plaintext byte {0}")
    @ValueSource(ints = {0x00, 0x11, 0xff, 0x02})
    void open_cbcWithValidTagButBadPadding_isBadSealLikeABadTag(int lastByte) {
        // Whole blocks encrypted without padding, so the decrypter finds invalid PKCS#7 padding
        // behind a correct tag. It must look exactly like a bad tag: no padding oracle.
        byte[] plaintext = new byte[48];
        plaintext[47] = (byte) lastByte;
        plaintext[46] = 0x7f;
        String token = JoseTokens.cbcHs512(header(ContentAlgorithm.A256CBC_HS512), plaintext, CBC_SECRET,
                new byte[16], false);

        assertSame(BAD_SEAL, codec(ContentAlgorithm.A256CBC_HS512).open(token));
    }

    @Test
    void open_cbcWithValidTagAndPaddingButNoJson_isMalformedNotBadSeal() {
        String token = JoseTokens.cbcHs512(header(ContentAlgorithm.A256CBC_HS512),
                "not json".getBytes(StandardCharsets.UTF_8), CBC_SECRET, new byte[16]);

        assertRejected(RejectReason.MALFORMED, codec(ContentAlgorithm.A256CBC_HS512).open(token));
    }

    // ---------------------------------------------------------------- regressions

    @ParameterizedTest
    @ValueSource(strings = {"x\",\"sub\":\"admin", "a\"b", "back\\slash", "line\nbreak", "\u0000", "caf\u00e9 \ud83c\udf6a"})
    void seal_idNeedingJsonEscapes_roundTripsAndInjectsNoClaim(String id) {
        // The id was written into the payload unescaped: a quote ended the string and the rest
        // of the id became claims of the attacker's choosing (here a subject), or broke the JSON.
        SessionData data = SessionData.builder().id(id).issuedAt(NOW).expiresAt(NOW.plusSeconds(60)).build();

        SessionData opened = assertValid(codec(ContentAlgorithm.A256GCM).open(codec(ContentAlgorithm.A256GCM).seal(data)))
                .data().orElseThrow();

        assertEquals(id, opened.id());
        assertTrue(opened.subject().isEmpty(), () -> "subject " + opened.subject());
    }

    @ParameterizedTest(name = "{0} characters")
    @ValueSource(ints = {65_537, 100_000})
    void open_attributeStringOverTheLengthLimit_opensWithUnreadableAttributes(int length) {
        // Opening does not parse the attributes; reading them finds the string too long and says
        // so with a SessionException, never another exception, and printing still works.
        SessionCodec codec = codec(KeyRing.of(GCM), COOKIE, NOW, 1 << 20);
        Map<String, String> c = claims();
        c.put("attrs", "{\"s\":\"" + "x".repeat(length) + "\"}");

        OpenResult result = codec.open(codec.seal(json(c).getBytes(StandardCharsets.UTF_8), null));

        AttributeAssertions.assertUnreadable(assertValid(result).data().orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1,\"a\":2}", "{\"a\":{\"b\":1,\"b\":1}}", "{\"a\":\"\u0000\"}",
            "{\"a\":01}", "{\"a\":[1,]}", "{\"a\" 1}", "{\"a\":tru}"})
    void open_attributesBeyondTheLimitsButBalanced_openWithUnreadableAttributes(String attrs) {
        Map<String, String> c = claims();
        c.put("attrs", attrs);

        AttributeAssertions.assertUnreadable(
                assertValid(openPayload(ContentAlgorithm.A256GCM, json(c))).data().orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":[1,2}", "{\"a\":\"unterminated}", "{\"a\":{}"})
    void open_attributesWhoseBracketsDoNotBalance_isMalformed(String attrs) {
        Map<String, String> c = claims();
        c.put("attrs", attrs);

        assertRejected(RejectReason.MALFORMED, openPayload(ContentAlgorithm.A256GCM, json(c)));
    }

    @Test
    void open_membersAfterAttrs_areReadLikeAnyOrder() {
        // Another writer may put claims after attrs: they still count, and attrs still reads.
        String payload = "{\"sid\":\"c2lk\",\"iat\":" + T + ",\"exp\":" + (T + 1800) + ",\"auth_time\":" + T
                + ",\"attrs\":{\"cart\":[1,{\"b\":\"}\"}]},\"sub\":\"user-9\"}";

        SessionData data = assertValid(openPayload(ContentAlgorithm.A256GCM, payload)).data().orElseThrow();

        assertEquals("user-9", data.subject().orElseThrow());
        assertEquals(List.of(1, Map.of("b", "}")), data.get("cart"));
    }

    @Test
    void open_membersAfterAttrsWithBrokenAttrs_isMalformed() {
        // When members follow, the parser must step over attrs, and a syntax error there is fatal.
        String payload = "{\"sid\":\"c2lk\",\"iat\":" + T + ",\"exp\":" + (T + 1800) + ",\"auth_time\":" + T
                + ",\"attrs\":{\"a\":01},\"sub\":\"user-9\"}";

        assertRejected(RejectReason.MALFORMED, openPayload(ContentAlgorithm.A256GCM, payload));
    }

    @Test
    void open_attributeStringAtTheLengthLimit_isValidAndReadable() {
        SessionCodec codec = codec(KeyRing.of(GCM), COOKIE, NOW, 1 << 20);
        Map<String, String> c = claims();
        c.put("attrs", "{\"s\":\"" + "x".repeat(65_536) + "\",\"t\":\"" + "y".repeat(65_536) + "\"}");

        SessionData data = assertValid(codec.open(codec.seal(json(c).getBytes(StandardCharsets.UTF_8), null)))
                .data().orElseThrow();

        assertEquals(65_536, data.get("s", String.class).length());
        assertEquals(65_536, data.get("t", String.class).length());
    }

    // ---------------------------------------------------------------- claims

    static Stream<Arguments> badTimestamps() {
        List<Arguments> args = new ArrayList<>();
        for (String claim : new String[] {"iat", "exp", "auth_time", "nbf"}) {
            for (String value : new String[] {"\"" + T + "\"", "1767225600.0", "1767225600.5", "1.7672256E9",
                    "-1", "-1767225600", "true", "null", "[" + T + "]", "{}", "99999999999999999999",
                    "253402300800", "9223372036854775808"}) {
                args.add(Arguments.of(claim, value));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("badTimestamps")
    void open_timestampNotAnIntegerInRange_isMalformed(String claim, String value) {
        Map<String, String> c = claims();
        c.put(claim, value);

        assertRejected(RejectReason.MALFORMED, openPayload(ContentAlgorithm.A256GCM, json(c)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sid", "iat", "exp", "auth_time"})
    void open_requiredClaimMissing_isMalformed(String claim) {
        Map<String, String> c = claims();
        c.remove(claim);

        assertRejected(RejectReason.MALFORMED, openPayload(ContentAlgorithm.A256GCM, json(c)));
    }

    @Test
    void open_optionalClaimsMissing_isValid() {
        Map<String, String> c = claims();
        c.remove("sub");
        c.remove("nbf");
        c.remove("attrs");

        SessionData data = assertValid(openPayload(ContentAlgorithm.A256GCM, json(c))).data().orElseThrow();

        assertTrue(data.subject().isEmpty());
        assertTrue(data.attributeNames().isEmpty());
    }

    @Test
    void open_unknownClaims_areIgnored() {
        Map<String, String> c = claims();
        c.put("jti", "\"x\"");
        c.put("ext", "{\"a\":[1,{\"b\":null}]}");

        assertValid(openPayload(ContentAlgorithm.A256GCM, json(c)));
    }

    static Stream<Arguments> badClaims() {
        return Stream.of(
                Arguments.of("sid a number", "sid", "1"),
                Arguments.of("sid empty", "sid", "\"\""),
                Arguments.of("sid 129 characters", "sid", "\"" + "s".repeat(129) + "\""),
                Arguments.of("sub a number", "sub", "42"),
                Arguments.of("sub null", "sub", "null"),
                Arguments.of("sub an unpaired surrogate", "sub", "\"user\\ud800\""),
                Arguments.of("sid an unpaired surrogate", "sid", "\"\\udc00\""),
                Arguments.of("attrs an array", "attrs", "[1]"),
                Arguments.of("attrs a string", "attrs", "\"{}\""),
                Arguments.of("attrs null", "attrs", "null"),
                Arguments.of("auth_time after iat", "auth_time", Long.toString(T + 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badClaims")
    void open_claimOfWrongShape_isMalformed(String name, String claim, String value) {
        Map<String, String> c = claims();
        c.put(claim, value);

        assertRejected(RejectReason.MALFORMED, openPayload(ContentAlgorithm.A256GCM, json(c)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "null", "\"session\"", "42", "", " ", "{", "{}{}", "{} x"})
    void open_payloadNotOneJsonObject_isMalformed(String payload) {
        assertRejected(RejectReason.MALFORMED, openPayload(ContentAlgorithm.A256GCM, payload));
    }

    @Test
    void open_duplicateClaim_isMalformed() {
        String payload = json(claims());
        String duplicated = payload.substring(0, payload.length() - 1) + ",\"exp\":" + (T + 999_999) + "}";

        assertRejected(RejectReason.MALFORMED, openPayload(ContentAlgorithm.A256GCM, duplicated));
    }

    // ---------------------------------------------------------------- time

    @ParameterizedTest
    @CsvSource({"iat, 31, NOT_YET_VALID", "iat, 30, ", "iat, 3600, NOT_YET_VALID",
            "nbf, 31, NOT_YET_VALID", "nbf, 30, ", "nbf, 1, "})
    void open_issuedInTheFuture_isNotYetValidBeyondSkew(String claim, long ahead, RejectReason expected) {
        Map<String, String> c = claims();
        c.put(claim, Long.toString(T + ahead));
        c.put("exp", Long.toString(T + 7200));

        OpenResult result = openPayload(ContentAlgorithm.A256GCM, json(c));

        if (expected == null) {
            assertValid(result);
        } else {
            assertRejected(expected, result);
        }
    }

    @ParameterizedTest
    @EnumSource(ContentAlgorithm.class)
    void open_atExpiryPlusSkew_isExpiredAndOneSecondBeforeIsValid(ContentAlgorithm alg) {
        SessionData data = session();
        String token = codec(alg).seal(data);
        Instant exp = data.expiresAt();
        Duration skew = Duration.ofSeconds(30);

        assertValid(codecAt(alg, exp.plus(skew).minusSeconds(1)).open(token));
        assertRejected(RejectReason.EXPIRED, codecAt(alg, exp.plus(skew)).open(token));
        assertRejected(RejectReason.EXPIRED, codecAt(alg, exp.plus(skew).plusSeconds(1)).open(token));
        assertRejected(RejectReason.EXPIRED, codecAt(alg, exp.plus(Duration.ofDays(1))).open(token));
        // Sub-second clocks: the boundary is in whole seconds.
        assertRejected(RejectReason.EXPIRED, codecAt(alg, exp.plus(skew).plusMillis(999)).open(token));
        assertValid(codecAt(alg, exp.plus(skew).minusMillis(1)).open(token));
    }

    @Test
    void open_withoutSkew_expiresExactlyAtExp() {
        SessionData data = session();
        KeyRing ring = KeyRing.of(GCM);
        String token = codec(ContentAlgorithm.A256GCM).seal(data);
        java.util.function.Function<Instant, SessionCodec> at = now -> CookieSessions.builder().keys(ring)
                .cookie(CookieSpec.named(COOKIE)).clockSkew(Duration.ZERO).clock(Clock.fixed(now, ZoneOffset.UTC)).build().codec();

        assertValid(at.apply(data.expiresAt().minusSeconds(1)).open(token));
        assertRejected(RejectReason.EXPIRED, at.apply(data.expiresAt()).open(token));
        assertRejected(RejectReason.NOT_YET_VALID, at.apply(data.issuedAt().minusSeconds(1)).open(token));
    }

    @Test
    void open_beforeIssueWithinSkew_isValid() {
        String token = codec(ContentAlgorithm.A256GCM).seal(session());

        assertValid(codecAt(ContentAlgorithm.A256GCM, NOW.minusSeconds(30)).open(token));
        assertRejected(RejectReason.NOT_YET_VALID, codecAt(ContentAlgorithm.A256GCM, NOW.minusSeconds(31)).open(token));
    }

    @Test
    void rejected_isOneSharedInstancePerReason() {
        for (RejectReason r : RejectReason.values()) {
            assertSame(OpenResult.rejected(r), OpenResult.rejected(r));
            assertEquals(r, OpenResult.rejected(r).reason().orElseThrow());
        }
    }
}
