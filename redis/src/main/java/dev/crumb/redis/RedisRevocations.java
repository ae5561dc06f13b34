package dev.crumb.redis;

import dev.crumb.RevocationCheck;
import dev.crumb.Session;
import dev.crumb.SessionData;
import dev.crumb.redis.RevocationCache.Entry;
import dev.crumb.redis.RevocationCache.Kind;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A {@link RevocationCheck} whose revocations are shared by every node of a cluster through
 * Redis (or Valkey): "log out everywhere" on one node holds on all of them.
 *
 * <pre>{@code
 * RedisRevocations revocations = RedisRevocations.builder()
 *     .uri("redis://redis.internal:6379/0")
 *     .absoluteTimeout(Duration.ofHours(12))     // the same as the sessions'
 *     .clockSkew(Duration.ofSeconds(30))         // the same as the sessions'
 *     .build();
 * CookieSessions sessions = CookieSessions.builder()
 *     .keys(keys)
 *     .absoluteTimeout(Duration.ofHours(12))
 *     .clockSkew(Duration.ofSeconds(30))
 *     .revocation(revocations)
 *     .build();
 *
 * revocations.revokeSubject(userId);            // password changed: every device logs out
 * revocations.revokeSession(session.id());      // this one stolen cookie
 * }</pre>
 *
 * <p><b>Requests never wait for Redis.</b> Each node keeps a copy of the revocations in memory;
 * {@link #isRevoked} is two map lookups. The copy is kept current by Redis pub/sub, and confirmed
 * by a poll of a counter several times per staleness bound; a notification that was lost (the
 * subscription reconnecting, say) shows as a missing number, and the node reloads every entry.
 * So a revocation acknowledged by Redis is seen by every node within {@link Builder#maxStaleness}
 * (1 second by default), usually within milliseconds.
 *
 * <p><b>When Redis cannot be reached</b> for longer than the bound, the {@link FailurePolicy}
 * decides: {@link FailurePolicy#FAIL_CLOSED} (the default) refuses every session,
 * {@link FailurePolicy#FAIL_OPEN} keeps checking against the revocations last known and logs a
 * warning. Revoking needs Redis: {@link #revokeSubject} and {@link #revokeSession} return once
 * Redis acknowledged the entry, and throw {@link RevocationStoreException} when it did not.
 *
 * <p><b>What Redis holds</b>: under the key prefix ({@code crumb:revocation:} by default),
 * {@code sid:<session id>} and {@code sub:<subject>} with the time in epoch milliseconds, each with
 * a TTL of the absolute timeout plus the clock skew, after which no session it voids can still be
 * valid; a counter {@code seq}; notifications on the channel {@code events}. For a restart of
 * Redis to lose no acknowledged revocation, run it with {@code appendonly yes} and
 * {@code appendfsync always}, and {@code maxmemory-policy noeviction} (an evicted entry is a
 * revocation lost); with replicas, see {@link Builder#acknowledgedByReplicas}. The module's README
 * says why. A node warns at start-up when the server it reaches is set otherwise.
 *
 * <p>Redis Cluster is not supported: use one primary (with replicas and Sentinel if you like).
 * Thread-safe; build one per application and {@link #close()} it at shutdown.
 */
public final class RedisRevocations implements RevocationCheck, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RedisRevocations.class.getName());

    /** The largest clock skew {@code CookieSessions} accepts, so the safe default. */
    static final Duration MAX_SKEW = Duration.ofMinutes(5);
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(1);

    private final Clock clock;
    private final Duration retention;
    private final Duration maxStaleness;
    private final FailurePolicy policy;
    private final int replicas;
    private final Duration replicaTimeout;
    private final RevocationCache cache;
    private final RedisStore store;
    private final RedisClient client;
    /** Null when the application passed its own client. */
    private final ClientResources ownResources;
    private final ScheduledExecutorService worker;

    // Touched only by the worker thread.
    private boolean warnedStale;
    private boolean checkedDurability;
    private long lastPrune;

    private RedisRevocations(Builder b, RedisClient client, ClientResources ownResources) {
        this.clock = b.clock;
        this.retention = b.absoluteTimeout.plus(b.clockSkew);
        this.maxStaleness = b.maxStaleness;
        this.policy = b.policy;
        this.replicas = b.replicas;
        this.replicaTimeout = b.replicaTimeout;
        this.client = client;
        this.ownResources = ownResources;
        this.cache = new RevocationCache(clock, retention.toMillis(), maxStaleness.toMillis(),
                policy == FailurePolicy.FAIL_OPEN);
        this.store = new RedisStore(client, b.keyPrefix, b.commandTimeout);
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "crumb-redis-revocations");
            t.setDaemon(true);
            return t;
        });
        this.lastPrune = clock.millis();
        // Several polls per bound, so that one slow or lost poll does not let the copy go stale.
        long every = Math.max(1, maxStaleness.toMillis() / 4);
        worker.scheduleWithFixedDelay(this::tick, 0, every, TimeUnit.MILLISECONDS);
    }

    /** A builder; {@link Builder#uri} (or {@link Builder#client}) and {@link Builder#absoluteTimeout} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * True if the session is revoked, or if Redis could not confirm the revocations within the
     * bound and the policy is {@link FailurePolicy#FAIL_CLOSED}. Never blocks.
     */
    /**
     * Checks, when the {@code CookieSessions} that use this check are built, that entries live
     * as long as those sessions can: otherwise a revocation would expire from Redis while a
     * session it voids still opens.
     *
     * @throws IllegalArgumentException naming the fix if {@link Builder#absoluteTimeout} plus
     *     {@link Builder#clockSkew} is shorter than the sessions' absolute timeout plus skew
     */
    @Override
    public void bind(Duration maxSessionAge, Clock sessionsClock) {
        if (retention.compareTo(maxSessionAge) < 0) {
            throw new IllegalArgumentException("RedisRevocations keeps entries for " + retention
                    + " (its absoluteTimeout plus clockSkew), but the sessions it checks open for up to "
                    + maxSessionAge + " after creation; give RedisRevocations.builder() the sessions' own "
                    + "absoluteTimeout and clockSkew");
        }
    }

    @Override
    public boolean isRevoked(SessionData session) {
        return cache.isRevoked(session);
    }

    /**
     * Voids every session of {@code subject} created before this second, on every node; a
     * session created (or {@link Session#regenerate() regenerated}) from this second on stays
     * valid, so a password change can keep the session that made it.
     *
     * @throws RevocationStoreException if Redis did not acknowledge it
     */
    public void revokeSubject(String subject) {
        revokeSubject(subject, Instant.ofEpochSecond(clock.instant().getEpochSecond()));
    }

    /**
     * Voids every session of {@code subject} created before {@code before}, on every node.
     *
     * @throws RevocationStoreException if Redis did not acknowledge it
     */
    public void revokeSubject(String subject, Instant before) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(before, "before");
        // Sessions are created at whole milliseconds or coarser: round up so "before" stays exclusive.
        long millis = before.toEpochMilli() + (before.getNano() % 1_000_000 == 0 ? 0 : 1);
        store(new Entry(Kind.SUBJECT, subject, millis));
    }

    /**
     * Voids the session with this id, on every node.
     *
     * @throws RevocationStoreException if Redis did not acknowledge it
     */
    public void revokeSession(String sessionId) {
        Objects.requireNonNull(sessionId, "sessionId");
        if (sessionId.isEmpty()) {
            throw new IllegalArgumentException("sessionId must not be empty");
        }
        store(new Entry(Kind.SESSION, sessionId, clock.millis()));
    }

    private void store(Entry e) {
        // Here at once, whatever Redis says: this node never accepts what it was asked to revoke.
        cache.apply(e);
        Duration ttl = Duration.ofMillis(e.millis() - clock.millis()).plus(retention);
        if (ttl.isNegative() || ttl.isZero()) {
            return; // every session it would void has expired already
        }
        String what = e.kind() == Kind.SESSION ? "revocation of a session" : "revocation of a subject's sessions";
        try {
            store.write(e, ttl);
        } catch (RuntimeException ex) {
            throw new RevocationStoreException(what + " was not acknowledged by Redis (" + ex.getMessage()
                    + "); it holds on this node only. Retry once Redis is reachable", ex);
        }
        if (replicas > 0) {
            long acked;
            try {
                acked = store.awaitReplicas(replicas, replicaTimeout);
            } catch (RuntimeException ex) {
                throw new RevocationStoreException(what + " was written to the Redis primary, but waiting for "
                        + replicas + " replicas failed (" + ex.getMessage() + "). Retry to be sure", ex);
            }
            if (acked < replicas) {
                throw new RevocationStoreException(what + " was written to the Redis primary, but only " + acked
                        + " of " + replicas + " replicas acknowledged it within " + replicaTimeout
                        + "; a failover now could lose it. Retry to be sure", null);
            }
        }
    }

    /** Whether this node's copy is confirmed with Redis within the staleness bound right now. */
    public boolean isCurrent() {
        return cache.isCurrent();
    }

    /** When this node's copy was last confirmed with Redis; empty if never yet. */
    public Optional<Instant> currentAsOf() {
        long at = cache.currentAsOf();
        return at == Long.MIN_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(at));
    }

    /**
     * Waits until this node's copy is confirmed with Redis, for start-up (before the first
     * confirmation, {@link FailurePolicy#FAIL_CLOSED} refuses every session).
     *
     * @return false if it was not confirmed within {@code timeout}
     */
    public boolean awaitCurrent(Duration timeout) throws InterruptedException {
        return cache.awaitCurrent(timeout.toMillis());
    }

    /** Number of revocations held on this node, for metrics. */
    public int size() {
        return cache.size();
    }

    /** The policy while Redis cannot confirm the revocations. */
    public FailurePolicy failurePolicy() {
        return policy;
    }

    /** Stops polling and closes the connections (and the client, if this instance made it). */
    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
        if (ownResources != null) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            ownResources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    @Override
    public String toString() {
        return "RedisRevocations[maxStaleness=" + maxStaleness + ", " + policy + ", retention=" + retention
                + ", entries=" + cache.size() + ", current=" + cache.isCurrent() + "]";
    }

    /** One round of the worker: subscribe if not yet, poll the counter, reload if told, prune. */
    private void tick() {
        try {
            if (store.subscribe(cache::onNotification)) {
                // Whatever was written before the subscription took effect is only in the keys.
                cache.requestResync();
            }
            long sentAt = clock.millis();
            long applied = cache.applied();
            long counter = store.counter();
            if (cache.onPoll(sentAt, counter, applied) == RevocationCache.Next.RESYNC) {
                resync();
            }
            if (!checkedDurability) {
                checkedDurability = true;
                checkDurability();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "revocation poll failed: {0}", e.toString());
        }
        reportStaleness();
        long now = clock.millis();
        if (now - lastPrune >= PRUNE_EVERY.toMillis()) {
            lastPrune = now;
            cache.prune();
        }
    }

    private void resync() {
        long sentAt = clock.millis();
        long applied = cache.applied();
        long counter = store.counter();
        if (cache.onResync(sentAt, counter, applied, store.entries())) {
            LOG.log(Level.WARNING, "the revocation counter in Redis went back to {0}: Redis lost data or was "
                    + "flushed. Revocations known to this node are kept; run Redis with appendonly yes and "
                    + "appendfsync always so that a restart loses nothing", counter);
        }
    }

    private void reportStaleness() {
        boolean current = cache.isCurrent();
        if (!current && !warnedStale) {
            warnedStale = true;
            Optional<Instant> asOf = currentAsOf();
            String since = asOf.map(Instant::toString).orElse("start-up (never confirmed yet)");
            if (policy == FailurePolicy.FAIL_CLOSED) {
                LOG.log(Level.WARNING, "revocations not confirmed with Redis since {0}, longer than {1}: "
                        + "refusing every session until Redis answers (FAIL_CLOSED)", since, maxStaleness);
            } else {
                LOG.log(Level.WARNING, "revocations not confirmed with Redis since {0}, longer than {1}: "
                        + "checking sessions against the revocations known then (FAIL_OPEN); revocations "
                        + "made on other nodes meanwhile are not seen here", since, maxStaleness);
            }
        } else if (current && warnedStale) {
            warnedStale = false;
            LOG.log(Level.INFO, "revocations confirmed with Redis again");
        }
    }

    private void checkDurability() {
        Map<String, String> settings;
        try {
            settings = store.durabilitySettings();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "cannot read the Redis persistence settings (CONFIG not allowed?): {0}", e.toString());
            return;
        }
        String aof = settings.get("appendonly");
        String fsync = settings.get("appendfsync");
        String eviction = settings.get("maxmemory-policy");
        if ((aof != null && !"yes".equals(aof)) || (fsync != null && !"always".equals(fsync))
                || (eviction != null && !"noeviction".equals(eviction))) {
            LOG.log(Level.WARNING, "Redis runs with appendonly {0}, appendfsync {1}, maxmemory-policy {2}: a "
                    + "restart or memory pressure can lose acknowledged revocations. Set appendonly yes, "
                    + "appendfsync always and maxmemory-policy noeviction", aof, fsync, eviction);
        }
    }

    /**
     * Configures {@link RedisRevocations}; each setting is checked when set, the combination at
     * {@link #build()}. Every setting is a string, a {@link Duration}, a number or an enum, so
     * that it binds from configuration properties directly.
     */
    public static final class Builder {
        private RedisURI uri;
        private RedisClient client;
        private Duration absoluteTimeout;
        private Duration clockSkew = MAX_SKEW;
        private Duration maxStaleness = Duration.ofSeconds(1);
        private FailurePolicy policy = FailurePolicy.FAIL_CLOSED;
        private String keyPrefix = "crumb:revocation:";
        private Duration commandTimeout = Duration.ofSeconds(1);
        private int replicas;
        private Duration replicaTimeout = Duration.ofSeconds(1);
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /**
         * The Redis server, e.g. {@code redis://host:6379/0}, {@code rediss://} for TLS, with
         * the password or user and password in the URI ({@code redis://user:secret@host}) or
         * Sentinel as {@code redis-sentinel://host:26379/0#mymaster}. This instance then makes
         * (and closes) its own client.
         */
        public Builder uri(String uri) {
            Objects.requireNonNull(uri, "uri");
            try {
                this.uri = RedisURI.create(uri);
            } catch (RuntimeException e) {
                // The message of RedisURI may quote the URI, with its password: name only the problem.
                throw new IllegalArgumentException("uri is not a Redis URI: expected redis://host:port/db, "
                        + "rediss://host:port/db or redis-sentinel://host:port/db#master", null);
            }
            this.client = null;
            return this;
        }

        /**
         * A client the application made (its own resources, TLS or auth set-up) instead of
         * {@link #uri}; it is not closed by {@link RedisRevocations#close()}. Its options are
         * left as they are: a client that queues commands while disconnected (Lettuce's default)
         * notices an outage only after {@link #commandTimeout}.
         */
        public Builder client(RedisClient client) {
            this.client = Objects.requireNonNull(client, "client");
            this.uri = null;
            return this;
        }

        /**
         * The sessions' absolute timeout, as given to {@code CookieSessions}; required. An entry
         * is kept this long plus the clock skew, after which every session it voids has expired.
         */
        public Builder absoluteTimeout(Duration absoluteTimeout) {
            this.absoluteTimeout = positive("absoluteTimeout", absoluteTimeout);
            return this;
        }

        /**
         * The sessions' clock skew, as given to {@code CookieSessions}, 0 to 5 minutes; 5 minutes
         * (the largest {@code CookieSessions} accepts) by default, which is safe whatever the
         * sessions use but keeps entries that much longer.
         */
        public Builder clockSkew(Duration clockSkew) {
            Objects.requireNonNull(clockSkew, "clockSkew");
            if (clockSkew.isNegative() || clockSkew.compareTo(MAX_SKEW) > 0) {
                throw new IllegalArgumentException("clockSkew must be between 0 and 5 minutes, got " + clockSkew);
            }
            this.clockSkew = clockSkew;
            return this;
        }

        /**
         * How old this node's copy of the revocations may be: a revocation on any node is seen
         * here within this time, or the {@link #failurePolicy} applies. 50 ms to 1 hour; 1 second
         * by default. The node polls Redis four times per bound (one small GET each).
         */
        public Builder maxStaleness(Duration maxStaleness) {
            Objects.requireNonNull(maxStaleness, "maxStaleness");
            if (maxStaleness.compareTo(Duration.ofMillis(50)) < 0 || maxStaleness.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("maxStaleness must be between 50 ms and 1 hour, got " + maxStaleness);
            }
            this.maxStaleness = maxStaleness;
            return this;
        }

        /** What to do while Redis cannot confirm the revocations; {@link FailurePolicy#FAIL_CLOSED} by default. */
        public Builder failurePolicy(FailurePolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * The prefix of every key and of the channel; {@code crumb:revocation:} by default. Give
         * each application sharing a Redis database its own prefix (or database).
         */
        public Builder keyPrefix(String keyPrefix) {
            Objects.requireNonNull(keyPrefix, "keyPrefix");
            if (keyPrefix.isEmpty() || keyPrefix.chars().anyMatch(c -> c <= ' ')) {
                throw new IllegalArgumentException("keyPrefix must be non-empty without spaces or control "
                        + "characters, e.g. \"myapp:revocation:\"");
            }
            this.keyPrefix = keyPrefix;
            return this;
        }

        /** How long one Redis command may take before it counts as failed, 10 ms to 1 minute; 1 second by default. */
        public Builder commandTimeout(Duration commandTimeout) {
            Objects.requireNonNull(commandTimeout, "commandTimeout");
            if (commandTimeout.compareTo(Duration.ofMillis(10)) < 0 || commandTimeout.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("commandTimeout must be between 10 ms and 1 minute, got " + commandTimeout);
            }
            this.commandTimeout = commandTimeout;
            return this;
        }

        /**
         * After each revocation, waits (Redis {@code WAIT}) until {@code count} replicas have it,
         * and throws {@link RevocationStoreException} if fewer did within {@code timeout}: a
         * failover to a replica then loses no acknowledged revocation. 0 (the default) does not
         * wait. {@code WAIT} is about replication, not disk: each replica needs the persistence
         * settings too.
         */
        public Builder acknowledgedByReplicas(int count, Duration timeout) {
            if (count < 0) {
                throw new IllegalArgumentException("replica count must not be negative, got " + count);
            }
            this.replicas = count;
            this.replicaTimeout = positive("replica timeout", timeout);
            return this;
        }

        /** The clock entries and staleness are timed by; the system UTC clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the instance and starts it in the background: it does not wait for Redis (see
         * {@link RedisRevocations#awaitCurrent}), so an application starts while Redis is down.
         *
         * @throws IllegalStateException if the Redis server or the absolute timeout is missing
         */
        public RedisRevocations build() {
            if (uri == null && client == null) {
                throw new IllegalStateException("a Redis server is required: call uri(\"redis://host:6379/0\") "
                        + "or client(redisClient)");
            }
            if (absoluteTimeout == null) {
                throw new IllegalStateException("absoluteTimeout is required: pass the same value as to "
                        + "CookieSessions.Builder.absoluteTimeout (12 hours if you kept its default), so that "
                        + "entries live as long as the sessions they void");
            }
            if (client != null) {
                return new RedisRevocations(this, client, null);
            }
            Duration reconnectCap = maxStaleness.compareTo(Duration.ofSeconds(1)) < 0 ? maxStaleness : Duration.ofSeconds(1);
            ClientResources resources = ClientResources.builder()
                    .ioThreadPoolSize(2)
                    .computationThreadPoolSize(2)
                    // Lettuce's default backs off up to 30 s; after an outage, come back within a bound.
                    .reconnectDelay(Delay.exponential(Duration.ofMillis(10), reconnectCap, 2, TimeUnit.MILLISECONDS))
                    .build();
            RedisClient made = RedisClient.create(resources, uri);
            made.setOptions(ClientOptions.builder()
                    .autoReconnect(true)
                    // Fail at once while disconnected, so a poll reports the outage instead of queueing.
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .socketOptions(SocketOptions.builder().connectTimeout(commandTimeout).build())
                    .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                    .build());
            return new RedisRevocations(this, made, resources);
        }

        private static Duration positive(String what, Duration d) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return d;
        }
    }
}
