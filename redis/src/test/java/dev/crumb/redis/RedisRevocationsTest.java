package dev.crumb.redis;

import static dev.crumb.redis.Nodes.assertRefusedWithin;
import static dev.crumb.redis.Nodes.eventually;
import static dev.crumb.redis.Nodes.login;
import static dev.crumb.redis.Nodes.node;
import static dev.crumb.redis.Nodes.revocations;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crumb.redis.Nodes.Login;
import dev.crumb.redis.Nodes.Node;
import dev.crumb.redis.testing.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two {@code CookieSessions} nodes sharing one real {@code redis-server} on loopback. Each test
 * has its own key prefix, so they do not see each other's entries.
 */
class RedisRevocationsTest {

    private static final Duration BOUND = Duration.ofSeconds(1);
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    private static RedisServer redis;
    private static RedisClient raw;
    private static StatefulRedisConnection<String, String> rawConnection;

    private String prefix;
    private Node a;
    private Node b;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
        raw = RedisClient.create(redis.uri());
        rawConnection = raw.connect();
    }

    @AfterAll
    static void stopRedis() {
        try {
            if (rawConnection != null) {
                rawConnection.close();
            }
            if (raw != null) {
                raw.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
    }

    @BeforeEach
    void twoNodes() {
        prefix = "test" + PREFIXES.incrementAndGet() + ":";
        a = node(revocations(redis, prefix).maxStaleness(BOUND));
        b = node(revocations(redis, prefix).maxStaleness(BOUND));
    }

    @AfterEach
    void closeNodes() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    private static RedisCommands<String, String> redisCommands() {
        return rawConnection.sync();
    }

    @Test
    void revokeSession_onOneNode_theOtherRefusesWithinTheBound() {
        Login alice = login(a, "alice");
        Login other = login(a, "alice");
        assertTrue(b.accepts(alice.cookie()));

        a.revocations().revokeSession(alice.id());
        long acknowledged = System.nanoTime();

        assertTrue(a.refuses(alice.cookie()), "the revoking node refuses at once");
        assertRefusedWithin(b, alice.cookie(), acknowledged, BOUND);
        eventually(Duration.ofSeconds(10), "the other session of alice still opens on B", () -> b.accepts(other.cookie()));
    }

    @Test
    void revokeSubject_spares_sessionsCreatedAfterIt() throws Exception {
        Login before = login(a, "bob");
        Login elsewhere = login(b, "carol");
        // The floor is this second; a session counts as after it from the next second on.
        Instant floor = Instant.ofEpochSecond(Instant.now().getEpochSecond() + 1);
        eventually(Duration.ofSeconds(5), "the clock passes the floor", () -> !Instant.now().isBefore(floor));

        b.revocations().revokeSubject("bob");
        long acknowledged = System.nanoTime();
        Login after = login(b, "bob");

        assertRefusedWithin(a, before.cookie(), acknowledged, BOUND);
        assertTrue(b.refuses(before.cookie()));
        eventually(Duration.ofSeconds(10), "the session created after the revocation opens on both nodes",
                () -> a.accepts(after.cookie()) && b.accepts(after.cookie()));
        assertTrue(a.accepts(elsewhere.cookie()), "another subject is untouched");
    }

    @Test
    void entries_haveTheAbsoluteTimeoutPlusSkewAsTtl() {
        a.revocations().revokeSession("some-session-id");
        a.revocations().revokeSubject("dave");
        long retention = Nodes.ABSOLUTE.plus(Nodes.SKEW).toMillis();
        long sessionTtl = redisCommands().pttl(prefix + "sid:some-session-id");
        long subjectTtl = redisCommands().pttl(prefix + "sub:dave");
        assertTrue(sessionTtl > retention - 5_000 && sessionTtl <= retention, "session entry TTL " + sessionTtl);
        // The floor is the start of this second, so its entry ends up to a second earlier.
        assertTrue(subjectTtl > retention - 6_000 && subjectTtl <= retention, "subject entry TTL " + subjectTtl);
    }

    @Test
    void entries_expireWithTheirTtl_andANewNodeLoadsNone() throws InterruptedException {
        String p = prefix + "short:";
        // Two seconds of absolute timeout and no skew: the entries live two seconds. No sessions
        // use these checks (sessions that outlived their entries would be refused at build).
        try (RedisRevocations shortLived = current(RedisRevocations.builder().uri(redis.uri()).keyPrefix(p)
                .absoluteTimeout(Duration.ofSeconds(2)).clockSkew(Duration.ZERO))) {
            shortLived.revokeSession("brief");
            shortLived.revokeSubject("erin");
            assertEquals(2, redisCommands().exists(p + "sid:brief", p + "sub:erin"));
            long ttl = redisCommands().pttl(p + "sid:brief");
            assertTrue(ttl > 0 && ttl <= 2000, "TTL " + ttl);
            eventually(Duration.ofSeconds(15), "Redis expires both entries",
                    () -> redisCommands().exists(p + "sid:brief", p + "sub:erin") == 0);
        }
        try (RedisRevocations fresh = current(RedisRevocations.builder().uri(redis.uri()).keyPrefix(p)
                .absoluteTimeout(Duration.ofSeconds(2)).clockSkew(Duration.ZERO))) {
            assertEquals(0, fresh.size());
        }
    }

    /** A check built from {@code b} that has confirmed its copy with Redis. */
    private static RedisRevocations current(RedisRevocations.Builder b) throws InterruptedException {
        RedisRevocations r = b.build();
        if (!r.awaitCurrent(Duration.ofSeconds(20))) {
            r.close();
            throw new AssertionError("the check did not confirm its revocations with Redis within 20 s");
        }
        return r;
    }

    @Test
    void lostNotification_isRepairedByTheResync() {
        Login victim = login(a, "frank");
        Login bystander = login(a, "grace");
        assertTrue(b.accepts(victim.cookie()));

        // A revocation whose notification never went out: entry and counter, no PUBLISH.
        redisCommands().set(prefix + "sid:" + victim.id(), Long.toString(System.currentTimeMillis()),
                SetArgs.Builder.px(60_000));
        redisCommands().incr(prefix + "seq");
        long written = System.nanoTime();

        assertRefusedWithin(a, victim.cookie(), written, BOUND);
        assertRefusedWithin(b, victim.cookie(), written, BOUND);
        // Refused because the resync found the entry, not because the nodes went stale.
        eventually(Duration.ofSeconds(10), "both nodes current again, accepting others",
                () -> a.revocations().isCurrent() && b.revocations().isCurrent()
                        && a.accepts(bystander.cookie()) && b.accepts(bystander.cookie()));
        assertTrue(a.refuses(victim.cookie()));
        assertTrue(b.refuses(victim.cookie()));
    }

    @Test
    void flushedRedis_isNoticed_andKnownRevocationsAreKept() {
        Login revoked = login(a, "heidi");
        Login kept = login(a, "heidi2");
        a.revocations().revokeSession(revoked.id());
        eventually(Duration.ofSeconds(10), "B sees the revocation", () -> b.refuses(revoked.cookie()));

        try (Nodes.Log log = new Nodes.Log()) {
            redisCommands().del(prefix + "seq", prefix + "sid:" + revoked.id());
            eventually(Duration.ofSeconds(10), "the reset is reported", () -> log.has("went back"));
        }
        eventually(Duration.ofSeconds(10), "B is current again", () -> b.revocations().isCurrent() && b.accepts(kept.cookie()));
        assertTrue(b.refuses(revoked.cookie()), "a Redis that lost data does not bring a revoked session back");
        // New revocations flow again from the restarted numbering.
        Login next = login(a, "ivan");
        a.revocations().revokeSession(next.id());
        long acknowledged = System.nanoTime();
        assertRefusedWithin(b, next.cookie(), acknowledged, BOUND);
    }

    @Test
    void sameRevocationTwice_isHarmless_andNotAnnouncedAgain() {
        a.revocations().revokeSession("twice");
        String counter = redisCommands().get(prefix + "seq");
        a.revocations().revokeSession("twice");
        b.revocations().revokeSubject("judy", Instant.now().minusSeconds(60));
        String afterOlderFloor = redisCommands().get(prefix + "seq");
        b.revocations().revokeSubject("judy", Instant.now().minusSeconds(120));
        assertEquals(Long.parseLong(counter) + 1, Long.parseLong(afterOlderFloor), "only the first floor counts");
        assertEquals(afterOlderFloor, redisCommands().get(prefix + "seq"), "an older floor changes nothing");
    }

    @Test
    void waitingForReplicas_thatDoNotExist_failsTheRevocation_butHoldsItLocally() {
        try (Node strict = node(revocations(redis, prefix).acknowledgedByReplicas(1, Duration.ofMillis(100)))) {
            Login kim = login(strict, "kim");
            RevocationStoreException e = assertThrows(RevocationStoreException.class,
                    () -> strict.revocations().revokeSession(kim.id()));
            assertTrue(e.getMessage().contains("only 0 of 1 replicas"), e.getMessage());
            assertTrue(strict.refuses(kim.cookie()));
            // It did reach the primary: the other nodes see it.
            eventually(Duration.ofSeconds(10), "B sees the revocation", () -> b.refuses(kim.cookie()));
        }
    }

    @Test
    void durabilityCheck_warnsWhenAnAcknowledgedRevocationCouldBeLost_quietOtherwise() {
        try (Nodes.Log log = new Nodes.Log()) {
            try (Node checked = node(revocations(redis, prefix + "ok:"))) {
                eventually(Duration.ofSeconds(10), "a confirmation after the check", () -> polledSince(checked, Instant.now()));
                assertFalse(log.has("appendfsync"), "no warning for appendonly yes, appendfsync always");
            }
            redisCommands().configSet("appendfsync", "everysec");
            try (Node checked = node(revocations(redis, prefix + "lax:"))) {
                eventually(Duration.ofSeconds(10), "the warning", () -> log.has("appendfsync") && checked.revocations().isCurrent());
            } finally {
                redisCommands().configSet("appendfsync", "always");
            }
        }
    }

    private static boolean polledSince(Node node, Instant t) {
        Instant start = t;
        eventually(Duration.ofSeconds(10), "a poll", () -> node.revocations().currentAsOf().orElseThrow().isAfter(start));
        return true;
    }
}
