package dev.crumb.bench;

import dev.crumb.CookieSessions;
import dev.crumb.Session;
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
 * The session work of one request of the Netty load harness ({@code netty-adapter/LOAD.md}), with
 * nothing around it: {@code load} from a Cookie header carrying only the session cookie, the
 * reads of the harness's application, then {@code commit}, which writes nothing (the session is
 * unchanged and fresh). The HTTP run's added CPU per request is compared with this.
 *
 * <ul>
 *   <li>{@code APP} (the {@code unchanged} configuration): the subject, {@code userId} as a
 *       {@code String}, {@code roles} with {@code get(name)} (a list, checked to contain
 *       {@code customer}) and {@code locale} as a {@code String}.
 *   <li>{@code STRINGS} (the {@code strings} configuration): the subject and {@code userId}.
 * </ul>
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar AppReadsBenchmark -p payload=SMALL -p alg=A256GCM -prof gc
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class AppReadsBenchmark {

    /** Which of the harness application's handlers the request runs. */
    public enum Reads { APP, STRINGS }

    @Param
    public PayloadSize payload;

    @Param
    public Alg alg;

    @Param
    public Reads reads;

    private CookieSessions sessions;
    private List<String> cookieHeaders;

    @Setup
    public void setup() {
        Fixture fixture = Fixture.of(alg);
        sessions = LifecycleBenchmark.sessions(fixture);
        SessionInput session = fixture.session(payload);
        String token;
        try (Impl sealer = ImplKind.CRUMB.create(fixture)) {
            token = Tokens.checked(ImplKind.CRUMB, sealer.seal(session), session, fixture);
        }
        // As the adapter hands them over: every Cookie header value of the request.
        cookieHeaders = List.of(fixture.cookieName() + "=" + token);
        if (!request()) {
            throw new IllegalStateException("the prepared session does not read as the application expects");
        }
        if (!sessions.commit(sessions.load(cookieHeaders)).isEmpty()) {
            throw new IllegalStateException("an unchanged session wrote a cookie");
        }
    }

    /** True when the reads found what the harness's application asks for (its 200 rather than 401). */
    @Benchmark
    public boolean request() {
        Session s = sessions.load(cookieHeaders);
        boolean ok = reads == Reads.APP ? read(s) : whoami(s);
        if (!sessions.commit(s).isEmpty()) {
            throw new IllegalStateException("an unchanged session wrote a cookie");
        }
        return ok;
    }

    /** The harness application's {@code /read}, without the change. */
    private static boolean read(Session session) {
        String user = session.subject().orElse(null);
        String userId = session.get("userId", String.class);
        Object roles = session.get("roles");
        String locale = session.get("locale", String.class);
        return user != null && userId != null && locale != null
                && roles instanceof List<?> list && list.contains("customer");
    }

    /** The harness application's {@code /whoami}. */
    private static boolean whoami(Session session) {
        String user = session.subject().orElse(null);
        String userId = session.get("userId", String.class);
        return user != null && userId != null;
    }
}
