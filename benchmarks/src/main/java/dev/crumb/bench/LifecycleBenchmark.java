package dev.crumb.bench;

import dev.crumb.CookieSessions;
import dev.crumb.CookieSpec;
import dev.crumb.Session;
import java.time.Duration;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * One request's session cycle through {@link CookieSessions}: {@code load} from a Cookie header
 * that carries two other cookies, read the subject, then {@code commit}.
 *
 * <ul>
 *   <li>{@code UNCHANGED}: nothing changed and the token is fresh, so commit writes nothing.
 *   <li>{@code CHANGED}: one attribute replaced ({@code put}), so commit re-serializes the
 *       attributes, seals and formats the Set-Cookie header.
 *   <li>{@code OLDER_KEY}: unchanged, but sealed with the ring's older key, so commit re-seals
 *       it with the primary (the rotation path), without re-serializing the attributes.
 * </ul>
 *
 * <p>Crumb only: the baselines have no session lifecycle; compare with {@code SealBenchmark} and
 * {@code OpenBenchmark} from the same run.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar LifecycleBenchmark -prof gc
 * java -jar benchmarks/target/benchmarks.jar LifecycleBenchmark -p scenario=CHANGED -p payload=SMALL -wi 6 -i 3 -f 1
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// The cycle runs more code than seal or open alone; on two busy cores it needs about 5 s to settle.
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class LifecycleBenchmark {

    /** What the request does to its session. */
    public enum Scenario { UNCHANGED, CHANGED, OLDER_KEY }

    @Param
    public PayloadSize payload;

    @Param
    public Alg alg;

    @Param
    public Scenario scenario;

    private CookieSessions sessions;
    private String cookieHeader;
    private boolean change;
    private final String newCsrf = "pQ8vN2xR5tK0mW7yB3cE6hJ";

    @Setup
    public void setup() {
        Fixture fixture = Fixture.of(alg);
        sessions = sessions(fixture);
        SessionInput session = fixture.session(payload);
        Impl sealer = ImplKind.CRUMB.create(scenario == Scenario.OLDER_KEY ? fixture.olderKeyOnly() : fixture);
        String token = Tokens.checked(ImplKind.CRUMB, sealer.seal(session), session, fixture);
        cookieHeader = "theme=dark; " + fixture.cookieName() + "=" + token + "; _ga=GA1.2.1234567890.1731408000";
        change = scenario == Scenario.CHANGED;

        Session s = sessions.load(cookieHeader);
        if (s.isNew()) {
            throw new IllegalStateException("the prepared cookie does not load: " + s.rejectReason());
        }
        int expected = scenario == Scenario.UNCHANGED ? 0 : 1;
        int written = cycle(null).size();
        if (written != expected) {
            throw new IllegalStateException(scenario + " wrote " + written + " cookies, expected " + expected);
        }
    }

    @Benchmark
    public List<String> loadCommit(Blackhole bh) {
        return cycle(bh);
    }

    private List<String> cycle(Blackhole bh) {
        Session s = sessions.load(cookieHeader);
        Object subject = s.subject().orElse(null);
        if (bh != null) {
            bh.consume(subject);
        }
        if (change) {
            s.put("csrf", newCsrf);
        }
        return sessions.commit(s);
    }

    /** Renewal far enough away that an unchanged fresh session is never re-issued during a trial. */
    static CookieSessions sessions(Fixture fixture) {
        return CookieSessions.builder()
                .keys(fixture.ring())
                .cookie(CookieSpec.named(fixture.cookieName()))
                .clock(fixture.clock())
                .idleTimeout(fixture.lifetime())
                .absoluteTimeout(Duration.ofHours(12))
                .renewAfter(Duration.ofHours(1))
                .build();
    }
}
