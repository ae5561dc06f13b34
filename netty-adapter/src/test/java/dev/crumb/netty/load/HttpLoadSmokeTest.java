package dev.crumb.netty.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crumb.Session;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The load measurement's servers and Java client work: a handful of real requests on loopback,
 * with and without the session cookie. The measurement itself is {@link HttpLoad}, run by hand.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpLoadSmokeTest {

    private static LoadServers servers;
    private static String cookie;

    @BeforeAll
    static void start() throws Exception {
        servers = LoadServers.start();
        cookie = HttpLoad.login(servers);
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    @Test
    void login_givesTheSmallSession() {
        assertTrue(cookie.startsWith(LoadServers.COOKIE_NAME + "="), cookie);
        Session session = servers.sessions().load(cookie);
        assertFalse(session.isNew());
        assertEquals(LoadServers.SUBJECT, session.subject().orElseThrow());
        assertEquals(List.of("customer", "beta-tester"), session.get("roles"));
    }

    @Test
    void withoutHandler_answersWithAndWithoutCookie_neverSettingOne() throws IOException {
        for (String path : List.of("/read", "/write")) {
            for (String c : new String[] {cookie, null}) {
                OneRequest.Reply reply = OneRequest.send(servers.plain(), "GET", path, c);
                assertEquals(200, reply.status(), path);
                assertEquals(List.of(), reply.setCookies(), path);
                assertEquals("hello world\n", reply.body());
            }
        }
    }

    @Test
    void withHandler_readingTheSessionWritesNoCookie() throws IOException {
        OneRequest.Reply reply = OneRequest.send(servers.withSessions(), "GET", "/read", cookie);
        assertEquals(200, reply.status());
        assertEquals(List.of(), reply.setCookies());
        assertEquals("hello world\n", reply.body());
    }

    @Test
    void withHandler_changingTheSessionWritesACookie() throws IOException {
        OneRequest.Reply reply = OneRequest.send(servers.withSessions(), "GET", "/write", cookie);
        assertEquals(200, reply.status());
        assertEquals(1, reply.setCookies().size());
        Session next = servers.sessions().load(OneRequest.pair(reply.setCookies().get(0)));
        assertEquals(LoadServers.SUBJECT, next.subject().orElseThrow());
        assertTrue(next.get("counter", Long.class) > 0);
    }

    @Test
    void withHandler_noCookieMeansNoUser() throws IOException {
        OneRequest.Reply reply = OneRequest.send(servers.withSessions(), "GET", "/read", null);
        assertEquals(401, reply.status());
        assertEquals(List.of(), reply.setCookies());
    }

    @Test
    void theRunChecks_passForEveryConfiguration() throws IOException {
        for (HttpLoad.Config c : crumbConfigs()) {
            HttpLoad.check(c == HttpLoad.Config.NONE ? servers.plain() : servers.withSessions(), c, cookie);
        }
    }

    @Test
    void javaClient_keepsConnectionsBusyAndStopsByItself() throws IOException {
        for (HttpLoad.Config c : crumbConfigs()) {
            var server = c == HttpLoad.Config.NONE ? servers.plain() : servers.withSessions();
            // Long enough for a cold first request (a seal, on a busy machine: 0.2 s) and more.
            LoadStats r = JavaLoadClient.run(server, c.path, cookie, 4, Duration.ofMillis(1000));
            assertTrue(r.clean(), c + ": " + r);
            assertTrue(r.requests() >= 4, c + ": " + r);
            assertTrue(r.p50Millis() > 0 && r.p99Millis() >= r.p50Millis(), c + ": " + r);
        }
        // Without the cookie the session server answers 401, which the client counts.
        LoadStats anonymous =
                JavaLoadClient.run(servers.withSessions(), "/read", null, 2, Duration.ofMillis(500));
        assertTrue(anonymous.requests() > 0 && anonymous.non2xx() == anonymous.requests(), anonymous.toString());
    }

    /** The configurations on Crumb's servers; {@link VertxLoadSmokeTest} covers Vert.x's. */
    private static List<HttpLoad.Config> crumbConfigs() {
        return Arrays.stream(HttpLoad.Config.values()).filter(c -> c.stack == HttpLoad.Stack.CRUMB).toList();
    }

    @Test
    void configs_runEachStacksBaselineFirst() {
        assertEquals(List.of(HttpLoad.Config.NONE, HttpLoad.Config.VERTX_NONE, HttpLoad.Config.UNCHANGED,
                        HttpLoad.Config.VERTX_UNCHANGED),
                HttpLoad.configs("unchanged,vertx-unchanged,none"));
        assertEquals(List.of(HttpLoad.Config.VERTX_NONE, HttpLoad.Config.VERTX_STRINGS),
                HttpLoad.configs("vertx-strings"));
    }

    @Test
    void summary_setsEachHandlerAgainstItsOwnBaseline() {
        List<HttpLoad.Run> runs = List.of(
                run(HttpLoad.Config.NONE, 1, 10, 6), run(HttpLoad.Config.UNCHANGED, 1, 15, 9),
                run(HttpLoad.Config.VERTX_NONE, 1, 20, 12), run(HttpLoad.Config.VERTX_UNCHANGED, 1, 30, 20),
                run(HttpLoad.Config.NONE, 2, 10, 6), run(HttpLoad.Config.UNCHANGED, 2, 16, 10),
                run(HttpLoad.Config.VERTX_NONE, 2, 20, 12), run(HttpLoad.Config.VERTX_UNCHANGED, 2, 24, 15));
        String summary = HttpLoad.summary(runs, 2, false);
        assertTrue(summary.contains("| handler, session read, unchanged | 1,000 (1,000-1,000) | 1.000 (1.000-1.000) "
                + "| 0.500 | 15.5 | +5.5 (+5.0, +6.0) | +3.5 (+3.0, +4.0) |"), summary);
        assertTrue(summary.contains("vertx-unchanged vs vertx-none: requests/s cost 0.0%"), summary);
        assertTrue(summary.contains("side by side, unchanged: added event loop CPU us/req, Crumb +5.5 (rounds: +5.0, +6.0), "
                + "Vert.x +7.0 (rounds: +10.0, +4.0); Crumb's is smaller in 1 of 2 rounds"), summary);
    }

    private static HttpLoad.Run run(HttpLoad.Config c, int round, double eventLoopMicros, double userMicros) {
        return new HttpLoad.Run(c, round, new LoadStats(1000, 1, 1000, 0.5, 1, 0, 0), eventLoopMicros, userMicros,
                Double.NaN);
    }

    @Test
    void wrkReport_isRead() throws IOException {
        String report = """
                Running 10s test @ http://127.0.0.1:40001/read
                  1 threads and 32 connections
                  Thread Stats   Avg      Stdev     Max   +/- Stdev
                    Latency   412.10us  300.00us   1.20s    90.00%
                    Req/Sec    75.00k     3.00k   80.00k    70.00%
                  Latency Distribution
                     50%  358.00us
                     75%  420.00us
                     90%  510.00us
                     99%    1.53ms
                  746123 requests in 10.01s, 80.42MB read
                  Socket errors: connect 0, read 2, write 0, timeout 1
                  Non-2xx or 3xx responses: 5
                Requests/sec:  74537.76
                Transfer/sec:      8.03MB
                """;
        LoadStats r = Wrk.parse(report);
        assertEquals(746123, r.requests());
        assertEquals(10.01, r.seconds(), 1e-9);
        assertEquals(74537.76, r.requestsPerSecond(), 1e-9);
        assertEquals(0.358, r.p50Millis(), 1e-9);
        assertEquals(1.53, r.p99Millis(), 1e-9);
        assertEquals(5, r.non2xx());
        assertEquals(3, r.errors());
    }
}
