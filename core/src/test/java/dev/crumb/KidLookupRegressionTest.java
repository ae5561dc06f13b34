package dev.crumb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Regression tests for an outside review's finding: with 66 or more ring keys, {@code open} built
 * the header of each key until one matched and its 64-entry cache was cleared whole, so a junk
 * cookie cost milliseconds with 10,000 keys and the timing told where the token's key sat. The
 * work is counted here, not timed: headers are encoded once per set of keys, never per request,
 * and finding a token's key allocates nothing.
 */
class KidLookupRegressionTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final int KEYS = 10_000;

    private static KeyRing ring(int size) {
        List<SessionKey> keys = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            keys.add(SessionKey.generate("k" + i, i % 2 == 0 ? ContentAlgorithm.A256GCM : ContentAlgorithm.A256CBC_HS512));
        }
        return KeyRing.of(keys.get(0), keys.subList(1, size).toArray(SessionKey[]::new));
    }

    private static SessionCodec codec(KeyRing ring, Clock clock, boolean compression) {
        CookieSessions.Builder b = CookieSessions.builder().keys(ring).cookie(CookieSpec.named("__Host-s")).clock(clock);
        if (compression) {
            b.enableCompressionDespiteLengthLeaks();
        }
        return b.build().codec();
    }

    private static SessionData session(Instant at) {
        return SessionData.builder().issuedAt(at).expiresAt(at.plusSeconds(3 * 3600)).attribute("a", 1).build();
    }

    @Test
    void open_withTenThousandKeys_encodesEachHeaderOnceNotPerRequest() {
        KeyRing ring = ring(KEYS);
        for (boolean compression : new boolean[] {false, true}) {
            SessionCodec codec = codec(ring, Clock.fixed(NOW, ZoneOffset.UTC), compression);
            String last = codec(KeyRing.of(ring.keys(NOW).get(KEYS - 1)), Clock.fixed(NOW, ZoneOffset.UTC), false)
                    .seal(session(NOW));
            String junk = "eyJhbGciOiJkaXIifQ..AAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA";

            assertFalse(codec.open(junk).isValid());
            long encoded = codec.headersEncoded();
            assertEquals(compression ? 2L * KEYS : KEYS, encoded);
            for (int i = 0; i < 1_000; i++) {
                assertFalse(codec.open(junk).isValid());
                assertTrue(Opened.valid(codec.open(last)).needsReseal());
                codec.seal(session(NOW));
            }
            assertEquals(encoded, codec.headersEncoded(), "headers encoded per request");
        }
    }

    @Test
    void findingTheKey_allocatesNothing() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        KeyRing ring = ring(KEYS);
        SessionCodec codec = codec(ring, Clock.fixed(NOW, ZoneOffset.UTC), true);
        String last = codec(KeyRing.of(ring.keys(NOW).get(KEYS - 1)), Clock.fixed(NOW, ZoneOffset.UTC), false)
                .seal(session(NOW));
        String unknown = codec(KeyRing.generate(), Clock.fixed(NOW, ZoneOffset.UTC), false).seal(session(NOW));
        int d1 = last.indexOf('.');
        assertTrue(codec.hasCanonicalHeader(last, d1));
        assertFalse(codec.hasCanonicalHeader(unknown, unknown.indexOf('.')));

        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        boolean all = true;
        for (int i = 0; i < 10_000; i++) {
            all &= codec.hasCanonicalHeader(last, d1);
            all &= !codec.hasCanonicalHeader(unknown, d1);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertTrue(all);
        // 20,000 lookups; reading the counter itself may allocate a little, a lookup nothing.
        assertTrue(allocated < 20_000, "20,000 lookups allocated " + allocated + " bytes");
    }

    @Test
    void rotatingRing_encodesItsThreeHeadersOncePerPeriod() {
        FakeClock clock = FakeClock.at(NOW.getEpochSecond());
        KeyRing ring = KeyRing.rotating(new byte[32], Duration.ofHours(1));
        SessionCodec codec = codec(ring, clock, false);
        String token = codec.seal(session(clock.instant()));
        for (int i = 0; i < 100; i++) {
            assertTrue(codec.open(token).isValid());
        }
        assertEquals(3, codec.headersEncoded());

        clock.advance(Duration.ofMinutes(61));
        OpenResult later = Opened.valid(codec.open(token));
        assertTrue(later.needsReseal());
        for (int i = 0; i < 100; i++) {
            codec.open(token);
        }
        assertEquals(6, codec.headersEncoded());
        clock.advance(Duration.ofHours(1));
        assertSame(OpenResult.rejected(RejectReason.UNKNOWN_KEY), codec.open(token));
    }
}
