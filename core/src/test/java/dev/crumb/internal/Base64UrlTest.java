package dev.crumb.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.crumb.testing.Seeded;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class Base64UrlTest {

    private static final Base64.Encoder JDK = Base64.getUrlEncoder().withoutPadding();

    private static final String ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    @ParameterizedTest(name = "{index}: {0} bytes")
    @MethodSource("lengths")
    void encodeDecode_everyLength_matchesJdkUrlEncoderWithoutPadding(int length) {
        byte[] input = new byte[length];
        new Random(length).nextBytes(input);
        String expected = JDK.encodeToString(input);

        String encoded = Base64Url.encode(input);

        assertEquals(expected, encoded);
        assertEquals(expected.length(), Base64Url.encodedLength(length));
        assertEquals(length, Base64Url.decodedLength(encoded.length()));
        assertArrayEquals(input, Base64Url.decode(encoded));
    }

    static IntStream lengths() {
        return IntStream.rangeClosed(0, 64);
    }

    @Test
    void encodeDecode_allByteValues_roundTrip() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        String encoded = Base64Url.encode(all);
        assertEquals(JDK.encodeToString(all), encoded);
        assertArrayEquals(all, Base64Url.decode(encoded));
    }

    @Test
    void encode_intoOffset_writesOnlyItsRange() {
        byte[] src = "xxhello".getBytes(StandardCharsets.US_ASCII);
        byte[] dst = new byte[12];
        int end = Base64Url.encode(src, 2, 5, dst, 3);
        assertEquals(3 + 7, end);
        assertEquals("aGVsbG8", new String(dst, 3, 7, StandardCharsets.US_ASCII));
        assertEquals(0, dst[0]);
        assertEquals(0, dst[10]);
    }

    @Test
    void decode_range_decodesOnlyThatRange() {
        byte[] dst = new byte[8];
        int n = Base64Url.decode("..aGVsbG8..", 2, 9, dst, 1);
        assertEquals(5, n);
        assertEquals("hello", new String(dst, 1, 5, StandardCharsets.US_ASCII));
    }

    @Test
    void decode_rangeLongerThanDestination_isRejected() {
        assertEquals(-1, Base64Url.decode("aGVsbG8", 0, 7, new byte[4], 0));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"aGVsbG8=", "aGVsbA==", "aGU=", "aG=", "=", "===="})
    void decode_padding_isRejected(String padded) {
        assertNull(Base64Url.decode(padded));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ab+d", "ab/d", "+++", "////", "a+", "aGVs/G8"})
    void decode_standardAlphabetCharacters_areRejected(String s) {
        assertNull(Base64Url.decode(s));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {" aGVs", "aGVs ", "aG Vs", "aGVs\n", "aG\tVs", "aGVs\r\nbG8", "\u00a0aGV"})
    void decode_whitespace_isRejected(String s) {
        assertNull(Base64Url.decode(s));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"!abc", "ab.c", "abc\u00e9", "ab\u0000c", "abc\uff41", "ab*c"})
    void decode_charactersOutsideAlphabet_areRejected(String s) {
        assertNull(Base64Url.decode(s));
    }

    @ParameterizedTest(name = "length {0}")
    @ValueSource(ints = {1, 5, 9, 13, 21, 65})
    void decode_length4nPlus1_isRejected(int length) {
        assertEquals(-1, Base64Url.decodedLength(length));
        assertNull(Base64Url.decode("A".repeat(length)));
    }

    @Test
    void decode_nonZeroSpareBits_isRejected() {
        // "aGVsbG8" is "hello"; its last character carries 2 spare bits, "aGVsbA" ("hell") 4.
        for (String canonical : new String[] {"aGVsbG8", "aGVsbA", "AA", "AAA", "_w", "__8"}) {
            byte[] expected = Base64Url.decode(canonical);
            int spareBits = canonical.length() % 4 == 2 ? 4 : 2;
            String prefix = canonical.substring(0, canonical.length() - 1);
            int last = ALPHABET.indexOf(canonical.charAt(canonical.length() - 1));
            for (int spare = 1; spare < 1 << spareBits; spare++) {
                char altered = ALPHABET.charAt(last | spare);
                String variant = prefix + altered;
                // A lenient decoder would read each of these as the same bytes as the canonical form.
                assertArrayEquals(expected, Base64.getUrlDecoder().decode(variant), variant);
                assertNull(Base64Url.decode(variant), variant);
            }
        }
    }

    @Test
    void decode_emptyString_isEmpty() {
        assertArrayEquals(new byte[0], Base64Url.decode(""));
    }

    /**
     * Inputs from {@link Base64Url#JDK_CODEC_MIN_LENGTH} characters on take the long path: the
     * JDK's codec where it is vector code, else the loops for long inputs here.
     */
    @ParameterizedTest
    @ValueSource(ints = {382, 383, 384, 385, 386, 1000, 3000})
    void longInputs_roundTripAndStayStrict(int bytes) {
        byte[] data = new byte[bytes];
        new Random(bytes).nextBytes(data);
        String encoded = Base64Url.encode(data);
        assertEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(data), encoded);
        assertArrayEquals(data, Base64Url.decode(encoded));

        int rem = encoded.length() & 3;
        if (rem != 0) {
            char last = encoded.charAt(encoded.length() - 1);
            int spare = rem == 2 ? 0x0f : 0x03;
            int value = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".indexOf(last);
            char dirty = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".charAt(value | spare);
            if (dirty != last) {
                assertNull(Base64Url.decode(encoded.substring(0, encoded.length() - 1) + dirty), "spare bits");
            }
            assertNull(Base64Url.decode(encoded + "=".repeat(4 - rem)), "padding");
        }
        String middle = encoded.substring(0, 100) + "+" + encoded.substring(101);
        assertNull(Base64Url.decode(middle), "'+' is not base64url");
        String space = encoded.substring(0, 100) + " " + encoded.substring(101);
        assertNull(Base64Url.decode(space), "whitespace");
        String nonAscii = encoded.substring(0, 100) + "\u00e9" + encoded.substring(101);
        assertNull(Base64Url.decode(nonAscii), "non-ASCII");
    }

    /**
     * Both encoders, the JDK's (where its loop is vector code) and the loop here (elsewhere), on
     * ranges anywhere in an array: every length around the thresholds and the loop here's
     * eight-byte reads, with bytes before and after the range; the JDK's path through the whole
     * array (a ciphertext ahead of its tag) for every tail, and one longer than its scratch.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jdk", "here"})
    void encode_range_isTheEncodingOfThatRangeAlone(String encoder) {
        Random random = new Random(17);
        for (int len = 0; len <= 200; len++) {
            for (int off : new int[] {0, 1, 5}) {
                for (int tail : new int[] {0, 1, 2, 7, 16, 32, 64, 65}) {
                    byte[] src = new byte[off + len + tail];
                    random.nextBytes(src);
                    byte[] dst = new byte[5 + Base64Url.encodedLength(len) + 3];
                    int end = encode(encoder, src, off, len, dst, 5);
                    String expected = JDK.encodeToString(Arrays.copyOfRange(src, off, off + len));
                    String where = encoder + " " + off + "+" + len + "+" + tail;
                    assertEquals(5 + expected.length(), end, where);
                    assertEquals(expected, new String(dst, 5, expected.length(), StandardCharsets.US_ASCII), where);
                    assertEquals(0, dst[4], "nothing written before the start");
                    assertEquals(0, dst[end], "nothing written past the end");
                }
            }
        }
        byte[] big = new byte[40_000];
        random.nextBytes(big);
        byte[] dst = new byte[Base64Url.encodedLength(big.length - 16)];
        encode(encoder, big, 0, big.length - 16, dst, 0);
        assertEquals(JDK.encodeToString(Arrays.copyOf(big, big.length - 16)), new String(dst, StandardCharsets.US_ASCII));
    }

    /** Seeded random arrays and ranges, both encoders against the JDK's. */
    @Test
    void encode_seededRandomRanges_matchTheJdk() {
        Seeded.forAll(2_000, random -> {
            byte[] src = new byte[random.nextInt(5_000)];
            random.nextBytes(src);
            int off = random.nextInt(src.length + 1);
            int len = random.nextInt(src.length - off + 1);
            String expected = JDK.encodeToString(Arrays.copyOfRange(src, off, off + len));
            for (String encoder : new String[] {"jdk", "here"}) {
                byte[] dst = new byte[expected.length()];
                String where = encoder + " " + off + "+" + len + " of " + src.length;
                assertEquals(expected.length(), encode(encoder, src, off, len, dst, 0), where);
                assertEquals(expected, new String(dst, StandardCharsets.US_ASCII), where);
            }
        });
    }

    private static int encode(String encoder, byte[] src, int off, int len, byte[] dst, int dstOff) {
        return encoder.equals("jdk")
                ? Base64Url.encodeWithJdk(src, off, len, dst, dstOff)
                : Base64Url.encodeHere(src, off, len, dst, dstOff);
    }

    /**
     * Both long-input decoders, the JDK's (where its loop is vector code) and the loop here
     * (elsewhere), on ranges inside longer strings: every length from the threshold past the loop
     * here's four-character groups, into a destination with bytes after the output (a tag follows
     * the ciphertext there) that must stay as they were.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jdk", "here"})
    void decode_range_isTheDecodingOfThatRangeAlone(String decoder) {
        Random random = new Random(23);
        int dstOff = decoder.equals("jdk") ? 0 : 3;
        for (int bytes = 48; bytes <= 240; bytes++) {
            byte[] data = new byte[bytes];
            random.nextBytes(data);
            String encoded = JDK.encodeToString(data);
            String s = "x." + encoded + ".y";
            byte[] dst = new byte[dstOff + bytes + 20];
            Arrays.fill(dst, (byte) 0x5a);
            String where = decoder + " " + bytes;
            assertEquals(bytes, decode(decoder, s, 2, 2 + encoded.length(), dst, dstOff), where);
            assertArrayEquals(data, Arrays.copyOfRange(dst, dstOff, dstOff + bytes), where);
            for (int i = 0; i < dst.length; i++) {
                if (i < dstOff || i >= dstOff + bytes) {
                    assertEquals(0x5a, dst[i], where + ": nothing written outside the output, at " + i);
                }
            }
        }
    }

    /**
     * Every character that is not base64url, at every place of a long input, is refused by both
     * decoders: the loop here's groups, its tail, and the JDK's path with its added checks. The
     * wide ones have a low byte in the alphabet (or '=') and would pass a decoder of low bytes.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jdk", "here"})
    void decode_foreignCharacterAnywhere_isRefused(String decoder) {
        byte[] data = new byte[151];
        new Random(29).nextBytes(data);
        String encoded = JDK.encodeToString(data);
        char[] foreign = {'+', '/', '=', ' ', '.', '\n', '\0', '\u007f', '\u0080', '\u00e9', '\u00ff',
                '\u0141', '\u0161', '\u013d', '\u1041', '\uff5f'};
        byte[] dst = new byte[data.length];
        for (int at = 0; at < encoded.length(); at++) {
            for (char c : foreign) {
                String s = encoded.substring(0, at) + c + encoded.substring(at + 1);
                assertEquals(-1, decode(decoder, s, 0, s.length(), dst, 0),
                        decoder + ": U+" + Integer.toHexString(c) + " at " + at);
            }
        }
    }

    /** Non-zero spare bits in the last character of a long input, refused by both decoders. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jdk", "here"})
    void decode_longInputWithSpareBits_isRefused(String decoder) {
        for (int bytes : new int[] {100, 101}) {
            byte[] data = new byte[bytes];
            new Random(bytes).nextBytes(data);
            String encoded = JDK.encodeToString(data);
            int spareBits = encoded.length() % 4 == 2 ? 4 : 2;
            int last = ALPHABET.indexOf(encoded.charAt(encoded.length() - 1));
            byte[] dst = new byte[bytes];
            assertEquals(bytes, decode(decoder, encoded, 0, encoded.length(), dst, 0));
            for (int spare = 1; spare < 1 << spareBits; spare++) {
                String variant = encoded.substring(0, encoded.length() - 1) + ALPHABET.charAt(last | spare);
                assertEquals(-1, decode(decoder, variant, 0, variant.length(), dst, 0), decoder + " " + spare);
            }
        }
    }

    /**
     * Seeded random inputs at random places of a string, both decoders against the JDK's; and
     * the same input with one character replaced at random, which decodes exactly when the new
     * character is in the alphabet (and, as the last one, leaves the spare bits zero).
     */
    @Test
    void decode_seededRandomRanges_matchTheJdk() {
        Seeded.forAll(2_000, random -> {
            byte[] data = new byte[Seeded.between(random, 48, 4_000)];
            random.nextBytes(data);
            String encoded = JDK.encodeToString(data);
            String prefix = ALPHABET.substring(0, random.nextInt(9));
            String s = prefix + encoded + ALPHABET.substring(0, random.nextInt(9));
            int from = prefix.length();
            int to = from + encoded.length();
            int at = random.nextInt(encoded.length());
            char c = (char) (random.nextBoolean() ? ALPHABET.charAt(random.nextInt(64)) : random.nextInt(0x200));
            String altered = encoded.substring(0, at) + c + encoded.substring(at + 1);
            byte[] expected = lenientOrNull(altered);
            for (String decoder : new String[] {"jdk", "here"}) {
                int dstOff = decoder.equals("jdk") ? 0 : random.nextInt(5);
                byte[] dst = new byte[dstOff + data.length];
                String where = decoder + " " + data.length + " bytes from " + from;
                assertEquals(data.length, decode(decoder, s, from, to, dst, dstOff), where);
                assertArrayEquals(data, Arrays.copyOfRange(dst, dstOff, dst.length), where);
                int n = decode(decoder, altered, 0, altered.length(), dst, dstOff);
                where += ", U+" + Integer.toHexString(c) + " at " + at;
                if (expected == null) {
                    assertEquals(-1, n, where);
                } else {
                    assertEquals(data.length, n, where);
                    assertArrayEquals(expected, Arrays.copyOfRange(dst, dstOff, dst.length), where);
                }
            }
        });
    }

    /** The JDK's decoding of a string of alphabet characters with zero spare bits, else null. */
    private static byte[] lenientOrNull(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (ALPHABET.indexOf(s.charAt(i)) < 0) {
                return null;
            }
        }
        byte[] decoded = Base64.getUrlDecoder().decode(s);
        return JDK.encodeToString(decoded).equals(s) ? decoded : null;
    }

    private static int decode(String decoder, String s, int from, int to, byte[] dst, int dstOff) {
        int outLen = Base64Url.decodedLength(to - from);
        return decoder.equals("jdk")
                ? Base64Url.decodeWithJdk(s, from, to, dst, outLen)
                : Base64Url.decodeHere(s, from, to, dst, dstOff, outLen);
    }

    /**
     * A character above U+00FF whose low byte is in the alphabet ('\u0141' ends in 0x41, 'A') is
     * refused, on the JDK's path as on the loop here: a token cannot change its encoding unseen.
     */
    @ParameterizedTest
    @ValueSource(ints = {30, 48, 300})
    void decode_wideCharacterWithAlphabetLowByte_isRefused(int bytes) {
        byte[] data = new byte[bytes];
        new Random(bytes).nextBytes(data);
        String encoded = Base64Url.encode(data);
        int at = encoded.indexOf('A') >= 0 ? encoded.indexOf('A') : 0;
        String wide = encoded.substring(0, at) + (char) (0x0100 | encoded.charAt(at)) + encoded.substring(at + 1);
        assertNull(Base64Url.decode(wide));
        byte[] dst = new byte[bytes];
        assertEquals(-1, Base64Url.decode(wide, 0, wide.length(), dst, 0));
    }
}
