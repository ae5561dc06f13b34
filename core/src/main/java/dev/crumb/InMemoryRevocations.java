package dev.crumb;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link RevocationCheck} kept in this JVM's memory: void every session of a subject issued
 * before an instant ("log out everywhere"), or one session by id.
 *
 * <pre>{@code
 * InMemoryRevocations revocations = new InMemoryRevocations();
 * CookieSessions sessions = CookieSessions.builder().keys(keys).revocation(revocations).build();
 * revocations.revokeSubject("alice");
 * }</pre>
 *
 * <p>It takes its clock and how long to keep entries from the {@link CookieSessions} it is given
 * to: an entry is needed only until the sessions it voids would have expired anyway (their
 * absolute timeout plus the clock skew), so the list stays as small as the number of revocations
 * in that window.
 *
 * <p>In a cluster every node must see every revocation: use {@code crumb-redis}, or back this
 * class with a shared source: on each revocation, write the entry to a shared store and publish
 * it; every node applies published entries to its own instance and, at start-up, loads the
 * entries younger than the absolute timeout. Lookups then stay local and non-blocking. Until an
 * entry reaches a node, that node still accepts the session: size the propagation delay into
 * your security model.
 */
public final class InMemoryRevocations implements RevocationCheck {

    private final Map<String, Instant> subjects = new ConcurrentHashMap<>();
    private final Map<String, Instant> sessions = new ConcurrentHashMap<>();
    private volatile Clock clock;
    private volatile Duration retention;

    /** An empty list; give it to {@link CookieSessions.Builder#revocation} before revoking. */
    public InMemoryRevocations() {}

    @Override
    public synchronized void bind(Duration maxSessionAge, Clock clock) {
        Objects.requireNonNull(maxSessionAge, "maxSessionAge");
        Objects.requireNonNull(clock, "clock");
        if (this.clock != null && !this.clock.equals(clock)) {
            throw new IllegalArgumentException("this InMemoryRevocations already serves sessions timed by another "
                    + "clock; give each CookieSessions with its own clock its own InMemoryRevocations");
        }
        this.clock = clock;
        if (retention == null || retention.compareTo(maxSessionAge) < 0) {
            retention = maxSessionAge;
        }
    }

    /** Voids every session of {@code subject} created before {@code before}. */
    public void revokeSubject(String subject, Instant before) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(before, "before");
        Clock c = boundClock();
        subjects.merge(subject, before, (a, b) -> a.isAfter(b) ? a : b);
        purge(c);
    }

    /**
     * Voids every session of {@code subject} created before this second; a session created (or
     * regenerated) from this second on stays valid, so a password change can keep the session
     * that made it by calling {@link Session#regenerate()} afterwards.
     */
    public void revokeSubject(String subject) {
        revokeSubject(subject, Instant.ofEpochSecond(boundClock().instant().getEpochSecond()));
    }

    /** Voids the session with that id. */
    public void revokeSession(String sessionId) {
        Objects.requireNonNull(sessionId, "sessionId");
        Clock c = boundClock();
        sessions.put(sessionId, c.instant());
        purge(c);
    }

    @Override
    public boolean isRevoked(SessionData session) {
        if (sessions.containsKey(session.id())) {
            return true;
        }
        String sub = session.subject().orElse(null);
        if (sub == null) {
            return false;
        }
        Instant before = subjects.get(sub);
        return before != null && session.createdAt().isBefore(before);
    }

    /** Number of entries held, for metrics. */
    public int size() {
        return subjects.size() + sessions.size();
    }

    private Clock boundClock() {
        Clock c = clock;
        if (c == null) {
            throw new IllegalStateException("this InMemoryRevocations is not in use yet: pass it to "
                    + "CookieSessions.builder().revocation(...) and build, then revoke");
        }
        return c;
    }

    private void purge(Clock c) {
        Instant cutoff = c.instant().minus(retention);
        subjects.values().removeIf(t -> t.isBefore(cutoff));
        sessions.values().removeIf(t -> t.isBefore(cutoff));
    }
}
