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
 * {@code open} off the main path, attributes not read: a valid token sealed with the ring's older
 * key ({@code token=OLDER_KEY}; Crumb reports it as needing a re-seal), and a token with one
 * ciphertext character changed ({@code token=TAMPERED}), which is parsed, decrypted or MACed in
 * full and then rejected: the cost an attacker can make the server pay per forged cookie.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar OpenEdgeBenchmark -prof gc
 * java -jar benchmarks/target/benchmarks.jar OpenEdgeBenchmark -p token=TAMPERED -p payload=SMALL -wi 2 -i 3 -f 1
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class OpenEdgeBenchmark {

    /** Which unusual token is opened. */
    public enum TokenKind { OLDER_KEY, TAMPERED }

    /** The implementations of Crumb's format: the others have no key ring, so no older key. */
    @Param({"CRUMB", "NIMBUS", "NIMBUS_JWE", "FLOOR"})
    public ImplKind impl;

    @Param
    public PayloadSize payload;

    @Param
    public Alg alg;

    @Param
    public TokenKind token;

    private Impl opener;
    private String value;

    @Setup
    public void setup() {
        Fixture fixture = Fixture.of(alg);
        opener = impl.create(fixture);
        SessionInput session = fixture.session(payload);
        if (token == TokenKind.OLDER_KEY) {
            try (Impl older = impl.create(fixture.olderKeyOnly())) {
                value = Tokens.checked(older.seal(session), fixture);
            }
            Tokens.expectOpen(opener, value, true);
        } else {
            value = Tokens.tampered(Tokens.checked(impl, opener.seal(session), session, fixture));
            Tokens.expectOpen(opener, value, false);
        }
    }

    @Benchmark
    public Object open() {
        return opener.open(value, null);
    }

    @TearDown
    public void close() {
        opener.close();
    }
}
