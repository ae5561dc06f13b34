package dev.crumb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.crumb.testing.Seeded;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@link Payload#plainStringEnd} reads eight bytes at a time; it must say what a byte-by-byte
 * reading of the rule says, for every byte value in every lane, at every distance from the ends
 * of the range and of the array, and for every length limit.
 */
class PlainStringEndTest {

    @Test
    void agreesWithByteByByte_forEveryByteInEveryLane() {
        for (int c = 0; c < 256; c++) {
            for (int at = 0; at < 20; at++) {
                byte[] b = "abcdefghijklmnopqrstuvwxyz\"".getBytes(StandardCharsets.US_ASCII);
                b[at] = (byte) c;
                for (int from = 0; from <= at; from++) {
                    for (int end : new int[] {at, at + 1, b.length}) {
                        assertAgree(b, from, end, 40);
                        assertAgree(b, from, end, at - from);
                        assertAgree(b, from, end, at - from + 1);
                    }
                }
            }
        }
    }

    @Test
    void agreesWithByteByByte_onRandomRanges() {
        Seeded.forAll(20_000, r -> {
            byte[] b = new byte[1 + r.nextInt(48)];
            for (int i = 0; i < b.length; i++) {
                int kind = r.nextInt(12);
                b[i] = (byte) (kind < 8 ? 0x20 + r.nextInt(0x5f) : kind == 8 ? '"' : kind == 9 ? '\\' : r.nextInt(256));
            }
            int from = r.nextInt(b.length);
            int end = from + r.nextInt(b.length - from + 1);
            assertAgree(b, from, end, r.nextInt(50));
        });
    }

    @Test
    void findsTheQuote_thatEndsAPlainString() {
        byte[] b = "\"userId\":\"3f1c9e2a-7b4d-4c1e-9a53\"}".getBytes(StandardCharsets.US_ASCII);
        assertEquals(7, Payload.plainStringEnd(b, 1, b.length, 100));
        assertEquals(33, Payload.plainStringEnd(b, 10, b.length, 100));
        assertEquals(-1, Payload.plainStringEnd(b, 10, b.length, 22), "23 bytes is over a limit of 22");
        assertEquals(33, Payload.plainStringEnd(b, 10, b.length, 23));
        assertEquals(-1, Payload.plainStringEnd(b, 10, 33, 100), "the quote is past the end");
    }

    private static void assertAgree(byte[] b, int from, int end, int max) {
        assertEquals(byteByByte(b, from, end, max), Payload.plainStringEnd(b, from, end, max),
                () -> "from " + from + ", end " + end + ", max " + max + " in " + java.util.Arrays.toString(b));
    }

    /** The rule, one byte at a time. */
    private static int byteByByte(byte[] b, int from, int end, int max) {
        for (int i = from; i < end && i - from <= max; i++) {
            int c = b[i] & 0xff;
            if (c == '"') {
                return i;
            }
            if (c < 0x20 || c > 0x7e || c == '\\') {
                return -1;
            }
        }
        return -1;
    }
}
