package dev.crumb.redis;

/**
 * What {@link RedisRevocations} does while it cannot confirm its copy of the revocations with
 * Redis (Redis down, unreachable, or too slow) for longer than the staleness bound.
 */
public enum FailurePolicy {

    /**
     * Refuse every session (each loads as a new empty session, {@code REVOKED}) until Redis
     * answers again: no revoked session is ever accepted later than the bound, at the price of
     * logging everyone out during an outage. The default.
     */
    FAIL_CLOSED,

    /**
     * Keep checking sessions against the last revocations known, and log a warning: users stay
     * logged in during an outage, but a revocation made meanwhile on another node is not seen
     * here until Redis is back.
     */
    FAIL_OPEN
}
