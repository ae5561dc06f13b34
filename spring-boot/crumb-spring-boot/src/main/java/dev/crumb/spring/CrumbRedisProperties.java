package dev.crumb.spring;

import dev.crumb.redis.FailurePolicy;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code crumb.revocation.redis.*} properties, read when {@code dev.crumb:crumb-redis} is on
 * the class path and {@code crumb.revocation.redis.uri} is set: revocations shared by every node
 * through Redis ({@link dev.crumb.redis.RedisRevocations}). How long an entry is kept follows
 * {@code crumb.timeouts.absolute} and {@code crumb.timeouts.clock-skew}, so it is not set here.
 * The defaults are those of {@link dev.crumb.redis.RedisRevocations.Builder}.
 */
@ConfigurationProperties(prefix = "crumb.revocation.redis")
public class CrumbRedisProperties {

    /**
     * The Redis (or Valkey) server: redis://host:6379/0, rediss:// for TLS, a password as
     * redis://user:secret@host, or Sentinel as redis-sentinel://host:26379/0#mymaster. Setting it
     * turns the shared revocations on.
     */
    private String uri;

    /**
     * Prefix of every key and of the notification channel; give each application sharing a Redis
     * database its own.
     */
    private String keyPrefix = "crumb:revocation:";

    /**
     * How old a node's copy of the revocations may be, 50ms to 1h: a revocation on any node is
     * seen on every other within this time, or the failure policy applies.
     */
    private Duration maxStaleness = Duration.ofSeconds(1);

    /**
     * What a node does while Redis cannot confirm its copy within max-staleness: fail-closed
     * refuses every session, fail-open keeps the revocations last known and logs a warning.
     */
    private FailurePolicy failurePolicy = FailurePolicy.FAIL_CLOSED;

    /** How long one Redis command may take before it counts as failed, 10ms to 1m. */
    private Duration commandTimeout = Duration.ofSeconds(1);

    /**
     * After each revocation, wait (Redis WAIT) until this many replicas have it, and fail the
     * revocation if fewer did within replica-timeout; 0 does not wait.
     */
    private int acknowledgedByReplicas;

    /** How long a revocation waits for acknowledged-by-replicas replicas. */
    private Duration replicaTimeout = Duration.ofSeconds(1);

    public String getUri() {
        return uri;
    }

    public void setUri(String uri) {
        this.uri = uri;
    }

    public String getKeyPrefix() {
        return keyPrefix;
    }

    public void setKeyPrefix(String keyPrefix) {
        this.keyPrefix = keyPrefix;
    }

    public Duration getMaxStaleness() {
        return maxStaleness;
    }

    public void setMaxStaleness(Duration maxStaleness) {
        this.maxStaleness = maxStaleness;
    }

    public FailurePolicy getFailurePolicy() {
        return failurePolicy;
    }

    public void setFailurePolicy(FailurePolicy failurePolicy) {
        this.failurePolicy = failurePolicy;
    }

    public Duration getCommandTimeout() {
        return commandTimeout;
    }

    public void setCommandTimeout(Duration commandTimeout) {
        this.commandTimeout = commandTimeout;
    }

    public int getAcknowledgedByReplicas() {
        return acknowledgedByReplicas;
    }

    public void setAcknowledgedByReplicas(int acknowledgedByReplicas) {
        this.acknowledgedByReplicas = acknowledgedByReplicas;
    }

    public Duration getReplicaTimeout() {
        return replicaTimeout;
    }

    public void setReplicaTimeout(Duration replicaTimeout) {
        this.replicaTimeout = replicaTimeout;
    }
}
