package dev.crumb.netty.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Session;
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
 * The Vert.x side of the load measurement works: its servers answer over real sockets, the
 * session its cookie carries round-trips (so a load run measures the session path, not a 401),
 * and the thread whose CPU time the harness reads is the one that does the work.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class VertxLoadSmokeTest {

    private static VertxLoadServers servers;
    private static String cookie;

    @BeforeAll
    static void start() throws Exception {
        servers = VertxLoadServers.start();
        cookie = HttpLoad.login(servers);
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    @Test
    void login_givesTheSmallSession_sealedByTheCookieStore() {
        assertTrue(cookie.startsWith(LoadServers.COOKIE_NAME + "="), cookie);
        Session session = open(cookie);
        assertEquals(LoadServers.SUBJECT, session.get(VertxLoadServers.SUBJECT_ATTRIBUTE));
        assertEquals(new JsonArray().add("customer").add("beta-tester"), session.get("roles"));
        assertEquals("en-GB", session.get("locale"));
        assertEquals(1_731_408_000L, (Long) session.get("loginAt"));
    }

    @Test
    void login_runsOnTheMeasuredEventLoop() throws IOException {
        HttpLoad.login(servers);
        assertEquals(servers.eventLoopThreadId(true), servers.loginThreadId());
        assertNotEquals(servers.eventLoopThreadId(true), servers.eventLoopThreadId(false));
    }

    @Test
    void withoutHandler_answersWithAndWithoutCookie_neverSettingOne() throws IOException {
        for (String path : List.of("/read", "/write", "/whoami", "/static")) {
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
        for (String path : List.of("/read", "/whoami", "/static")) {
            OneRequest.Reply reply = OneRequest.send(servers.withSessions(), "GET", path, cookie);
            assertEquals(200, reply.status(), path);
            assertEquals(List.of(), reply.setCookies(), path);
            assertEquals("hello world\n", reply.body());
        }
    }

    @Test
    void withHandler_changingTheSessionWritesACookie_thatRoundTrips() throws IOException {
        OneRequest.Reply reply = OneRequest.send(servers.withSessions(), "GET", "/write", cookie);
        assertEquals(200, reply.status());
        assertEquals(1, reply.setCookies().size(), reply.toString());
        String next = OneRequest.pair(reply.setCookies().get(0));
        Session session = open(next);
        assertEquals(LoadServers.SUBJECT, session.get(VertxLoadServers.SUBJECT_ATTRIBUTE));
        assertTrue((Long) session.get("counter") > 0);
        // The new cookie is as good as the login's for the next request.
        OneRequest.Reply again = OneRequest.send(servers.withSessions(), "GET", "/read", next);
        assertEquals(200, again.status());
    }

    @Test
    void withHandler_noCookieMeansNoUser() throws IOException {
        for (String path : List.of("/read", "/whoami")) {
            OneRequest.Reply reply = OneRequest.send(servers.withSessions(), "GET", path, null);
            assertEquals(401, reply.status(), path);
            assertEquals(List.of(), reply.setCookies(), path);
        }
    }

    @Test
    void withHandler_aTamperedCookieMeansNoUser() throws IOException {
        String value = cookie.substring(cookie.indexOf('=') + 1);
        int middle = value.length() / 2;
        char flipped = value.charAt(middle) == 'A' ? 'B' : 'A';
        String tampered = LoadServers.COOKIE_NAME + "=" + value.substring(0, middle) + flipped + value.substring(middle + 1);
        OneRequest.Reply reply = OneRequest.send(servers.withSessions(), "GET", "/read", tampered);
        assertEquals(401, reply.status());
    }

    @Test
    void theRunChecks_passForEveryConfiguration() throws IOException {
        for (HttpLoad.Config c : vertxConfigs()) {
            HttpLoad.check(c.sessions ? servers.withSessions() : servers.plain(), c, cookie);
        }
    }

    @Test
    void javaClient_loadsEachConfiguration_onTheMeasuredThread() throws IOException {
        for (HttpLoad.Config c : vertxConfigs()) {
            var server = c.sessions ? servers.withSessions() : servers.plain();
            long before = servers.eventLoopCpuNanos(c.sessions);
            LoadStats r = JavaLoadClient.run(server, c.path, cookie, 4, Duration.ofMillis(1000));
            long cpu = servers.eventLoopCpuNanos(c.sessions) - before;
            assertTrue(r.clean(), c + ": " + r);
            assertTrue(r.requests() >= 4, c + ": " + r);
            // Every request costs the measured thread something: it is the one serving them.
            assertTrue(cpu / r.requests() > 1_000, c + ": " + cpu + " ns for " + r);
        }
        LoadStats anonymous =
                JavaLoadClient.run(servers.withSessions(), "/read", null, 2, Duration.ofMillis(500));
        assertTrue(anonymous.requests() > 0 && anonymous.non2xx() == anonymous.requests(), anonymous.toString());
    }

    private static List<HttpLoad.Config> vertxConfigs() {
        List<HttpLoad.Config> configs =
                Arrays.stream(HttpLoad.Config.values()).filter(c -> c.stack == HttpLoad.Stack.VERTX).toList();
        assertFalse(configs.isEmpty());
        for (HttpLoad.Config c : configs) {
            assertEquals(HttpLoad.Config.VERTX_NONE, c.baseline());
            assertEquals(c.path, c.counterpart().path, c.toString());
        }
        return configs;
    }

    /** What the Vert.x store reads from a Cookie header pair; fails if it does not open. */
    private static Session open(String pair) {
        Future<Session> opened = servers.store().get(pair.substring(pair.indexOf('=') + 1));
        assertTrue(opened.succeeded(), String.valueOf(opened.cause()));
        assertNotNull(opened.result(), "the store did not open " + pair);
        return opened.result();
    }
}
