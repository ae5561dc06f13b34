/** Crumb's revocations shared through Redis: {@code dev.crumb.redis.RedisRevocations}. */
module dev.crumb.redis {
    requires transitive dev.crumb;
    requires lettuce.core;

    exports dev.crumb.redis;
}
