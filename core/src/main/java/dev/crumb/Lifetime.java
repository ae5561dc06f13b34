package dev.crumb;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The clock and timeouts of one {@link CookieSessions}, shared with the sessions it loads, so that
 * a session can tell its own expiry without calling back into the instance that made it.
 *
 * <p>{@code exp = min(iat + idleTimeout, auth_time + absoluteTimeout)}, in whole seconds.
 */
record Lifetime(Clock clock, Duration idleTimeout, Duration absoluteTimeout) {

    Instant now() {
        return clock.instant();
    }

    /** The expiry of a session created at {@code createdAt} if it is issued at {@code now}. */
    Instant expiry(Instant createdAt, Instant now) {
        Instant idle = Instant.ofEpochSecond(now.getEpochSecond()).plus(idleTimeout);
        Instant cap = createdAt.plus(absoluteTimeout);
        return idle.isBefore(cap) ? idle : cap;
    }
}
