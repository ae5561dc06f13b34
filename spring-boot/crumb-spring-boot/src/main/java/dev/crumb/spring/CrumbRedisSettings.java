package dev.crumb.spring;

import dev.crumb.redis.RedisRevocations;

/**
 * Turns {@link CrumbRedisProperties} and the session timeouts into a {@link RedisRevocations}.
 * Kept apart from {@link CrumbSettings}, so that nothing loads a crumb-redis class unless that
 * module is on the class path. Every value the builder refuses becomes an
 * {@link IllegalArgumentException} naming the property.
 */
final class CrumbRedisSettings {

    private static final String PREFIX = "crumb.revocation.redis.";

    private CrumbRedisSettings() {}

    /**
     * Builds (and so starts) the revocations; entries live as long as the sessions they void,
     * by {@code crumb.timeouts.absolute} and {@code crumb.timeouts.clock-skew}.
     *
     * @throws IllegalArgumentException naming the property at fault
     */
    static RedisRevocations revocations(CrumbRedisProperties redis, CrumbProperties.Timeouts timeouts) {
        RedisRevocations.Builder builder = RedisRevocations.builder();
        if (redis.getUri() == null || redis.getUri().isBlank()) {
            throw new IllegalArgumentException(PREFIX + "uri is empty: set it to the Redis server, e.g. "
                    + "redis://redis.internal:6379/0, or remove it to keep revocations off");
        }
        CrumbSettings.set(PREFIX + "uri", redis.getUri(), builder::uri);
        CrumbSettings.set("crumb.timeouts.absolute", timeouts.getAbsolute(), builder::absoluteTimeout);
        CrumbSettings.set("crumb.timeouts.clock-skew", timeouts.getClockSkew(), builder::clockSkew);
        CrumbSettings.set(PREFIX + "key-prefix", redis.getKeyPrefix(), builder::keyPrefix);
        CrumbSettings.set(PREFIX + "max-staleness", redis.getMaxStaleness(), builder::maxStaleness);
        CrumbSettings.set(PREFIX + "failure-policy", redis.getFailurePolicy(), builder::failurePolicy);
        CrumbSettings.set(PREFIX + "command-timeout", redis.getCommandTimeout(), builder::commandTimeout);
        int replicas = redis.getAcknowledgedByReplicas();
        if (replicas < 0) {
            throw new IllegalArgumentException(PREFIX + "acknowledged-by-replicas must not be negative, got "
                    + replicas + "; 0 does not wait for replicas");
        }
        if (replicas > 0 && redis.getReplicaTimeout() == null) {
            throw new IllegalArgumentException(PREFIX + "replica-timeout is empty: set how long a revocation waits "
                    + "for " + PREFIX + "acknowledged-by-replicas replicas, e.g. 1s");
        }
        if (redis.getReplicaTimeout() != null) {
            CrumbSettings.set(PREFIX + "replica-timeout", redis.getReplicaTimeout(),
                    timeout -> builder.acknowledgedByReplicas(replicas, timeout));
        }
        return builder.build();
    }
}
