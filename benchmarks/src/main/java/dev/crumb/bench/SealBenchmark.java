package dev.crumb.bench;

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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code seal}: a session's attributes, as application values, to a compact JWE with the primary
 * key. For Crumb that is building the {@code SessionData} (which serializes the attributes) and
 * {@code SessionCodec.seal}; for the baselines, Jackson and the encryption.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar SealBenchmark -prof gc
 * java -jar benchmarks/target/benchmarks.jar SealBenchmark -p payload=SMALL -p alg=A256GCM -wi 2 -i 3 -f 1
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class SealBenchmark {

    @Param
    public ImplKind impl;

    @Param
    public PayloadSize payload;

    @Param
    public Alg alg;

    private Impl sealer;
    private SessionInput session;

    @Setup
    public void setup() {
        Fixture fixture = Fixture.of(alg);
        sealer = impl.create(fixture);
        session = fixture.session(payload);
        Tokens.expectOpen(sealer, Tokens.checked(impl, sealer.seal(session), session, fixture), true);
    }

    @TearDown
    public void close() {
        sealer.close();
    }

    @Benchmark
    public String seal() {
        return sealer.seal(session);
    }
}
