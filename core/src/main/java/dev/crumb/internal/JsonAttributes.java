package dev.crumb.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A session's attributes as one serialized JSON object, parsed only when first read.
 *
 * <p>Opening a cookie only locates the attributes inside the authenticated payload and keeps
 * their bytes; the tree is built, and the bytes checked against the limits of {@link Json}, on the
 * first call that needs a value. Bytes that Crumb wrote always pass (they are checked when
 * written); bytes from another writer holding the key may not, and then every call that needs the
 * tree throws {@link UnreadableException}. Instances are immutable (the lazily built tree is never
 * handed out) and safe to share between threads.
 */
public final class JsonAttributes {

    private static final byte[] EMPTY_OBJECT = {'{', '}'};

    /** No attributes: {@code {}}. */
    public static final JsonAttributes EMPTY = new JsonAttributes(EMPTY_OBJECT, 0, 2);

    private final byte[] buf;
    private final int off;
    private final int len;
    // The parsed members, or the reason they cannot be parsed; null until first needed.
    private volatile Object tree;
    // Set once the bytes are known to parse, whether or not the tree was kept.
    private volatile boolean checked;

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

    private JsonAttributes(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        this.len = len;
    }

    /**
     * Wraps the bytes of the {@code attrs} object that {@link Payload#read} located in an
     * authenticated payload: their brackets balance, nothing more is known until they are read.
     * The array must not be changed afterwards.
     */
    static JsonAttributes ofUnchecked(byte[] buf, int off, int len) {
        return new JsonAttributes(buf, off, len);
    }

    /**
     * Whether the bytes are one JSON object within the limits, so that every read succeeds.
     * Checks them now if nothing has been read yet.
     */
    public boolean isReadable() {
        if (isEmptyObject()) {
            return true;
        }
        Object t = tree;
        if (t == null) {
            t = buildIndex();
            tree = t;
        }
        return t instanceof Index;
    }

    /**
     * Parses untrusted JSON text (for tools and tests), enforcing the same limits as a cookie.
     *
     * @throws IllegalArgumentException if it is not one JSON object within the limits
     */
    public static JsonAttributes parse(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        int from = 0;
        int to = bytes.length;
        while (from < to && isWhitespace(bytes[from])) {
            from++;
        }
        while (to > from && isWhitespace(bytes[to - 1])) {
            to--;
        }
        JsonAttributes attrs = new JsonAttributes(bytes, from, to - from);
        if (to - from < 2) {
            throw new IllegalArgumentException("attributes must be a JSON object");
        }
        Object t = attrs.buildIndex();
        if (t instanceof String problem) {
            throw new IllegalArgumentException(problem);
        }
        attrs.tree = t;
        return attrs;
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    /**
     * A value already serialized and checked (by a {@link Writer}): written as it is, never
     * serialized again. Holding one snapshots the value at the time it was serialized.
     */
    public static final class Serialized {
        private final byte[] json;

        private Serialized(byte[] json) {
            this.json = json;
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
        // buf[0] is the opening brace; members follow, separated by commas.
        private byte[] buf;
        private int size = 1;
        // Each member's [start, end) in buf: the quoted name, the colon and the value.
        private final LinkedHashMap<String, int[]> members = new LinkedHashMap<>();
        private boolean gaps;
        private boolean shared;
        private JsonGenerator generator;

        /** An empty writer. */
        public Writer() {
            this(256);
        }

        Writer(int capacity) {
            buf = new byte[Math.max(16, capacity)];
            buf[0] = '{';
        }

        /**
         * Serializes and checks {@code value} as the attribute {@code name}, replacing any before.
         *
         * @throws IllegalArgumentException naming the attribute if Jackson cannot serialize it, or
         *     if a cookie holding it could not be opened; the writer is then unchanged
         */
        public void put(String name, Object value) {
            String problem = nameProblem(name);
            if (problem != null) {
                throw cannotStore(name, problem);
            }
            unshare();
            int mark = size;
            if (size > 1) {
                append((byte) ',');
            }
            int start = size;
            append((byte) '"');
            append(JsonStringEncoder.getInstance().quoteAsUTF8(name));
            append((byte) '"');
            append((byte) ':');
            int valueStart = size;
            if (value instanceof Serialized serialized) {
                // Serialized and checked already.
                append(serialized.json);
                added(name, start);
                return;
            }
            try {
                JsonGenerator g = generator();
                Json.MAPPER.writeValue(g, value);
                g.flush();
            } catch (IOException | RuntimeException e) {
                // The generator may be left inside a half-written value: start a new one.
                releaseGenerator();
                size = mark;
                throw notSerializable(name, value, e);
            }
            problem = problem(buf, valueStart, size - valueStart, 2);
            if (problem != null) {
                size = mark;
                throw cannotStore(name, problem);
            }
            added(name, start);
        }

        /**
         * Appends the member {@code src[from, to)} (quoted name, colon, value) of checked
         * attributes as it is.
         */
        void putMember(String name, byte[] src, int from, int to) {
            unshare();
            if (size > 1) {
                append((byte) ',');
            }
            int start = size;
            ensure(size + to - from);
            System.arraycopy(src, from, buf, size, to - from);
            size += to - from;
            added(name, start);
        }

        private void added(String name, int start) {
            if (members.put(name, new int[] {start, size}) != null) {
                gaps = true;
            }
        }

        /** Removes the attribute {@code name}, if put. */
        public void remove(String name) {
            if (members.remove(name) != null) {
                gaps = true;
            }
        }

        /** Removes every attribute. */
        public void clear() {
            members.clear();
            unshare();
            size = 1;
            gaps = false;
        }

        /** Each member's serialized value, in order, for merging into other attributes. */
        public Map<String, Serialized> values() {
            Map<String, Serialized> out = new LinkedHashMap<>();
            for (Map.Entry<String, int[]> e : members.entrySet()) {
                int start = e.getValue()[0];
                int end = e.getValue()[1];
                int value = JsonScan.skipWhitespace(buf, JsonScan.skipWhitespace(buf, endOfString(buf, start, end), end) + 1, end);
                out.put(e.getKey(), new Serialized(Arrays.copyOfRange(buf, value, end)));
            }
            return out;
        }

        /** The attributes as one object; the writer can go on being used. */
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
            JsonAttributes attrs = new JsonAttributes(buf, 0, size + 1);
            attrs.checked = true;
            return attrs;
        }

        private void compact() {
            byte[] out = new byte[Math.max(256, size + 1)];
            int p = 1;
            for (Map.Entry<String, int[]> e : members.entrySet()) {
                int start = e.getValue()[0];
                int end = e.getValue()[1];
                if (p > 1) {
                    out[p++] = ',';
                }
                System.arraycopy(buf, start, out, p, end - start);
                e.setValue(new int[] {p, p + end - start});
                p += end - start;
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
     * Checks at {@code put} that a value can be serialized, sealed and read back; what is sealed
     * is serialized again at commit, since the value may change in place until then.
     *
     * @throws IllegalArgumentException naming the attribute if Jackson cannot serialize it, or if
     *     a cookie holding it could not be opened (see {@link Json}'s limits)
     */
    public static void checkStorable(String name, Object value) {
        byte[] bytes;
        try {
            bytes = Json.MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException | RuntimeException e) {
            throw notSerializable(name, value, e);
        }
        String problem = nameProblem(name);
        if (problem == null) {
            problem = problem(bytes, 0, bytes.length, 2);
        }
        if (problem != null) {
            throw cannotStore(name, problem);
        }
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

    /**
     * Why the JSON value {@code b[off, off+len)}, nested {@code depth} levels deep in a payload,
     * would make the payload unreadable, or null. Opening applies the limits of {@link Json} to
     * the whole payload; a value sits inside the payload and {@code attrs} objects (depth 2).
     * Checked when a value is stored, so that a cookie Crumb seals always reads.
     */
    static String problem(byte[] b, int off, int len, int depth) {
        if (JsonScan.check(b, off, len, depth) == null) {
            return null;
        }
        // JsonScan is stricter than Jackson in a few rare corners: Jackson has the last word.
        try (JsonParser p = Json.FACTORY.createParser(b, off, len)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return "there is no value";
            }
            int open = 0;
            do {
                if (t.isStructStart()) {
                    open++;
                    if (p.getParsingContext().getNestingDepth() > Json.MAX_NESTING_DEPTH - depth) {
                        return "it nests deeper than " + (Json.MAX_NESTING_DEPTH - depth) + " levels";
                    }
                } else if (t.isStructEnd()) {
                    open--;
                } else if (t == JsonToken.VALUE_STRING) {
                    p.getText();
                } else if (t == JsonToken.VALUE_NUMBER_FLOAT) {
                    // Read as BigDecimal (USE_BIG_DECIMAL_FOR_FLOATS), whose scale is an int.
                    p.getDecimalValue();
                }
            } while (open > 0 && (t = p.nextToken()) != null);
            if (open > 0 || p.nextToken() != null) {
                return "it is not one JSON value";
            }
        } catch (IOException | RuntimeException e) {
            return rootMessage(e);
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

    /**
     * Builds new attributes from these: names in {@code removed} are dropped, names in
     * {@code live} are written from their current (possibly changed) value, and the rest keep
     * their stored bytes as they are. Names of {@code live} absent here are appended in the map's
     * order. Every value written is checked, so the result always reads.
     *
     * @throws IllegalArgumentException naming the attribute if a live value cannot be serialized
     *     or stored (for instance one changed in place since it was put)
     * @throws UnreadableException if these attributes are unreadable
     */
    public JsonAttributes with(Map<String, ?> live, Collection<String> removed) {
        if (live.isEmpty() && removed.isEmpty()) {
            return this;
        }
        Index index = index(false);
        Writer out = new Writer(len + 64);
        for (int i = 0; i < index.size(); i++) {
            String name = index.names[i];
            if (removed.contains(name)) {
                continue;
            }
            if (live.containsKey(name)) {
                out.put(name, live.get(name));
            } else {
                out.putMember(name, buf, index.starts[i], index.ends[i]);
            }
        }
        for (Map.Entry<String, ?> e : live.entrySet()) {
            if (!index.positions.containsKey(e.getKey()) && !removed.contains(e.getKey())) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out.toAttributes();
    }

    /**
     * Converts an application value to {@code type} through its JSON form, as reading it back
     * from a cookie would.
     *
     * @throws IllegalArgumentException naming the attribute if it cannot be converted
     */
    public static <T> T convertValue(String name, Object value, Class<T> type) {
        try {
            return Json.MAPPER.convertValue(value, type);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("attribute '" + name + "' cannot be read as "
                    + type.getName() + ": " + rootMessage(e), e);
        }
    }

    /**
     * The attribute names, in stored order.
     *
     * @throws UnreadableException if the attributes are unreadable
     */
    public Set<String> names() {
        return Collections.unmodifiableSet(index(true).positions.keySet());
    }

    /**
     * Whether there are no attributes.
     *
     * @throws UnreadableException if the attributes are unreadable
     */
    public boolean isEmpty() {
        if (checked) {
            // Known to be one object: empty when its first member would be its end.
            return buf[JsonScan.skipWhitespace(buf, off + 1, off + len)] == '}';
        }
        return isEmptyObject() || index(true).size() == 0;
    }

    /**
     * The value as plain Java: {@code Map}, {@code List}, {@code String}, a {@code Number},
     * {@code Boolean} or {@code null}; also {@code null} when absent. A new object every call.
     *
     * @throws UnreadableException if the attributes are unreadable
     */
    public Object value(String name) {
        Index index = index(true);
        Integer i = index.positions.get(name);
        if (i == null) {
            return null;
        }
        // The first plain read parses every value in one pass, as reading them one by one would
        // pay for a parser each; each value so parsed is handed out once, later reads parse again.
        AtomicReferenceArray<Object> parsed = index.parsed;
        if (parsed == null) {
            parsed = parseAll(index);
            index.parsed = parsed;
        }
        Object value = parsed.getAndSet(i, TAKEN);
        return value != TAKEN ? value : value(name, Object.class);
    }

    // Reads one member's value from a parser that goes on to the next member.
    private static final com.fasterxml.jackson.databind.ObjectReader PLAIN = Json.MAPPER.readerFor(Object.class)
            .without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Marks a value of {@link Index#parsed} already handed out. */
    private static final Object TAKEN = new Object();

    private AtomicReferenceArray<Object> parseAll(Index index) {
        AtomicReferenceArray<Object> out =
                new AtomicReferenceArray<>(index.size());
        Map<?, ?> all;
        try {
            all = Json.MAPPER.readValue(buf, off, len, LinkedHashMap.class);
        } catch (IOException | RuntimeException e) {
            // Checked when the index was built, so this does not happen; read one by one then.
            for (int i = 0; i < index.size(); i++) {
                out.set(i, TAKEN);
            }
            return out;
        }
        for (int i = 0; i < index.size(); i++) {
            out.set(i, all.get(index.names[i]));
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
        Index index = index(false);
        Integer i = index.positions.get(name);
        if (i == null) {
            return null;
        }
        int from = index.values[i];
        int to = index.ends[i];
        if (to - from == 4 && buf[from] == 'n') {
            // JSON null reads as null whatever the type (Jackson would make 0 of an int).
            return null;
        }
        try {
            // Checked when the index was built: the value is well-formed and within the limits.
            return Json.MAPPER.readValue(buf, from, to - from, type);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("attribute '" + name + "' cannot be read as "
                    + type.getName() + ": " + rootMessage(e), e);
        }
    }

    /**
     * Serialized size of each attribute's value in bytes, largest first, for error messages;
     * empty if the attributes are unreadable.
     */
    public Map<String, Integer> sizes() {
        if (!isReadable()) {
            return Map.of();
        }
        Index index = index(false);
        Map<String, Integer> sizes = new LinkedHashMap<>();
        java.util.stream.IntStream.range(0, index.size()).boxed()
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

    /** Whether both hold the same serialized bytes. */
    public boolean sameBytes(JsonAttributes other) {
        return Arrays.equals(buf, off, off + len, other.buf, other.off, other.off + other.len);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonAttributes && sameBytes((JsonAttributes) o);
    }

    @Override
    public int hashCode() {
        int h = 1;
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

    /**
     * Where each member is in the buffer: for member {@code i}, its name, the offset of its
     * quoted name, of its value, and the end of its value.
     */
    private static final class Index {
        static final Index EMPTY_INDEX = new Index(new String[0], new int[0], new int[0], new int[0], 0);

        final String[] names;
        final int[] starts;
        final int[] values;
        final int[] ends;
        final Map<String, Integer> positions;
        // Members found; more than positions.size() if two names decoded alike.
        final int count;
        // Values parsed together by the first plain read, each handed out at most once.
        volatile AtomicReferenceArray<Object> parsed;

        Index(String[] names, int[] starts, int[] values, int[] ends, int count) {
            this.count = count;
            this.names = names;
            this.starts = starts;
            this.values = values;
            this.ends = ends;
            Map<String, Integer> positions = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                positions.put(names[i], i);
            }
            this.positions = positions;
        }

        int size() {
            return positions.size();
        }
    }

    /**
     * The member index. With {@code values}, an index not built yet is built by parsing every
     * value (the first plain read reads them all in the same pass); without, by checking the bytes
     * with {@link JsonScan} and splitting them, which is cheaper when only some values are read.
     *
     * @throws UnreadableException if the bytes are not one JSON object within the limits
     */
    private Index index(boolean values) {
        Object t = tree;
        if (t == null) {
            t = values && !checked ? parseIndexed() : buildIndex();
            tree = t;
        }
        if (t instanceof String problem) {
            throw new UnreadableException(problem);
        }
        return (Index) t;
    }

    /** The index, or a String saying why there is none. */
    private Object buildIndex() {
        if (isEmptyObject()) {
            return Index.EMPTY_INDEX;
        }
        if (!checked) {
            // Inside the payload object: the attributes sit at depth 1.
            if (buf[off] != '{' || JsonScan.check(buf, off, len, 1) != null) {
                // JsonScan is stricter than Jackson in rare corners (malformed UTF-8 that Jackson
                // decodes anyway): Jackson decides, and its decoding of the names is the one used.
                return parseIndexed();
            }
            checked = true;
        }
        Index index = split(buf, off, off + len);
        // Names that only differ in bytes decoding cannot tell apart: let Jackson decide.
        return index.size() == index.count ? index : parseIndexed();
    }

    private boolean isEmptyObject() {
        return len == 2 && buf[off] == '{' && buf[off + 1] == '}';
    }

    private static String unreadable(String problem) {
        return "the session's attributes are not valid JSON within Crumb's limits: " + problem;
    }

    /**
     * The index with every value parsed, in one pass of Jackson, which checks the limits as it
     * goes (so the bytes need no check of their own); or a String saying why there is none.
     */
    private Object parseIndexed() {
        if (isEmptyObject()) {
            return Index.EMPTY_INDEX;
        }
        int n = 0;
        String[] names = new String[8];
        int[] starts = new int[8];
        int[] values = new int[8];
        int[] ends = new int[8];
        Object[] parsed = new Object[8];
        // Inside the payload object: one level less nesting is left (Json.FACTORY_NESTED).
        try (JsonParser p = Json.FACTORY_NESTED.createParser(buf, off, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return unreadable("they are not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                if (n == names.length) {
                    names = Arrays.copyOf(names, n * 2);
                    starts = Arrays.copyOf(starts, n * 2);
                    values = Arrays.copyOf(values, n * 2);
                    ends = Arrays.copyOf(ends, n * 2);
                    parsed = Arrays.copyOf(parsed, n * 2);
                }
                starts[n] = off + (int) p.currentTokenLocation().getByteOffset();
                names[n] = p.currentName();
                p.nextToken();
                values[n] = off + (int) p.currentTokenLocation().getByteOffset();
                parsed[n] = PLAIN.readValue(p);
                ends[n] = off + (int) p.currentLocation().getByteOffset();
                n++;
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                return unreadable("they are not one JSON object");
            }
        } catch (IOException | RuntimeException e) {
            return unreadable(rootMessage(e));
        }
        checked = true;
        Index index = new Index(names, starts, values, ends, n);
        AtomicReferenceArray<Object> fresh = new AtomicReferenceArray<>(n);
        for (int i = 0; i < n; i++) {
            fresh.set(i, parsed[i]);
        }
        index.parsed = fresh;
        return index;
    }

    /** Splits a well-formed JSON object into its members. */
    private static Index split(byte[] b, int from, int to) {
        int n = 0;
        String[] names = new String[8];
        int[] starts = new int[8];
        int[] values = new int[8];
        int[] ends = new int[8];
        int i = JsonScan.skipWhitespace(b, from + 1, to);
        while (b[i] != '}') {
            if (n == names.length) {
                names = Arrays.copyOf(names, n * 2);
                starts = Arrays.copyOf(starts, n * 2);
                values = Arrays.copyOf(values, n * 2);
                ends = Arrays.copyOf(ends, n * 2);
            }
            int nameEnd = endOfString(b, i, to);
            starts[n] = i;
            names[n] = name(b, i, nameEnd);
            i = JsonScan.skipWhitespace(b, nameEnd, to) + 1; // past the colon
            i = JsonScan.skipWhitespace(b, i, to);
            values[n] = i;
            i = endOfValue(b, i, to);
            ends[n] = i;
            n++;
            i = JsonScan.skipWhitespace(b, i, to);
            if (b[i] == ',') {
                i = JsonScan.skipWhitespace(b, i + 1, to);
            }
        }
        return new Index(names, starts, values, ends, n);
    }

    /** The index just past the string that starts at {@code b[i]}. */
    private static int endOfString(byte[] b, int i, int to) {
        for (i++; i < to; i++) {
            if (b[i] == '\\') {
                i++;
            } else if (b[i] == '"') {
                return i + 1;
            }
        }
        return to;
    }

    /** The index just past the value that starts at {@code b[i]}. */
    private static int endOfValue(byte[] b, int i, int to) {
        byte c = b[i];
        if (c == '"') {
            return endOfString(b, i, to);
        }
        if (c == '{' || c == '[') {
            return JsonScan.skipStructure(b, i, to, Json.MAX_NESTING_DEPTH);
        }
        while (i < to && b[i] != ',' && b[i] != '}' && !isWhitespace(b[i])) {
            i++;
        }
        return i;
    }

    /** The decoded name of the quoted string {@code b[from, to)}. */
    private static String name(byte[] b, int from, int to) {
        for (int i = from + 1; i < to - 1; i++) {
            if (b[i] == '\\') {
                try (JsonParser p = Json.FACTORY.createParser(b, from, to - from)) {
                    p.nextToken();
                    return p.getText();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return new String(b, from + 1, to - from - 2, StandardCharsets.UTF_8);
    }

    private static IllegalArgumentException notSerializable(String name, Object value, Exception e) {
        return new IllegalArgumentException("attribute '" + name + "' of type "
                + (value == null ? "null" : value.getClass().getName())
                + " cannot be serialized to JSON: " + rootMessage(e)
                + " (store plain data: records, beans with getters, collections, strings, numbers)", e);
    }

    private static String rootMessage(Exception e) {
        if (e instanceof JsonProcessingException) {
            return ((JsonProcessingException) e).getOriginalMessage();
        }
        return String.valueOf(e.getMessage());
    }
}
