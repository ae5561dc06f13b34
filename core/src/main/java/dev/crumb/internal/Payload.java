package dev.crumb.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The JWE payload of a session: one JSON object with {@code sid}, optional {@code sub},
 * optional {@code aud}, {@code iat}, {@code nbf}, {@code exp}, {@code auth_time} (integer seconds
 * since the epoch) and {@code attrs}; and, when some attributes are typed, {@code types}, an
 * object from attribute name to type tag ({@link AttributeTypes}), written just before
 * {@code attrs}.
 *
 * <p>Writing splices the already serialized attributes in, so sealing never re-serializes them.
 * Reading walks the claims with the streaming parser and only locates {@code attrs}: when it is
 * the last member, as Crumb writes it, its brackets are matched and nothing in it is parsed, so
 * opening costs the same whatever the attributes hold. They are parsed, and checked against the
 * limits, when first read ({@link JsonAttributes}); only a holder of the key can have sealed them.
 */
public final class Payload {

    /** Largest timestamp accepted: 9999-12-31T23:59:59Z. */
    public static final long MAX_EPOCH_SECOND = 253_402_300_799L;
    /** Longest session id accepted, in characters. */
    public static final int MAX_SID_LENGTH = 128;

    /**
     * The claims of one payload. {@code sub} is null when absent; {@code nbf} defaults to iat.
     * {@code aud} (RFC 7519 section 4.1.3) is empty when absent; read from a string or an array
     * of strings, written as a string when it has one value.
     */
    public record Claims(String sid, String sub, long iat, long nbf, long exp, long authTime,
                         JsonAttributes attrs, List<String> aud) {

        /** Claims without an audience. */
        public Claims(String sid, String sub, long iat, long nbf, long exp, long authTime, JsonAttributes attrs) {
            this(sid, sub, iat, nbf, exp, authTime, attrs, List.of());
        }

        /** These claims for the one audience {@code aud}. */
        public Claims withAudience(String aud) {
            return new Claims(sid, sub, iat, nbf, exp, authTime, attrs, List.of(aud));
        }
    }

    private static final byte[] SID = ascii("{\"sid\":\"");
    private static final byte[] SUB = ascii("\",\"sub\":\"");
    private static final byte[] AUD = ascii("\",\"aud\":\"");
    private static final byte[] IAT = ascii("\",\"iat\":");
    private static final byte[] NBF = ascii(",\"nbf\":");
    private static final byte[] EXP = ascii(",\"exp\":");
    private static final byte[] AUTH_TIME = ascii(",\"auth_time\":");
    private static final byte[] ATTRS = ascii(",\"attrs\":");
    private static final byte[] TYPES = ascii(",\"types\":");

    /**
     * Which of the first 256 characters {@link #plainAscii} allows: 0x20 to 0x7E but the quote
     * and the backslash; one look-up a character in place of four comparisons.
     */
    private static final boolean[] PLAIN_ASCII = new boolean[256];

    static {
        for (int c = 0x20; c <= 0x7E; c++) {
            PLAIN_ASCII[c] = c != '"' && c != '\\';
        }
    }

    private Payload() {}

    /** Serializes claims to the payload bytes. */
    public static byte[] write(Claims c) {
        // Ids are usually base64url, but SessionData.Builder.id takes any text, and an id read
        // from another issuer's token may hold quotes: unescaped, they would write claims.
        String sid = c.sid();
        String sub = c.sub();
        if (c.aud().size() > 1) {
            throw new IllegalArgumentException("Crumb writes one audience, got " + c.aud().size());
        }
        String aud = c.aud().isEmpty() ? null : c.aud().get(0);
        byte[] sidEscaped = escaped(sid);
        byte[] subEscaped = escaped(sub);
        byte[] audEscaped = escaped(aud);
        int size = SID.length + textLength(sid, sidEscaped)
                + (sub == null ? 0 : SUB.length + textLength(sub, subEscaped))
                + (aud == null ? 0 : AUD.length + textLength(aud, audEscaped))
                + IAT.length + NBF.length + EXP.length + AUTH_TIME.length
                + digits(c.iat()) + digits(c.nbf()) + digits(c.exp()) + digits(c.authTime())
                + ATTRS.length + c.attrs().length() + 1;
        byte[] types = types(c.attrs().types());
        size += types.length;
        byte[] out = new byte[size];
        int p = put(out, 0, SID);
        p = putText(out, p, sid, sidEscaped);
        if (sub != null) {
            p = put(out, p, SUB);
            p = putText(out, p, sub, subEscaped);
        }
        if (aud != null) {
            p = put(out, p, AUD);
            p = putText(out, p, aud, audEscaped);
        }
        p = put(out, p, IAT);
        p = putLong(out, p, c.iat());
        p = put(out, p, NBF);
        p = putLong(out, p, c.nbf());
        p = put(out, p, EXP);
        p = putLong(out, p, c.exp());
        p = put(out, p, AUTH_TIME);
        p = putLong(out, p, c.authTime());
        p = put(out, p, types);
        p = put(out, p, ATTRS);
        c.attrs().copyTo(out, p);
        p += c.attrs().length();
        out[p++] = '}';
        return p == out.length ? out : Arrays.copyOf(out, p);
    }

    /**
     * The JSON string content of {@code s} in UTF-8: its characters as they are when
     * {@link #plainAscii} (ids, subjects and tags usually are), else as Jackson escapes it.
     */
    static byte[] quote(String s) {
        return plainAscii(s) ? s.getBytes(StandardCharsets.ISO_8859_1) : JsonStringEncoder.getInstance().quoteAsUTF8(s);
    }

    /** Whether {@code s} is printable ASCII without quote or backslash: its JSON string content is itself. */
    static boolean plainAscii(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (!plain(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean plain(char c) {
        return c <= 0xFF && PLAIN_ASCII[c];
    }

    /** Writes {@code s}, which {@link #plainAscii} accepts, at {@code out[p]}; returns the end. */
    @SuppressWarnings("deprecation") // the low byte of each character: exactly ASCII here
    static int putAscii(byte[] out, int p, String s) {
        s.getBytes(0, s.length(), out, p);
        return p + s.length();
    }

    /**
     * Writes {@code s} at {@code out[p]} if {@link #plainAscii} accepts it and returns the end;
     * else returns -1, having written part of it. One pass: checking and then copying took half as
     * long again for a cart's strings (a scratch JMH run, 140 strings of 3 to 36 characters: 4.7
     * µs against 3.1), since a short string's copy costs about as much as its check.
     *
     * @throws IndexOutOfBoundsException if {@code out} has fewer than {@code s.length()} bytes
     *     from {@code p}
     */
    static int putPlainAscii(byte[] out, int p, String s) {
        int n = s.length();
        Objects.checkFromIndexSize(p, n, out.length);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (!plain(c)) {
                return -1;
            }
            out[p + i] = (byte) c;
        }
        return p + n;
    }

    /** Writes {@code s} as {@link #quote} would, without an array of its own when it is plain. */
    private static int putText(byte[] out, int p, String s, byte[] escaped) {
        return escaped == null ? putAscii(out, p, s) : put(out, p, escaped);
    }

    /** Jackson's escaping of {@code s}, or null when it is {@link #plainAscii}; of null, null. */
    private static byte[] escaped(String s) {
        return s == null || plainAscii(s) ? null : JsonStringEncoder.getInstance().quoteAsUTF8(s);
    }

    private static int textLength(String s, byte[] escaped) {
        return escaped == null ? s.length() : escaped.length;
    }

    /** The {@code types} member with its leading comma, or nothing when no attribute is typed. */
    private static byte[] types(Map<String, String> types) {
        if (types.isEmpty()) {
            return new byte[0];
        }
        // Names and tags are plain ASCII but in odd cases: one exact array, no stream.
        int size = TYPES.length + 1;
        for (Map.Entry<String, String> e : types.entrySet()) {
            if (!plainAscii(e.getKey()) || !plainAscii(e.getValue())) {
                return escapedTypes(types);
            }
            size += e.getKey().length() + e.getValue().length() + 6;
        }
        byte[] out = new byte[size];
        int p = put(out, 0, TYPES);
        byte sep = '{';
        for (Map.Entry<String, String> e : types.entrySet()) {
            out[p++] = sep;
            out[p++] = '"';
            p = putAscii(out, p, e.getKey());
            out[p++] = '"';
            out[p++] = ':';
            out[p++] = '"';
            p = putAscii(out, p, e.getValue());
            out[p++] = '"';
            sep = ',';
        }
        out[p] = '}';
        return out;
    }

    /** {@link #types} when some name or tag needs escaping. */
    private static byte[] escapedTypes(Map<String, String> types) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(TYPES);
        char sep = '{';
        for (Map.Entry<String, String> e : types.entrySet()) {
            out.write(sep);
            out.write('"');
            out.writeBytes(quote(e.getKey()));
            out.writeBytes(ascii("\":\""));
            out.writeBytes(quote(e.getValue()));
            out.write('"');
            sep = ',';
        }
        out.write('}');
        return out.toByteArray();
    }

    /**
     * Parses and checks a decrypted payload.
     *
     * @return the claims, or null if the payload is not a JSON object within the limits, lacks
     *     {@code sid}, {@code iat}, {@code exp} or {@code auth_time}, has a claim of the wrong type,
     *     a timestamp out of range, or trailing data. Unknown claims are ignored.
     */
    public static Claims read(byte[] payload) {
        return read(payload, payload.length);
    }

    /**
     * {@link #read(byte[])} of {@code payload[0, length)}; the claims' attributes may keep a
     * reference to the array.
     *
     * <p>A payload exactly as {@link #write} makes it (members in its order, no whitespace, ids
     * and tags in plain ASCII) is read by {@link #readCanonical}, a scan with no parser; anything
     * else, and anything that scan doubts, by {@link #readWithParser}. Both give the same result
     * for every input, a property that {@code PayloadReadersAgreeTest} checks.
     */
    public static Claims read(byte[] payload, int length) {
        Claims claims = readCanonical(payload, length);
        return claims != null ? claims : readWithParser(payload, length);
    }

    // ---------------------------------------------------------------- the canonical scan

    private static final byte[] IAT_MEMBER = ascii(",\"iat\":");
    private static final byte[] SUB_MEMBER = ascii(",\"sub\":\"");
    private static final byte[] AUD_MEMBER = ascii(",\"aud\":\"");
    private static final byte[] TYPES_MEMBER = ascii(",\"types\":{");

    /**
     * The claims of a payload in exactly the form {@link #write} gives it, found by matching that
     * form byte by byte; or null, when the payload differs from it in any way or its claims are
     * invalid, for {@link #readWithParser} to decide. So null here never rejects anything, and a
     * result is one that the parser would give for the same bytes.
     */
    static Claims readCanonical(byte[] b, int length) {
        if (length > Json.MAX_DOCUMENT_LENGTH || !startsWith(b, 0, length, SID)) {
            return null;
        }
        int p = SID.length;
        int q = plainString(b, p, length);
        if (q < 0) {
            return null;
        }
        String sid = new String(b, p, q - p, StandardCharsets.ISO_8859_1);
        String sub = null;
        List<String> aud = List.of();
        // q is at the closing quote of the last string read.
        if (startsWith(b, q + 1, length, SUB_MEMBER)) {
            p = q + 1 + SUB_MEMBER.length;
            q = plainString(b, p, length);
            if (q < 0) {
                return null;
            }
            sub = new String(b, p, q - p, StandardCharsets.ISO_8859_1);
        }
        if (startsWith(b, q + 1, length, AUD_MEMBER)) {
            p = q + 1 + AUD_MEMBER.length;
            q = plainString(b, p, length);
            if (q < 0) {
                return null;
            }
            aud = List.of(new String(b, p, q - p, StandardCharsets.ISO_8859_1));
        }
        if (!startsWith(b, q + 1, length, IAT_MEMBER)) {
            return null;
        }
        p = q + 1 + IAT_MEMBER.length;
        long iat = plainNumber(b, p, length);
        p = skipDigits(b, p, length);
        long nbf = startsWith(b, p, length, NBF) ? plainNumber(b, p += NBF.length, length) : -1;
        p = skipDigits(b, p, length);
        long exp = startsWith(b, p, length, EXP) ? plainNumber(b, p += EXP.length, length) : -1;
        p = skipDigits(b, p, length);
        long authTime = startsWith(b, p, length, AUTH_TIME) ? plainNumber(b, p += AUTH_TIME.length, length) : -1;
        p = skipDigits(b, p, length);
        if (iat < 0 || nbf < 0 || exp < 0 || authTime < 0) {
            return null;
        }
        Map<String, String> types = Map.of();
        if (startsWith(b, p, length, TYPES_MEMBER)) {
            p += TYPES_MEMBER.length;
            Map<String, String> read = new LinkedHashMap<>();
            while (true) {
                if (p >= length || b[p] != '"') {
                    return null;
                }
                q = plainString(b, p + 1, length);
                if (q < 0 || q - p - 1 > Json.MAX_NAME_LENGTH || q + 2 >= length || b[q + 1] != ':' || b[q + 2] != '"') {
                    return null;
                }
                String name = new String(b, p + 1, q - p - 1, StandardCharsets.ISO_8859_1);
                p = q + 3;
                q = plainString(b, p, length);
                if (q < 0 || read.put(name, new String(b, p, q - p, StandardCharsets.ISO_8859_1)) != null
                        || q + 1 >= length) {
                    return null;
                }
                p = q + 2;
                if (b[q + 1] == '}') {
                    break;
                }
                if (b[q + 1] != ',') {
                    return null;
                }
            }
            types = Collections.unmodifiableMap(read);
        }
        if (!startsWith(b, p, length, ATTRS) || p + ATTRS.length >= length || b[p + ATTRS.length] != '{') {
            return null;
        }
        int start = p + ATTRS.length;
        int end = JsonAttributes.skipStructure(b, start, length, Json.MAX_NESTING_DEPTH - 1);
        if (end < 0 || b[end - 1] != '}' || end != length - 1 || b[end] != '}') {
            return null;
        }
        return claims(sid, sub, aud, iat, nbf, exp, authTime,
                JsonAttributes.ofUnchecked(b, start, end - start, types));
    }

    private static boolean startsWith(byte[] b, int at, int length, byte[] prefix) {
        if (at < 0 || length - at < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The index of the quote that ends the string whose content starts at {@code from}, if that
     * content is printable ASCII without backslash (so it means its bytes) and at most
     * {@code max} bytes, before {@code end}; else -1. The claims scan and the attributes' compact
     * scan both use it.
     *
     * <p>Eight bytes at a time while the array has them: each lane's low seven bits {@code w} are
     * added to constants that carry into the lane's high bit exactly when the byte is at least
     * 0x7F ({@code w + 1}), below 0x20 ({@code w + 0x60} does not carry), or a quote or backslash
     * ({@code (w ^ c) + 0x7F} does not carry); with the byte's own high bit, a lane is flagged
     * exactly when it ends the string or spoils it. No lane carries into the next, so the lowest
     * flag is the first such byte; lanes past {@code end} may be read, never believed.
     */
    static int plainStringEnd(byte[] b, int from, int end, int max) {
        int limit = Math.min(end, from + max + 1);
        int i = from;
        for (; i < limit && i <= b.length - 8; i += 8) {
            long v = (long) JsonAttributes.LONGS.get(b, i);
            long w = v & LOW7;
            long stop = (v | (w + JsonAttributes.ONES) | ~(w + CONTROLS) | ~((w ^ JsonAttributes.QUOTES) + LOW7)
                    | ~((w ^ JsonAttributes.BACKSLASHES) + LOW7)) & JsonAttributes.HIGHS;
            if (stop != 0) {
                int at = i + (Long.numberOfTrailingZeros(stop) >>> 3);
                return at < limit && b[at] == '"' ? at : -1;
            }
        }
        for (; i < limit; i++) {
            byte c = b[i];
            if (c == '"') {
                return i;
            }
            if (c < 0x20 || c > 0x7e || c == '\\') {
                return -1;
            }
        }
        return -1;
    }

    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    /** Added to a lane's low seven bits, carries into its high bit from 0x20 on. */
    private static final long CONTROLS = JsonAttributes.ONES * 0x60;

    /** {@link #plainStringEnd} within Jackson's string limit. */
    private static int plainString(byte[] b, int from, int length) {
        return plainStringEnd(b, from, length, Json.MAX_STRING_LENGTH);
    }

    /**
     * The timestamp whose digits start at {@code from}, if they are a JSON integer without sign or
     * leading zero, at most {@link #MAX_EPOCH_SECOND}, followed by a comma; else -1.
     */
    private static long plainNumber(byte[] b, int from, int length) {
        long v = 0;
        int i = from;
        while (i < length && b[i] >= '0' && b[i] <= '9' && i - from < 13) {
            v = v * 10 + (b[i] - '0');
            i++;
        }
        if (i == from || i >= length || b[i] != ',' || (b[from] == '0' && i - from > 1) || v > MAX_EPOCH_SECOND) {
            return -1;
        }
        return v;
    }

    private static int skipDigits(byte[] b, int from, int length) {
        int i = from;
        while (i < length && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        return i;
    }

    // ---------------------------------------------------------------- the parser

    /** {@link #read(byte[], int)} with Jackson's streaming parser: any JSON, any member order. */
    static Claims readWithParser(byte[] payload, int length) {
        String sid = null;
        String sub = null;
        List<String> aud = List.of();
        long iat = -1;
        long nbf = -1;
        long exp = -1;
        long authTime = -1;
        JsonAttributes attrs = JsonAttributes.EMPTY;
        Map<String, String> types = Map.of();
        MemberNames names = new MemberNames();
        try (JsonParser p = Json.FACTORY_NAMES_CHECKED_BY_CALLER.createParser(payload, 0, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            names.open(0);
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (!names.add(0, name)) {
                    return null;
                }
                t = p.nextToken();
                switch (name) {
                    case "sid":
                        if (t != JsonToken.VALUE_STRING) {
                            return null;
                        }
                        sid = p.getText();
                        break;
                    case "sub":
                        if (t != JsonToken.VALUE_STRING) {
                            return null;
                        }
                        sub = p.getText();
                        break;
                    case "aud":
                        aud = audience(p, t);
                        if (aud == null) {
                            return null;
                        }
                        break;
                    case "iat":
                        iat = timestamp(p, t);
                        break;
                    case "nbf":
                        nbf = timestamp(p, t);
                        break;
                    case "exp":
                        exp = timestamp(p, t);
                        break;
                    case "auth_time":
                        authTime = timestamp(p, t);
                        break;
                    case "types":
                        types = types(p, t);
                        if (types == null) {
                            return null;
                        }
                        if (attrs != JsonAttributes.EMPTY) {
                            // After attrs (another writer's order): the tags go with the bytes found.
                            attrs = attrs.withTypes(types);
                        }
                        break;
                    case "attrs":
                        if (t != JsonToken.START_OBJECT) {
                            return null;
                        }
                        long at = p.currentTokenLocation().getByteOffset();
                        if (at < 0 || at >= length) {
                            return null;
                        }
                        int start = (int) at;
                        int end = JsonAttributes.skipStructure(payload, start, length, Json.MAX_NESTING_DEPTH - 1);
                        if (end < 0 || payload[end - 1] != '}') {
                            // skipStructure does not tell the brackets apart: an object ends in '}'.
                            return null;
                        }
                        if (closesPayload(payload, end, length)) {
                            // The last member: the payload is complete, nothing more to parse.
                            attrs = JsonAttributes.ofUnchecked(payload, start, end - start, types);
                            return claims(sid, sub, aud, iat, nbf, exp, authTime, attrs);
                        }
                        // Members follow (another writer's order): let the parser step over it.
                        p.skipChildren();
                        attrs = JsonAttributes.ofUnchecked(payload, start, end - start, types);
                        break;
                    default:
                        if (!skip(p, names, 1)) {
                            return null;
                        }
                }
                if (iat == -2 || nbf == -2 || exp == -2 || authTime == -2) {
                    return null;
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
        } catch (IOException | RuntimeException e) {
            // Syntax errors and exceeded limits end here (duplicate names return null above).
            return null;
        }
        return claims(sid, sub, aud, iat, nbf, exp, authTime, attrs);
    }

    private static Claims claims(String sid, String sub, List<String> aud, long iat, long nbf, long exp,
                                 long authTime, JsonAttributes attrs) {
        // An escaped unpaired surrogate (\ud800) decodes to text that could never be sealed again.
        if (sid == null || sid.isEmpty() || sid.length() > MAX_SID_LENGTH || Json.unpairedSurrogate(sid) >= 0
                || (sub != null && Json.unpairedSurrogate(sub) >= 0)
                || iat < 0 || exp < 0 || authTime < 0) {
            return null;
        }
        return new Claims(sid, sub, iat, nbf < 0 ? iat : nbf, exp, authTime, attrs, aud);
    }

    /** {@code aud}: a string, or an array of strings (RFC 7519 section 4.1.3); null if neither. */
    private static List<String> audience(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            String aud = p.getText();
            return Json.unpairedSurrogate(aud) >= 0 ? null : List.of(aud);
        }
        if (t != JsonToken.START_ARRAY) {
            return null;
        }
        List<String> values = new ArrayList<>(2);
        while ((t = p.nextToken()) == JsonToken.VALUE_STRING) {
            values.add(p.getText());
        }
        return t == JsonToken.END_ARRAY ? List.copyOf(values) : null;
    }

    /** Whether {@code payload[from, length)} is only whitespace, then the closing brace, then whitespace. */
    private static boolean closesPayload(byte[] payload, int from, int length) {
        int i = JsonAttributes.skipWhitespace(payload, from, length);
        return i < length && payload[i] == '}' && JsonAttributes.skipWhitespace(payload, i + 1, length) == length;
    }

    /**
     * Steps over the value at the current token, as {@code skipChildren} does, checking the
     * member names of every object inside it.
     *
     * @param depth the nesting depth of the value (members of the payload are at depth 1)
     * @return false at a duplicate member name
     */
    private static boolean skip(JsonParser p, MemberNames names, int depth) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            names.open(depth);
        } else if (t != JsonToken.START_ARRAY) {
            return true;
        }
        int open = 1;
        while (open > 0) {
            t = p.nextToken();
            if (t == null) {
                return false;
            }
            switch (t) {
                case START_OBJECT -> {
                    open++;
                    names.open(++depth);
                }
                case START_ARRAY -> {
                    open++;
                    depth++;
                }
                case END_OBJECT, END_ARRAY -> {
                    open--;
                    depth--;
                }
                case FIELD_NAME -> {
                    if (!names.add(depth, p.currentName())) {
                        return false;
                    }
                }
                default -> { }
            }
        }
        return true;
    }

    /** The {@code types} object: string tags by attribute name; null if it is anything else. */
    private static Map<String, String> types(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            return null;
        }
        Map<String, String> types = new LinkedHashMap<>();
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            if (p.nextToken() != JsonToken.VALUE_STRING || types.put(name, p.getText()) != null) {
                return null;
            }
        }
        return Collections.unmodifiableMap(types);
    }

    /** A timestamp claim's value, or -2 when it is not an integer in range. */
    private static long timestamp(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            return -2;
        }
        JsonParser.NumberType type = p.getNumberType();
        if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
            return -2;
        }
        long v = p.getLongValue();
        return v < 0 || v > MAX_EPOCH_SECOND ? -2 : v;
    }

    private static int put(byte[] out, int p, byte[] src) {
        System.arraycopy(src, 0, out, p, src.length);
        return p + src.length;
    }

    /** Decimal digits of a non-negative value. */
    private static int digits(long v) {
        int digits = 1;
        // Timestamps have 10 digits until 2286: start there rather than divide ten times.
        if (v >= 1_000_000_000L) {
            digits = 10;
            v /= 1_000_000_000L;
        }
        for (long x = v; x >= 10; x /= 10) {
            digits++;
        }
        return digits;
    }

    private static int putLong(byte[] out, int p, long v) {
        int end = p + digits(v);
        int i = end;
        // Two digits a step; the values here fit an int for a long time yet, whose division by a
        // constant is a multiplication.
        while (v > Integer.MAX_VALUE) {
            out[--i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        int x = (int) v;
        while (x >= 100) {
            int r = x % 100;
            x /= 100;
            out[--i] = (byte) ('0' + r % 10);
            out[--i] = (byte) ('0' + r / 10);
        }
        if (x >= 10) {
            out[--i] = (byte) ('0' + x % 10);
            x /= 10;
        }
        out[--i] = (byte) ('0' + x);
        return end;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
