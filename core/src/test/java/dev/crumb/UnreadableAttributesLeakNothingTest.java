package dev.crumb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 15: the message for unreadable attributes quoted their content (Jackson's messages hold up
 * to 256 characters of the bad token), and it reached the warning log and
 * {@link SessionException}. A key holder seals a recognisable secret into broken attributes;
 * no log record and no exception message may contain it.
 */
class UnreadableAttributesLeakNothingTest {

    private static final String SECRET = "Sup3rS3cretT0ken";

    private final FakeClock clock = FakeClock.at(CookieSessionsTest.T0);
    private final CookieSessions sessions = CookieSessions.builder().keys(KeyRing.generate())
            .cookie(CookieSpec.named("__Host-s")).clock(clock).build();

    /** Every record of Crumb's loggers, formatted as a handler would. */
    private static final class Captured extends Handler implements AutoCloseable {
        final List<String> lines = new ArrayList<>();
        private final Logger logger = Logger.getLogger("dev.crumb");
        private final Level level = logger.getLevel();

        Captured() {
            logger.setLevel(Level.ALL);
            logger.addHandler(this);
        }

        @Override
        public void publish(LogRecord r) {
            Object[] p = r.getParameters();
            lines.add(p == null ? r.getMessage() : java.text.MessageFormat.format(r.getMessage(), p));
            if (r.getThrown() != null) {
                for (Throwable t = r.getThrown(); t != null; t = t.getCause()) {
                    lines.add(String.valueOf(t.getMessage()));
                }
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {
            logger.removeHandler(this);
            logger.setLevel(level);
        }
    }

    private static void assertNoSecret(Throwable e, List<String> seen) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            seen.add(t.toString());
            assertFalse(String.valueOf(t.getMessage()).contains(SECRET), t.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"a\":" + SECRET + "}",                          // unrecognized token
        "{\"a\":\"" + SECRET + "\\q\"}",                    // bad escape inside the secret string
        "{\"a\":tru" + SECRET + "}",
        "{\"" + SECRET + "\":1,\"" + SECRET + "\":2}",      // the secret as a duplicate name
        "{\"a\":[\"" + SECRET + "\",]}",
        "{\"a\":\"" + SECRET + "\u0001\"}",                 // control character after the secret
        "{\"a\":1" + SECRET + "}",
        "{\"a\":{\"b\":\"" + SECRET + "\" \"c\"}}"})
    void brokenAttributesHoldingASecret_neverShowItInALogOrAMessage(String attrs) {
        long now = CookieSessionsTest.T0;
        String payload = "{\"sid\":\"s1\",\"sub\":\"u\",\"iat\":" + now + ",\"exp\":" + (now + 600)
                + ",\"auth_time\":" + now + ",\"attrs\":" + attrs + "}";
        SessionCodec codec = (SessionCodec) sessions.codec();
        String token = codec.seal(payload.getBytes(StandardCharsets.UTF_8), null);
        List<String> seen = new ArrayList<>();

        try (Captured log = new Captured()) {
            OpenResult result = codec.open(token);
            assertTrue(result.isValid(), attrs);
            SessionData data = result.data().orElseThrow();
            assertFalse(data.attributesReadable());
            assertFalse(data.toString().contains(SECRET));
            assertNoSecret(assertThrows(SessionException.class, data::attributeNames), seen);
            assertNoSecret(assertThrows(SessionException.class, () -> data.get("a")), seen);
            assertNoSecret(assertThrows(SessionException.class, () -> data.get("a", String.class)), seen);
            assertNoSecret(assertThrows(SessionException.class, () -> data.toBuilder().attribute("x", 1).build()), seen);

            Session session = sessions.load("__Host-s=" + token);
            assertEquals(null, session.get("a"));
            assertEquals(List.of(), List.copyOf(session.attributeNames()));
            assertFalse(session.toString().contains(SECRET));
            session.put("fresh", 1);
            assertFalse(String.join(";", sessions.commit(session)).isEmpty());

            seen.addAll(log.lines);
            assertFalse(log.lines.isEmpty(), "the drop is logged");
            for (String line : log.lines) {
                assertFalse(line.contains(SECRET), line);
            }
        }
        assertFalse(seen.isEmpty());
    }
}
