package dev.crumb.redis;

import dev.crumb.redis.RevocationCache.Entry;
import dev.crumb.redis.RevocationCache.Kind;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The Redis side: the keys, the counter, the channel, and the three connections. Polls and
 * reloads use one connection, writes another (a {@code WAIT} blocks its connection on the
 * server, and must not hold up the polls), notifications a third.
 *
 * <p>Layout under the prefix {@code p}: {@code p + "sid:" + id} and {@code p + "sub:" + subject}
 * hold the time in epoch milliseconds (revocation time, subject floor) with a TTL of the
 * retention; {@code p + "seq"} counts writes; notifications go to the channel
 * {@code p + "events"}.
 */
final class RedisStore implements AutoCloseable {

    private static final int SCAN_BATCH = 1000;

    /**
     * Writes an entry unless one that covers it is there (for a session, any; for a subject, a
     * floor at least as late), then numbers and announces it, all in one atomic step, so the
     * number a node reads from the counter covers every entry written before it. Returns the
     * entry's number, or 0 when an existing entry already covered it.
     */
    private static final String WRITE = String.join("\n",
            "local cur = redis.call('GET', KEYS[1])",
            "if cur and (ARGV[6] == 'any' or tonumber(cur) >= tonumber(ARGV[1])) then return 0 end",
            "redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])",
            "local n = redis.call('INCR', KEYS[2])",
            "redis.call('PUBLISH', ARGV[3], n .. ' ' .. ARGV[4] .. ' ' .. ARGV[1] .. ' ' .. ARGV[5])",
            "return n");

    private final RedisClient client;
    private final String prefix;
    private final String counterKey;
    private final String channel;
    private final Duration timeout;

    private volatile StatefulRedisConnection<String, String> reads;
    private volatile StatefulRedisConnection<String, String> writes;
    private volatile StatefulRedisPubSubConnection<String, String> notifications;

    RedisStore(RedisClient client, String prefix, Duration timeout) {
        this.client = client;
        this.prefix = prefix;
        this.counterKey = prefix + "seq";
        this.channel = prefix + "events";
        this.timeout = timeout;
    }

    String channel() {
        return channel;
    }

    String key(Kind kind, String name) {
        return prefix + kind.tag + ":" + name;
    }

    /**
     * Subscribes once; the client re-subscribes by itself after a reconnect, and what was
     * published meanwhile shows up as missing numbers.
     *
     * @return true if this call subscribed (the first time)
     */
    synchronized boolean subscribe(Consumer<String> listener) {
        if (notifications != null) {
            return false;
        }
        StatefulRedisPubSubConnection<String, String> c = client.connectPubSub();
        c.setTimeout(timeout);
        c.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String ch, String message) {
                if (channel.equals(ch)) {
                    listener.accept(message);
                }
            }
        });
        try {
            c.sync().subscribe(channel);
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        notifications = c;
        return true;
    }

    /** The counter's value; 0 if nothing was ever written (or Redis lost it). */
    long counter() {
        String v = readCommands().get(counterKey);
        return v == null ? 0 : Long.parseLong(v);
    }

    /** Every entry under the prefix, one batch of keys at a time. */
    List<Entry> entries() {
        RedisCommands<String, String> redis = readCommands();
        ScanArgs args = ScanArgs.Builder.matches(globEscape(prefix) + "s??:*").limit(SCAN_BATCH);
        List<Entry> out = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, args);
            List<String> keys = page.getKeys();
            if (!keys.isEmpty()) {
                for (KeyValue<String, String> kv : redis.mget(keys.toArray(new String[0]))) {
                    Entry e = kv.hasValue() ? entry(kv.getKey(), kv.getValue()) : null;
                    if (e != null) {
                        out.add(e);
                    }
                }
            }
            cursor = page;
        } while (!cursor.isFinished());
        return out;
    }

    /**
     * Writes the entry for {@code ttl} and announces it.
     *
     * @return its number, or 0 if an entry at least as late was already there
     */
    long write(Entry e, Duration ttl) {
        Long n = writeCommands().eval(WRITE, ScriptOutputType.INTEGER,
                new String[] {key(e.kind(), e.name()), counterKey},
                Long.toString(e.millis()), Long.toString(Math.max(1, ttl.toMillis())), channel, e.kind().tag,
                e.name(), e.kind() == Kind.SESSION ? "any" : "later");
        return n == null ? 0 : n;
    }

    /** Waits for {@code replicas} replicas to have every write so far; returns how many did. */
    long awaitReplicas(int replicas, Duration within) {
        Long n = writeCommands().waitForReplication(replicas, within.toMillis());
        return n == null ? 0 : n;
    }

    /** The server's persistence and eviction settings, or an empty map if CONFIG is not allowed. */
    Map<String, String> durabilitySettings() {
        return readCommands().configGet("appendonly", "appendfsync", "maxmemory-policy");
    }

    /** A parsed entry, or null for a key or value this code did not write. */
    Entry entry(String key, String value) {
        if (!key.startsWith(prefix) || key.length() < prefix.length() + 5 || key.charAt(prefix.length() + 3) != ':') {
            return null;
        }
        Kind kind = Kind.ofTag(key.substring(prefix.length(), prefix.length() + 3));
        if (kind == null) {
            return null;
        }
        try {
            return new Entry(kind, key.substring(prefix.length() + 4), Long.parseLong(value));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private RedisCommands<String, String> readCommands() {
        StatefulRedisConnection<String, String> c = reads;
        if (c == null) {
            synchronized (this) {
                if (reads == null) {
                    reads = connect();
                }
                c = reads;
            }
        }
        return c.sync();
    }

    private RedisCommands<String, String> writeCommands() {
        StatefulRedisConnection<String, String> c = writes;
        if (c == null) {
            synchronized (this) {
                if (writes == null) {
                    writes = connect();
                }
                c = writes;
            }
        }
        return c.sync();
    }

    private StatefulRedisConnection<String, String> connect() {
        StatefulRedisConnection<String, String> c = client.connect();
        c.setTimeout(timeout);
        return c;
    }

    /** The prefix as a SCAN pattern that matches only itself. */
    static String globEscape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 4);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable c : new AutoCloseable[] {notifications, reads, writes}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // Closing on shutdown: nothing left to do with a connection that will not close.
                }
            }
        }
        notifications = null;
        reads = null;
        writes = null;
    }
}
