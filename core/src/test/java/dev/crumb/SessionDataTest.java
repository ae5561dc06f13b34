package dev.crumb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SessionDataTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final SessionCodec CODEC = CookieSessions.builder().keys(KeyRing.generate()).cookie(CookieSpec.named("s"))
            .clock(Clock.fixed(NOW, ZoneOffset.UTC)).maxTokenLength(1 << 20).build().codec();

    private static SessionData.Builder builder() {
        return SessionData.builder().issuedAt(NOW).expiresAt(NOW.plusSeconds(60));
    }

    private static SessionData roundTrip(SessionData data) {
        return Opened.valid(CODEC.open(CODEC.seal(data))).data().orElseThrow();
    }

    private static Object nested(int depth) {
        Object value = "leaf";
        for (int i = 0; i < depth; i++) {
            value = List.of(value);
        }
        return value;
    }

    // ---------------------------------------------------------------- what can be stored opens

    static Stream<Arguments> atTheLimits() {
        return Stream.of(
                Arguments.of("value nested 62 deep", "x", nested(62)),
                Arguments.of("name of 1024 characters", "n".repeat(1024), 1),
                Arguments.of("number of 64 digits", "x", new BigInteger("9".repeat(64))),
                Arguments.of("string of 65536 characters", "x", "s".repeat(65_536)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("atTheLimits")
    void attribute_atTheCookieReadersLimit_roundTrips(String what, String name, Object value) {
        SessionData opened = roundTrip(builder().attribute(name, value).build());

        assertEquals(value, opened.get(name, value.getClass()));
    }

    static Stream<Arguments> overTheLimits() {
        return Stream.of(
                Arguments.of("value nested 63 deep", "x", nested(63)),
                Arguments.of("name of 1025 characters", "n".repeat(1025), 1),
                Arguments.of("number of 65 digits", "x", new BigInteger("9".repeat(65))),
                Arguments.of("string of 65537 characters", "x", "s".repeat(65_537)),
                Arguments.of("name with an unpaired surrogate", "a\ud800b", 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overTheLimits")
    void attribute_thatNoCookieCouldOpen_isRefusedWhenPut(String what, String name, Object value) {
        // These were accepted, sealed, and then every open of the cookie was MALFORMED: the
        // session was lost at the next request instead of failing where it was stored.
        SessionData.Builder builder = builder();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> builder.attribute(name, value));

        assertTrue(e.getMessage().contains("attribute '" + name.substring(0, 1)), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\ud800", "a\udc00", "\udbff\udbff", "x\ud83d"})
    void subjectAndId_withUnpairedSurrogate_areRefused(String text) {
        // Such text has no UTF-8 form: seal threw IllegalArgumentException from inside Jackson.
        assertThrows(IllegalArgumentException.class, () -> builder().subject(text));
        assertThrows(IllegalArgumentException.class, () -> builder().id(text));
    }

    @Test
    void subject_withPairedSurrogates_roundTrips() {
        SessionData opened = roundTrip(builder().subject("\ud83c\udf6a cookie").id("\ud83c\udf6a").build());

        assertEquals("\ud83c\udf6a cookie", opened.subject().orElseThrow());
        assertEquals("\ud83c\udf6a", opened.id());
    }

    // ---------------------------------------------------------------- no class names from a cookie

    /** An application type that (unwisely) asks Jackson for class-name polymorphism. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS)
    public static class Pet {
        public String name = "Rex";
    }

    /** A subtype whose construction a cookie must never cause. */
    public static class Tripwire extends Pet {
        static volatile boolean constructed;

        public Tripwire() {
            constructed = true;
        }
    }

    @BeforeEach
    void resetTripwire() {
        Tripwire.constructed = false;
    }

    @Test
    void attribute_classNamePolymorphism_isRefusedOnRead() {
        SessionData data = builder().attribute("pet", new Pet()).build();
        assertTrue(data.attributesJson().contains("\"@class\":\"" + Pet.class.getName() + "\""),
                data.attributesJson());

        SessionException e = assertThrows(SessionException.class, () -> data.get("pet", Pet.class));

        assertTrue(e.getMessage().contains("pet"), e.getMessage());
    }

    @Test
    void attribute_classNamedInACookie_isNeverInstantiated() {
        String json = "{\"pet\":{\"@class\":\"" + Tripwire.class.getName() + "\",\"name\":\"x\"}}";
        SessionData opened = roundTrip(builder().attributesJson(json).build());
        Tripwire.constructed = false;

        assertThrows(SessionException.class, () -> opened.get("pet", Pet.class));

        assertFalse(Tripwire.constructed, "a class named in the cookie was instantiated");
        // As plain data the same attribute reads fine.
        assertEquals(Tripwire.class.getName(), ((java.util.Map<?, ?>) opened.get("pet")).get("@class"));
    }
}
