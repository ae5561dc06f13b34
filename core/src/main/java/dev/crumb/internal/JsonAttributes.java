package dev.crumb.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Type;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * A session's attributes as one serialized JSON object, with the type tag of each typed
 * attribute beside it; parsed only when first read.
 *
 * <p>Opening a cookie only locates the attributes inside the authenticated payload and keeps
 * their bytes ({@link State#UNREAD}). The first call that needs a member indexes them in one
 * Jackson streaming pass, which also checks every string and number against the limits of
 * {@link Json} ({@link Indexed}); bytes that fail are {@link Unreadable} for good, and every call
 * that needs a member then throws {@link UnreadableException}. Attributes that a {@link Writer}
 * produced are indexed as they are written and never scanned. Bytes that Crumb wrote always
 * read (each value is checked by the same pass when written); bytes from another writer holding
 * the key may not. Instances are immutable (the index is never handed out) and safe to share
 * between threads.
 */
public final class JsonAttributes {

    private static final byte[] EMPTY_OBJECT = {'{', '}'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

    /** No attributes: {@code {}}. */
    public static final JsonAttributes EMPTY = new JsonAttributes(EMPTY_OBJECT, 0, 2, Map.of(), Indexed.NONE);

    // Attribute values are serialized with empty beans refused: {} would read back as nothing.
    private static final ObjectWriter VALUES = Json.MAPPER.writer().with(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private final byte[] buf;
    private final int off;
    private final int len;
    // Attribute name to type tag, for the typed attributes only.
    private final Map<String, String> types;
    private volatile State state;

    /** What is known of the bytes. */
    sealed interface State permits Unread, Indexed, Unreadable {
        /** Located in an authenticated payload, brackets balanced, nothing else known yet. */
        State UNREAD = new Unread();
    }

    private static final class Unread implements State {}

    /** Not one JSON object within the limits; why, without quoting any of it. */
    private record Unreadable(String reason) implements State {}

    /**
     * Where each member is in the buffer: for member {@code i}, its name, the offset of its
     * quoted name, of its value, and the end of its value.
     */
    static final class Indexed implements State {
        static final Indexed NONE = new Indexed(new String[0], new int[0], new int[0], new int[0], 0);

        final String[] names;
        final int[] starts;
        final int[] values;
        final int[] ends;
        private final int count;
        // Name to member number; made when first needed (sealing attributes just written never needs it).
        private volatile Map<String, Integer> positions;
        // Values parsed together by the first plain read, each handed out at most once (taken
        // with PARSED.getAndSet).
        volatile Object[] parsed;

        Indexed(String[] names, int[] starts, int[] values, int[] ends, int count) {
            this.names = names;
            this.starts = starts;
            this.values = values;
            this.ends = ends;
            this.count = count;
        }

        /** The member numbers by name, in stored order (names are distinct: duplicates are unreadable). */
        Map<String, Integer> positions() {
            Map<String, Integer> p = positions;
            if (p == null) {
                p = new LinkedHashMap<>();
                for (int i = 0; i < count; i++) {
                    p.put(names[i], i);
                }
                positions = p;
            }
            return p;
        }

        int size() {
            return count;
        }

        /**
         * The member number of {@code name}, or -1: a look along the names for the few members
         * a session has, the map past {@value #LINEAR_LOOKUP}.
         */
        int find(String name) {
            if (count > LINEAR_LOOKUP) {
                Integer i = positions().get(name);
                return i == null ? -1 : i;
            }
            for (int i = 0; i < count; i++) {
                if (names[i].equals(name)) {
                    return i;
                }
            }
            return -1;
        }

        private static final int LINEAR_LOOKUP = 12;

        /** The names in stored order, as a read-only set over the index itself (no map is made). */
        Set<String> nameSet() {
            return new java.util.AbstractSet<>() {
                @Override
                public java.util.Iterator<String> iterator() {
                    return new java.util.Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < count;
                        }

                        @Override
                        public String next() {
                            if (next >= count) {
                                throw new java.util.NoSuchElementException();
                            }
                            return names[next++];
                        }
                    };
                }

                @Override
                public int size() {
                    return count;
                }

                @Override
                public boolean contains(Object o) {
                    return o instanceof String name && find(name) >= 0;
                }
            };
        }
    }

    /**
     * Thrown when attributes located in an authenticated payload are not one JSON object within
     * the limits: a writer other than Crumb sealed them. The message says what is wrong, never
     * what the attributes hold.
     */
    public static final class UnreadableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnreadableException(String message) {
            super(message, null, false, false);
        }
    }

    private JsonAttributes(byte[] buf, int off, int len, Map<String, String> types, State state) {
        this.buf = buf;
        this.off = off;
        this.len = len;
        this.types = types;
        this.state = state;
    }

    /**
     * Wraps the bytes of the {@code attrs} object that {@link Payload#read} located in an
     * authenticated payload, and the type tags read beside them. The array must not be changed
     * afterwards.
     */
    static JsonAttributes ofUnchecked(byte[] buf, int off, int len, Map<String, String> types) {
        boolean empty = len == 2 && buf[off] == '{' && buf[off + 1] == '}';
        return new JsonAttributes(buf, off, len, types, empty ? Indexed.NONE : State.UNREAD);
    }

    /** These bytes with the type tags {@code types}, for tags found after the attributes. */
    JsonAttributes withTypes(Map<String, String> types) {
        return new JsonAttributes(buf, off, len, types, state);
    }

    /** {@link #ofUnchecked(byte[], int, int, Map)} without type tags. */
    static JsonAttributes ofUnchecked(byte[] buf, int off, int len) {
        return ofUnchecked(buf, off, len, Map.of());
    }

    /**
     * Parses untrusted JSON text (for tools and tests), enforcing the same limits as a cookie.
     *
     * @throws IllegalArgumentException if it is not one JSON object within the limits
     */
    public static JsonAttributes parse(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        int from = skipWhitespace(bytes, 0, bytes.length);
        int to = bytes.length;
        while (to > from && isWhitespace(bytes[to - 1])) {
            to--;
        }
        if (to - from < 2) {
            throw new IllegalArgumentException("attributes must be a JSON object");
        }
        JsonAttributes attrs = new JsonAttributes(bytes, from, to - from, Map.of(), State.UNREAD);
        State s = attrs.state();
        if (s instanceof Unreadable u) {
            throw new IllegalArgumentException(u.reason);
        }
        return attrs;
    }

    /**
     * Whether the bytes are one JSON object within the limits, so that every read succeeds.
     * Indexes them now if nothing has been read yet.
     */
    public boolean isReadable() {
        return state() instanceof Indexed;
    }

    /** The state, indexing the bytes if they were not yet. */
    private State state() {
        return state(false);
    }

    /**
     * The state, indexing the bytes if they were not yet; with {@code build}, as the first plain
     * read would, building the untyped values in the same pass.
     */
    private State state(boolean build) {
        State s = state;
        if (s == State.UNREAD) {
            s = index(build);
            state = s;
        }
        return s;
    }

    private Indexed indexed() {
        return indexed(false);
    }

    private Indexed indexed(boolean build) {
        State s = state(build);
        if (s instanceof Unreadable u) {
            throw new UnreadableException(u.reason);
        }
        return (Indexed) s;
    }

    // ---------------------------------------------------------------- the one pass

    /**
     * Indexes the object in one Jackson pass that checks every value as it goes; with
     * {@code build}, it also builds each untyped value as plain Java, for the plain reads that
     * usually follow (a typed value is bound by its own read, so building it would be waste).
     */
    private State index(boolean build) {
        Indexed compact = indexCompact(build);
        return compact != null ? compact : indexWithParser(build);
    }

    /** {@link #index} by Jackson's parser alone, whatever the form (tests compare the two). */
    State indexWithParser(boolean build) {
        int n = 0;
        String[] names = new String[8];
        int[] starts = new int[8];
        int[] values = new int[8];
        int[] ends = new int[8];
        Object[] parsed = build ? new Object[8] : null;
        MemberNames seen = new MemberNames();
        // 0xFF is never UTF-8, yet Jackson reads it inside a member name as the name its quads pad
        // to ("\xFF&" as "&") when its factory has seen that name before, and rejects it otherwise:
        // this pass and a later read (another factory) could disagree, so refuse it here, always.
        for (int i = off, end = off + len; i < end; i++) {
            if (buf[i] == (byte) 0xFF) {
                return unreadable("they hold a 0xFF byte, which is never UTF-8");
            }
        }
        // Inside the payload object: one level less nesting is left.
        try (JsonParser p = Json.FACTORY_NESTED_NAMES_CHECKED_BY_CALLER.createParser(buf, off, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return unreadable("they are not a JSON object");
            }
            seen.open(0);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                if (n == names.length) {
                    names = Arrays.copyOf(names, n * 2);
                    starts = Arrays.copyOf(starts, n * 2);
                    values = Arrays.copyOf(values, n * 2);
                    ends = Arrays.copyOf(ends, n * 2);
                    parsed = build ? Arrays.copyOf(parsed, n * 2) : null;
                }
                starts[n] = off + (int) p.currentTokenLocation().getByteOffset();
                names[n] = p.currentName();
                checkName(p, seen, 0, names[n]);
                JsonToken t = p.nextToken();
                // The parser has read the name, the colon and the value's first token: the bytes
                // up to the value are a string, whitespace and a colon.
                values[n] = skipWhitespace(buf, skipWhitespace(buf, skipString(buf, starts[n] + 1, off + len), off + len) + 1, off + len);
                boolean plain = build && !types.containsKey(names[n]);
                Object v = read(p, t, plain, seen, 1);
                if (build) {
                    parsed[n] = plain ? v : TAKEN;
                }
                n++;
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                return unreadable("they are not one JSON object");
            }
            // Each value ends before the whitespace and comma ahead of the next member's name (no
            // value ends in whitespace or a comma); the last one before the closing brace.
            int last = off + len;
            for (int i = n - 1; i >= 0; i--) {
                ends[i] = lastNonWhitespace(buf, lastNonWhitespace(buf, last - 1) - 1) + 1;
                last = starts[i];
            }
        } catch (IOException | RuntimeException e) {
            return unreadable(Json.describe(e));
        }
        Indexed index = new Indexed(names, starts, values, ends, n);
        index.parsed = parsed;
        return index;
    }

    /**
     * The index of attributes in the compact form Crumb writes them in, found by a scan with no
     * parser; or null, when the bytes differ from that form anywhere, for the parser to decide.
     * The form: no whitespace; strings of printable ASCII without escapes; integers without
     * fraction or exponent, of at most 18 digits; {@code true}, {@code false}, {@code null};
     * arrays and objects at most {@link CompactScan#MAX_DEPTH} deep, no object with a name twice.
     * Within every limit of the parser by construction, and read as it reads (Integer or Long,
     * ArrayList, LinkedHashMap), so null never rejects anything and a result is the parser's.
     */
    Indexed indexCompact(boolean build) {
        int end = off + len;
        if (len < 2 || len > Json.MAX_DOCUMENT_LENGTH || buf[off] != '{') {
            return null;
        }
        CompactScan scan = new CompactScan(buf, end);
        int n = 0;
        String[] names = new String[8];
        int[] starts = new int[8];
        int[] values = new int[8];
        int[] ends = new int[8];
        Object[] parsed = build ? new Object[8] : null;
        scan.seen.open(0);
        int p = off + 1;
        if (buf[p] != '}') {
            while (true) {
                if (buf[p] != '"') {
                    return null;
                }
                int q = scan.string(p + 1, Json.MAX_NAME_LENGTH);
                if (q < 0 || q + 1 >= end || buf[q + 1] != ':') {
                    return null;
                }
                String name = new String(buf, p + 1, q - p - 1, StandardCharsets.ISO_8859_1);
                if (!scan.seen.add(0, name)) {
                    return null;
                }
                if (n == names.length) {
                    names = Arrays.copyOf(names, n * 2);
                    starts = Arrays.copyOf(starts, n * 2);
                    values = Arrays.copyOf(values, n * 2);
                    ends = Arrays.copyOf(ends, n * 2);
                    parsed = build ? Arrays.copyOf(parsed, n * 2) : null;
                }
                boolean plain = build && !types.containsKey(name);
                int e = scan.value(q + 2, 1, plain);
                if (e < 0 || e >= end) {
                    return null;
                }
                names[n] = name;
                starts[n] = p;
                values[n] = q + 2;
                ends[n] = e;
                if (build) {
                    parsed[n] = plain ? scan.value : TAKEN;
                }
                n++;
                if (buf[e] == '}') {
                    p = e;
                    break;
                }
                if (buf[e] != ',' || e + 1 >= end) {
                    return null;
                }
                p = e + 1;
            }
        }
        if (p + 1 != end) {
            return null;
        }
        Indexed index = new Indexed(names, starts, values, ends, n);
        index.parsed = parsed;
        return index;
    }

    /**
     * What an index holds, as text (tests compare the scan's with the parser's): each member's
     * name, offsets and built value with the classes in it; or why the bytes are unreadable.
     */
    static String describe(State s) {
        if (s instanceof Unreadable u) {
            return "unreadable";
        }
        Indexed x = (Indexed) s;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < x.size(); i++) {
            out.append(x.names[i]).append('@').append(x.starts[i]).append(',').append(x.values[i]).append(',')
                    .append(x.ends[i]);
            if (x.parsed != null) {
                out.append('=').append(typed(x.parsed[i]));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String typed(Object v) {
        if (v instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder(v.getClass().getSimpleName()).append('{');
            m.forEach((k, e) -> b.append(k).append(':').append(typed(e)).append(','));
            return b.append('}').toString();
        }
        if (v instanceof List<?> l) {
            StringBuilder b = new StringBuilder(v.getClass().getSimpleName()).append('[');
            l.forEach(e -> b.append(typed(e)).append(','));
            return b.append(']').toString();
        }
        return v == null ? "null" : v == TAKEN ? "TAKEN" : v.getClass().getSimpleName() + ":" + v;
    }

    /** The scan of {@link #indexCompact}: each method returns where its value ends, or -1. */
    private static final class CompactScan {
        /** Deepest nesting the scan reads (the attributes object is depth 0); the parser takes the rest. */
        static final int MAX_DEPTH = 16;
        /** How many names of a depth's last object a name that differs from its place is looked for among. */
        private static final int NAMES_SEARCHED = 16;

        final byte[] b;
        final int end;
        final MemberNames seen = new MemberNames();
        /** The value the last {@link #value} call built, when asked to. */
        Object value;
        /** The names of the last object read at each depth; made when the first nested object is. */
        private Shape[] shapes;

        CompactScan(byte[] b, int end) {
            this.b = b;
            this.end = end;
        }

        /** The value starting at {@code p}, {@code depth} structures deep; built into {@link #value}. */
        int value(int p, int depth, boolean build) {
            if (p >= end) {
                return -1;
            }
            switch (b[p]) {
                case '"': {
                    int q = string(p + 1, Json.MAX_STRING_LENGTH);
                    if (q >= 0 && build) {
                        value = new String(b, p + 1, q - p - 1, StandardCharsets.ISO_8859_1);
                    }
                    return q < 0 ? -1 : q + 1;
                }
                case '{':
                    return object(p, depth, build);
                case '[':
                    return array(p, depth, build);
                case 't':
                    value = Boolean.TRUE;
                    return literal(p, TRUE);
                case 'f':
                    value = Boolean.FALSE;
                    return literal(p, FALSE);
                case 'n':
                    value = null;
                    return literal(p, NULL);
                default:
                    return number(p, build);
            }
        }

        private int object(int p, int depth, boolean build) {
            if (depth >= MAX_DEPTH) {
                return -1;
            }
            Map<String, Object> map = build ? new LinkedHashMap<>() : null;
            Shape shape = shape(depth);
            int k = 0;
            boolean onShape = true;
            p++;
            if (p < end && b[p] == '}') {
                shape.count = 0;
                value = map;
                return p + 1;
            }
            while (true) {
                if (p >= end || b[p] != '"') {
                    return -1;
                }
                int from = p + 1;
                String name = onShape && k < shape.count ? shape.names[k] : null;
                int q = name == null ? -1 : from + name.length();
                // The name the last object here had at this place, if these are its bytes: they
                // were checked as a string then, and the quote after them ends this one.
                if (q < 0 || q >= end || b[q] != '"' || !sameBytes(shape.at[k], from, q - from)) {
                    q = string(from, Json.MAX_NAME_LENGTH);
                    if (q < 0) {
                        return -1;
                    }
                    if (onShape) {
                        onShape = false;
                        seen.open(depth);
                        for (int i = 0; i < k; i++) {
                            seen.add(depth, shape.names[i]);
                        }
                    }
                    name = name(shape, from, q);
                    if (!seen.add(depth, name)) {
                        return -1;
                    }
                    shape.set(k, name, from);
                }
                if (q + 1 >= end || b[q + 1] != ':') {
                    return -1;
                }
                k++;
                p = value(q + 2, depth + 1, build);
                if (p < 0 || p >= end) {
                    return -1;
                }
                if (build) {
                    map.put(name, value);
                }
                if (b[p] == '}') {
                    shape.count = k;
                    value = map;
                    return p + 1;
                }
                if (b[p] != ',') {
                    return -1;
                }
                p++;
            }
        }

        /**
         * The member names of the last object read at one depth, in order, with where their bytes
         * are: {@code names[0, count)}. They are distinct (an object with a name twice fails the
         * scan), so an object whose names begin the same way has no name twice among those.
         * Entries from {@code count} to {@code filled} are names of earlier objects there.
         */
        private static final class Shape {
            String[] names = new String[8];
            int[] at = new int[8];
            int count;
            int filled;

            void set(int k, String name, int from) {
                if (k == names.length) {
                    names = Arrays.copyOf(names, k * 2);
                    at = Arrays.copyOf(at, k * 2);
                }
                names[k] = name;
                at[k] = from;
                filled = Math.max(filled, k + 1);
            }
        }

        private Shape shape(int depth) {
            if (shapes == null || depth >= shapes.length) {
                int n = Math.max(depth + 1, shapes == null ? 4 : 2 * shapes.length);
                shapes = shapes == null ? new Shape[n] : Arrays.copyOf(shapes, n);
            }
            Shape s = shapes[depth];
            if (s == null) {
                s = new Shape();
                shapes[depth] = s;
            }
            return s;
        }

        /**
         * Whether {@code b[i, i+len)} and {@code b[j, j+len)} hold the same bytes. Member names
         * are mostly short: up to eight bytes, one masked comparison of two longs, which indexed
         * the benchmarks' attributes 2% (near the limit) to 5% (1 KB) faster than
         * {@code Arrays.equals} alone.
         */
        private boolean sameBytes(int i, int j, int len) {
            if (len <= 8 && i <= b.length - 8 && j <= b.length - 8) {
                long x = (long) LONGS.get(b, i) ^ (long) LONGS.get(b, j);
                return len == 8 ? x == 0 : (x & ((1L << (len << 3)) - 1)) == 0;
            }
            return Arrays.equals(b, i, i + len, b, j, j + len);
        }

        private int array(int p, int depth, boolean build) {
            if (depth >= MAX_DEPTH) {
                return -1;
            }
            List<Object> list = build ? new ArrayList<>() : null;
            p++;
            if (p < end && b[p] == ']') {
                value = list;
                return p + 1;
            }
            while (true) {
                p = value(p, depth + 1, build);
                if (p < 0 || p >= end) {
                    return -1;
                }
                if (build) {
                    list.add(value);
                }
                if (b[p] == ']') {
                    value = list;
                    return p + 1;
                }
                if (b[p] != ',') {
                    return -1;
                }
                p++;
            }
        }

        /**
         * The member name {@code b[from, to)}, plain ASCII, at a place where the last object at
         * its depth had another name. A name that object or an earlier one there had is returned
         * again, as Jackson's symbol table does: records that leave out or reorder a member (a
         * cart's items) then still share one string for each name, allocated and hashed once.
         */
        private String name(Shape shape, int from, int to) {
            int len = to - from;
            for (int i = 0, n = Math.min(shape.filled, NAMES_SEARCHED); i < n; i++) {
                String name = shape.names[i];
                if (name.length() == len && sameBytes(shape.at[i], from, len)) {
                    return name;
                }
            }
            return new String(b, from, len, StandardCharsets.ISO_8859_1);
        }

        /** The closing quote of a string whose content starts at {@code from}: plain ASCII, at most {@code max}. */
        int string(int from, int max) {
            return Payload.plainStringEnd(b, from, end, max);
        }

        private int literal(int p, byte[] text) {
            if (end - p < text.length) {
                return -1;
            }
            for (int i = 1; i < text.length; i++) {
                if (b[p + i] != text[i]) {
                    return -1;
                }
            }
            return p + text.length;
        }

        /** An integer, as the parser reads it: an Integer when it fits, else a Long. */
        private int number(int p, boolean build) {
            int i = p;
            boolean negative = b[i] == '-';
            if (negative) {
                i++;
            }
            int first = i;
            long v = 0;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                if (i - first == 18) {
                    return -1;
                }
                v = v * 10 + (b[i] - '0');
                i++;
            }
            if (i == first || (b[first] == '0' && i - first > 1)) {
                return -1;
            }
            if (build) {
                v = negative ? -v : v;
                value = v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? (Object) (int) v : (Object) v;
            }
            return i;
        }
    }

    private static Unreadable unreadable(String problem) {
        return new Unreadable("the session's attributes are not valid JSON within Crumb's limits: " + problem);
    }

    /**
     * Reads the value whose first token {@code t} the parser is at, {@code depth} structures
     * deep, checking it: every string is decoded (which checks its UTF-8 and length), every
     * decimal number meets {@link Json#decimalProblem}, and no object has a member name twice
     * ({@code seen}: the parsers here leave that to the caller, as Jackson's own check allocates
     * a hash set per object); Jackson's constraints check the rest. With {@code build}, the value
     * as plain Java, as Jackson's untyped reading makes it ({@code LinkedHashMap},
     * {@code ArrayList}, {@code String}, {@code Integer}/{@code Long}/{@code BigInteger},
     * {@code BigDecimal}, {@code Boolean}, null); otherwise null.
     */
    private static Object read(JsonParser p, JsonToken t, boolean build, MemberNames seen, int depth)
            throws IOException {
        if (t == null) {
            throw new JsonParseException(p, "unexpected end of input");
        }
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> map = build ? new LinkedHashMap<>() : null;
                seen.open(depth);
                while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    checkName(p, seen, depth, name);
                    Object v = read(p, p.nextToken(), build, seen, depth + 1);
                    if (build) {
                        map.put(name, v);
                    }
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = build ? new ArrayList<>() : null;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    Object v = read(p, t, build, seen, depth + 1);
                    if (build) {
                        list.add(v);
                    }
                }
                return list;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                if (!build) {
                    return null;
                }
                return switch (p.getNumberType()) {
                    case INT -> p.getIntValue();
                    case LONG -> p.getLongValue();
                    default -> p.getBigIntegerValue();
                };
            case VALUE_NUMBER_FLOAT: {
                String problem = Json.decimalProblem(p.getText());
                if (problem != null) {
                    throw new StreamConstraintsException(problem);
                }
                return build ? p.getDecimalValue() : null;
            }
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new JsonParseException(p, "unexpected token");
        }
    }

    /** Throws as Jackson's {@code STRICT_DUPLICATE_DETECTION} would, without quoting the name. */
    private static void checkName(JsonParser p, MemberNames seen, int depth, String name) throws IOException {
        if (!seen.add(depth, name)) {
            throw new JsonParseException(p, "Duplicate field");
        }
    }

    /**
     * Why the JSON value {@code b[off, off+len)}, nested {@code depth} levels deep in a payload,
     * would make the payload unreadable, or null: the same pass and rules as reading, so that a
     * value Crumb accepts always reads, on every JDK.
     */
    static String problem(byte[] b, int off, int len, int depth) {
        try (JsonParser p = Json.FACTORY_NAMES_CHECKED_BY_CALLER.createParser(b, off, len)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return "there is no value";
            }
            if (t.isStructStart()) {
                int last = skipStructure(b, off + (int) p.currentTokenLocation().getByteOffset(), off + len,
                        Json.MAX_NESTING_DEPTH - depth);
                if (last < 0) {
                    return "its nesting depth exceeds the maximum allowed (" + (Json.MAX_NESTING_DEPTH - depth)
                            + " levels inside the payload and its attributes)";
                }
            }
            read(p, t, false, new MemberNames(), 0);
            if (p.nextToken() != null) {
                return "it is not one JSON value";
            }
        } catch (IOException | RuntimeException e) {
            return Json.describe(e);
        }
        return null;
    }

    /** Longest serialized value that {@link #plainlyReadable} judges without parsing it. */
    private static final int PLAIN_MAX_BYTES = 16 * 1024;
    /** Deepest nesting of lists and maps that {@link #plainlyReadable} judges. */
    private static final int PLAIN_MAX_DEPTH = 8;

    /**
     * Whether {@code value}, which Jackson serialized to {@code length} bytes, is plainly within
     * every limit of reading, so that {@link #problem} need not parse it again (a parser for every
     * attribute stored was most of what sealing allocated): strings, JDK integers, booleans and
     * nulls, in JDK lists, sets and maps with string keys, at most {@link #PLAIN_MAX_DEPTH} deep,
     * in at most {@link #PLAIN_MAX_BYTES}. Only a strict part of what {@link #problem} accepts:
     * such text holds no string, number or document over its limit and nests far less than the
     * limit; well-formed UTF-16 makes valid UTF-8; a map's distinct non-null string keys make
     * distinct member names, each at most a third of the name limit in characters, so within it
     * in bytes. Anything else (decimals, other classes, long keys, an unpaired surrogate) is parsed.
     */
    static boolean plainlyReadable(Object value, int length) {
        return length <= PLAIN_MAX_BYTES && plain(value, 0);
    }

    /** The collection classes sessions hold most, recognised without reading their names. */
    private static final Class<?>[] COMMON_JDK_COLLECTIONS = {
        ArrayList.class, LinkedHashMap.class, java.util.HashMap.class, java.util.HashSet.class,
        java.util.LinkedHashSet.class, java.util.TreeMap.class, List.of().getClass(), List.of(1).getClass(),
        List.of(1, 2, 3).getClass(), Map.of().getClass(), Map.of(1, 1).getClass(), Map.of(1, 1, 2, 2).getClass(),
        Set.of(1).getClass(), Set.of(1, 2, 3).getClass(), Collections.unmodifiableList(new ArrayList<>()).getClass(),
        Collections.unmodifiableMap(new java.util.HashMap<>()).getClass()
    };

    /**
     * Whether a class is one of the JDK's {@code java.util} collections, whose serialization is
     * Jackson's own (an application's collection class might change it).
     */
    private static boolean jdkCollection(Class<?> c) {
        for (Class<?> common : COMMON_JDK_COLLECTIONS) {
            if (c == common) {
                return true;
            }
        }
        return c.getName().startsWith("java.util.");
    }

    private static boolean plain(Object v, int depth) {
        if (v == null || v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Short
                || v instanceof Byte) {
            return true;
        }
        if (v instanceof String s) {
            return Json.unpairedSurrogate(s) < 0;
        }
        if (depth >= PLAIN_MAX_DEPTH || !jdkCollection(v.getClass())) {
            return false;
        }
        if (v instanceof Collection<?> c) {
            for (Object e : c) {
                if (!plain(e, depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String k) || k.length() * 3 > Json.MAX_NAME_LENGTH
                        || Json.unpairedSurrogate(k) >= 0 || !plain(e.getValue(), depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- writing


    /**
     * A value already serialized and checked (by a {@link Writer}), with its type tag: written as
     * it is, never serialized again. Holding one snapshots the value at the time it was serialized.
     */
    public static final class Serialized {
        private final byte[] json;
        private final String tag;

        private Serialized(byte[] json, String tag) {
            this.json = json;
            this.tag = tag;
        }

        @Override
        public String toString() {
            return "Serialized[" + json.length + " bytes]";
        }
    }

    /**
     * Writes attributes one by one into a single buffer, each value serialized and checked when it
     * is put, so that the attributes are built with one serialization pass and no copy. Replacing
     * or removing a name leaves a gap that {@link #toAttributes()} closes by joining the members.
     * Not thread-safe.
     */
    public static final class Writer {
        private final AttributeTypes storable;
        // buf[0] is the opening brace; members follow, separated by commas.
        private byte[] buf;
        private int size = 1;
        // Each member's [start, value, end) in buf: the quoted name, the colon and the value.
        private final LinkedHashMap<String, int[]> members = new LinkedHashMap<>();
        private final Map<String, String> tags = new LinkedHashMap<>();
        private final boolean typed;
        private boolean gaps;
        private boolean shared;
        private JsonGenerator generator;

        /** An empty writer of untyped attributes: every value is stored as plain JSON. */
        public Writer() {
            this(AttributeTypes.NONE, 256, false);
        }

        /** An empty writer that tags each value with its type, as {@code storable} allows. */
        public Writer(AttributeTypes storable) {
            this(storable, 256, true);
        }

        Writer(AttributeTypes storable, int capacity, boolean typed) {
            this.storable = storable;
            this.typed = typed;
            buf = new byte[Math.max(16, capacity)];
            buf[0] = '{';
        }

        /**
         * Serializes and checks {@code value} as the attribute {@code name}, replacing any before.
         *
         * @throws IllegalArgumentException naming the attribute and the fix if Jackson cannot
         *     serialize it, if a cookie holding it could not be opened, or (for a typed writer) if
         *     it would not read back as the same type; the writer is then unchanged
         */
        public void put(String name, Object value) {
            put(name, value, false);
        }

        /**
         * {@link #put(String, Object)}; with {@code untypedIfRefused}, a value whose type cannot
         * be tagged is written as plain JSON instead of refused (for a value read from the cookie
         * as a class the application named, which was never a typed attribute).
         */
        void put(String name, Object value, boolean untypedIfRefused) {
            String problem = nameProblem(name);
            if (problem != null) {
                throw cannotStore(name, problem);
            }
            String tag;
            if (value instanceof Serialized serialized) {
                tag = serialized.tag;
            } else {
                try {
                    tag = typed ? storable.tagOf(value) : null;
                } catch (IllegalArgumentException e) {
                    if (!untypedIfRefused) {
                        throw cannotStore(name, e.getMessage());
                    }
                    tag = null;
                }
            }
            unshare();
            int mark = size;
            if (size > 1) {
                append((byte) ',');
            }
            int start = size;
            append((byte) '"');
            ensure(size + name.length());
            int nameEnd = Payload.putPlainAscii(buf, size, name);
            if (nameEnd >= 0) {
                size = nameEnd;
            } else {
                append(JsonStringEncoder.getInstance().quoteAsUTF8(name));
            }
            append((byte) '"');
            append((byte) ':');
            int valueStart = size;
            if (value instanceof Serialized serialized) {
                // Serialized and checked already.
                append(serialized.json);
                added(name, start, valueStart, tag);
                return;
            }
            boolean plain;
            try {
                plain = appendPlain(value, 0);
                if (!plain) {
                    // Not plain after all (its walk stops at the first part that is not): Jackson.
                    size = valueStart;
                    JsonGenerator g = generator();
                    VALUES.writeValue(g, value);
                    g.flush();
                }
            } catch (IOException | RuntimeException e) {
                // The generator may be left inside a half-written value: start a new one.
                releaseGenerator();
                size = mark;
                throw notSerializable(name, value, e);
            }
            problem = plain && size - valueStart <= PLAIN_MAX_BYTES ? null : problem(buf, valueStart, size - valueStart, 2);
            if (problem != null) {
                size = mark;
                throw cannotStore(name, problem);
            }
            added(name, start, valueStart, tag);
        }

        /**
         * Appends the member {@code src[from, to)} (quoted name, colon, value starting at
         * {@code value}) of indexed attributes as it is.
         */
        void putMember(String name, byte[] src, int from, int value, int to, String tag) {
            unshare();
            if (size > 1) {
                append((byte) ',');
            }
            int start = size;
            ensure(size + to - from);
            System.arraycopy(src, from, buf, size, to - from);
            size += to - from;
            added(name, start, start + value - from, tag);
        }

        private void added(String name, int start, int value, String tag) {
            if (members.put(name, new int[] {start, value, size}) != null) {
                gaps = true;
            }
            if (tag == null) {
                tags.remove(name);
            } else {
                tags.put(name, tag);
            }
        }

        /** Removes the attribute {@code name}, if put. */
        public void remove(String name) {
            if (members.remove(name) != null) {
                gaps = true;
            }
            tags.remove(name);
        }

        /** Removes every attribute. */
        public void clear() {
            members.clear();
            tags.clear();
            unshare();
            size = 1;
            gaps = false;
        }

        /** Each member's serialized value, in order, for merging into other attributes. */
        public Map<String, Serialized> values() {
            Map<String, Serialized> out = new LinkedHashMap<>();
            for (Map.Entry<String, int[]> e : members.entrySet()) {
                int[] m = e.getValue();
                out.put(e.getKey(), new Serialized(Arrays.copyOfRange(buf, m[1], m[2]), tags.get(e.getKey())));
            }
            return out;
        }

        /** The attributes as one object, already indexed; the writer can go on being used. */
        public JsonAttributes toAttributes() {
            // Closing hands Jackson's buffers back to its pool: unclosed, the next generator of
            // this thread would allocate new ones (8 KB).
            releaseGenerator();
            if (members.isEmpty()) {
                return EMPTY;
            }
            if (gaps) {
                compact();
            }
            unshare();
            ensure(size + 1);
            buf[size] = '}';
            shared = true;
            int n = members.size();
            String[] names = new String[n];
            int[] starts = new int[n];
            int[] values = new int[n];
            int[] ends = new int[n];
            int i = 0;
            for (Map.Entry<String, int[]> e : members.entrySet()) {
                names[i] = e.getKey();
                starts[i] = e.getValue()[0];
                values[i] = e.getValue()[1];
                ends[i] = e.getValue()[2];
                i++;
            }
            Map<String, String> t = tags.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tags));
            return new JsonAttributes(buf, 0, size + 1, t, new Indexed(names, starts, values, ends, n));
        }

        private void compact() {
            byte[] out = new byte[Math.max(256, size + 1)];
            int p = 1;
            for (Map.Entry<String, int[]> e : members.entrySet()) {
                int[] m = e.getValue();
                if (p > 1) {
                    out[p++] = ',';
                }
                System.arraycopy(buf, m[0], out, p, m[2] - m[0]);
                e.setValue(new int[] {p, p + m[1] - m[0], p + m[2] - m[0]});
                p += m[2] - m[0];
            }
            out[0] = '{';
            buf = out;
            size = p;
            gaps = false;
            shared = false;
        }

        private JsonGenerator generator() throws IOException {
            if (generator == null) {
                generator = Json.MAPPER.createGenerator(new java.io.OutputStream() {
                    @Override
                    public void write(int b) {
                        append((byte) b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        ensure(size + len);
                        System.arraycopy(b, off, buf, size, len);
                        size += len;
                    }
                });
                // Values follow one another at the generator's root: no separator between them.
                generator.setRootValueSeparator(null);
            }
            return generator;
        }

        private void releaseGenerator() {
            if (generator != null) {
                try {
                    generator.close();
                } catch (IOException | RuntimeException e) {
                    // Only buffers are at stake: they are dropped instead of pooled.
                }
                generator = null;
            }
        }

        /**
         * Appends {@code v} if it is plain ({@link #plain}'s rules, checked on the way), as
         * Jackson's serializers for these JDK types write it (strings escaped as its generator
         * escapes them, numbers in decimal, collections and maps in their iteration order), with
         * no generator or serializer at all: for most attributes, making them was most of the cost
         * of storing one.
         *
         * @return false, having appended part of it, at the first part of it that is not plain
         */
        private boolean appendPlain(Object v, int depth) throws IOException {
            if (v == null) {
                append(NULL);
            } else if (v instanceof String s) {
                return appendString(s);
            } else if (v instanceof Boolean b) {
                append(b ? TRUE : FALSE);
            } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
                String digits = Long.toString(((Number) v).longValue());
                ensure(size + digits.length());
                size = Payload.putAscii(buf, size, digits);
            } else if (depth >= PLAIN_MAX_DEPTH || !jdkCollection(v.getClass())) {
                return false;
            } else if (v instanceof Collection<?> c) {
                append((byte) '[');
                boolean first = true;
                for (Object e : c) {
                    if (!first) {
                        append((byte) ',');
                    }
                    first = false;
                    if (!appendPlain(e, depth + 1)) {
                        return false;
                    }
                }
                append((byte) ']');
            } else if (v instanceof Map<?, ?> m) {
                append((byte) '{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) {
                        append((byte) ',');
                    }
                    first = false;
                    if (!(e.getKey() instanceof String k) || k.length() * 3 > Json.MAX_NAME_LENGTH
                            || !appendString(k)) {
                        return false;
                    }
                    append((byte) ':');
                    if (!appendPlain(e.getValue(), depth + 1)) {
                        return false;
                    }
                }
                append((byte) '}');
            } else {
                return false;
            }
            return true;
        }

        /**
         * A JSON string: plain ASCII as it is, anything else by Jackson's generator (which
         * escapes a surrogate pair as two {@code \\u} escapes, where its string encoder would
         * write four bytes of UTF-8), so the bytes are exactly what databind writes.
         *
         * @return false, having appended nothing, if it has an unpaired surrogate
         */
        private boolean appendString(String s) throws IOException {
            ensure(size + s.length() + 2);
            int end = Payload.putPlainAscii(buf, size + 1, s);
            if (end >= 0) {
                buf[size] = '"';
                buf[end] = '"';
                size = end + 1;
                return true;
            }
            if (Json.unpairedSurrogate(s) >= 0) {
                return false;
            }
            JsonGenerator g = generator();
            g.writeString(s);
            g.flush();
            return true;
        }

        /** Whether {@code v} takes the plain way into a writer: exactly when {@link #plain} says so (tests). */
        static boolean appendsPlainly(Object v) throws IOException {
            Writer w = new Writer();
            try {
                return w.appendPlain(v, 0);
            } finally {
                w.releaseGenerator();
            }
        }

        private void unshare() {
            if (shared) {
                buf = Arrays.copyOf(buf, Math.max(256, size * 2));
                shared = false;
            }
        }

        private void append(byte b) {
            ensure(size + 1);
            buf[size++] = b;
        }

        private void append(byte[] b) {
            ensure(size + b.length);
            System.arraycopy(b, 0, buf, size, b.length);
            size += b.length;
        }

        private void ensure(int capacity) {
            if (capacity > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(capacity, buf.length * 2));
            }
        }
    }

    /**
     * Checks at {@code put} that a value can be serialized, sealed and read back as it was put;
     * what is sealed is serialized again at commit, since the value may change in place until then.
     *
     * @return the value's type tag, or null for plain JSON
     * @throws IllegalArgumentException naming the attribute and the fix if Jackson cannot
     *     serialize it, if a cookie holding it could not be opened (see {@link Json}'s limits), or
     *     if it would not come back whole as the same type
     */
    public static String checkStorable(String name, Object value, AttributeTypes storable) {
        String problem = nameProblem(name);
        if (problem != null) {
            throw cannotStore(name, problem);
        }
        byte[] bytes;
        try {
            bytes = VALUES.writeValueAsBytes(value);
        } catch (IOException | RuntimeException e) {
            throw notSerializable(name, value, e);
        }
        String tag;
        try {
            tag = storable.tagOf(value);
        } catch (IllegalArgumentException e) {
            throw cannotStore(name, e.getMessage());
        }
        problem = plainlyReadable(value, bytes.length) ? null : problem(bytes, 0, bytes.length, 2);
        if (problem == null && tag != null && !AttributeTypes.isBuiltInScalar(tag)) {
            problem = AttributeTypes.roundTripProblem(value, bytes, storable.resolve(tag));
        }
        if (problem != null) {
            throw cannotStore(name, problem);
        }
        return tag;
    }

    /** Why an attribute of this name could not be sealed and opened again, or null. */
    private static String nameProblem(String name) {
        int bad = Json.unpairedSurrogate(name);
        if (bad >= 0) {
            return "its name has an unpaired surrogate at index " + bad;
        }
        // Jackson limits a name's UTF-8 bytes, not its characters.
        int bytes = name.length() > Json.MAX_NAME_LENGTH / 3 ? name.getBytes(StandardCharsets.UTF_8).length : 0;
        if (bytes > Json.MAX_NAME_LENGTH) {
            return "its name is " + bytes + " bytes in UTF-8, over the limit of " + Json.MAX_NAME_LENGTH;
        }
        return null;
    }

    private static IllegalArgumentException cannotStore(String name, String problem) {
        return new IllegalArgumentException("attribute '" + abbreviate(name)
                + "' cannot be stored in a session cookie: " + problem);
    }

    private static String abbreviate(String name) {
        return name.length() <= 64 ? name : name.substring(0, 64) + "...";
    }

    private static IllegalArgumentException notSerializable(String name, Object value, Exception e) {
        boolean empty = e instanceof InvalidDefinitionException
                && String.valueOf(e.getMessage()).startsWith("No serializer found");
        boolean deep = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            deep |= t instanceof StreamConstraintsException
                    || String.valueOf(t.getMessage()).startsWith("Direct self-reference");
        }
        return new IllegalArgumentException("attribute '" + abbreviate(name) + "' of type "
                + (value == null ? "null" : value.getClass().getName())
                + " cannot be stored in a session cookie: "
                + (empty ? "it has no properties Jackson can see, so it would be stored as {} and its data lost"
                        : deep ? "it nests deeper than " + Json.MAX_NESTING_DEPTH + " levels, or holds itself (a cycle); "
                                + "store the data without back references"
                        : Json.describe(e))
                + " (store plain data: records, beans with getters and setters, collections, strings, numbers)", e);
    }

    // ---------------------------------------------------------------- reading

    /**
     * Builds new attributes from these: names in {@code removed} are dropped, names in
     * {@code live} are written from their current (possibly changed) value and tagged as
     * {@code storable} says, and the rest keep their stored bytes and tags as they are. Names of
     * {@code live} absent here are appended in the map's order. Every value written is checked,
     * so the result always reads.
     *
     * @throws IllegalArgumentException naming the attribute if a live value cannot be serialized
     *     or stored (for instance one changed in place since it was put)
     * @throws UnreadableException if these attributes are unreadable
     */
    public JsonAttributes with(Map<String, ?> live, Collection<String> removed, AttributeTypes storable,
                               Collection<String> untypedIfRefused) {
        return with(live, removed, new Writer(storable, len + 64, true), untypedIfRefused);
    }

    /** {@link #with(Map, Collection, AttributeTypes, Collection)} of untyped values (or {@link Serialized} ones). */
    public JsonAttributes with(Map<String, ?> live, Collection<String> removed) {
        return with(live, removed, new Writer(AttributeTypes.NONE, len + 64, false), Set.of());
    }

    private JsonAttributes with(Map<String, ?> live, Collection<String> removed, Writer out,
                                Collection<String> untypedIfRefused) {
        if (live.isEmpty() && removed.isEmpty()) {
            return this;
        }
        Indexed index = indexed();
        for (int i = 0; i < index.size(); i++) {
            String name = index.names[i];
            if (removed.contains(name)) {
                continue;
            }
            if (live.containsKey(name)) {
                out.put(name, live.get(name), untypedIfRefused.contains(name));
            } else {
                out.putMember(name, buf, index.starts[i], index.values[i], index.ends[i], types.get(name));
            }
        }
        for (Map.Entry<String, ?> e : live.entrySet()) {
            if (index.find(e.getKey()) < 0 && !removed.contains(e.getKey())) {
                out.put(e.getKey(), e.getValue(), untypedIfRefused.contains(e.getKey()));
            }
        }
        return out.toAttributes();
    }

    /**
     * Whether each value of {@code read}, serialized and tagged as {@link #with(Map, Collection,
     * AttributeTypes, Collection) with} would write it, gives the very bytes (name, colon and
     * value) and type tag of the member of that name here, and these attributes are written as
     * {@code with} writes them (members joined by single commas, no space; a tag only for a
     * member that is here). Then
     * {@code with(read, none, ...)} would give these same bytes and tags, which a commit can
     * tell without copying the members that were not read. False when a name of {@code read} is
     * absent here.
     *
     * @throws IllegalArgumentException as {@code with} does, if a value it reaches can no longer
     *     be stored
     * @throws UnreadableException if these attributes are unreadable
     */
    public boolean serializeAsStored(Map<String, ?> read, AttributeTypes storable,
                                     Collection<String> untypedIfRefused) {
        Indexed index = indexed();
        int compact = 2 + Math.max(0, index.size() - 1);
        int tagged = 0;
        for (int i = 0; i < index.size(); i++) {
            compact += index.ends[i] - index.starts[i];
            if (types.containsKey(index.names[i])) {
                tagged++;
            }
        }
        // Another writer may space the members, or tag a name that has no member (with() drops that tag).
        if (compact != len || tagged != types.size()) {
            return false;
        }
        Writer out = null;
        int matched = 0;
        try {
            // In stored order, as with() writes them, so that a value that fails fails the same way.
            for (int i = 0; i < index.size() && matched < read.size(); i++) {
                String name = index.names[i];
                if (!read.containsKey(name)) {
                    continue;
                }
                if (out == null) {
                    out = new Writer(storable, index.ends[i] - index.starts[i] + 1, true);
                } else {
                    out.clear();
                }
                out.put(name, read.get(name), untypedIfRefused.contains(name));
                int[] m = out.members.get(name);
                if (!Arrays.equals(out.buf, m[0], m[2], buf, index.starts[i], index.ends[i])
                        || !Objects.equals(out.tags.get(name), types.get(name))) {
                    return false;
                }
                matched++;
            }
        } finally {
            if (out != null) {
                out.releaseGenerator();
            }
        }
        return matched == read.size();
    }

    /**
     * Converts an application value to {@code type} through its JSON form, as reading it back
     * from a cookie would.
     *
     * @throws IllegalArgumentException naming the attribute if it cannot be converted
     */
    public static <T> T convertValue(String name, Object value, Type type) {
        JavaType t = Json.MAPPER.getTypeFactory().constructType(type);
        try {
            return Json.MAPPER.convertValue(value, t);
        } catch (RuntimeException e) {
            throw cannotRead(name, t, e);
        }
    }

    /**
     * The attribute names, in stored order.
     *
     * @throws UnreadableException if the attributes are unreadable
     */
    public Set<String> names() {
        // Names are listed to read the values: build them in the same pass (a session whose
        // attributes are all listed then read costs one pass, not one plus a parser each).
        return indexed(true).nameSet();
    }

    /** The type tag of an attribute, or null for an untyped (plain JSON) or absent one. */
    public String type(String name) {
        return types.get(name);
    }

    /**
     * The type tags by attribute name. Crumb tags only attributes that are present; another
     * writer's cookie may also tag a name it holds no member for: nothing reads that tag, and
     * attributes that {@link #with(Map, Collection, AttributeTypes, Collection) with} rebuilds
     * do not keep it.
     */
    public Map<String, String> types() {
        return types;
    }

    /**
     * Whether there are no attributes.
     *
     * @throws UnreadableException if the attributes are unreadable
     */
    public boolean isEmpty() {
        return len == 2 || indexed().size() == 0;
    }

    /**
     * The value as plain Java: {@code Map}, {@code List}, {@code String}, a {@code Number},
     * {@code Boolean} or {@code null}; also {@code null} when absent. A new object every call.
     *
     * @throws UnreadableException if the attributes are unreadable
     */
    public Object value(String name) {
        // The first read is a plain one: index and build every untyped value in the same pass.
        Indexed index = indexed(true);
        int i = index.find(name);
        if (i < 0) {
            return null;
        }
        // Each value so built is handed out once; later reads parse again.
        Object[] parsed = index.parsed;
        if (parsed != null) {
            Object value = PARSED.getAndSet(parsed, i, TAKEN);
            if (value != TAKEN) {
                return value;
            }
        }
        // Indexed without values (by a typed read, a commit, or a Writer), or read before: a value
        // in the compact form is built from its own bytes by the scan, which needs no parser.
        CompactScan scan = new CompactScan(buf, index.ends[i]);
        if (scan.value(index.values[i], 1, true) == index.ends[i]) {
            return scan.value;
        }
        if (parsed == null && !types.containsKey(name)) {
            // Not compact: the first plain read builds them all in one pass, as reading them one
            // by one would pay for a parser each.
            parsed = buildAll(index);
            index.parsed = parsed;
            if (parsed != null) {
                Object value = PARSED.getAndSet(parsed, i, TAKEN);
                if (value != TAKEN) {
                    return value;
                }
            }
        }
        try (JsonParser p = Json.FACTORY_NESTED_NAMES_CHECKED_BY_CALLER.createParser(
                buf, index.values[i], index.ends[i] - index.values[i])) {
            return read(p, p.nextToken(), true, new MemberNames(), 1);
        } catch (IOException | RuntimeException e) {
            // Indexed, so checked: this does not happen.
            throw new UnreadableException(Json.describe(e));
        }
    }

    /** Marks a value of {@link Indexed#parsed} already handed out (or not built: a typed one). */
    private static final Object TAKEN = new Object();

    private static final VarHandle PARSED = MethodHandles.arrayElementVarHandle(Object[].class);

    /** The untyped values built by a second pass over bytes already indexed (so checked). */
    private Object[] buildAll(Indexed index) {
        if (!(index(true) instanceof Indexed built) || built.size() != index.size()) {
            // Indexed, so checked: this does not happen; each value is then read on its own.
            return null;
        }
        Object[] out = new Object[index.size()];
        for (int i = 0; i < index.size(); i++) {
            int at = built.find(index.names[i]);
            out[i] = at < 0 ? TAKEN : built.parsed[at];
        }
        return out;
    }

    /**
     * The value converted to {@code type}, or {@code null} when absent. A new object every call.
     *
     * @throws IllegalArgumentException if the stored JSON cannot be read as {@code type}
     * @throws UnreadableException if the attributes are unreadable
     */
    public <T> T value(String name, Class<T> type) {
        return value(name, Json.MAPPER.constructType(type));
    }

    /**
     * The value read as {@code type} (a Jackson type that the application or its storable-type
     * list named, never one taken from the value), or {@code null} when absent.
     *
     * @throws IllegalArgumentException if the stored JSON cannot be read as {@code type}
     * @throws UnreadableException if the attributes are unreadable
     */
    public <T> T value(String name, JavaType type) {
        Indexed index = indexed();
        int i = index.find(name);
        if (i < 0) {
            return null;
        }
        int from = index.values[i];
        int to = index.ends[i];
        if (to - from == 4 && buf[from] == 'n') {
            // JSON null reads as null whatever the type (Jackson would make 0 of an int).
            return null;
        }
        if (type.getRawClass() == String.class && buf[from] == '"') {
            // A string read as one: the text itself when it is in the compact form, as Jackson's
            // StringDeserializer would give it, without a parser and a deserialization context.
            CompactScan scan = new CompactScan(buf, to);
            if (scan.value(from, 1, true) == to) {
                @SuppressWarnings("unchecked")
                T text = (T) scan.value;
                return text;
            }
        }
        try {
            // Indexed, so checked: the value is well-formed and within the limits.
            return Json.MAPPER.readValue(buf, from, to - from, type);
        } catch (IOException | RuntimeException e) {
            throw cannotRead(name, type, e);
        }
    }

    /**
     * The value as its type tag says, or as plain Java ({@link #value(String)}) if it has none.
     *
     * @throws IllegalArgumentException if it has a tag that {@code storable} does not allow
     *     (check {@link AttributeTypes#allowsTag} first), or it cannot be read as its type
     * @throws UnreadableException if the attributes are unreadable
     */
    public Object typedValue(String name, AttributeTypes storable) {
        String tag = types.get(name);
        if (tag == null) {
            return value(name);
        }
        JavaType t = storable.resolve(tag);
        if (t == null) {
            throw new IllegalArgumentException("attribute '" + abbreviate(name) + "' has a type that is not storable");
        }
        return value(name, t);
    }

    /**
     * The value read as {@code requested}; as its tagged type instead when that is allowed and is
     * a subtype of a requested plain class (so {@code List.class} gives a list of records).
     *
     * @throws IllegalArgumentException if the stored JSON cannot be read so
     * @throws UnreadableException if the attributes are unreadable
     */
    public <T> T value(String name, Type requested, AttributeTypes storable) {
        JavaType want = Json.MAPPER.getTypeFactory().constructType(requested);
        String tag = types.get(name);
        if (tag != null && requested instanceof Class<?> c) {
            JavaType t = storable.resolve(tag);
            if (t != null && c.isAssignableFrom(t.getRawClass())) {
                want = t;
            }
        }
        return value(name, want);
    }

    /** {@link #value(String, JavaType)} for a type the application wrote out as a Java type. */
    public <T> T value(String name, Type type) {
        return value(name, Json.MAPPER.getTypeFactory().constructType(type));
    }

    private static IllegalArgumentException cannotRead(String name, JavaType type, Exception e) {
        return new IllegalArgumentException("attribute '" + abbreviate(name) + "' cannot be read as "
                + type.toCanonical() + ": " + Json.describe(e), e);
    }

    /**
     * Serialized size of each attribute's value in bytes, largest first, for error messages;
     * empty if the attributes are unreadable.
     */
    public Map<String, Integer> sizes() {
        if (!(state() instanceof Indexed index)) {
            return Map.of();
        }
        Map<String, Integer> sizes = new LinkedHashMap<>();
        IntStream.range(0, index.size()).boxed()
                .sorted((a, b) -> Integer.compare(index.ends[b] - index.values[b], index.ends[a] - index.values[a]))
                .forEachOrdered(i -> sizes.put(index.names[i], index.ends[i] - index.values[i]));
        return sizes;
    }

    /** Length of the serialized object in bytes. */
    public int length() {
        return len;
    }

    /** Copies the serialized object into {@code dst} at {@code dstOff}. */
    public void copyTo(byte[] dst, int dstOff) {
        System.arraycopy(buf, off, dst, dstOff, len);
    }

    /** The serialized object as text. */
    public String toJson() {
        return new String(buf, off, len, StandardCharsets.UTF_8);
    }

    /** Whether both hold the same serialized bytes and type tags. */
    public boolean sameBytes(JsonAttributes other) {
        return Arrays.equals(buf, off, off + len, other.buf, other.off, other.off + other.len)
                && types.equals(other.types);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonAttributes && sameBytes((JsonAttributes) o);
    }

    @Override
    public int hashCode() {
        int h = types.hashCode();
        for (int i = off; i < off + len; i++) {
            h = 31 * h + buf[i];
        }
        return h;
    }

    /** Attribute values are application data and may be secret: only names are printed. */
    @Override
    public String toString() {
        return isReadable() ? "JsonAttributes" + names() : "JsonAttributes[unreadable, " + len + " bytes]";
    }

    // ---------------------------------------------------------------- bytes, for Payload

    static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    static final long ONES = 0x0101010101010101L;
    static final long HIGHS = 0x8080808080808080L;
    static final long QUOTES = ONES * '"';
    static final long BACKSLASHES = ONES * '\\';

    /**
     * Index just past the JSON object or array that starts at {@code buf[start]} ({@code '{'} or
     * {@code '['}), or -1 if it does not close before {@code end} or nests deeper than
     * {@code maxDepth}. Structural only: it follows strings (with backslash escapes) and bracket
     * nesting and does not validate anything else (it does not even match {@code [} with
     * {@code ]}); what it skips is checked by Jackson when first read.
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

    /** The last index from {@code p} down that is not JSON whitespace. */
    private static int lastNonWhitespace(byte[] buf, int p) {
        while (isWhitespace(buf[p])) {
            p--;
        }
        return p;
    }

    /** The first index from {@code p} on that is not JSON whitespace, or {@code end}. */
    static int skipWhitespace(byte[] buf, int p, int end) {
        while (p < end && isWhitespace(buf[p])) {
            p++;
        }
        return p;
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }
}
