package dev.crumb.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crumb.SessionData;
import dev.crumb.redis.RevocationCache.Entry;
import dev.crumb.redis.RevocationCache.Kind;
import dev.crumb.redis.RevocationCache.Next;
import dev.crumb.redis.RevocationCache.Notification;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The bookkeeping of one node's copy, with a hand-moved clock and no Redis. */
class RevocationCacheTest {

    private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");
    private static final long BOUND = 1000;
    private static final long RETENTION = Duration.ofHours(12).plusSeconds(30).toMillis();

    private final TestClock clock = new TestClock(T0);

    private RevocationCache cache(boolean failOpen) {
        return new RevocationCache(clock, RETENTION, BOUND, failOpen);
    }

    private static SessionData session(String id, String subject, Instant created) {
        return SessionData.builder().id(id).subject(subject).createdAt(created)
                .issuedAt(created).expiresAt(created.plus(Duration.ofHours(1))).build();
    }

    private static String note(long n, Kind kind, String name, long millis) {
        return Notification.format(n, new Entry(kind, name, millis));
    }

    private long now() {
        return clock.millis();
    }

    /** A cache confirmed at counter 0 right now. */
    private RevocationCache current(boolean failOpen) {
        RevocationCache c = cache(failOpen);
        c.onResync(now(), 0, c.applied(), List.of());
        return c;
    }

    @Test
    void revokedSessionId_isRevoked_othersAreNot() {
        RevocationCache c = current(false);
        c.onNotification(note(1, Kind.SESSION, "sid-1", now()));
        assertTrue(c.isRevoked(session("sid-1", null, T0)));
        assertFalse(c.isRevoked(session("sid-2", null, T0)));
    }

    @Test
    void subjectFloor_voidsOlderSessions_sparesSessionsCreatedFromTheFloorOn() {
        RevocationCache c = current(false);
        c.onNotification(note(1, Kind.SUBJECT, "alice", T0.toEpochMilli()));
        assertTrue(c.isRevoked(session("a", "alice", T0.minusSeconds(1))));
        assertFalse(c.isRevoked(session("b", "alice", T0)));
        assertFalse(c.isRevoked(session("c", "alice", T0.plusSeconds(5))));
        assertFalse(c.isRevoked(session("d", "bob", T0.minusSeconds(1))));
        assertFalse(c.isRevoked(session("e", null, T0.minusSeconds(1))));
    }

    @Test
    void subjectFloor_onlyMovesForward() {
        RevocationCache c = current(false);
        c.apply(new Entry(Kind.SUBJECT, "alice", T0.toEpochMilli()));
        c.apply(new Entry(Kind.SUBJECT, "alice", T0.minusSeconds(60).toEpochMilli()));
        assertTrue(c.isRevoked(session("a", "alice", T0.minusSeconds(30))));
    }

    @Test
    void failClosed_refusesEverySession_untilFirstConfirmed() {
        RevocationCache c = cache(false);
        assertFalse(c.isCurrent());
        assertTrue(c.isRevoked(session("fresh", null, T0)));
        assertEquals(Next.RESYNC, c.onPoll(now(), 0, c.applied()));
        c.onResync(now(), 0, c.applied(), List.of());
        assertTrue(c.isCurrent());
        assertFalse(c.isRevoked(session("fresh", null, T0)));
    }

    @Test
    void failClosed_refusesEverySession_onceTheBoundHasPassed() {
        RevocationCache c = current(false);
        clock.advance(Duration.ofMillis(BOUND));
        assertFalse(c.isRevoked(session("s", null, T0)), "at the bound itself the copy is still current");
        clock.advance(Duration.ofMillis(1));
        assertFalse(c.isCurrent());
        assertTrue(c.isRevoked(session("s", null, T0)));
        assertEquals(Next.NOTHING, c.onPoll(now(), 0, c.applied()));
        assertFalse(c.isRevoked(session("s", null, T0)));
    }

    @Test
    void failOpen_keepsUsingLastKnownRevocations_whenStale() {
        RevocationCache c = current(true);
        c.onNotification(note(1, Kind.SESSION, "gone", now()));
        clock.advance(Duration.ofMinutes(10));
        assertFalse(c.isCurrent());
        assertTrue(c.isRevoked(session("gone", null, T0)));
        assertFalse(c.isRevoked(session("kept", null, T0)));
    }

    @Test
    void poll_confirmsAsOfItsSendTime_whenEveryNumberArrived() {
        RevocationCache c = current(false);
        long sent = now();
        c.onNotification(note(1, Kind.SESSION, "x", now()));
        clock.advance(Duration.ofMillis(900));
        assertEquals(Next.NOTHING, c.onPoll(sent + 500, 1, c.applied()));
        assertEquals(sent + 500, c.currentAsOf());
        clock.advance(Duration.ofMillis(600));
        assertTrue(c.isCurrent(), "confirmed as of the poll, not of the resync");
    }

    @Test
    void lostNotification_isNotConfirmed_andAsksForResyncAtTheNextPoll() {
        RevocationCache c = current(false);
        // Number 1 never arrives; 2 does.
        c.onNotification(note(2, Kind.SESSION, "two", now()));
        clock.advance(Duration.ofMillis(250));
        assertEquals(Next.NOTHING, c.onPoll(now(), 2, c.applied()), "1 may still be in flight");
        long confirmed = c.currentAsOf();
        clock.advance(Duration.ofMillis(250));
        assertEquals(Next.RESYNC, c.onPoll(now(), 2, c.applied()));
        assertEquals(confirmed, c.currentAsOf(), "a gap never confirms");
        // Until the resync succeeds, every poll asks again.
        assertEquals(Next.RESYNC, c.onPoll(now(), 2, c.applied()));
        long resyncAt = now();
        c.onResync(resyncAt, 2, c.applied(), List.of(new Entry(Kind.SESSION, "one", now())));
        assertTrue(c.isRevoked(session("one", null, T0)));
        assertTrue(c.isRevoked(session("two", null, T0)));
        assertEquals(resyncAt, c.currentAsOf());
        assertEquals(Next.NOTHING, c.onPoll(now(), 2, c.applied()));
    }

    @Test
    void outOfOrderNotifications_fillTheGap() {
        RevocationCache c = current(false);
        c.onNotification(note(3, Kind.SESSION, "c", now()));
        c.onNotification(note(2, Kind.SESSION, "b", now()));
        assertEquals(Next.NOTHING, c.onPoll(now(), 3, c.applied()));
        c.onNotification(note(1, Kind.SESSION, "a", now()));
        clock.advance(Duration.ofMillis(250));
        assertEquals(Next.NOTHING, c.onPoll(now(), 3, c.applied()));
        assertEquals(now(), c.currentAsOf());
    }

    @Test
    void steadyWrites_keepTheCopyCurrent_thoughEveryPollSeesNumbersInFlight() {
        RevocationCache c = current(false);
        long n = 0;
        for (int i = 0; i < 40; i++) {
            // The poll sees one number whose notification has not arrived yet.
            assertEquals(Next.NOTHING, c.onPoll(now(), n + 1, c.applied()));
            c.onNotification(note(++n, Kind.SESSION, "s" + n, now()));
            clock.advance(Duration.ofMillis(250));
            assertTrue(c.isCurrent(), "poll " + i);
        }
    }

    @Test
    void counterGoneBack_asksForResync_andKeepsWhatWasKnown() {
        RevocationCache c = current(false);
        c.onNotification(note(1, Kind.SESSION, "known", now()));
        c.onNotification(note(2, Kind.SUBJECT, "alice", now()));
        assertEquals(Next.RESYNC, c.onPoll(now(), 0, c.applied()));
        assertTrue(c.onResync(now(), 0, c.applied(), List.of()), "reported as a reset");
        assertTrue(c.isRevoked(session("known", null, T0)));
        assertTrue(c.isRevoked(session("x", "alice", T0.minusSeconds(1))));
        // Numbering starts again from Redis's counter.
        c.onNotification(note(1, Kind.SESSION, "after", now()));
        assertEquals(Next.NOTHING, c.onPoll(now(), 1, c.applied()));
        assertTrue(c.isRevoked(session("after", null, T0)));
    }

    @Test
    void notificationsPastTheCounter_whileAPollWasOnItsWay_areNoReset() {
        RevocationCache c = current(false);
        long appliedAtSend = c.applied();
        // The poll read counter 0; numbers 1 and 2 arrived before its reply was handled.
        c.onNotification(note(1, Kind.SESSION, "a", now()));
        c.onNotification(note(2, Kind.SESSION, "b", now()));
        assertEquals(Next.NOTHING, c.onPoll(now(), 0, appliedAtSend));
        assertFalse(c.onResync(now(), 0, appliedAtSend, List.of()), "not reported as a reset");
        assertEquals(2, c.applied());
    }

    @Test
    void malformedNotification_asksForResync() {
        RevocationCache c = current(false);
        for (String bad : new String[] {"", "1", "1 sid 5", "x sid 5 a", "1 zzz 5 a", "1 sid x a", "0 sid 5 a", "1 sid 5 "}) {
            assertNull(Notification.parse(bad), bad);
        }
        c.onNotification("1 sid 5");
        assertEquals(Next.RESYNC, c.onPoll(now(), 0, c.applied()));
    }

    @Test
    void notification_roundTrips_namesWithSpaces() {
        Entry e = new Entry(Kind.SUBJECT, "Alice Smith <a@example.org>", 1234L);
        Notification n = Notification.parse(Notification.format(7, e));
        assertEquals(7, n.number());
        assertEquals(e, n.entry());
    }

    @Test
    void prune_dropsEntriesOnlyOnceTheirSessionsHaveExpired() {
        RevocationCache c = current(false);
        c.apply(new Entry(Kind.SESSION, "old", now()));
        c.apply(new Entry(Kind.SUBJECT, "alice", now()));
        clock.advance(Duration.ofMillis(RETENTION));
        c.prune();
        assertEquals(2, c.size());
        clock.advance(Duration.ofMillis(1));
        c.prune();
        assertEquals(0, c.size());
    }

    /**
     * Whatever notifications are lost, delayed or reordered, a confirmation as of t means every
     * entry numbered at or below the counter seen at t is held: seeded random schedules.
     */
    @Test
    void confirmation_impliesEveryCountedEntryIsHeld_randomSchedules() {
        long seed = new Random().nextLong();
        try {
            Random rnd = new Random(seed);
            for (int round = 0; round < 200; round++) {
                checkSchedule(rnd);
            }
        } catch (AssertionError e) {
            throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
        }
    }

    private void checkSchedule(Random rnd) {
        // Fail open, so that a lookup shows what is held rather than the staleness.
        RevocationCache c = cache(true);
        Map<Long, Entry> redis = new HashMap<>();
        List<Long> inFlight = new ArrayList<>();
        Map<Long, Long> counterAt = new HashMap<>();
        long counter = 0;
        for (int step = 0; step < 60; step++) {
            int action = rnd.nextInt(10);
            if (action < 4) {
                counter++;
                Entry e = new Entry(Kind.SESSION, "s" + counter, now());
                redis.put(counter, e);
                if (rnd.nextInt(5) > 0) {
                    inFlight.add(counter); // delivered later, in some order; else lost
                }
            } else if (action < 7 && !inFlight.isEmpty()) {
                long n = inFlight.remove(rnd.nextInt(inFlight.size()));
                c.onNotification(Notification.format(n, redis.get(n)));
            } else {
                clock.advance(Duration.ofMillis(rnd.nextInt(300)));
                long before = c.currentAsOf();
                counterAt.putIfAbsent(now(), counter);
                if (c.onPoll(now(), counter, c.applied()) == Next.RESYNC) {
                    counterAt.putIfAbsent(now(), counter);
                    c.onResync(now(), counter, c.applied(), List.copyOf(redis.values()));
                }
                if (c.currentAsOf() != before) {
                    // Confirmed as of some poll: everything counted when it was sent is here.
                    long seen = counterAt.get(c.currentAsOf());
                    for (long n = 1; n <= seen; n++) {
                        assertTrue(c.isRevoked(session(redis.get(n).name(), null, T0)), "entry " + n + " missing");
                    }
                }
            }
        }
    }
}
