package dev.crumb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.crumb.internal.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Reading the attributes of a payload that a key holder sealed, differentially against Jackson.
 * The input is the {@code attrs} member's JSON, put into a payload with valid claims and sealed
 * with the known-answer vectors' A256GCM key through the bare JCA; the session is read only
 * through {@link SessionData}'s public methods. Seeds: attribute objects of every JSON kind.
 *
 * <p>The oracle is Jackson with the limits Crumb documents (strict duplicate names, nesting,
 * number, string and name lengths, no trailing tokens, decimals as {@code BigDecimal}), reading the
 * whole payload. For every input: whatever Crumb reads, the oracle reads with the same names and
 * equal values; whatever the oracle rejects, Crumb does not read (the token is malformed or its
 * attributes unreadable as a whole). Where the input is ASCII (so that no UTF-8 corner on which
 * Crumb is documented to be stricter arises) and the oracle reads an object, Crumb reads it too.
 *
 * <p>Inputs holding a 0xFF byte are left out of the differential: Jackson reads a member name
 * holding one as a name its factory has seen before, so the oracle's verdict depends on what it
 * parsed earlier. Crumb refuses attributes holding 0xFF whatever it parsed (JsonAttributesTest),
 * but the input may close {@code attrs} and put the byte in another member of the payload.
 */
class AttributesFuzzTest {

    private static final long T = FuzzFixtures.NOW.getEpochSecond() - 60;
    private static final byte[] PREFIX = ("{\"sid\":\"c2lk\",\"iat\":" + T + ",\"nbf\":" + T + ",\"exp\":" + (T + 1800)
            + ",\"auth_time\":" + T + ",\"attrs\":").getBytes(StandardCharsets.US_ASCII);
    private static final String HEADER = JoseTokens.header(FuzzFixtures.GCM, FuzzFixtures.COOKIE);
    private static final byte[] SECRET = FuzzFixtures.GCM.secretCopy();
    private static final byte[] IV = new byte[12];
    private static final SessionCodec CODEC = CookieSessions.builder().keys(FuzzFixtures.RING)
            .cookie(CookieSpec.named(FuzzFixtures.COOKIE)).clock(FuzzFixtures.CLOCK).maxTokenLength(1 << 20).build().codec();

    private static final ObjectMapper ORACLE = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(Json.MAX_NESTING_DEPTH)
                            .maxDocumentLength(Json.MAX_DOCUMENT_LENGTH)
                            .maxNumberLength(Json.MAX_NUMBER_LENGTH)
                            .maxStringLength(Json.MAX_STRING_LENGTH)
                            .maxNameLength(Json.MAX_NAME_LENGTH)
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    @FuzzTest
    void read(byte[] attrs) {
        FuzzFixtures.forgetLoggedExceptions();
        ByteArrayOutputStream payload = new ByteArrayOutputStream(PREFIX.length + attrs.length + 1);
        payload.writeBytes(PREFIX);
        payload.writeBytes(attrs);
        payload.write('}');
        byte[] plaintext = payload.toByteArray();
        Map<?, ?> expected = oracle(plaintext);

        OpenResult result = CODEC.open(JoseTokens.gcm(HEADER, plaintext, SECRET, IV));
        FuzzFixtures.assertNoExceptionLogged();

        OpenResult valid = result;

        if (!valid.isValid()) {
            // The input may close "attrs" and add payload members: an "aud" claim names an audience
            // this codec has none of (WRONG_COOKIE); whatever else does not open is MALFORMED.
            if (result != OpenResult.rejected(RejectReason.WRONG_COOKIE)) {
                assertSame(OpenResult.rejected(RejectReason.MALFORMED), result);
            }
            return;
        }
        SessionData data = valid.data().orElseThrow();
        AttributeAssertions.assertReadableOrUnreadable(data);
        if (data.attributesReadable() && !contains(attrs, (byte) 0xFF)) {
            assertNotNull(expected, "Crumb reads attributes that Jackson rejects");
            assertEquals(expected.keySet(), data.attributeNames());
            for (Map.Entry<?, ?> e : expected.entrySet()) {
                String name = (String) e.getKey();
                assertEquals(e.getValue(), data.get(name), name);
                assertEquals(e.getValue(), data.get(name, Object.class), name);
            }
        } else if (expected != null && isAscii(attrs)) {
            throw new AssertionError("Jackson reads attributes " + expected.keySet() + " that Crumb finds unreadable");
        }
        assertFalse(data.attributesJson().isEmpty());
    }

    /** The attributes as the oracle reads the whole payload, or null if it rejects it or they are no object. */
    private static Map<?, ?> oracle(byte[] payload) {
        Object attrs;
        try {
            attrs = ORACLE.readValue(payload, Map.class).get("attrs");
        } catch (Exception e) {
            return null;
        }
        return attrs instanceof Map<?, ?> m ? m : null;
    }

    private static boolean contains(byte[] b, byte x) {
        for (byte y : b) {
            if (y == x) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAscii(byte[] b) {
        for (byte x : b) {
            if (x < 0) {
                return false;
            }
        }
        return true;
    }
}
