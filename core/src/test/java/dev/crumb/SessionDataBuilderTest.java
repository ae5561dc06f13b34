package dev.crumb;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        assertEquals(List.of("apple"), b.build().attribute("cart"));
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
        SessionCodec codec = SessionCodec.builder().keys(KeyRing.generate()).cookieName("s")
                .clock(FakeClock.at(T.getEpochSecond())).build();
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
}
