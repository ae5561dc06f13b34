package dev.crumb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.crumb.testing.Seeded;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The member index over seeded random objects, spaced in every way JSON allows and embedded in a
 * larger array as a payload holds them: each value's bytes are exactly the value's text (checked
 * through {@link JsonAttributes#sizes}, a plain and a typed read, and {@code with}, which copies
 * untouched members byte for byte), whichever read indexes first.
 */
class JsonAttributesIndexPropertiesTest {

    private static final ObjectMapper ORACLE = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    @Test
    void index_ofRandomSpacedObjects_locatesEveryValueExactly() {
        Seeded.forAll(500, r -> {
            Map<String, String> members = new LinkedHashMap<>();
            for (int i = Seeded.between(r, 1, 20); i > 0; i--) {
                members.put(name(r), value(r, 0));
            }
            StringBuilder json = new StringBuilder("{").append(space(r));
            StringBuilder compact = new StringBuilder("{");
            for (Map.Entry<String, String> m : members.entrySet()) {
                if (compact.length() > 1) {
                    json.append(',').append(space(r));
                    compact.append(',');
                }
                String member = m.getKey() + space(r) + ':' + space(r) + m.getValue();
                json.append(member).append(space(r));
                compact.append(member);
            }
            json.append('}');
            compact.append('}');

            for (int first = 0; first < 3; first++) {
                JsonAttributes attrs = embedded(json.toString(), r);
                String some = members.keySet().iterator().next();
                switch (first) {
                    case 0 -> attrs.names();
                    case 1 -> attrs.value(some, Object.class);
                    default -> attrs.isReadable();
                }
                Map<String, Integer> sizes = new LinkedHashMap<>();
                for (Map.Entry<String, String> m : members.entrySet()) {
                    String name = ORACLE.readValue(m.getKey(), String.class);
                    sizes.put(name, m.getValue().getBytes(StandardCharsets.UTF_8).length);
                    Object expected = ORACLE.readValue(m.getValue(), Object.class);
                    assertEquals(expected, attrs.value(name), name);
                    assertEquals(expected, attrs.value(name, Object.class), name);
                }
                assertEquals(sizes, attrs.sizes());
                assertEquals(compact.toString(), attrs.with(Map.of(), Set.of("not there")).toJson());
                assertEquals(List.copyOf(sizes.keySet()), List.copyOf(attrs.names()));
            }
        });
    }

    /** The text inside a larger array, at a random offset, as the payload holds it. */
    private static JsonAttributes embedded(String json, Random r) {
        byte[] text = json.getBytes(StandardCharsets.UTF_8);
        int at = r.nextInt(8);
        byte[] buf = new byte[at + text.length + r.nextInt(8)];
        System.arraycopy(text, 0, buf, at, text.length);
        return JsonAttributes.ofUnchecked(buf, at, text.length);
    }

    private static String space(Random r) {
        return r.nextInt(3) == 0 ? Seeded.stringOf(r, " \t\n\r", 1, 3) : "";
    }

    /** A quoted member name, unique enough and sometimes escaped. */
    private static String name(Random r) {
        return "\"" + Seeded.oneOf(r, "a", "b\\\"", "c\\\\", "\\u00e9", "d,e", "f:g", "{h}", "") + r.nextInt(1000) + "\"";
    }

    private static String value(Random r, int depth) {
        int kind = r.nextInt(depth > 3 ? 6 : 8);
        return switch (kind) {
            case 0 -> Seeded.oneOf(r, "true", "false", "null");
            case 1 -> Seeded.oneOf(r, "0", "-7", "42", "123456789012", "99999999999999999999999");
            case 2 -> Seeded.oneOf(r, "1.5", "-0.25e3", "6E-2", "1.50");
            case 3, 4 -> "\"" + Seeded.oneOf(r, "", "x", "a \\\" b", "}]", "\\\\", "\\n", "\u00fc\u20ac", "\ud83d\ude00") + "\"";
            case 5 -> "\"" + Seeded.stringOf(r, "ab ,:{}[]", 0, 12) + "\"";
            case 6 -> {
                StringBuilder b = new StringBuilder("[").append(space(r));
                for (int i = r.nextInt(4); i > 0; i--) {
                    b.append(value(r, depth + 1)).append(space(r)).append(i > 1 ? "," + space(r) : "");
                }
                yield b.append(']').toString();
            }
            default -> {
                StringBuilder b = new StringBuilder("{").append(space(r));
                for (int i = r.nextInt(4); i > 0; i--) {
                    b.append("\"k").append(i).append('"').append(space(r)).append(':').append(space(r))
                            .append(value(r, depth + 1)).append(space(r)).append(i > 1 ? "," + space(r) : "");
                }
                yield b.append('}').toString();
            }
        };
    }
}
