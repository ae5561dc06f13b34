package dev.crumb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** InMemoryRevocations takes its clock and retention from the CookieSessions it is given to. */
class InMemoryRevocationsTest {

    final FakeClock clock = FakeClock.at(CookieSessionsTest.T0);

    private CookieSessions sessions(InMemoryRevocations revocations, Duration absolute, FakeClock at) {
        return CookieSessions.builder().keys(KeyRing.generate()).clock(at).absoluteTimeout(absolute)
                .clockSkew(Duration.ofSeconds(30)).revocation(revocations).build();
    }

    @Test
    void revokingBeforeAnySessionsUseIt_failsNamingTheFix() {
        InMemoryRevocations revocations = new InMemoryRevocations();

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> revocations.revokeSubject("ann"));

        assertTrue(e.getMessage().contains("CookieSessions.builder().revocation(...)"), e.getMessage());
    }

    @Test
    void entriesLiveTheLongestSessionAgeOfTheInstancesUsingIt() {
        InMemoryRevocations revocations = new InMemoryRevocations();
        sessions(revocations, Duration.ofHours(1), clock);
        sessions(revocations, Duration.ofHours(12), clock);
        revocations.revokeSession("old");

        clock.advance(Duration.ofHours(12));
        revocations.revokeSession("new");
        assertEquals(2, revocations.size(), "kept for 12 h plus the skew, not 1 h");

        clock.advance(Duration.ofSeconds(31));
        revocations.revokeSession("newer");
        assertEquals(2, revocations.size(), "the first entry is gone after 12 h 30 s");
    }

    @Test
    void sessionsTimedByAnotherClock_failWhenBuilt() {
        InMemoryRevocations revocations = new InMemoryRevocations();
        sessions(revocations, Duration.ofHours(12), clock);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sessions(revocations, Duration.ofHours(12), FakeClock.at(CookieSessionsTest.T0)));

        assertTrue(e.getMessage().contains("its own InMemoryRevocations"), e.getMessage());
    }
}
