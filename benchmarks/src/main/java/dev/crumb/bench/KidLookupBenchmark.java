package dev.crumb.bench;

import dev.crumb.CookieSessions;
import dev.crumb.CookieSpec;
import dev.crumb.KeyRing;
import dev.crumb.OpenResult;
import dev.crumb.RejectReason;
import dev.crumb.SessionCodec;
import dev.crumb.SessionData;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code open} against a ring of 1 or 10,000 keys, side by side: a valid token sealed with the
 * ring's last key ({@code token=LAST_KEY}), and a well-formed token whose key the ring does not
 * hold ({@code token=UNKNOWN_KEY}), the junk cookie a client without any key can send. The cost
 * must not grow with the ring, nor depend on where the token's key sits in it.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar KidLookupBenchmark
 * java -jar benchmarks/target/benchmarks.jar KidLookupBenchmark -wi 3 -i 5 -f 1 -prof gc
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class KidLookupBenchmark {

    /** Which token is opened. */
    public enum TokenKind { LAST_KEY, UNKNOWN_KEY }

    @Param({"1", "10000"})
    public int keys;

    @Param
    public TokenKind token;

    private SessionCodec codec;
    private String value;

    @Setup
    public void setup() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        List<Fixture.RawKey> ring = new ArrayList<>(keys);
        for (int i = 0; i < keys; i++) {
            ring.add(Fixture.key("k" + i, Alg.A256GCM, i));
        }
        codec = codec(Fixture.ring(ring, Alg.A256GCM), clock);
        KeyRing sealer = token == TokenKind.LAST_KEY
                ? Fixture.ring(List.of(ring.get(keys - 1)), Alg.A256GCM)
                : KeyRing.generate("not-in-the-ring", "A256GCM");
        value = codec(sealer, clock).seal(SessionData.builder().issuedAt(now).expiresAt(now.plusSeconds(1800))
                .attribute("cart", List.of(1, 2, 3)).build());
        OpenResult result = codec.open(value);
        boolean expected = token == TokenKind.LAST_KEY
                ? result.isValid()
                : result.reason().filter(r -> r == RejectReason.UNKNOWN_KEY).isPresent();
        if (!expected) {
            throw new IllegalStateException("unexpected result for " + token + ": " + result);
        }
    }

    private static SessionCodec codec(KeyRing ring, Clock clock) {
        return CookieSessions.builder().keys(ring).cookie(CookieSpec.named("__Host-session")).clock(clock).build()
                .codec();
    }

    @Benchmark
    public OpenResult open() {
        return codec.open(value);
    }
}
