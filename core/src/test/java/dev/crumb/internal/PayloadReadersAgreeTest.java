package dev.crumb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.crumb.testing.Seeded;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Payload#read} takes a scan without a parser for the payloads Crumb writes
 * ({@link Payload#readCanonical}) and Jackson's parser for the rest: for every input, the two
 * must give the same claims, or both none. Checked over seeded random payloads as Crumb writes
 * them (plain and escaped ids, subjects, audiences and type tags, edge timestamps) and over
 * byte-level mutations of them, which are what reach the scan's every refusal.
 */
class PayloadReadersAgreeTest {

    private static final String ODD = "a\"\\\u0001\u007f\u00e9\u20ac\ud83c\udf6a/ ";
    /** Characters to draw text from one at a time (no surrogate: a pair drawn apart is no text). */
    private static final String ODD_CHARS = "a\"\\\u0001\u007f\u00e9\u20ac/ ";

    @Test
    void scanAndParser_agreeOnWrittenAndMutatedPayloads() {
        Seeded.forAll(3000, r -> {
            byte[] written = Payload.write(claims(r));
            assertAgree(written, written.length);
            assertNotNull(Payload.readWithParser(written, written.length), () -> "what Crumb writes reads: " + new String(written, StandardCharsets.UTF_8));
            if (plainClaims(written)) {
                assertNotNull(Payload.readCanonical(written, written.length), "the scan reads what Crumb writes");
            }
            for (int i = 0; i < 20; i++) {
                byte[] m = mutate(r, written);
                assertAgree(m, m.length);
            }
            // A length short of the array: the scan must not read past it.
            int cut = r.nextInt(written.length + 1);
            assertAgree(written, cut);
        });
    }

    @Test
    void scan_readsWhatCrumbWrites_andLeavesOtherWritersToTheParser() {
        byte[] plain = ascii("{\"sid\":\"abc\",\"sub\":\"u-1\",\"iat\":1700000000,\"nbf\":1700000000,"
                + "\"exp\":1700001800,\"auth_time\":1699999000,\"types\":{\"n\":\"Long\"},\"attrs\":{\"n\":1}}");
        Payload.Claims c = Payload.readCanonical(plain, plain.length);
        assertNotNull(c);
        assertEquals("u-1", c.sub());
        assertEquals(Map.of("n", "Long"), c.attrs().types());
        assertAgree(plain, plain.length);
        for (String other : List.of(
                "{ \"sid\":\"abc\",\"iat\":1,\"nbf\":1,\"exp\":2,\"auth_time\":1,\"attrs\":{}}",
                "{\"sid\":\"a\\u0062c\",\"iat\":1,\"nbf\":1,\"exp\":2,\"auth_time\":1,\"attrs\":{}}",
                "{\"sid\":\"abc\",\"iat\":1,\"exp\":2,\"auth_time\":1,\"attrs\":{}}",
                "{\"sid\":\"abc\",\"iat\":01,\"nbf\":1,\"exp\":2,\"auth_time\":1,\"attrs\":{}}",
                "{\"sid\":\"abc\",\"iat\":1,\"nbf\":1,\"exp\":2,\"auth_time\":1,\"attrs\":{}} ",
                "{\"sid\":\"abc\",\"iat\":1,\"nbf\":1,\"exp\":2,\"auth_time\":1,\"types\":{\"a\":\"x\",\"a\":\"y\"},\"attrs\":{}}",
                "{\"sid\":\"abc\",\"iat\":1,\"nbf\":1,\"exp\":2,\"auth_time\":1,\"attrs\":{},\"x\":1}",
                "{\"sid\":\"abc\",\"iat\":1,\"nbf\":1,\"exp\":2,\"auth_time\":1,\"attrs\":[]}")) {
            byte[] b = ascii(other);
            assertNull(Payload.readCanonical(b, b.length), other);
            assertAgree(b, b.length);
        }
    }

    static void assertAgree(byte[] payload, int length) {
        byte[] copy = payload.clone();
        Payload.Claims scanned = Payload.read(payload, length);
        Payload.Claims parsed = Payload.readWithParser(copy, length);
        String what = new String(payload, 0, length, StandardCharsets.ISO_8859_1);
        if (parsed == null) {
            assertNull(scanned, what);
            return;
        }
        assertNotNull(scanned, what);
        assertEquals(parsed.sid(), scanned.sid(), what);
        assertEquals(parsed.sub(), scanned.sub(), what);
        assertEquals(parsed.aud(), scanned.aud(), what);
        assertEquals(parsed.iat(), scanned.iat(), what);
        assertEquals(parsed.nbf(), scanned.nbf(), what);
        assertEquals(parsed.exp(), scanned.exp(), what);
        assertEquals(parsed.authTime(), scanned.authTime(), what);
        assertEquals(parsed.attrs().types(), scanned.attrs().types(), what);
        assertEquals(Arrays.toString(bytes(parsed.attrs())), Arrays.toString(bytes(scanned.attrs())), what);
    }

    /** Whether the claims ahead of {@code attrs} are printable ASCII without a backslash. */
    private static boolean plainClaims(byte[] written) {
        String text = new String(written, StandardCharsets.ISO_8859_1);
        String claims = text.substring(0, text.indexOf(",\"attrs\":"));
        return claims.chars().allMatch(c -> c >= 0x20 && c <= 0x7e && c != '\\');
    }

    private static byte[] bytes(JsonAttributes a) {
        byte[] out = new byte[a.length()];
        a.copyTo(out, 0);
        return out;
    }

    private static Payload.Claims claims(Random r) {
        String sid = r.nextInt(4) == 0 ? Seeded.stringOf(r, ODD_CHARS + "Ab9-_", 1, 10) : Seeded.stringOf(r, "Ab9-_", 1, 30);
        String sub = r.nextBoolean() ? null : r.nextInt(3) == 0 ? Seeded.stringOf(r, ODD_CHARS, 0, 6) : "user-" + r.nextInt(1000);
        long iat = Seeded.oneOf(r, 0L, 9L, 10L, 1_700_000_000L, 999_999_999L, 1_000_000_000L, Payload.MAX_EPOCH_SECOND);
        long exp = Math.min(Payload.MAX_EPOCH_SECOND, Seeded.oneOf(r, iat, iat + 1800, Payload.MAX_EPOCH_SECOND));
        long authTime = Seeded.oneOf(r, 0L, iat, iat / 2);
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = r.nextInt(4); i > 0; i--) {
            values.put(Seeded.oneOf(r, "a", "userId", "\u00e9", "q\"", "n" + i),
                    Seeded.oneOf(r, "x", 42L, List.of("r", "s"), Map.of("k", true), ODD));
        }
        JsonAttributes.Writer w = new JsonAttributes.Writer();
        values.forEach(w::put);
        JsonAttributes attrs = w.toAttributes();
        if (r.nextInt(3) == 0 && !values.isEmpty()) {
            Map<String, String> types = new LinkedHashMap<>();
            for (String name : values.keySet()) {
                types.put(name, Seeded.oneOf(r, "Long", "java.util.List<String>", "com.example.T", ODD));
            }
            attrs = JsonAttributes.ofUnchecked(bytes(attrs), 0, attrs.length(), types);
        }
        Payload.Claims c = new Payload.Claims(sid, sub, iat, iat, exp, authTime, attrs);
        return r.nextInt(4) == 0 ? c.withAudience(Seeded.oneOf(r, "app", "", ODD)) : c;
    }

    private static byte[] mutate(Random r, byte[] b) {
        byte[] interesting = ascii("\"\\,:{}[]0129 -.e\u007f");
        int at = r.nextInt(b.length);
        byte with = r.nextInt(4) == 0 ? (byte) r.nextInt(256) : interesting[r.nextInt(interesting.length)];
        switch (r.nextInt(3)) {
            case 0: {
                byte[] m = b.clone();
                m[at] = with;
                return m;
            }
            case 1: {
                byte[] m = new byte[b.length - 1];
                System.arraycopy(b, 0, m, 0, at);
                System.arraycopy(b, at + 1, m, at, b.length - at - 1);
                return m;
            }
            default: {
                byte[] m = new byte[b.length + 1];
                System.arraycopy(b, 0, m, 0, at);
                m[at] = with;
                System.arraycopy(b, at, m, at + 1, b.length - at);
                return m;
            }
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
