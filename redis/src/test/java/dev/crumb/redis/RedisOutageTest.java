package dev.crumb.redis;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis killed (SIGKILL, as in a crash) and restarted while two nodes serve requests, one of each
 * {@link FailurePolicy}. The request loops are bounded in count and in time.
 */
class RedisOutageTest {

    private static final Duration BOUND = Duration.ofMillis(500);
    private static final int MAX_REQUESTS = 2_000_000;
    private static final Duration MAX_RUN = Duration.ofSeconds(60);

    private RedisServer redis;

    @BeforeEach
    void startRedis() {
        redis = RedisServer.start();
    }

    @AfterEach
    void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    /** What the request loop saw on one node, phase by phase. */
    private static final class Counts {
        final AtomicInteger goodAccepted = new AtomicInteger();
        final AtomicInteger goodRefused = new AtomicInteger();
        final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    }

    @Test
    void redisKilledAndRestarted_underLoad_failClosedRefuses_failOpenServesLastKnown() throws Exception {
        try (Nodes.Log log = new Nodes.Log();
             Node closed = node(revocations(redis, "outage:").maxStaleness(BOUND));
             Node open = node(revocations(redis, "outage:").maxStaleness(BOUND).failurePolicy(FailurePolicy.FAIL_OPEN))) {
            Login good = login(closed, "alice");
            Login revoked = login(closed, "bob");
            open.revocations().revokeSession(revoked.id());
            eventually(Duration.ofSeconds(10), "both nodes refuse the revoked session",
                    () -> closed.refuses(revoked.cookie()) && open.refuses(revoked.cookie()));

            AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);
            AtomicLong restartedAt = new AtomicLong(Long.MAX_VALUE);
            AtomicBoolean stop = new AtomicBoolean();
            Counts closedDown = new Counts();
            Counts openDown = new Counts();
            long runDeadline = System.nanoTime() + MAX_RUN.toNanos();

            List<Thread> load = new ArrayList<>();
            for (Node node : List.of(closed, open)) {
                Counts down = node == closed ? closedDown : openDown;
                Thread t = new Thread(() -> {
                    for (int i = 0; i < MAX_REQUESTS && !stop.get() && System.nanoTime() < runDeadline; i++) {
                        long started = System.nanoTime();
                        if (node.accepts(revoked.cookie())) {
                            down.violations.add("a revoked session was accepted");
                        }
                        boolean accepted = node.accepts(good.cookie());
                        long killed = killedAt.get();
                        long restarted = restartedAt.get();
                        boolean outage = killed != Long.MAX_VALUE && started - killed > BOUND.toNanos()
                                && (restarted == Long.MAX_VALUE || started - restarted < 0);
                        if (outage) {
                            (accepted ? down.goodAccepted : down.goodRefused).incrementAndGet();
                            if (accepted && node == closed) {
                                down.violations.add("FAIL_CLOSED accepted a session "
                                        + Duration.ofNanos(started - killedAt.get()) + " into the outage");
                            }
                        }
                        if (i % 64 == 0) {
                            Nodes.pause();
                        }
                    }
                }, "load " + node.revocations().failurePolicy());
                t.start();
                load.add(t);
            }
            try {
                eventually(Duration.ofSeconds(5), "requests flowing", () -> closed.accepts(good.cookie()));
                redis.crash();
                // From here no poll can succeed; one sent before may, so the bound counts from here.
                killedAt.set(System.nanoTime());

                eventually(Duration.ofSeconds(20), "both nodes notice the outage",
                        () -> !closed.revocations().isCurrent() && !open.revocations().isCurrent()
                                && closedDown.goodRefused.get() > 0 && openDown.goodAccepted.get() > 0);
                assertTrue(open.accepts(good.cookie()), "FAIL_OPEN serves the last known revocations");
                assertTrue(open.refuses(revoked.cookie()), "FAIL_OPEN still refuses what it knew was revoked");
                assertTrue(closed.refuses(good.cookie()), "FAIL_CLOSED refuses every session");
                eventually(Duration.ofSeconds(5), "FAIL_OPEN warns", () -> log.has("FAIL_OPEN"));
                assertTrue(log.has("FAIL_CLOSED"), "FAIL_CLOSED warns");
                assertThrows(RevocationStoreException.class, () -> closed.revocations().revokeSubject("carol"),
                        "a revocation Redis did not acknowledge is reported");

                restartedAt.set(System.nanoTime());
                redis.restart();
                eventually(Duration.ofSeconds(30), "FAIL_CLOSED serves again after the restart",
                        () -> closed.revocations().isCurrent() && closed.accepts(good.cookie()));
                eventually(Duration.ofSeconds(30), "FAIL_OPEN is current again", () -> open.revocations().isCurrent());
                eventually(Duration.ofSeconds(5), "the recovery is logged", () -> log.has("confirmed with Redis again"));
            } finally {
                stop.set(true);
                for (Thread t : load) {
                    t.join(MAX_RUN.toMillis());
                }
            }
            assertEquals(List.of(), List.copyOf(closedDown.violations));
            assertEquals(List.of(), List.copyOf(openDown.violations));
            assertEquals(0, closedDown.goodAccepted.get());
            assertTrue(openDown.goodRefused.get() == 0, "FAIL_OPEN refused a good session during the outage");

            // Killed without a chance to save: what Redis acknowledged is still there.
            try (Node fresh = node(revocations(redis, "outage:").maxStaleness(BOUND))) {
                assertTrue(fresh.refuses(revoked.cookie()), "the acknowledged revocation survived the crash");
                assertTrue(fresh.accepts(good.cookie()));
            }
            closed.revocations().revokeSession(good.id());
            eventually(Duration.ofSeconds(10), "revocations flow again after the restart", () -> open.refuses(good.cookie()));
        }
    }

    @Test
    void redisDownAtStartUp_failClosedRefusesUntilItComes() throws Exception {
        redis.crash();
        try (RedisRevocations r = revocations(redis, "late:").maxStaleness(BOUND).build()) {
            assertFalse(r.awaitCurrent(Duration.ofMillis(300)));
            assertTrue(r.currentAsOf().isEmpty());
            redis.restart();
            assertTrue(r.awaitCurrent(Duration.ofSeconds(30)), "confirmed once Redis is up");
        }
    }
}
