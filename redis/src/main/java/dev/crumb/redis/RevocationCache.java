package dev.crumb.redis;

import dev.crumb.SessionData;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One node's copy of the revocations and how current that copy is known to be. Pure logic, no
 * I/O: {@link RedisRevocations} feeds it what Redis says, so the rules are tested with a fake clock.
 *
 * <p>Every revocation written to Redis takes the next number of a counter in the same atomic
 * script, and its notification carries that number. The copy is <em>current as of t</em> when a
 * read of the counter sent at t found every number up to the counter's value applied here:
 * everything Redis acknowledged before t is then known. Numbers that never arrive (a notification
 * lost while the subscription reconnected) keep the copy from being confirmed; if they are still
 * missing at the next poll, the caller reloads everything from Redis.
 *
 * <p>The lookup maps are read by request threads without locking; the counter bookkeeping is
 * guarded by this object's monitor and touched only by notifications and polls.
 */
final class RevocationCache {

    /** What the caller does after a poll of the counter. */
    enum Next {
        /** Nothing: the copy is confirmed, or the missing numbers may still be in flight. */
        NOTHING,
        /** Reload every entry from Redis: numbers are missing, or Redis's counter went back. */
        RESYNC
    }

    /** One revocation: a session id or a subject floor, with its time in epoch milliseconds. */
    record Entry(Kind kind, String name, long millis) {}

    /** The two kinds of revocation, with their tag in keys and notifications. */
    enum Kind {
        /** One session, by id; {@code millis} is when it was revoked. */
        SESSION("sid"),
        /** Every session of a subject created before {@code millis}. */
        SUBJECT("sub");

        final String tag;

        Kind(String tag) {
            this.tag = tag;
        }

        static Kind ofTag(String tag) {
            for (Kind k : values()) {
                if (k.tag.equals(tag)) {
                    return k;
                }
            }
            return null;
        }
    }

    private final Clock clock;
    private final long retentionMillis;
    private final long maxStalenessMillis;
    private final boolean failOpen;

    private final Map<String, Long> sessions = new ConcurrentHashMap<>();
    private final Map<String, Long> subjects = new ConcurrentHashMap<>();
    /** The copy is current until this instant (epoch ms) unless confirmed again. */
    private volatile long currentUntil = Long.MIN_VALUE;
    private volatile long currentAsOf = Long.MIN_VALUE;

    // Guarded by this.
    private long applied;
    private final TreeSet<Long> ahead = new TreeSet<>();
    private boolean resyncNeeded = true;
    private long awaited = -1;
    private long awaitedSince;

    RevocationCache(Clock clock, long retentionMillis, long maxStalenessMillis, boolean failOpen) {
        this.clock = clock;
        this.retentionMillis = retentionMillis;
        this.maxStalenessMillis = maxStalenessMillis;
        this.failOpen = failOpen;
    }

    /** The hot path: two map lookups and a clock read. */
    boolean isRevoked(SessionData session) {
        if (!failOpen && clock.millis() > currentUntil) {
            return true;
        }
        if (!sessions.isEmpty() && sessions.containsKey(session.id())) {
            return true;
        }
        if (subjects.isEmpty()) {
            return false;
        }
        String subject = session.subject().orElse(null);
        if (subject == null) {
            return false;
        }
        Long floor = subjects.get(subject);
        return floor != null && session.createdAt().toEpochMilli() < floor;
    }

    /** Whether the copy is confirmed within the staleness bound at this moment. */
    boolean isCurrent() {
        return clock.millis() <= currentUntil;
    }

    /** When the copy was last confirmed (epoch ms), or {@link Long#MIN_VALUE} if never. */
    long currentAsOf() {
        return currentAsOf;
    }

    /** Adds an entry; a later floor or revocation time wins, as in Redis. */
    void apply(Entry e) {
        Map<String, Long> map = e.kind() == Kind.SESSION ? sessions : subjects;
        map.merge(e.name(), e.millis(), Math::max);
    }

    /**
     * A notification {@code "<number> <kind> <millis> <name>"}. A malformed one (another writer
     * on the channel) cannot be trusted to be complete, so it asks for a reload.
     */
    void onNotification(String message) {
        Notification n = Notification.parse(message);
        if (n == null) {
            synchronized (this) {
                resyncNeeded = true;
            }
            return;
        }
        apply(n.entry());
        synchronized (this) {
            if (n.number() == applied + 1) {
                applied++;
                while (!ahead.isEmpty() && ahead.first() <= applied + 1) {
                    applied = Math.max(applied, ahead.pollFirst());
                }
            } else if (n.number() > applied + 1) {
                ahead.add(n.number());
            }
        }
    }

    /**
     * The counter read by a poll sent at {@code sentAt} (epoch ms), when {@code appliedAtSend}
     * (from {@link #applied()}) were applied here, had the value {@code counter}.
     * Confirms the copy when every number up to it is here; when some are missing, confirms the
     * previous poll's instant if every number it saw has arrived since, and asks for a reload
     * when they have not.
     */
    synchronized Next onPoll(long sentAt, long counter, long appliedAtSend) {
        // Compared with what was applied when the poll was sent: notifications that arrived since
        // may already be past the counter's value, and that is no reset.
        if (resyncNeeded || counter < appliedAtSend) {
            resyncNeeded = true;
            return Next.RESYNC;
        }
        if (counter <= applied) {
            awaited = -1;
            confirm(sentAt);
            return Next.NOTHING;
        }
        if (awaited >= 0) {
            if (applied < awaited) {
                resyncNeeded = true;
                return Next.RESYNC;
            }
            // Notifications keep coming; what the previous poll saw has all arrived.
            confirm(awaitedSince);
        }
        awaited = counter;
        awaitedSince = sentAt;
        return Next.NOTHING;
    }

    /**
     * A reload started at {@code sentAt} (epoch ms), after reading the counter's value
     * {@code counter} when {@code appliedAtSend} were applied here, found these entries. Entries held here but gone from Redis are kept until
     * they expire here: a Redis that lost data must not bring a revoked session back.
     *
     * @return true if Redis's counter had gone back (it lost data or was flushed)
     */
    boolean onResync(long sentAt, long counter, long appliedAtSend, List<Entry> entries) {
        for (Entry e : entries) {
            apply(e);
        }
        boolean reset;
        synchronized (this) {
            reset = counter < appliedAtSend;
            if (reset) {
                ahead.clear();
                applied = counter;
            } else {
                applied = Math.max(applied, counter);
                ahead.headSet(applied, true).clear();
                while (!ahead.isEmpty() && ahead.first() == applied + 1) {
                    applied = ahead.pollFirst();
                }
            }
            resyncNeeded = false;
            awaited = -1;
            confirm(sentAt);
        }
        return reset;
    }

    /** The highest number up to which every notification was applied; read it before the counter. */
    synchronized long applied() {
        return applied;
    }

    /** Asks for a reload at the next poll. */
    synchronized void requestResync() {
        resyncNeeded = true;
    }

    /** Drops entries whose sessions have expired anyway. */
    void prune() {
        long cutoff = clock.millis() - retentionMillis;
        sessions.values().removeIf(t -> t < cutoff);
        subjects.values().removeIf(t -> t < cutoff);
    }

    /** Number of entries held. */
    int size() {
        return sessions.size() + subjects.size();
    }

    private void confirm(long at) {
        if (at > currentAsOf) {
            currentAsOf = at;
            currentUntil = at + maxStalenessMillis;
            notifyAll();
        }
    }

    /** Waits (really) until the copy is confirmed, for start-up; false on timeout. */
    synchronized boolean awaitCurrent(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (!isCurrent()) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /** A parsed notification. */
    record Notification(long number, Entry entry) {

        static String format(long number, Entry e) {
            return number + " " + e.kind().tag + " " + e.millis() + " " + e.name();
        }

        static Notification parse(String message) {
            if (message == null) {
                return null;
            }
            String[] parts = message.split(" ", 4);
            if (parts.length != 4) {
                return null;
            }
            Kind kind = Kind.ofTag(parts[1]);
            if (kind == null || parts[3].isEmpty()) {
                return null;
            }
            try {
                long number = Long.parseLong(parts[0]);
                long millis = Long.parseLong(parts[2]);
                return number > 0 ? new Notification(number, new Entry(kind, parts[3], millis)) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
