package dev.crumb.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.crumb.CookieSessions;
import dev.crumb.CookieSpec;
import dev.crumb.KeyRing;
import dev.crumb.RejectReason;
import dev.crumb.Session;
import dev.crumb.redis.testing.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * "Nodes" of a cluster for the tests against a real Redis: each a {@link CookieSessions} with its
 * own {@link RedisRevocations}, all sharing one key ring and one Redis. Waiting is done by polling
 * with a deadline, never by a fixed sleep.
 */
final class Nodes {

    static final KeyRing KEYS = KeyRing.generate();
    static final Duration ABSOLUTE = Duration.ofHours(12);
    static final Duration SKEW = Duration.ofSeconds(30);

    private Nodes() {}

    /** One node: its sessions and its revocation check. */
    record Node(CookieSessions sessions, RedisRevocations revocations) implements AutoCloseable {

        /** The session this cookie header loads here. */
        Session load(String cookieHeader) {
            return sessions.load(cookieHeader);
        }

        boolean accepts(String cookieHeader) {
            return !load(cookieHeader).isNew();
        }

        boolean refuses(String cookieHeader) {
            Session s = load(cookieHeader);
            if (!s.isNew()) {
                return false;
            }
            assertEquals(RejectReason.REVOKED, s.rejectReason().orElseThrow(), "refused for another reason: " + s);
            return true;
        }

        @Override
        public void close() {
            revocations.close();
        }
    }

    static RedisRevocations.Builder revocations(RedisServer redis, String prefix) {
        return RedisRevocations.builder().uri(redis.uri()).keyPrefix(prefix)
                .absoluteTimeout(ABSOLUTE).clockSkew(SKEW);
    }

    /** A node already confirmed with Redis. */
    static Node node(RedisRevocations.Builder revocations) {
        RedisRevocations r = revocations.build();
        Node node = new Node(CookieSessions.builder()
                .keys(KEYS)
                .cookie(CookieSpec.named("__Host-session"))
                .absoluteTimeout(ABSOLUTE)
                .clockSkew(SKEW)
                .revocation(r)
                .build(), r);
        try {
            if (!r.awaitCurrent(Duration.ofSeconds(20))) {
                node.close();
                fail("the node did not confirm its revocations with Redis within 20 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
        return node;
    }

    /** A logged-in session made on {@code node}: its Cookie header value and its id. */
    record Login(String cookie, String id) {}

    static Login login(Node node, String subject) {
        Session s = node.sessions().load((String) null);
        s.subject(subject);
        s.put("cart", List.of("apple"));
        List<String> setCookies = node.sessions().commit(s);
        assertEquals(1, setCookies.size());
        String setCookie = setCookies.get(0);
        return new Login(setCookie.substring(0, setCookie.indexOf(';')), s.id());
    }

    /** Polls {@code condition} until it holds; fails naming {@code what} after {@code within}. */
    static void eventually(Duration within, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + within + ": " + what);
            }
            pause();
        }
    }

    /** A short pause between polls, to leave the other threads the CPU. */
    static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    /** The log records of {@link RedisRevocations} while it is open. */
    static final class Log extends Handler implements AutoCloseable {
        private final Logger logger = Logger.getLogger(RedisRevocations.class.getName());
        private final List<LogRecord> records = new ArrayList<>();

        Log() {
            logger.addHandler(this);
        }

        @Override
        public synchronized void publish(LogRecord r) {
            records.add(r);
        }

        synchronized boolean has(String fragment) {
            return records.stream().anyMatch(r -> String.valueOf(r.getMessage()).contains(fragment));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }

    static void assertRefusedWithin(Node node, String cookie, long acknowledgedAtNanos, Duration bound) {
        // Strict: every load that starts later than the bound after the acknowledgement refuses.
        while (true) {
            long started = System.nanoTime();
            boolean refused = node.refuses(cookie);
            if (refused) {
                return;
            }
            assertTrue(started - acknowledgedAtNanos <= bound.toNanos(),
                    "accepted " + Duration.ofNanos(started - acknowledgedAtNanos) + " after the revocation, bound " + bound);
            pause();
        }
    }
}
