package dev.crumb.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.crumb.testing.Seeded;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Payload#write}'s own encoders give what Jackson's would. */
class PayloadWriteTest {

    @Test
    void quote_isJacksonsQuoting() {
        for (String s : List.of("", "abc", "tB3u9Qm2ZxV8kLp0rN4wYg", "a\"b", "a\\b", "tab\t", "\u0000", "\u001f",
                "\u007f", "?", "what?", "\u00e9", "\u20ac", "\ud83c\udf6a", " ~", "java.util.List<String>")) {
            assertArrayEquals(JsonStringEncoder.getInstance().quoteAsUTF8(s), Payload.quote(s), s);
        }
        Seeded.forAll(500, r -> {
            String s = Seeded.stringOf(r, "aZ09 ?\"\\\u0001\u007f\u00e9\u20ac", 0, 12);
            assertArrayEquals(JsonStringEncoder.getInstance().quoteAsUTF8(s), Payload.quote(s), s);
        });
    }

    @Test
    void quote_unpairedSurrogate_failsAsJacksonDoes() {
        // The builders refuse such text first; were one to reach here, it still would not be
        // written as the '?' that the JDK's UTF-8 makes of it.
        Class<? extends Throwable> jackson = assertThrows(RuntimeException.class,
                () -> JsonStringEncoder.getInstance().quoteAsUTF8("a\ud800")).getClass();
        assertThrows(jackson, () -> Payload.quote("a\ud800"));
    }

    @Test
    void timestamps_everyDigitCount_readBackAsWritten() throws Exception {
        for (long t : new long[] {0, 1, 9, 10, 99, 100, 101, 999_999_999L, 1_000_000_000L, 1_700_000_000L,
                Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, 9_999_999_999L, 10_000_000_000L, Payload.MAX_EPOCH_SECOND}) {
            byte[] b = Payload.write(new Payload.Claims("s", null, t, t, t, t, JsonAttributes.EMPTY));
            JsonNode n = Json.MAPPER.readTree(b);
            assertEquals(t, n.get("iat").asLong(), new String(b, java.nio.charset.StandardCharsets.US_ASCII));
            assertEquals(t, n.get("auth_time").asLong());
            assertEquals("{\"sid\":\"s\",\"iat\":" + t + ",\"nbf\":" + t + ",\"exp\":" + t + ",\"auth_time\":" + t
                    + ",\"attrs\":{}}", new String(b, java.nio.charset.StandardCharsets.US_ASCII));
        }
    }
}
