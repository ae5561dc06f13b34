package dev.crumb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link KeyRing#fromJwkSet} on any text: it is configuration, so bad input must fail at startup
 * with an {@link IllegalArgumentException} that names the problem, and never with a message that
 * quotes a secret. Seeds: JWK Sets and single JWKs that Crumb and other tools write, valid and
 * subtly wrong.
 *
 * <p>For every input: the only exception is {@code IllegalArgumentException}; no message in its
 * cause chain, and no {@code toString} of a ring, contains a {@code "k"} value of the input; a
 * ring that loads has the primary the set names, and writes a set that loads to equal keys.
 */
class JwkSetFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern K = Pattern.compile("\"k\"\\s*:\\s*\"([^\"]{22,})\"");

    @FuzzTest
    void load(byte[] input) {
        String json = new String(input, StandardCharsets.UTF_8);
        List<String> secrets = secrets(json);

        KeyRing ring;
        try {
            ring = KeyRing.fromJwkSet(json);
        } catch (IllegalArgumentException e) {
            assertNotNull(e.getMessage());
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertQuotesNoSecret(String.valueOf(t.getMessage()), secrets);
            }
            return;
        }
        assertQuotesNoSecret(ring.toString(), secrets);

        Instant now = Instant.EPOCH;
        String primary = namedPrimary(json);
        if (primary != null) {
            assertEquals(primary, ring.primary(now).kid());
        }
        KeyRing again = KeyRing.fromJwkSet(ring.toJwkSet(Instant.now()));
        assertEquals(ring.keys(now), again.keys(now));
        assertEquals(ring.primary(now), again.primary(now));
    }

    /**
     * Every {@code "k"} value of 22 characters (16 bytes, the shortest secret anyone uses) or
     * more, found textually so that broken JSON counts too.
     */
    private static List<String> secrets(String json) {
        List<String> secrets = new ArrayList<>();
        Matcher m = K.matcher(json);
        while (m.find()) {
            secrets.add(m.group(1));
        }
        return secrets;
    }

    private static void assertQuotesNoSecret(String text, List<String> secrets) {
        for (String secret : secrets) {
            assertFalse(text.contains(secret), () -> "quotes a key: " + text);
        }
    }

    /** The top-level {@code "primary"} string of a set Jackson reads, else null. */
    private static String namedPrimary(String json) {
        try {
            JsonNode p = JSON.readTree(json).get("primary");
            return p != null && p.isTextual() ? p.asText() : null;
        } catch (Exception e) {
            return null;
        }
    }
}
