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
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@code open} of a valid token sealed with the primary key, expiry checked, with the attributes
 * left unread ({@code readAttrs=false}) or every attribute read as plain Java
 * ({@code readAttrs=true}). Each implementation opens a token it sealed itself.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar OpenBenchmark -prof gc
 * java -jar benchmarks/target/benchmarks.jar OpenBenchmark -p payload=SMALL -wi 2 -i 3 -f 1
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class OpenBenchmark {

    @Param
    public ImplKind impl;

    @Param
    public PayloadSize payload;

    @Param
    public Alg alg;

    @Param({"false", "true"})
    public boolean readAttrs;

    private Impl opener;
    private String token;

    @Setup
    public void setup() {
        Fixture fixture = Fixture.of(alg);
        opener = impl.create(fixture);
        SessionInput session = fixture.session(payload);
        token = Tokens.checked(impl, opener.seal(session), session, fixture);
        Tokens.expectOpen(opener, token, true);
    }

    @TearDown
    public void close() {
        opener.close();
    }

    @Benchmark
    public Object open(Blackhole bh) {
        return opener.open(token, readAttrs ? bh : null);
    }
}
