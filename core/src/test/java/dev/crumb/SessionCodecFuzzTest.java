package dev.crumb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Timeout;

/**
 * {@link SessionCodec#open} on anything a client can send. The seed corpus (in the resources,
 * {@code SessionCodecFuzzTestInputs/open}) holds the session known-answer vectors, valid and
 * invalid, and valid tokens of both algorithms, plain and compressed, sealed with the vectors' keys.
 *
 * <p>For every input: {@code open} returns a result and logs no exception; a codec holding the
 * vectors' kids with other secrets never opens it; a token over the length limit is rejected as
 * too large before any other work; whatever opens is within its validity window, reads
 * consistently, and seals again to a token that opens to the same session. The time per input is
 * bounded by {@link Timeout} (libFuzzer's {@code -timeout} while fuzzing): the length limit
 * bounds every step of {@code open}.
 */
class SessionCodecFuzzTest {

    private static final SessionCodec CODEC = FuzzFixtures.codec(FuzzFixtures.RING, false);
    private static final SessionCodec ZIP = FuzzFixtures.codec(FuzzFixtures.RING, true);
    private static final SessionCodec IMPOSTOR = FuzzFixtures.codec(FuzzFixtures.IMPOSTORS, true);

    @FuzzTest
    @Timeout(60)
    void open(byte[] input) {
        FuzzFixtures.forgetLoggedExceptions();
        String token = new String(input, StandardCharsets.UTF_8);

        OpenResult plain = CODEC.open(token);
        OpenResult zipped = ZIP.open(token);
        OpenResult impostor = IMPOSTOR.open(token);
        FuzzFixtures.assertNoExceptionLogged();

        assertFalse(impostor.isValid(), "opened without the key");
        for (OpenResult r : new OpenResult[] {plain, zipped, impostor}) {
            assertNotNull(r);
            assertEquals(!r.isValid(), r.reason().isPresent(), r::toString);
        }
        if (token.length() > CookieSessions.DEFAULT_MAX_COOKIE_BYTES) {
            assertSame(OpenResult.rejected(RejectReason.TOO_LARGE), plain);
            assertSame(OpenResult.rejected(RejectReason.TOO_LARGE), zipped);
        }
        if (plain.isValid()) {
            OpenResult valid = plain;
            // Compression switched on still opens uncompressed tokens, to the same session.
            assertEquals(valid.data().orElseThrow(), Opened.valid(zipped).data().orElseThrow());
            checkOpened(CODEC, valid.data().orElseThrow());
        }
        if (zipped.isValid()) {
            OpenResult valid = zipped;
            checkOpened(ZIP, valid.data().orElseThrow());
        }
    }

    private static void checkOpened(SessionCodec codec, SessionData data) {
        long now = FuzzFixtures.NOW.getEpochSecond();
        assertTrue(now < data.expiresAt().getEpochSecond() + FuzzFixtures.SKEW_SECONDS, "expired: " + data);
        assertTrue(data.issuedAt().getEpochSecond() <= now + FuzzFixtures.SKEW_SECONDS, "issued later: " + data);
        assertFalse(data.createdAt().isAfter(data.issuedAt()), data::toString);
        AttributeAssertions.assertReadableOrUnreadable(data);

        String again;
        try {
            again = codec.seal(data);
        } catch (SessionException e) {
            // Another writer's token may hold a payload that Crumb's encoding makes longer: that
            // fails loudly when sealing, which is all that is asked.
            return;
        }
        OpenResult reopened = codec.open(again);
        assertEquals(data, Opened.valid(reopened).data().orElseThrow());
        assertFalse(IMPOSTOR.open(again).isValid());
    }
}
