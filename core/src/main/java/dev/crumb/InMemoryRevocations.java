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
 * <p>Entries are needed only until the sessions they void would have expired anyway, so each is
 * dropped after the absolute timeout given at construction; the list stays as small as the number
 * of revocations in that window.
 *
 * <p>In a cluster every node must see every revocation. Back this class with a shared source: on
 * each revocation, write the entry to a shared store (a database table, a Redis hash) and publish
 * it (Redis pub/sub, a message topic); every node applies published entries to its own instance
 * and, at start-up, loads the entries younger than the absolute timeout. Lookups then stay local
 * and non-blocking. Until an entry reaches a node, that node still accepts the session: size the
 * propagation delay into your security model.
 */
public final class InMemoryRevocations implements RevocationCheck {

    private static final Duration MAX_SKEW = Duration.ofMinutes(5);

    private final Clock clock;
    private final Duration retention;
    private final Map<String, Instant> subjects = new ConcurrentHashMap<>();
    private final Map<String, Instant> sessions = new ConcurrentHashMap<>();

    /**
     * @param retention how long an entry is kept: the sessions' absolute timeout
     * @param clock the clock to age entries by
     */
    public InMemoryRevocations(Duration retention, Clock clock) {
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive (use the absolute timeout), got " + retention);
        }
    }

    /** Voids every session of {@code subject} created before {@code before}. */
    public void revokeSubject(String subject, Instant before) {
        subjects.merge(Objects.requireNonNull(subject, "subject"), before,
                (a, b) -> a.isAfter(b) ? a : b);
        purge();
    }

    /**
     * Voids every session of {@code subject} created before this second; a session created (or
     * regenerated) from this second on stays valid, so a password change can keep the session
     * that made it by calling {@link Session#regenerate()} afterwards.
     */
    public void revokeSubject(String subject) {
        revokeSubject(subject, Instant.ofEpochSecond(clock.instant().getEpochSecond()));
    }

    /** Voids the session with that id. */
    public void revokeSession(String sessionId) {
        sessions.put(Objects.requireNonNull(sessionId, "sessionId"), clock.instant());
        purge();
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

    private void purge() {
        // Kept for the longest clock skew too, since sessions are accepted that much longer.
        Instant cutoff = clock.instant().minus(retention).minus(MAX_SKEW);
        subjects.values().removeIf(t -> t.isBefore(cutoff));
        sessions.values().removeIf(t -> t.isBefore(cutoff));
    }
}
