package dev.crumb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionDataBuilderTest {

    static final Instant T = Instant.ofEpochSecond(1_767_225_600L);

    static SessionData.Builder builder() {
        return SessionData.builder().issuedAt(T).expiresAt(T.plusSeconds(60));
    }

    @Test
    void attribute_isSnapshotWhenSet() {
        List<String> cart = new ArrayList<>(List.of("apple"));
        SessionData.Builder b = builder().attribute("cart", cart);
        cart.add("pear");
        assertEquals(List.of("apple"), b.build().get("cart"));
    }

    @Test
    void build_joinsSerializedValuesWithEscapedNamesInOrder() {
        SessionData d = builder()
                .attribute("q\"uote", 1)
                .attribute("ünï\\code", Map.of("k", List.of(true, "x")))
                .attribute("gone", 3)
                .attribute("gone", null)
                .build();
        assertEquals("{\"q\\\"uote\":1,\"ünï\\\\code\":{\"k\":[true,\"x\"]}}", d.attributesJson());
        SessionCodec codec = CookieSessions.builder().keys(KeyRing.generate()).cookie(CookieSpec.named("s"))
                .clock(FakeClock.at(T.getEpochSecond())).build().codec();
        SessionData back = codec.open(codec.seal(d)).data().orElseThrow();
        assertEquals(d.attributesJson(), back.attributesJson());
        assertEquals(List.of("q\"uote", "ünï\\code"), List.copyOf(back.attributeNames()));
    }

    @Test
    void toBuilder_keepsStoredAttributesAndAddsNew() {
        SessionData d = builder().attribute("a", 1).build();
        SessionData e = d.toBuilder().attribute("b", List.of(2)).attribute("a", null).build();
        assertEquals("{\"b\":[2]}", e.attributesJson());
    }

    @Test
    void attribute_replaced_keepsItsFirstPlaceAndTheNewValue() {
        SessionData d = builder().attribute("a", 1).attribute("b", 2).attribute("a", "x").attribute("c", 3).build();
        assertEquals("{\"a\":\"x\",\"b\":2,\"c\":3}", d.attributesJson());
    }

    @Test
    void build_thenMoreAttributes_leavesTheFirstSnapshotAlone() {
        // The builder's buffer becomes the first snapshot's bytes: writing on must not reach them.
        SessionData.Builder b = builder().attribute("a", 1);
        SessionData first = b.build();
        SessionData second = b.attribute("b", 2).attribute("a", null).build();
        SessionData third = b.attribute("c", List.of(3)).build();

        assertEquals("{\"a\":1}", first.attributesJson());
        assertEquals("{\"b\":2}", second.attributesJson());
        assertEquals("{\"b\":2,\"c\":[3]}", third.attributesJson());
    }

    @Test
    void attribute_thatCannotBeStored_leavesTheBuilderAsItWas() {
        Object tooDeep = List.of();
        for (int i = 0; i < 70; i++) {
            tooDeep = List.of(tooDeep);
        }
        Object deep = tooDeep;
        SessionData.Builder b = builder().attribute("a", 1);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.attribute("deep", deep));
        assertThrows(IllegalArgumentException.class, () -> b.attribute("self", new Object() {
            public Object getSelf() {
                throw new IllegalStateException("boom");
            }
        }));

        assertTrue(e.getMessage().contains("'deep'"), e.getMessage());
        assertEquals("{\"a\":1,\"b\":2}", b.attribute("b", 2).build().attributesJson());
    }

    @Test
    void build_ofAttributesFromOneWriter_opensAndReadsEveryValue() {
        SessionData d = builder().attribute("n", 1.5).attribute("s", "caf\u00e9 \ud83c\udf6a").attribute("l", List.of(1L << 40))
                .attribute("m", Map.of("k", List.of())).build();
        SessionCodec codec = CookieSessions.builder().keys(KeyRing.generate()).cookie(CookieSpec.named("s"))
                .clock(FakeClock.at(T.getEpochSecond())).build().codec();
        SessionData back = codec.open(codec.seal(d)).data().orElseThrow();

        AttributeAssertions.assertReadable(back);
        assertEquals("caf\u00e9 \ud83c\udf6a", back.get("s"));
        assertEquals(List.of(1L << 40), back.get("l"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void attribute_readTwiceAndChanged_givesSeparateObjectsEachTime() {
        // The first plain read parses every value at once and hands each out once: a later read
        // must not see what the application did to the first copy.
        SessionCodec codec = CookieSessions.builder().keys(KeyRing.generate()).cookie(CookieSpec.named("s"))
                .clock(FakeClock.at(T.getEpochSecond())).build().codec();
        SessionData d = codec.open(codec.seal(builder().attribute("cart", List.of("apple")).attribute("n", 1).build()))
                .data().orElseThrow();

        List<Object> first = (List<Object>) d.get("cart");
        first.add("pear");
        List<Object> second = (List<Object>) d.get("cart");

        assertEquals(List.of("apple"), second);
        assertEquals(List.of("apple"), d.get("cart", List.class));
        assertEquals(1, d.get("n"));
    }
}
