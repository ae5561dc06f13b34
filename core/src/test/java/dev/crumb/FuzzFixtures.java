package dev.crumb;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What the fuzz tests share: the keys, cookie name and clock of the session known-answer vectors
 * (so the committed seed corpus holds tokens that open), the same kids with other secrets (what an
 * attacker who read a cookie's header knows), and a watch on Crumb's log for exceptions that a
 * catch-all turned into a rejection.
 */
final class FuzzFixtures {

    /** The cookie name of the known-answer vectors. */
    static final String COOKIE = "__Host-sess";
    /** A minute after the known-answer vectors were issued: they are valid for 29 more. */
    static final Instant NOW = Instant.ofEpochSecond(1_767_225_660L);
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    /** The default clock skew, within which an expired or future token still opens. */
    static final long SKEW_SECONDS = 30;

    static final SessionKey GCM = SessionKey.of("k-2026-01", ContentAlgorithm.A256GCM,
            TestVectors.hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"));
    static final SessionKey CBC = SessionKey.of("k-2026-02", ContentAlgorithm.A256CBC_HS512, TestVectors.hex(
            "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
                    + "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"));
    /** Both vector keys; the A256GCM one seals. */
    static final KeyRing RING = KeyRing.of(GCM, CBC);
    /** The vector keys' kids and algorithms with secrets nobody sealed with. */
    static final KeyRing IMPOSTORS = KeyRing.of(
            SessionKey.of(GCM.kid(), ContentAlgorithm.A256GCM, new byte[32]),
            SessionKey.of(CBC.kid(), ContentAlgorithm.A256CBC_HS512, new byte[64]));

    private static final List<LogRecord> THROWN = new ArrayList<>();
    // JUL holds loggers weakly: this reference keeps the level and handler in place.
    private static final Logger CRUMB_LOG = Logger.getLogger("dev.crumb");

    static {
        CRUMB_LOG.setLevel(Level.ALL);
        CRUMB_LOG.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getThrown() != null) {
                    synchronized (THROWN) {
                        THROWN.add(record);
                    }
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });
    }

    private FuzzFixtures() {}

    static SessionCodec codec(KeyRing ring, boolean compression) {
        CookieSessions.Builder b = CookieSessions.builder().keys(ring).cookie(CookieSpec.named(COOKIE)).clock(CLOCK);
        if (compression) {
            b.enableCompressionDespiteLengthLeaks();
        }
        return b.build().codec();
    }

    /** Forgets exceptions logged before this input (by other tests sharing the JVM, say). */
    static void forgetLoggedExceptions() {
        synchronized (THROWN) {
            THROWN.clear();
        }
    }

    /**
     * Fails if Crumb logged an exception since {@link #forgetLoggedExceptions}: every path of
     * {@code open} and {@code load} returns a reason, so an exception caught by a last-resort handler is a bug
     * even though the caller never sees it.
     */
    static void assertNoExceptionLogged() {
        synchronized (THROWN) {
            if (!THROWN.isEmpty()) {
                LogRecord first = THROWN.get(0);
                THROWN.clear();
                throw new AssertionError("Crumb logged an exception: " + first.getMessage(), first.getThrown());
            }
        }
    }
}
