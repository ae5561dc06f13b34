package dev.crumb.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Single-pass scanning of JSON bytes without a parser: {@link #skipStructure} finds where an
 * object or array ends, and {@link #check} decides whether bytes are one JSON value that a parser
 * built like {@link Json#FACTORY} reads without error.
 *
 * <p>{@code check} is sound: when it returns null, Jackson (2.22, {@code Json.FACTORY} with
 * {@code Json.MAPPER.readTree}, or a {@code nextToken}/{@code getText} walk) accepts the same bytes
 * at the given depth. It applies Jackson's limits the way Jackson counts them, which is not always
 * in characters:
 *
 * <ul>
 *   <li>nesting: the value's own container is at {@code depth + 1}; at most
 *       {@link Json#MAX_NESTING_DEPTH}.
 *   <li>member names: at most {@link Json#MAX_NAME_LENGTH} <em>bytes</em> of UTF-8 after
 *       unescaping (Jackson counts the name's UTF-8 bytes, so 513 {@code é} are too long).
 *   <li>string values: at most {@link Json#MAX_STRING_LENGTH} UTF-16 chars after unescaping.
 *   <li>numbers: at most {@link Json#MAX_NUMBER_LENGTH} digits in the integer, fraction and
 *       exponent parts together (signs, point and {@code e} do not count, as in Jackson).
 *   <li>a number with a fraction or exponent must be a {@code BigDecimal}: its exponent and scale
 *       (fraction digits minus exponent) fit in an {@code int}. Jackson's token walk accepts
 *       {@code 1e2147483648}, but {@code readTree} with {@code USE_BIG_DECIMAL_FOR_FLOATS} fails.
 *   <li>the value is at most {@link Json#MAX_DOCUMENT_LENGTH} bytes, surrounding whitespace
 *       included.
 *   <li>member names are unique in every object after unescaping ({@code "a"} and
 *       <code>"&#92;u0061"</code> are the same name), as with {@code STRICT_DUPLICATE_DETECTION}.
 *   <li>a member name may not hold an unpaired surrogate escape (<code>"&#92;ud800"</code>):
 *       Jackson rejects it in names (though it writes such names), while it reads it in string
 *       values.
 * </ul>
 *
 * <p>Where it is stricter than Jackson, by design: it rejects UTF-8 that is not well-formed in the
 * sense of RFC 3629 but that Jackson decodes anyway, namely overlong forms ({@code C0 80},
 * {@code E0 80 80}, {@code F0 80 80 80}, ...) and sequences above U+10FFFF ({@code F4 90 80 80}
 * and lead bytes {@code F5}-{@code F7}). Jackson also lets any bytes through in a member name
 * that it mistakes for one already in its symbol table, which happens to a name holding 0xFF
 * bytes (bytes {@code FF 61} read as {@code "a"} once the factory has seen {@code "a"}). At the
 * start of a document Jackson also skips a UTF-8 byte order mark and detects UTF-16 and UTF-32
 * (from a BOM or a zero byte among the first four, so that bytes {@code 31 00} are the number 1);
 * this reads UTF-8 only and rejects both. It rejects empty (all-whitespace) input, which
 * {@code readTree(JsonParser)} turns into null without an error. Everything else is exactly
 * Jackson's rule. Jackson's generator writes none of these, so they only matter for hand-made
 * bytes.
 *
 * <p>Neither method allocates for ordinary input (a table is made for an object with more than
 * {@value #LINEAR} members or a suspected duplicate, and a buffer for a member name holding an
 * escape), neither throws, and both take time linear in the input.
 */
final class JsonScan {

    private JsonScan() {}

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long SPACES = 0x2020202020202020L;

    /** Members of an object checked for duplicates through a 2x64-bit filter before a table. */
    private static final int LINEAR = 16;

    /** Set in a successful {@link #string} result when the string held a backslash escape. */
    private static final long ESCAPED = 1L << 32;

    private static final int[] HEX = new int[256];

    static {
        Arrays.fill(HEX, -1);
        for (int i = 0; i < 10; i++) {
            HEX['0' + i] = i;
        }
        for (int i = 0; i < 6; i++) {
            HEX['a' + i] = 10 + i;
            HEX['A' + i] = 10 + i;
        }
    }

    // ---------------------------------------------------------------- skipStructure

    /**
     * Index just past the JSON object or array that starts at {@code buf[start]} ({@code '{'} or
     * {@code '['}), or -1 if it does not close before {@code end} or nests deeper than
     * {@code maxDepth}. Structural only: it follows strings (with backslash escapes) and bracket
     * nesting and does not validate anything else (it does not even match {@code [} with
     * {@code ]}).
     */
    static int skipStructure(byte[] buf, int start, int end, int maxDepth) {
        if (buf == null || start < 0 || end > buf.length || start >= end || maxDepth < 1) {
            return -1;
        }
        int c = buf[start] | 0x20; // '[' (0x5B) and '{' (0x7B) both become 0x7B
        if (c != '{') {
            return -1;
        }
        int depth = 1;
        int p = start + 1;
        while (p < end) {
            byte b = buf[p++];
            if (b == '"') {
                p = skipString(buf, p, end);
                if (p < 0) {
                    return -1;
                }
                continue;
            }
            c = b | 0x20;
            if (c == '{') {
                if (++depth > maxDepth) {
                    return -1;
                }
            } else if (c == '}') { // '}' or ']'
                if (--depth == 0) {
                    return p;
                }
            }
        }
        return -1;
    }

    /**
     * Index just past the closing quote of the string whose content starts at {@code p}, or -1.
     * Eight bytes at a time: a lane below 0x80 is flagged where it is {@code '"'} or {@code '\\'}
     * (the lowest flag is exact because a borrow only starts at a byte that really matches).
     */
    private static int skipString(byte[] buf, int p, int end) {
        for (;;) {
            while (p <= end - 8) {
                long v = (long) LONGS.get(buf, p);
                long m = (((v ^ QUOTES) - ONES) | ((v ^ BACKSLASHES) - ONES)) & ~v & HIGHS;
                if (m != 0) {
                    p += Long.numberOfTrailingZeros(m) >>> 3;
                    break;
                }
                p += 8;
            }
            if (p >= end) {
                return -1;
            }
            byte b = buf[p];
            if (b == '"') {
                return p + 1;
            }
            p += b == '\\' ? 2 : 1;
        }
    }

    // ---------------------------------------------------------------- check

    // Problems. A failed scan returns Long.MIN_VALUE | kind << 32 | position (always negative).
    private static final int END = 1;
    private static final int EXPECTED_VALUE = 2;
    private static final int EXPECTED_NAME = 3;
    private static final int EXPECTED_COLON = 4;
    private static final int EXPECTED_OBJECT_NEXT = 5;
    private static final int EXPECTED_ARRAY_NEXT = 6;
    private static final int TRAILING = 7;
    private static final int DEPTH = 8;
    private static final int UNTERMINATED = 9;
    private static final int CONTROL = 10;
    private static final int BAD_ESCAPE = 11;
    private static final int BAD_UTF8 = 12;
    private static final int NAME_SURROGATE = 13;
    private static final int STRING_TOO_LONG = 14;
    private static final int NAME_TOO_LONG = 15;
    private static final int DUPLICATE = 16;
    private static final int BAD_NUMBER = 17;
    private static final int LEADING_ZERO = 18;
    private static final int NUMBER_TOO_LONG = 19;
    private static final int EXPONENT = 20;

    private static long fail(int kind, int pos) {
        return Long.MIN_VALUE | ((long) kind << 32) | pos;
    }

    /**
     * Null if {@code buf[off, off+len)} is exactly one JSON value (RFC 8259; surrounding
     * whitespace allowed) that a Jackson parser built like {@link Json#FACTORY} reads without
     * error when the value sits at nesting depth {@code depth} (the number of objects and arrays
     * already open around it); otherwise a short message naming the first problem and its byte
     * offset, counted from {@code off}. See the class comment for the exact rules.
     */
    static String check(byte[] buf, int off, int len, int depth) {
        if (buf == null) {
            return "no bytes to check";
        }
        if (off < 0 || len < 0 || off > buf.length - len) {
            return "the range of " + len + " bytes at offset " + off + " is outside the "
                    + buf.length + "-byte buffer";
        }
        if (depth < 0) {
            return "the nesting depth " + depth + " is negative";
        }
        if (len > Json.MAX_DOCUMENT_LENGTH) {
            return "the value is " + len + " bytes, over the limit of " + Json.MAX_DOCUMENT_LENGTH;
        }
        int end = off + len;
        int p = skipWhitespace(buf, off, end);
        if (p == end) {
            return "there is no value, only " + len + " bytes of whitespace";
        }
        long r = value(buf, p, end, Math.min(depth, Json.MAX_NESTING_DEPTH));
        if (r >= 0) {
            p = skipWhitespace(buf, (int) r, end);
            if (p == end) {
                return null;
            }
            r = fail(TRAILING, p);
        }
        return message(buf, off, end, r);
    }

    /** The first index from {@code p} on that is not JSON whitespace, or {@code end}. */
    static int skipWhitespace(byte[] buf, int p, int end) {
        while (p < end) {
            byte b = buf[p];
            if (b > ' ' || (b != ' ' && b != '\n' && b != '\r' && b != '\t')) {
                return p;
            }
            p++;
        }
        return p;
    }

    /** Whether {@code b} may be whitespace: a cheap test before {@link #skipWhitespace}. */
    private static boolean maybeSpace(byte b) {
        return b <= ' '; // also true for bytes >= 0x80, which skipWhitespace then stops at
    }

    /**
     * Scans the value at {@code buf[p]}, inside {@code level} open containers.
     *
     * @return the index just past it (possibly with {@link #ESCAPED} set), or a failure
     */
    private static long value(byte[] buf, int p, int end, int level) {
        if (p >= end) {
            return fail(END, p);
        }
        byte b = buf[p];
        if (b == '"') {
            return string(buf, p + 1, end, false);
        }
        if ((b >= '0' && b <= '9') || b == '-') {
            return number(buf, p, end);
        }
        switch (b) {
            case '{':
                return object(buf, p, end, level + 1);
            case '[':
                return array(buf, p, end, level + 1);
            case 't':
                return literal(buf, p, end, 0x65757274); // "true", little-endian
            case 'n':
                return literal(buf, p, end, 0x6C6C756E); // "null"
            case 'f':
                return p + 4 < end && buf[p + 4] == 'e' && literal(buf, p, end, 0x736C6166) >= 0 // "fals"
                        ? p + 5 : fail(EXPECTED_VALUE, p);
            default:
                return fail(EXPECTED_VALUE, p);
        }
    }

    private static long literal(byte[] buf, int p, int end, int fourBytes) {
        if (p + 4 <= end && (buf[p] & 0xFF | (buf[p + 1] & 0xFF) << 8 | (buf[p + 2] & 0xFF) << 16
                | (buf[p + 3] & 0xFF) << 24) == fourBytes) {
            return p + 4;
        }
        return fail(EXPECTED_VALUE, p);
    }

    private static long array(byte[] buf, int p, int end, int level) {
        if (level > Json.MAX_NESTING_DEPTH) {
            return fail(DEPTH, p);
        }
        p = skipWhitespace(buf, p + 1, end);
        if (p < end && buf[p] == ']') {
            return p + 1;
        }
        for (;;) {
            long r = value(buf, p, end, level);
            if (r < 0) {
                return r;
            }
            p = (int) r;
            if (p < end && maybeSpace(buf[p])) {
                p = skipWhitespace(buf, p, end);
            }
            if (p >= end) {
                return fail(END, p);
            }
            byte b = buf[p];
            if (b == ',') {
                if (++p < end && maybeSpace(buf[p])) {
                    p = skipWhitespace(buf, p, end);
                }
            } else if (b == ']') {
                return p + 1;
            } else {
                return fail(EXPECTED_ARRAY_NEXT, p);
            }
        }
    }

    /**
     * Duplicate names: each name's key (a hash of its unescaped UTF-8 bytes) sets one bit in each
     * of two 64-bit filters. While no name finds both of its bits already set, all names are
     * distinct and nothing is stored. At the first possible repeat, or past {@link #LINEAR}
     * members, the object's names so far are read again into a {@link Names} table, which then
     * compares names exactly; so each object is re-read at most once.
     */
    private static long object(byte[] buf, int p, int end, int level) {
        if (level > Json.MAX_NESTING_DEPTH) {
            return fail(DEPTH, p);
        }
        final int open = p;
        p = skipWhitespace(buf, p + 1, end);
        if (p < end && buf[p] == '}') {
            return p + 1;
        }
        long filterA = 0;
        long filterB = 0;
        int count = 0;
        Names names = null;
        for (;;) {
            if (p >= end) {
                return fail(END, p);
            }
            if (buf[p] != '"') {
                return fail(EXPECTED_NAME, p);
            }
            final int start = p + 1;
            int close;
            long key;
            long v;
            int k;
            if (start <= end - 8
                    && (k = Long.numberOfTrailingZeros(irregularLanes(v = (long) LONGS.get(buf, start))) >>> 3) < 8
                    && buf[start + k] == '"') {
                // A name of fewer than eight plain ASCII bytes: its end and key from one load.
                close = start + k;
                key = mix(v & ((1L << (k << 3)) - 1), 0, k);
            } else {
                long r = string(buf, start, end, true);
                if (r < 0) {
                    return r;
                }
                close = (int) r - 1;
                key = (r & ESCAPED) == 0 ? key(buf, start, close) : escapedKey(buf, start, close);
            }
            if (names == null) {
                long a = 1L << (int) (key >>> 58);
                long b = 1L << (int) (key >>> 52);
                if (((filterA & a) != 0 && (filterB & b) != 0) || count == LINEAR) {
                    names = Names.before(buf, open, p, end);
                    if (!names.add(buf, start, close, key)) {
                        return fail(DUPLICATE, p);
                    }
                } else {
                    filterA |= a;
                    filterB |= b;
                }
            } else if (!names.add(buf, start, close, key)) {
                return fail(DUPLICATE, p);
            }
            count++;
            p = close + 1;
            if (p < end && buf[p] == ':') {
                p++;
            } else {
                p = skipWhitespace(buf, p, end);
                if (p >= end) {
                    return fail(END, p);
                }
                if (buf[p] != ':') {
                    return fail(EXPECTED_COLON, p);
                }
                p++;
            }
            if (p < end && maybeSpace(buf[p])) {
                p = skipWhitespace(buf, p, end);
            }
            long r = value(buf, p, end, level);
            if (r < 0) {
                return r;
            }
            p = (int) r;
            if (p < end && maybeSpace(buf[p])) {
                p = skipWhitespace(buf, p, end);
            }
            if (p >= end) {
                return fail(END, p);
            }
            byte b = buf[p];
            if (b == ',') {
                if (++p < end && maybeSpace(buf[p])) {
                    p = skipWhitespace(buf, p, end);
                }
            } else if (b == '}') {
                return p + 1;
            } else {
                return fail(EXPECTED_OBJECT_NEXT, p);
            }
        }
    }

    /**
     * The top bit of each byte lane of {@code v} that is >= 0x80, < 0x20, {@code '"'} or
     * {@code '\\'}; other lanes can be flagged only above a real match (a borrow starts only at
     * one), so the lowest flag is exact.
     */
    private static long irregularLanes(long v) {
        return (v | (v - SPACES) | ((v ^ QUOTES) - ONES) | ((v ^ BACKSLASHES) - ONES)) & HIGHS;
    }

    /**
     * Scans a string whose content starts at {@code start} (just past the opening quote).
     *
     * @return the index just past the closing quote, with {@link #ESCAPED} set if it held an
     *     escape; or a failure
     */
    private static long string(byte[] buf, final int start, int end, boolean name) {
        int p = start;
        long escaped = 0;
        for (;;) {
            while (p <= end - 8) {
                long m = irregularLanes((long) LONGS.get(buf, p));
                if (m != 0) {
                    p += Long.numberOfTrailingZeros(m) >>> 3;
                    break;
                }
                p += 8;
            }
            if (p >= end) {
                return fail(UNTERMINATED, start - 1);
            }
            byte b = buf[p];
            if (b == '"') {
                break;
            }
            if (b >= 0x20 && b != '\\') {
                p++; // plain ASCII among the last seven bytes
                continue;
            }
            long r = irregular(buf, p, end, start, name);
            if (r < 0) {
                return r;
            }
            p = (int) r;
            escaped |= r & ESCAPED;
        }
        // Unescaping never makes text longer in chars or in UTF-8 bytes, so a short string passes.
        if (p - start > (name ? Json.MAX_NAME_LENGTH : Json.MAX_STRING_LENGTH)) {
            if (name ? unescape(buf, start, p).length > Json.MAX_NAME_LENGTH
                    : chars(buf, start, p) > Json.MAX_STRING_LENGTH) {
                return fail(name ? NAME_TOO_LONG : STRING_TOO_LONG, start - 1);
            }
        }
        return (p + 1) | escaped;
    }

    /**
     * Steps over the escape, multi-byte UTF-8 sequence or control character at {@code buf[p]} in
     * the string whose content starts at {@code start}.
     *
     * @return the index after it, with {@link #ESCAPED} set for an escape; or a failure
     */
    private static long irregular(byte[] buf, int p, int end, int start, boolean name) {
        byte b = buf[p];
        if (b < 0) {
            int n = utf8(buf, p, end);
            return n == 0 ? fail(BAD_UTF8, p) : p + n;
        }
        if (b != '\\') {
            return fail(CONTROL, p);
        }
        if (p + 1 >= end) {
            return fail(UNTERMINATED, start - 1);
        }
        byte e = buf[p + 1];
        if (e == 'u') {
            int u = hex4(buf, p + 2, end);
            if (u < 0) {
                return fail(BAD_ESCAPE, p);
            }
            if (name && (u & 0xF800) == 0xD800) {
                // Jackson reads surrogate escapes in names only as a high-low pair.
                int low = u < 0xDC00 && p + 7 < end && buf[p + 6] == '\\' && buf[p + 7] == 'u'
                        ? hex4(buf, p + 8, end) : -1;
                if (low < 0xDC00 || low > 0xDFFF) {
                    return fail(NAME_SURROGATE, p);
                }
                return (p + 12) | ESCAPED;
            }
            return (p + 6) | ESCAPED;
        }
        if (e == '"' || e == '\\' || e == '/' || e == 'n' || e == 't' || e == 'r' || e == 'b' || e == 'f') {
            return (p + 2) | ESCAPED;
        }
        return fail(BAD_ESCAPE, p);
    }

    /** The value of four hex digits at {@code buf[p]}, or -1. */
    private static int hex4(byte[] buf, int p, int end) {
        if (p + 4 > end) {
            return -1;
        }
        int a = HEX[buf[p] & 0xFF];
        int b = HEX[buf[p + 1] & 0xFF];
        int c = HEX[buf[p + 2] & 0xFF];
        int d = HEX[buf[p + 3] & 0xFF];
        return (a | b | c | d) < 0 ? -1 : a << 12 | b << 8 | c << 4 | d;
    }

    /**
     * Length of the well-formed UTF-8 sequence of two to four bytes at {@code buf[p]} (RFC 3629:
     * no overlong forms, no surrogates, nothing above U+10FFFF), or 0.
     */
    private static int utf8(byte[] buf, int p, int end) {
        int b0 = buf[p] & 0xFF;
        if (b0 < 0xC2) {
            return 0; // a continuation byte, or an overlong two-byte form
        }
        if (b0 < 0xE0) {
            return p + 1 < end && (buf[p + 1] & 0xC0) == 0x80 ? 2 : 0;
        }
        if (b0 < 0xF0) {
            if (p + 2 >= end) {
                return 0;
            }
            int b1 = buf[p + 1] & 0xFF;
            int lo = b0 == 0xE0 ? 0xA0 : 0x80; // E0 80..9F is overlong
            int hi = b0 == 0xED ? 0x9F : 0xBF; // ED A0..BF is a surrogate
            return b1 >= lo && b1 <= hi && (buf[p + 2] & 0xC0) == 0x80 ? 3 : 0;
        }
        if (b0 < 0xF5) {
            if (p + 3 >= end) {
                return 0;
            }
            int b1 = buf[p + 1] & 0xFF;
            int lo = b0 == 0xF0 ? 0x90 : 0x80; // F0 80..8F is overlong
            int hi = b0 == 0xF4 ? 0x8F : 0xBF; // F4 90.. is above U+10FFFF
            return b1 >= lo && b1 <= hi && (buf[p + 2] & 0xC0) == 0x80 && (buf[p + 3] & 0xC0) == 0x80 ? 4 : 0;
        }
        return 0;
    }

    /** UTF-16 length of the already checked string content {@code buf[s, e)}, unescaped. */
    private static int chars(byte[] buf, int s, int e) {
        int n = 0;
        int p = s;
        while (p < e) {
            int b = buf[p] & 0xFF;
            if (b == '\\') {
                p += buf[p + 1] == 'u' ? 6 : 2;
                n++;
            } else if (b < 0x80) {
                p++;
                n++;
            } else if (b < 0xE0) {
                p += 2;
                n++;
            } else if (b < 0xF0) {
                p += 3;
                n++;
            } else {
                p += 4;
                n += 2;
            }
        }
        return n;
    }

    /**
     * The UTF-8 bytes of the already checked name content {@code buf[s, e)}, unescaped (a
     * surrogate pair escape becomes the four bytes of its code point, as Jackson decodes it).
     */
    private static byte[] unescape(byte[] buf, int s, int e) {
        byte[] out = new byte[e - s];
        int n = 0;
        int p = s;
        while (p < e) {
            byte b = buf[p];
            if (b != '\\') {
                out[n++] = b;
                p++;
                continue;
            }
            byte c = buf[p + 1];
            if (c != 'u') {
                out[n++] = switch (c) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    default -> c; // '"', '\\' and '/' stand for themselves
                };
                p += 2;
                continue;
            }
            int u = hex4(buf, p + 2, e);
            p += 6;
            if (u < 0x80) {
                out[n++] = (byte) u;
            } else if (u < 0x800) {
                out[n++] = (byte) (0xC0 | u >> 6);
                out[n++] = (byte) (0x80 | u & 0x3F);
            } else if (u >= 0xD800 && u <= 0xDBFF && p + 6 <= e && buf[p] == '\\' && buf[p + 1] == 'u') {
                int cp = 0x10000 + ((u - 0xD800) << 10) + (hex4(buf, p + 2, e) - 0xDC00);
                p += 6;
                out[n++] = (byte) (0xF0 | cp >> 18);
                out[n++] = (byte) (0x80 | cp >> 12 & 0x3F);
                out[n++] = (byte) (0x80 | cp >> 6 & 0x3F);
                out[n++] = (byte) (0x80 | cp & 0x3F);
            } else {
                out[n++] = (byte) (0xE0 | u >> 12);
                out[n++] = (byte) (0x80 | u >> 6 & 0x3F);
                out[n++] = (byte) (0x80 | u & 0x3F);
            }
        }
        return Arrays.copyOf(out, n);
    }

    /**
     * A 64-bit hash of the bytes {@code b[s, e)} from their length and their first and last eight
     * bytes: constant time, and the same for a name and for its unescaped bytes.
     */
    private static long key(byte[] b, int s, int e) {
        int n = e - s;
        if (n >= 8) {
            return mix((long) LONGS.get(b, s), (long) LONGS.get(b, e - 8), n);
        }
        long first;
        if (s <= b.length - 8) {
            first = (long) LONGS.get(b, s) & ((1L << (n << 3)) - 1);
        } else {
            first = 0;
            for (int i = 0; i < n; i++) {
                first |= (b[s + i] & 0xFFL) << (8 * i);
            }
        }
        return mix(first, 0, n);
    }

    private static long mix(long first, long last, int n) {
        long h = first * 0x9E3779B97F4A7C15L ^ Long.rotateLeft(last * 0xC2B2AE3D27D4EB4FL, 31) ^ n;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        return h ^ h >>> 32;
    }

    private static long escapedKey(byte[] buf, int s, int e) {
        byte[] u = unescape(buf, s, e);
        return key(u, 0, u.length);
    }

    /**
     * Scans a number, which must follow the grammar of RFC 8259, have at most
     * {@link Json#MAX_NUMBER_LENGTH} digits and, if it has a fraction or an exponent, be a
     * {@code BigDecimal} (exponent and scale within {@code int}).
     */
    private static long number(byte[] buf, final int start, int end) {
        int p = buf[start] == '-' ? start + 1 : start;
        int digits = digitRun(buf, p, end);
        if (digits == 0) {
            return fail(BAD_NUMBER, start);
        }
        if (digits > 1 && buf[p] == '0') {
            return fail(LEADING_ZERO, start);
        }
        p += digits;
        if (p < end && (buf[p] == '.' || (buf[p] | 0x20) == 'e')) {
            return decimal(buf, start, p, end, digits);
        }
        return digits > Json.MAX_NUMBER_LENGTH ? fail(NUMBER_TOO_LONG, start) : p;
    }

    /** The fraction and exponent at {@code buf[p]} of the number at {@code start}. */
    private static long decimal(byte[] buf, int start, int p, int end, int digits) {
        int fraction = 0;
        if (buf[p] == '.') {
            fraction = digitRun(buf, ++p, end);
            if (fraction == 0) {
                return fail(BAD_NUMBER, start);
            }
            p += fraction;
            digits += fraction;
        }
        if (p < end && (buf[p] | 0x20) == 'e') {
            p++;
            boolean negative = false;
            if (p < end && (buf[p] == '+' || buf[p] == '-')) {
                negative = buf[p] == '-';
                p++;
            }
            int s = p;
            long exponent = 0;
            while (p < end && isDigit(buf[p])) {
                if (exponent < 1L << 40) {
                    exponent = exponent * 10 + (buf[p] - '0');
                }
                p++;
            }
            if (p == s) {
                return fail(BAD_NUMBER, start);
            }
            digits += p - s;
            if (digits > Json.MAX_NUMBER_LENGTH) {
                return fail(NUMBER_TOO_LONG, start);
            }
            if (negative) {
                exponent = -exponent;
            }
            long scale = fraction - exponent;
            if (exponent != (int) exponent || scale != (int) scale) {
                return fail(EXPONENT, start);
            }
            return p;
        }
        return digits > Json.MAX_NUMBER_LENGTH ? fail(NUMBER_TOO_LONG, start) : p;
    }

    /**
     * The number of ASCII digits at {@code buf[p]}, eight bytes at a time: a lane below 0x80 is a
     * digit if adding 0x50 sets its top bit and adding 0x46 does not (no carry leaves a lane).
     */
    private static int digitRun(byte[] buf, int p, int end) {
        int n = 0;
        while (p + n <= end - 8) {
            long v = (long) LONGS.get(buf, p + n);
            long y = v & 0x7F7F7F7F7F7F7F7FL;
            long other = ~((y + 0x5050505050505050L) & ~(y + 0x4646464646464646L) & ~v) & HIGHS;
            if (other != 0) {
                return n + (Long.numberOfTrailingZeros(other) >>> 3);
            }
            n += 8;
        }
        while (p + n < end && isDigit(buf[p + n])) {
            n++;
        }
        return n;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    /**
     * The names of one object, once it needs exact comparison: an open-addressing table of name
     * spans by key.
     */
    private static final class Names {
        private int[] slots = new int[64]; // index + 1 into the arrays below, 0 when free
        private long[] keys = new long[32];
        private int[] starts = new int[32];
        private int[] ends = new int[32];
        private int size;

        /**
         * A table of the names of the object opened at {@code open}, up to the member whose name
         * starts at {@code current}. That part was checked already, so only its structure is
         * followed, and its names are known to be distinct.
         */
        static Names before(byte[] buf, int open, int current, int end) {
            Names names = new Names();
            int p = skipWhitespace(buf, open + 1, end);
            while (p < current && buf[p] == '"') {
                int close = skipString(buf, p + 1, end) - 1;
                if (close < 0) {
                    break; // cannot happen for a checked prefix
                }
                names.insert(buf, p + 1, close, keyOf(buf, p + 1, close));
                p = skipWhitespace(buf, close + 1, end) + 1; // past ':'
                p = skipValue(buf, skipWhitespace(buf, p, end), end);
                if (p < 0) {
                    break;
                }
                p = skipWhitespace(buf, skipWhitespace(buf, p, end) + 1, end); // past ','
            }
            return names;
        }

        /** Adds a name; false if the object has it already. */
        boolean add(byte[] buf, int s, int e, long key) {
            int mask = slots.length - 1;
            for (int i = (int) key & mask; slots[i] != 0; i = (i + 1) & mask) {
                int j = slots[i] - 1;
                if (keys[j] == key && sameName(buf, s, e, starts[j], ends[j])) {
                    return false;
                }
            }
            insert(buf, s, e, key);
            return true;
        }

        private void insert(byte[] buf, int s, int e, long key) {
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                starts = Arrays.copyOf(starts, size * 2);
                ends = Arrays.copyOf(ends, size * 2);
                slots = new int[size * 4];
                for (int j = 0; j < size; j++) {
                    place(j);
                }
            }
            keys[size] = key;
            starts[size] = s;
            ends[size] = e;
            place(size++);
        }

        private void place(int j) {
            int mask = slots.length - 1;
            int i = (int) keys[j] & mask;
            while (slots[i] != 0) {
                i = (i + 1) & mask;
            }
            slots[i] = j + 1;
        }
    }

    private static long keyOf(byte[] buf, int s, int e) {
        return indexOfBackslash(buf, s, e) < 0 ? key(buf, s, e) : escapedKey(buf, s, e);
    }

    private static int indexOfBackslash(byte[] buf, int s, int e) {
        for (int i = s; i < e; i++) {
            if (buf[i] == '\\') {
                return i;
            }
        }
        return -1;
    }

    /** Whether two checked name contents are the same text once unescaped. */
    private static boolean sameName(byte[] buf, int s1, int e1, int s2, int e2) {
        if (indexOfBackslash(buf, s1, e1) < 0 && indexOfBackslash(buf, s2, e2) < 0) {
            return Arrays.equals(buf, s1, e1, buf, s2, e2);
        }
        return Arrays.equals(unescape(buf, s1, e1), unescape(buf, s2, e2));
    }

    /** Index just past the checked value at {@code buf[p]}, following only its structure. */
    private static int skipValue(byte[] buf, int p, int end) {
        if (p >= end) {
            return -1;
        }
        byte b = buf[p];
        if (b == '"') {
            return skipString(buf, p + 1, end);
        }
        if (b == '{' || b == '[') {
            return skipStructure(buf, p, end, Integer.MAX_VALUE);
        }
        while (p < end && (b = buf[p]) != ',' && b != '}' && b != ']' && b != ' ' && b != '\n'
                && b != '\r' && b != '\t') {
            p++;
        }
        return p;
    }

    // ---------------------------------------------------------------- messages

    private static String message(byte[] buf, int off, int end, long failure) {
        int kind = (int) (failure >>> 32) & 0x7FFF_FFFF;
        int pos = (int) failure;
        String at = " at byte " + (pos - off);
        switch (kind) {
            case END:
                return "the value is cut short" + at;
            case EXPECTED_VALUE:
                return "expected a value" + at + ", found " + describe(buf, pos, end);
            case EXPECTED_NAME:
                return "expected a member name in double quotes" + at + ", found " + describe(buf, pos, end);
            case EXPECTED_COLON:
                return "expected ':' after a member name" + at + ", found " + describe(buf, pos, end);
            case EXPECTED_OBJECT_NEXT:
                return "expected ',' or '}'" + at + ", found " + describe(buf, pos, end);
            case EXPECTED_ARRAY_NEXT:
                return "expected ',' or ']'" + at + ", found " + describe(buf, pos, end);
            case TRAILING:
                return "unexpected data after the value" + at + ": " + describe(buf, pos, end);
            case DEPTH:
                return "nesting deeper than " + Json.MAX_NESTING_DEPTH + " levels" + at;
            case UNTERMINATED:
                return "a string is not closed" + at;
            case CONTROL:
                return String.format("an unescaped control character 0x%02X in a string", buf[pos]) + at;
            case BAD_ESCAPE:
                return "an invalid escape sequence" + at;
            case BAD_UTF8:
                return utf8Problem(buf, pos, end) + at;
            case NAME_SURROGATE:
                return "a member name has an unpaired surrogate escape" + at;
            case STRING_TOO_LONG:
                return "a string is " + chars(buf, pos + 1, skipString(buf, pos + 1, end) - 1)
                        + " characters, over the limit of " + Json.MAX_STRING_LENGTH + at;
            case NAME_TOO_LONG:
                return "a member name is " + unescape(buf, pos + 1, skipString(buf, pos + 1, end) - 1).length
                        + " bytes in UTF-8, over the limit of " + Json.MAX_NAME_LENGTH + at;
            case DUPLICATE:
                return "duplicate member name" + at;
            case BAD_NUMBER:
                return "an invalid number" + at;
            case LEADING_ZERO:
                return "a number with a leading zero" + at;
            case NUMBER_TOO_LONG:
                return "a number has " + digits(buf, pos, end) + " digits, over the limit of "
                        + Json.MAX_NUMBER_LENGTH + at;
            case EXPONENT:
                return "a number's exponent is out of range" + at;
            default:
                return "invalid JSON" + at;
        }
    }

    private static String describe(byte[] buf, int pos, int end) {
        if (pos >= end) {
            return "the end";
        }
        int b = buf[pos] & 0xFF;
        return b >= 0x20 && b < 0x7F ? "'" + (char) b + "'" : String.format("byte 0x%02X", b);
    }

    private static String utf8Problem(byte[] buf, int pos, int end) {
        int b0 = buf[pos] & 0xFF;
        if (b0 < 0xC0 || b0 > 0xF7) {
            return String.format("invalid UTF-8 start byte 0x%02X", b0);
        }
        int need = b0 < 0xE0 ? 1 : b0 < 0xF0 ? 2 : 3;
        int cp = b0 & (0x3F >> need);
        for (int i = 1; i <= need; i++) {
            if (pos + i >= end || (buf[pos + i] & 0xC0) != 0x80) {
                return "a truncated UTF-8 sequence";
            }
            cp = cp << 6 | buf[pos + i] & 0x3F;
        }
        if (cp < (need == 1 ? 0x80 : need == 2 ? 0x800 : 0x10000)) {
            return "an overlong UTF-8 sequence";
        }
        if (cp >= 0xD800 && cp <= 0xDFFF) {
            return "a surrogate encoded in UTF-8";
        }
        return "a UTF-8 sequence above U+10FFFF";
    }

    private static int digits(byte[] buf, int p, int end) {
        int n = 0;
        for (; p < end; p++) {
            byte b = buf[p];
            if (isDigit(b)) {
                n++;
            } else if (b != '-' && b != '+' && b != '.' && b != 'e' && b != 'E') {
                break;
            }
        }
        return n;
    }
}
