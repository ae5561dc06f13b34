package dev.crumb.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A session's attributes as one serialized JSON object, parsed only when first read.
 *
 * <p>Opening a cookie validates the attributes' syntax and limits while it skips over them, and
 * keeps only their bytes; the tree is built on the first call that needs a value. Instances are
 * immutable (the lazily built tree is never handed out) and safe to share between threads.
 */
public final class JsonAttributes {

    private static final byte[] EMPTY_OBJECT = {'{', '}'};

    /** No attributes: {@code {}}. */
    public static final JsonAttributes EMPTY = new JsonAttributes(EMPTY_OBJECT, 0, 2);

    private final byte[] buf;
    private final int off;
    private final int len;
    private volatile Map<String, JsonNode> tree;

    private JsonAttributes(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        this.len = len;
    }

    /**
     * Wraps bytes that {@link Payload#read} has already validated as one JSON object within the
     * limits of {@link Json}. The array must not be changed afterwards.
     */
    static JsonAttributes ofValidated(byte[] buf, int off, int len) {
        return new JsonAttributes(buf, off, len);
    }

    /**
     * Parses untrusted JSON text (for tools and tests), enforcing the same limits as a cookie.
     *
     * @throws IllegalArgumentException if it is not one JSON object within the limits
     */
    public static JsonAttributes parse(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        try (JsonParser p = Json.FACTORY.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("attributes must be a JSON object");
            }
            p.skipChildren();
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("attributes must be one JSON object, found trailing data");
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("attributes are not valid JSON: " + rootMessage(e), e);
        }
        return new JsonAttributes(bytes, 0, bytes.length);
    }

    /**
     * A value already serialized by {@link #serialize}: written as it is, never serialized again.
     * Holding one snapshots the value at the time it was serialized.
     */
    public static final class Serialized {
        private final byte[] json;

        private Serialized(byte[] json) {
            this.json = json;
        }

        /** Serializes and checks {@code value} now; see {@link #serialize}. */
        public static Serialized of(String name, Object value) {
            return new Serialized(serialize(name, value));
        }

        @Override
        public String toString() {
            return "Serialized[" + json.length + " bytes]";
        }
    }

    /**
     * Attributes from values serialized beforehand, in the map's order: the bytes are joined,
     * nothing is serialized again.
     */
    public static JsonAttributes ofSerialized(Map<String, Serialized> values) {
        if (values.isEmpty()) {
            return EMPTY;
        }
        JsonStringEncoder quoter = JsonStringEncoder.getInstance();
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        out.write('{');
        boolean first = true;
        for (Map.Entry<String, Serialized> e : values.entrySet()) {
            if (!first) {
                out.write(',');
            }
            first = false;
            out.write('"');
            out.writeBytes(quoter.quoteAsUTF8(e.getKey()));
            out.write('"');
            out.write(':');
            out.writeBytes(e.getValue().json);
        }
        out.write('}');
        byte[] bytes = out.toByteArray();
        return new JsonAttributes(bytes, 0, bytes.length);
    }

    /**
     * Serializes one value alone, to check at {@code put} that it can be written and read back.
     *
     * @throws IllegalArgumentException naming the attribute if Jackson cannot serialize it, or if
     *     a cookie holding it could not be opened (see {@link Json}'s limits)
     */
    public static byte[] serialize(String name, Object value) {
        byte[] bytes;
        try {
            bytes = Json.MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException | RuntimeException e) {
            throw notSerializable(name, value, e);
        }
        String problem = unreadable(name, bytes);
        if (problem != null) {
            throw new IllegalArgumentException("attribute '" + abbreviate(name)
                    + "' cannot be stored in a session cookie: " + problem);
        }
        return bytes;
    }

    /**
     * Why a cookie holding this attribute could not be opened, or null. Opening applies the
     * limits of {@link Json} to the whole payload, where a value sits inside the payload and
     * {@code attrs} objects; without this check such a value sealed fine and every later open of
     * the cookie was {@code MALFORMED}.
     */
    private static String unreadable(String name, byte[] value) {
        if (name.length() > Json.MAX_NAME_LENGTH) {
            return "its name is " + name.length() + " characters, over the limit of " + Json.MAX_NAME_LENGTH;
        }
        int bad = Json.unpairedSurrogate(name);
        if (bad >= 0) {
            return "its name has an unpaired surrogate at index " + bad;
        }
        try (JsonParser p = Json.FACTORY.createParser(value)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t.isStructStart() && p.getParsingContext().getNestingDepth() > Json.MAX_NESTING_DEPTH - 2) {
                    return "its value nests deeper than " + (Json.MAX_NESTING_DEPTH - 2) + " levels";
                }
                if (t == JsonToken.VALUE_STRING) {
                    p.getText();
                }
            }
        } catch (IOException | RuntimeException e) {
            return rootMessage(e);
        }
        return null;
    }

    private static String abbreviate(String name) {
        return name.length() <= 64 ? name : name.substring(0, 64) + "...";
    }

    /**
     * Builds new attributes from these: names in {@code removed} are dropped, names in
     * {@code live} are written from their current (possibly changed) value, and the rest keep
     * their stored JSON. Names of {@code live} absent here are appended in the map's order.
     */
    public JsonAttributes with(Map<String, ?> live, Collection<String> removed) {
        if (live.isEmpty() && removed.isEmpty()) {
            return this;
        }
        Map<String, JsonNode> stored = tree();
        ByteArrayOutputStream out = new ByteArrayOutputStream(len + 64);
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            g.setCodec(Json.MAPPER);
            g.writeStartObject();
            for (Map.Entry<String, JsonNode> e : stored.entrySet()) {
                String name = e.getKey();
                if (removed.contains(name)) {
                    continue;
                }
                g.writeFieldName(name);
                if (live.containsKey(name)) {
                    writeValue(g, name, live.get(name));
                } else {
                    g.writeTree(e.getValue());
                }
            }
            for (Map.Entry<String, ?> e : live.entrySet()) {
                if (!stored.containsKey(e.getKey()) && !removed.contains(e.getKey())) {
                    g.writeFieldName(e.getKey());
                    writeValue(g, e.getKey(), e.getValue());
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] bytes = out.toByteArray();
        return new JsonAttributes(bytes, 0, bytes.length);
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

    /** The attribute names, in stored order. */
    public Set<String> names() {
        return Collections.unmodifiableSet(tree().keySet());
    }

    /** Whether there are no attributes. */
    public boolean isEmpty() {
        return len == 2 || tree().isEmpty();
    }

    /**
     * The value as plain Java: {@code Map}, {@code List}, {@code String}, a {@code Number},
     * {@code Boolean} or {@code null}; also {@code null} when absent.
     */
    public Object value(String name) {
        JsonNode node = tree().get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        return convert(name, node, Object.class);
    }

    /**
     * The value converted to {@code type}, or {@code null} when absent.
     *
     * @throws IllegalArgumentException if the stored JSON cannot be read as {@code type}
     */
    public <T> T value(String name, Class<T> type) {
        JsonNode node = tree().get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        return convert(name, node, type);
    }

    /** Serialized size of each attribute's value in bytes, largest first. */
    public Map<String, Integer> sizes() {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        tree().entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue().toString().getBytes(StandardCharsets.UTF_8).length))
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEachOrdered(e -> sizes.put(e.getKey(), e.getValue()));
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
        return "JsonAttributes" + names();
    }

    private Map<String, JsonNode> tree() {
        Map<String, JsonNode> t = tree;
        if (t == null) {
            t = parseTree();
            tree = t;
        }
        return t;
    }

    private Map<String, JsonNode> parseTree() {
        if (len == 2) {
            return Collections.emptyMap();
        }
        try (JsonParser p = Json.FACTORY.createParser(buf, off, len)) {
            JsonNode node = Json.MAPPER.readTree(p);
            Map<String, JsonNode> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : ((ObjectNode) node).properties()) {
                map.put(e.getKey(), e.getValue());
            }
            return Collections.unmodifiableMap(map);
        } catch (IOException | ClassCastException e) {
            // Only validated bytes get here, so this means the validation and the parser disagree.
            throw new IllegalStateException("stored attributes are not a JSON object", e);
        }
    }

    private static <T> T convert(String name, JsonNode node, Class<T> type) {
        try {
            return Json.MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("attribute '" + name + "' cannot be read as "
                    + type.getName() + ": " + rootMessage(e), e);
        }
    }

    private static void writeValue(JsonGenerator g, String name, Object value) throws IOException {
        if (value instanceof Serialized serialized) {
            g.writeRawValue(new String(serialized.json, StandardCharsets.UTF_8));
            return;
        }
        if (value instanceof JsonNode) {
            g.writeTree((JsonNode) value);
            return;
        }
        try {
            Json.MAPPER.writeValue(g, value);
        } catch (JsonProcessingException | RuntimeException e) {
            throw notSerializable(name, value, e);
        }
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
