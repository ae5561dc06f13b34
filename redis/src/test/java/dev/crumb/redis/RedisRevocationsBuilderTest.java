package dev.crumb.redis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crumb.CookieSessions;
import dev.crumb.KeyRing;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Bad configuration fails at build time, with a message that names the fix. No Redis needed. */
class RedisRevocationsBuilderTest {

    @Test
    void missingServer_namesUriAndClient() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> RedisRevocations.builder().absoluteTimeout(Duration.ofHours(12)).build());
        assertTrue(e.getMessage().contains("uri(") && e.getMessage().contains("client("), e.getMessage());
    }

    @Test
    void missingAbsoluteTimeout_pointsAtTheSessions() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> RedisRevocations.builder().uri("redis://localhost:6379").build());
        assertTrue(e.getMessage().contains("CookieSessions.Builder.absoluteTimeout"), e.getMessage());
    }

    @Test
    void badUri_isRejected_withoutQuotingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RedisRevocations.builder().uri("http://user:hunter2@host"));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertTrue(e.getMessage().contains("redis://"), e.getMessage());
    }

    @Test
    void outOfRangeSettings_areRejectedWhenSet() {
        RedisRevocations.Builder b = RedisRevocations.builder();
        assertThrows(IllegalArgumentException.class, () -> b.maxStaleness(Duration.ofMillis(10)));
        assertThrows(IllegalArgumentException.class, () -> b.maxStaleness(Duration.ofHours(2)));
        assertThrows(IllegalArgumentException.class, () -> b.clockSkew(Duration.ofMinutes(6)));
        assertThrows(IllegalArgumentException.class, () -> b.clockSkew(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> b.absoluteTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> b.commandTimeout(Duration.ofMillis(1)));
        assertThrows(IllegalArgumentException.class, () -> b.keyPrefix(""));
        assertThrows(IllegalArgumentException.class, () -> b.keyPrefix("has space"));
        assertThrows(IllegalArgumentException.class, () -> b.acknowledgedByReplicas(-1, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> b.acknowledgedByReplicas(1, Duration.ZERO));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.maxStaleness(Duration.ofMillis(10)));
        assertTrue(e.getMessage().contains("maxStaleness must be between 50 ms and 1 hour"), e.getMessage());
    }

    @Test
    void sessionsThatOutliveTheEntries_failWhenTheyAreBuilt() {
        // Nothing listens on port 1: the check is made at build, before any command.
        try (RedisRevocations revocations = RedisRevocations.builder().uri("redis://127.0.0.1:1")
                .absoluteTimeout(Duration.ofHours(1)).clockSkew(Duration.ofSeconds(30)).build()) {
            CookieSessions.Builder longer = CookieSessions.builder().keys(KeyRing.generate())
                    .absoluteTimeout(Duration.ofHours(12)).revocation(revocations);

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, longer::build);

            assertTrue(e.getMessage().contains("RedisRevocations keeps entries for PT1H30S"), e.getMessage());
            assertTrue(e.getMessage().contains("the sessions' own absoluteTimeout and clockSkew"), e.getMessage());
            CookieSessions.builder().keys(KeyRing.generate()).absoluteTimeout(Duration.ofHours(1))
                    .revocation(revocations).build();
        }
    }

    @Test
    void globEscape_keepsThePrefixLiteral() {
        assertTrue(RedisStore.globEscape("a*b?c[d]e\\f").equals("a\\*b\\?c\\[d\\]e\\\\f"));
    }
}
