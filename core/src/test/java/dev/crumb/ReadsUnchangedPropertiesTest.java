package dev.crumb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crumb.TypedAttributesTest.CartItem;
import dev.crumb.TypedAttributesTest.Profile;
import dev.crumb.TypedAttributesTest.Tier;
import dev.crumb.internal.JsonAttributes;
import dev.crumb.testing.Seeded;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A commit of a session whose request only read attributes decides "unchanged" without
 * rebuilding them ({@link Session#onlyReadUnchanged()}): every value it handed out is serialized
 * on its own and compared with the member it came from. That decides whether a change is saved,
 * so it must agree with the full path ({@link Session#currentAttributes()} compared byte for
 * byte with what was loaded) for every session and every way of reading and changing what was
 * read, and a commit must then write exactly the full path's attributes.
 */
class ReadsUnchangedPropertiesTest {

    private static final String TEXT = "ab\"\\\u0001\u00e9\u20ac/ ";

    private final FakeClock clock = FakeClock.at(CookieSessionsTest.T0);
    private final CookieSessions sessions = CookieSessions.builder()
            .keys(KeyRing.of(SessionKey.of("reads-1", ContentAlgorithm.A256GCM, new byte[32])))
            .cookie(CookieSpec.named("__Host-s"))
            .storableTypes(CartItem.class, Tier.class, Profile.class)
            .renewAfter(Duration.ofMinutes(5))
            .clock(clock)
            .build();

    @Test
    void readsAndInPlaceChanges_decideAsTheFullRebuildDoes() {
        int[] outcomes = new int[4]; // unchanged, changed, unstorable, untouched
        Seeded.forAll(2000, r -> {
            Map<String, Object> attrs = attributes(r);
            Session first = sessions.load((String) null);
            attrs.forEach(first::put);
            String header = CookieSessionsTest.cookieHeader(sessions.commit(first));
            if (r.nextInt(4) == 0) {
                clock.advance(Duration.ofMinutes(6)); // past renewAfter: a commit re-seals even if unchanged
            }
            Session s = sessions.load(header);
            assertNotNull(s.loaded(), "the session just written opens");
            for (String name : attrs.keySet()) {
                if (r.nextInt(3) > 0) {
                    Object value = read(r, s, name, attrs.get(name));
                    if (r.nextBoolean()) {
                        change(r, value);
                    }
                }
            }
            outcomes[check(s)]++;
        });
        // The generator must reach every outcome often, or the property says little.
        for (int outcome : outcomes) {
            assertTrue(outcome > 50, () -> "outcomes too rare: " + java.util.Arrays.toString(outcomes));
        }
    }

    @Test
    void attributesOfAnotherWriter_decideAsTheFullRebuildDoes() {
        int[] outcomes = new int[4];
        Seeded.forAll(1500, r -> {
            Map<String, Object> attrs = attributes(r);
            Session first = sessions.load((String) null);
            attrs.forEach(first::put);
            // What Crumb would write, then written as another writer holding the key might.
            JsonAttributes crumb = first.currentAttributes();
            Session s = sessions.load("__Host-s=" + sealed(otherTypes(r, crumb.types()), otherJson(r, crumb.toJson())));
            assertNotNull(s.loaded(), "another writer's session opens");
            for (String name : attrs.keySet()) {
                if (r.nextInt(3) > 0) {
                    try {
                        Object value = read(r, s, name, attrs.get(name));
                        if (r.nextBoolean()) {
                            change(r, value);
                        }
                    } catch (SessionException e) {
                        // A value another writer left untagged may not read as the class asked for.
                    }
                }
            }
            outcomes[check(s)]++;
        });
        assertTrue(outcomes[0] > 50 && outcomes[1] > 50, () -> "outcomes too rare: " + java.util.Arrays.toString(outcomes));
    }

    /** Checks the session against the full path and commits it; returns which outcome it had. */
    private int check(Session s) {
        JsonAttributes loaded = s.loaded().attributes();
        if (!s.attributesTouched()) {
            assertFalse(s.onlyReadUnchanged(), "nothing read that could change: the untouched path");
            return 3;
        }
        JsonAttributes full;
        try {
            full = s.currentAttributes();
        } catch (IllegalArgumentException e) {
            // The quick check reaches the same value the same way, or stops earlier at a change.
            try {
                assertFalse(s.onlyReadUnchanged(), "a value that cannot be stored is no unchanged one");
            } catch (IllegalArgumentException quick) {
                assertEquals(e.getMessage(), quick.getMessage());
            }
            SessionException thrown = assertThrows(SessionException.class, () -> sessions.commit(s));
            assertTrue(thrown.getMessage().contains(e.getMessage()));
            return 2;
        }
        boolean same = full.sameBytes(loaded);
        assertEquals(same, s.onlyReadUnchanged(), "the quick check and the rebuild disagree");
        boolean due = !clock.instant().isBefore(s.lastIssuedAt().plus(Duration.ofMinutes(5)));
        List<String> written = sessions.commit(s);
        assertEquals(same && !due, written.isEmpty(), "a cookie is written when, and only when, needed");
        if (!written.isEmpty()) {
            Session next = sessions.load(CookieSessionsTest.cookieHeader(written));
            assertTrue(next.loaded().attributes().sameBytes(full), "the commit writes the rebuilt attributes");
        }
        return same ? 0 : 1;
    }

    @Test
    void attributesOfAnotherWriter_withSpaceBetweenMembers_areRewrittenAsBefore() {
        for (String attrs : List.of("{\"roles\":[\"a\"], \"n\":1}", "{\"roles\": [\"a\"],\"n\":1}",
                "{ \"roles\":[\"a\"],\"n\":1}", "{\"roles\":[\"a\"],\"n\":1 }")) {
            Session s = sessions.load("__Host-s=" + sealed(attrs));
            assertEquals(List.of("a"), s.get("roles"), attrs);
            assertFalse(s.onlyReadUnchanged(), attrs);
            assertTrue(s.currentAttributes().toJson().equals("{\"roles\":[\"a\"],\"n\":1}"), attrs);
            assertFalse(sessions.commit(s).isEmpty(), "re-sealed as Crumb writes it, as the rebuild said: " + attrs);
        }
        Session compact = sessions.load("__Host-s=" + sealed("{\"roles\":[\"a\"],\"n\":1}"));
        assertEquals(List.of("a"), compact.get("roles"));
        assertTrue(compact.onlyReadUnchanged());
        assertEquals(List.of(), sessions.commit(compact));
    }

    @Test
    void aRemovalOrAPut_takesTheFullPath() {
        Session first = sessions.load((String) null);
        first.put("roles", new ArrayList<>(List.of("a")));
        first.put("n", 1);
        String header = CookieSessionsTest.cookieHeader(sessions.commit(first));

        Session put = sessions.load(header);
        put.get("roles");
        put.put("n", 1);
        assertFalse(put.onlyReadUnchanged());
        assertEquals(List.of(), sessions.commit(put), "the same value put is still no change");

        Session removed = sessions.load(header);
        removed.get("roles");
        removed.remove("n");
        assertFalse(removed.onlyReadUnchanged());
        assertFalse(sessions.commit(removed).isEmpty());
    }

    private String sealed(String attrs) {
        return sealed("", attrs);
    }

    /** A token of the session's key over a payload written by hand, with {@code types} (JSON) unless empty. */
    private String sealed(String types, String attrs) {
        long now = clock.instant().getEpochSecond();
        String payload = "{\"sid\":\"s1\",\"sub\":\"u\",\"iat\":" + now + ",\"exp\":" + (now + 600)
                + ",\"auth_time\":" + now + (types.isEmpty() ? "" : ",\"types\":" + types)
                + ",\"attrs\":" + attrs + "}";
        return ((SessionCodec) sessions.codec()).seal(payload.getBytes(StandardCharsets.UTF_8), null);
    }

    // ---- another writer: the same attributes, spaced, escaped and tagged otherwise

    private static final ObjectMapper OTHER = JsonMapper.builder()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    /** Crumb's attribute JSON written member by member, each gap and value in one of several ways. */
    private static String otherJson(Random r, String json) throws Exception {
        ObjectNode object = (ObjectNode) OTHER.readTree(json);
        boolean spaced = r.nextInt(3) > 0;
        StringBuilder out = new StringBuilder("{").append(spaced ? space(r) : "");
        boolean firstMember = true;
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            if (!firstMember) {
                out.append(spaced ? Seeded.oneOf(r, ",", ", ", " ,", ",\n  ") : ",");
            }
            firstMember = false;
            out.append(spaced && r.nextInt(4) == 0 ? escapedFirst(e.getKey()) : OTHER.writeValueAsString(e.getKey()));
            out.append(spaced ? Seeded.oneOf(r, ":", ": ", " : ") : ":");
            out.append(spaced && r.nextInt(3) == 0
                    ? OTHER.writerWithDefaultPrettyPrinter().writeValueAsString(e.getValue())
                    : OTHER.writeValueAsString(e.getValue()));
        }
        return out.append(spaced ? space(r) : "").append('}').toString();
    }

    private static String space(Random r) {
        return Seeded.oneOf(r, "", " ", "\n", "\t ");
    }

    /** A quoted name whose first character is written as a unicode escape, as some writers do. */
    private static String escapedFirst(String name) throws Exception {
        String quoted = OTHER.writeValueAsString(name.substring(1));
        return "\"" + String.format("\\u%04x", (int) name.charAt(0)) + quoted.substring(1);
    }

    /** Crumb's type tags, or with one dropped, or with a tag for a name that has no member. */
    private static String otherTypes(Random r, Map<String, String> types) throws Exception {
        Map<String, String> other = new LinkedHashMap<>(types);
        switch (r.nextInt(4)) {
            case 0 -> other.put("ghost", "List<Long>");
            case 1 -> other.keySet().stream().findFirst().ifPresent(other::remove);
            default -> { }
        }
        return other.isEmpty() ? "" : OTHER.writeValueAsString(other);
    }

    // ---- the generator

    private static Map<String, Object> attributes(Random r) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        int n = Seeded.between(r, 1, 6);
        for (int i = 0; i < n; i++) {
            attrs.put(r.nextInt(5) == 0 ? Seeded.stringOf(r, TEXT, 1, 4) : "a" + i, value(r, 0));
        }
        return attrs;
    }

    private static Object value(Random r, int depth) {
        // A bean has no equals of its own, so it is checked whole only at the top: none nested.
        return switch (r.nextInt(depth >= 2 ? 7 : depth == 1 ? 11 : 12)) {
            case 0 -> Seeded.stringOf(r, TEXT, 0, 8);
            case 1 -> r.nextInt(2000) - 1000;
            case 2 -> r.nextLong();
            case 3 -> r.nextBoolean();
            case 4 -> new BigDecimal(r.nextInt(100_000)).movePointLeft(2);
            case 5 -> Seeded.oneOf(r, Tier.values());
            case 6 -> Instant.ofEpochSecond(CookieSessionsTest.T0 + r.nextInt(1000));
            case 7, 8 -> {
                List<Object> list = new ArrayList<>();
                int n = r.nextInt(4);
                Object element = value(r, depth + 1);
                for (int i = 0; i < n; i++) {
                    // Lists of one kind of thing, as applications keep: a list of mixed types is untyped.
                    list.add(r.nextBoolean() ? element : sameKind(r, element));
                }
                yield list;
            }
            case 9 -> {
                Map<String, Object> map = new LinkedHashMap<>();
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    map.put(Seeded.stringOf(r, TEXT, 1, 3), r.nextBoolean() ? Seeded.stringOf(r, TEXT, 0, 4) : r.nextInt(100));
                }
                yield map;
            }
            case 10 -> new CartItem(Seeded.stringOf(r, TEXT, 1, 5), r.nextInt(10), new BigDecimal(r.nextInt(999)).movePointLeft(2));
            default -> {
                Profile p = new Profile();
                p.setName(r.nextBoolean() ? null : Seeded.stringOf(r, TEXT, 0, 5));
                p.setTiers(new ArrayList<>(r.nextBoolean() ? List.of() : List.of(Seeded.oneOf(r, Tier.values()))));
                yield p;
            }
        };
    }

    /** Another value of the same kind as {@code v}, where the kind is easy to make again. */
    private static Object sameKind(Random r, Object v) {
        if (v instanceof String) {
            return Seeded.stringOf(r, TEXT, 0, 6);
        }
        if (v instanceof Integer) {
            return r.nextInt(50);
        }
        if (v instanceof CartItem) {
            return new CartItem("x" + r.nextInt(9), r.nextInt(5), BigDecimal.ONE);
        }
        return v;
    }

    /** Reads {@code name} one of the ways an application does. */
    private static Object read(Random r, Session s, String name, Object put) {
        return switch (r.nextInt(4)) {
            case 0 -> s.get(name, Object.class);
            case 1 -> s.get(name, put.getClass());
            case 2 -> put instanceof List ? s.get(name, List.class) : put instanceof Map ? s.get(name, Map.class) : s.get(name);
            default -> s.get(name);
        };
    }

    /** A value of another type with the same JSON, where there is one: the bytes stay, the type tag may not. */
    private static Object twin(Object v) {
        if (v instanceof Tier t) {
            return t.name();
        }
        if (v instanceof Integer i) {
            return (long) i;
        }
        if (v instanceof Long l && l == (int) (long) l) {
            return (int) (long) l;
        }
        return v;
    }

    /**
     * Changes a value read from the session in place, one of several ways: some leave it as it
     * was (a set of the same element, an add undone), some change it, and a few make it
     * unstorable.
     */
    @SuppressWarnings("unchecked")
    private static void change(Random r, Object value) {
        try {
            if (value instanceof List<?> l) {
                List<Object> list = (List<Object>) l;
                switch (r.nextInt(7)) {
                    case 0 -> list.add(list.isEmpty() ? "x" : sameKind(r, list.get(0)));
                    case 1 -> {
                        list.add("undone");
                        list.remove(list.size() - 1);
                    }
                    case 2 -> {
                        if (!list.isEmpty()) {
                            list.set(0, list.get(0));
                        }
                    }
                    case 3 -> list.clear();
                    case 4 -> {
                        if (!list.isEmpty()) {
                            change(r, list.get(r.nextInt(list.size())));
                        }
                    }
                    case 5 -> {
                        if (!list.isEmpty()) {
                            list.set(0, twin(list.get(0)));
                        }
                    }
                    default -> list.add(new Object());
                }
            } else if (value instanceof Map<?, ?> m) {
                Map<Object, Object> map = (Map<Object, Object>) m;
                switch (r.nextInt(5)) {
                    case 0 -> map.put("k" + r.nextInt(3), r.nextInt(3));
                    case 1 -> {
                        map.put("undone-key", 1);
                        map.remove("undone-key");
                    }
                    case 2 -> map.keySet().stream().findFirst().ifPresent(k -> map.put(k, map.get(k)));
                    case 3 -> map.clear();
                    default -> map.put("bad", new LinkedHashSet<>(List.of(new Object())));
                }
            } else if (value instanceof Profile p) {
                switch (r.nextInt(3)) {
                    case 0 -> p.setName(p.getName());
                    case 1 -> p.setName(p.getName() == null ? "named" : p.getName() + "!");
                    default -> p.getTiers().add(Tier.GOLD);
                }
            }
        } catch (UnsupportedOperationException e) {
            // A value handed out read-only cannot be changed in place; nothing changed.
        }
    }
}
