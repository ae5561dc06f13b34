package dev.crumb.bench;

import dev.crumb.CookieSessions;
import dev.crumb.CookieSpec;
import dev.crumb.InMemoryRevocations;
import dev.crumb.Session;
import dev.crumb.redis.RedisRevocations;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a revocation check adds to {@link CookieSessions#load}: a valid, unrevoked session (small
 * payload, A256GCM) loaded with no check, with {@link InMemoryRevocations}, and with
 * {@link RedisRevocations} answering from its in-node copy (the cache hit: no network). Both checks
 * hold {@code revoked} revoked sessions and a tenth as many subject floors, one of them on the
 * loaded session's subject but older than the session, so every lookup runs to the end.
 *
 * <p>{@code REDIS} starts its own {@code redis-server} (it must be on the PATH) on a free
 * loopback port for the trial, or uses {@code -p redisUri=redis://host:port}.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar RevocationBenchmark
 * java -jar benchmarks/target/benchmarks.jar RevocationBenchmark -p check=NONE,REDIS -wi 3 -i 3 -prof gc
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class RevocationBenchmark {

    /** The revocation check of the sessions. */
    public enum Check { NONE, IN_MEMORY, REDIS }

    @Param
    public Check check;

    @Param({"10000"})
    public int revoked;

    /** A Redis to use instead of starting one; empty to start one. */
    @Param({""})
    public String redisUri;

    private CookieSessions sessions;
    private String cookieHeader;
    private RedisRevocations redis;
    private Process server;
    private Path serverDir;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        Fixture fixture = Fixture.of(Alg.A256GCM);
        SessionInput session = fixture.session(PayloadSize.SMALL);
        String token = Tokens.checked(ImplKind.CRUMB.create(fixture).seal(session), fixture);
        cookieHeader = "theme=dark; " + fixture.cookieName() + "=" + token + "; _ga=GA1.2.1234567890.1731408000";
        Duration absolute = Duration.ofHours(12);
        Instant olderFloor = Instant.ofEpochSecond(session.createdAt()).minusSeconds(3600);

        CookieSessions.Builder b = CookieSessions.builder()
                .keys(fixture.ring())
                .cookie(CookieSpec.named(fixture.cookieName()))
                .clock(fixture.clock())
                .idleTimeout(fixture.lifetime())
                .absoluteTimeout(absolute)
                .renewAfter(Duration.ofHours(1));
        if (check == Check.IN_MEMORY) {
            InMemoryRevocations memory = new InMemoryRevocations();
            b.revocation(memory);
            sessions = b.build();
            for (int i = 0; i < revoked; i++) {
                memory.revokeSession("revoked-session-" + i);
                if (i % 10 == 0) {
                    memory.revokeSubject("revoked-user-" + i);
                }
            }
            memory.revokeSubject(session.subject(), olderFloor);
        } else if (check == Check.REDIS) {
            String uri = redisUri.isEmpty() ? startServer() : redisUri;
            redis = RedisRevocations.builder().uri(uri).keyPrefix("bench:" + System.nanoTime() + ":")
                    .absoluteTimeout(absolute).clockSkew(Duration.ofSeconds(30)).build();
            if (!redis.awaitCurrent(Duration.ofSeconds(30))) {
                throw new IllegalStateException("RedisRevocations did not reach Redis at " + uri + " within 30 s");
            }
            int expected = 1;
            for (int i = 0; i < revoked; i++) {
                redis.revokeSession("revoked-session-" + i);
                expected++;
                if (i % 10 == 0) {
                    redis.revokeSubject("revoked-user-" + i);
                    expected++;
                }
            }
            redis.revokeSubject(session.subject(), olderFloor);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (redis.size() < expected || !redis.isCurrent()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the copy holds " + redis.size() + " of " + expected + " entries");
                }
                Thread.sleep(10);
            }
            b.revocation(redis);
        }
        if (check != Check.IN_MEMORY) {
            sessions = b.build();
        }
        checkValid();
    }

    @Benchmark
    public Session load() {
        return sessions.load(cookieHeader);
    }

    /** The measured path must have been the valid one, not a refusal of a stale copy. */
    @TearDown(Level.Iteration)
    public void checkValid() {
        Session s = sessions.load(cookieHeader);
        if (s.isNew()) {
            throw new IllegalStateException(check + ": the benchmark cookie no longer loads: " + s.rejectReason());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException, InterruptedException {
        if (redis != null) {
            redis.close();
        }
        if (server != null) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (serverDir != null) {
            try (Stream<Path> files = Files.walk(serverDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private String startServer() throws IOException {
        Path binary = null;
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, "redis-server"))) {
                binary = Path.of(d, "redis-server");
                break;
            }
        }
        if (binary == null) {
            throw new IllegalStateException("check=REDIS needs redis-server on the PATH (Debian: apt-get install "
                    + "redis-server), or -p redisUri=redis://host:port");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        serverDir = Files.createTempDirectory("crumb-bench-redis");
        try {
            server = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--dir", serverDir.toString(), "--daemonize", "no", "--save", "", "--appendonly", "no")
                    .redirectErrorStream(true)
                    .redirectOutput(serverDir.resolve("redis.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
        return "redis://127.0.0.1:" + port;
    }
}
