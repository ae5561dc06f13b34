package dev.crumb.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.crumb.KeyRing;
import jakarta.servlet.ServletContainerInitializer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * What {@link CookieSessionFilter} promises, checked in a real container over real sockets. Each
 * container's subclass only starts and stops its server; the application ({@link TestApp}) and
 * every assertion are the same for all.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(30)
abstract class ServletContainerContract {

    /**
     * The attributes every container must write after {@code session=<token>}: byte for byte the
     * output of {@link dev.crumb.CookieSpec#format} at the test clock, idle timeout 30 minutes.
     */
    static final String COOKIE_ATTRIBUTES =
            "; Path=/; HttpOnly; SameSite=Strict; Max-Age=1800; Expires=Tue, 01 Jan 2030 00:30:00 GMT";
    static final String DELETION =
            "session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT";

    private Path keysFile;
    private int port;
    /** What the running container says it is: server info and Servlet version, "jetty/12.1.14, Servlet 6.1". */
    private String container;

    /** Starts the container on 127.0.0.1, port 0, running {@code app}; returns the port it got. */
    protected abstract int start(ServletContainerInitializer app) throws Exception;

    protected abstract void stop() throws Exception;

    @BeforeAll
    void startServer() throws Exception {
        keysFile = Files.createTempFile("crumb-keys", ".json");
        Files.writeString(keysFile, KeyRing.generate().toJwkSet(Instant.now()), StandardCharsets.UTF_8);
        port = start(new TestApp(keysFile));
        container = client().get("/s/container").body();
        // The build runs this contract once per container: this line says which one ran.
        System.out.println("[container] " + getClass().getSimpleName() + " on " + container);
    }

    @AfterAll
    void stopServer() throws Exception {
        try {
            stop();
        } finally {
            Files.deleteIfExists(keysFile);
        }
    }

    TestClient client() {
        return new TestClient(port);
    }

    /**
     * The build runs each container with {@code crumb.container} set to what it must find: a
     * class path that silently brought in another container (or another Servlet API) fails here.
     */
    @Test
    void container_isTheOneThisRunIsFor() {
        String expected = System.getProperty("crumb.container");
        assumeTrue(expected != null, "crumb.container is not set: this run is not one of the build's matrix");
        assertEquals(expected, container);
    }

    @Test
    void login_thenNextRequest_seesUser() throws Exception {
        TestClient browser = client();
        assertEquals("ok", browser.get("/s/login?user=alice").body());
        assertEquals("alice", browser.get("/s/whoami").body());
    }

    @Test
    void setCookie_isCoreFormatByteForByte() throws Exception {
        TestClient browser = client();
        String header = browser.get("/s/login?user=alice").setCookie("session");
        String token = browser.cookie("session");
        assertEquals(TestApp.COOKIE.format("session", token, TestApp.NOW.plusSeconds(1800), TestApp.NOW), header);
        assertEquals("session=" + token + COOKIE_ATTRIBUTES, header);
    }

    @Test
    void logout_deletesCookie() throws Exception {
        TestClient browser = client();
        browser.get("/s/login?user=alice");
        TestClient.Reply bye = browser.get("/s/logout");
        assertEquals(List.of(DELETION), bye.setCookies());
        assertEquals(TestApp.COOKIE.formatDeletion("session"), DELETION);
        assertEquals("none", browser.get("/s/whoami").body());
    }

    @Test
    void tamperedCookie_givesEmptySession_andDeletesIt() throws Exception {
        TestClient browser = client();
        browser.get("/s/login?user=alice");
        String token = browser.cookie("session");
        int i = token.length() / 2;
        browser.cookie("session", token.substring(0, i) + (token.charAt(i) == 'A' ? 'B' : 'A') + token.substring(i + 1));
        TestClient.Reply reply = browser.get("/s/whoami");
        assertEquals(200, reply.status());
        assertEquals("none", reply.body());
        assertEquals(List.of(DELETION), reply.setCookies());
    }

    @Test
    void garbageCookie_givesEmptySession() throws Exception {
        TestClient browser = client();
        browser.cookie("session", "not.a.token");
        TestClient.Reply reply = browser.get("/s/info");
        assertEquals(200, reply.status());
        assertEquals("null false false false none", reply.body());
    }

    @Test
    void requestedSessionId_isTheCookiesSessionId() throws Exception {
        TestClient browser = client();
        assertEquals("null false false false none", browser.get("/s/info").body());
        browser.get("/s/login?user=alice");
        String[] info = browser.get("/s/info").body().split(" ");
        assertEquals(info[0], info[4]);
        assertEquals("true true false", info[1] + " " + info[2] + " " + info[3]);
    }

    @Test
    void getSessionFalse_isNullUntilGetSessionTrue_andEmptyNewSessionWritesNoCookie() throws Exception {
        TestClient.Reply reply = client().get("/s/peek");
        assertEquals("true true true", reply.body());
        assertEquals(List.of(), reply.setCookies());
    }

    @Test
    void invalidateThenNewSession_inOneRequest() throws Exception {
        TestClient browser = client();
        browser.get("/s/login?user=alice");
        TestClient.Reply reply = browser.get("/s/relogin");
        assertEquals("ISE true true true true", reply.body());
        assertEquals(1, reply.setCookies().size(), reply.setCookies().toString());
        assertEquals("fresh", browser.get("/s/whoami").body());
    }

    @Test
    void changeSessionId_changesId_keepsAttributes() throws Exception {
        TestClient browser = client();
        browser.get("/s/login?user=alice");
        String[] rotated = browser.get("/s/rotate").body().split(" ");
        assertNotEquals(rotated[0], rotated[1]);
        assertEquals(rotated[1], rotated[2]);
        assertEquals("alice", rotated[3]);
        String[] info = browser.get("/s/info").body().split(" ");
        assertEquals(rotated[1], info[0]);
        assertEquals("alice", browser.get("/s/whoami").body());
    }

    @Test
    void writeOfMoreThanTheBuffer_stillSendsCookie() throws Exception {
        TestClient browser = client();
        TestClient.Reply reply = browser.get("/s/big?user=bob");
        assertTrue(reply.body().length() >= 4 * 1024, "body of " + reply.body().length());
        assertNotNull(reply.setCookie("session"));
        assertEquals("bob", browser.get("/s/whoami").body());
    }

    /** Jetty sends a write above its aggregation size (a quarter of the buffer) unbuffered. */
    @Test
    void singleWriteOfHalfTheBuffer_stillSendsCookie() throws Exception {
        TestClient browser = client();
        TestClient.Reply reply = browser.get("/s/half-buffer?user=bob");
        assertTrue(reply.body().chars().allMatch(c -> c == 'h'));
        assertNotNull(reply.setCookie("session"));
        assertEquals("bob", browser.get("/s/whoami").body());
    }

    @Test
    void smallWritesFillingTheBuffer_stillSendCookie() throws Exception {
        TestClient browser = client();
        TestClient.Reply reply = browser.get("/s/big-chunks?user=bob");
        assertTrue(reply.body().chars().allMatch(c -> c == 'b'));
        assertNotNull(reply.setCookie("session"));
        assertEquals("bob", browser.get("/s/whoami").body());
    }

    @Test
    void writerFillingTheBuffer_stillSendsCookie() throws Exception {
        TestClient browser = client();
        TestClient.Reply reply = browser.get("/s/big-writer?user=carol");
        assertTrue(reply.body().length() > 2 * 8192, "body of " + reply.body().length());
        assertNotNull(reply.setCookie("session"));
        assertEquals("carol", browser.get("/s/whoami").body());
    }

    @Test
    void contentLengthReached_stillSendsCookie_andLaterChangeIsReported() throws Exception {
        TestClient browser = client();
        String probe = UUID.randomUUID().toString();
        TestClient.Reply reply = browser.get("/s/content-length?user=dave&probe=" + probe);
        assertEquals("0123456789", reply.body());
        assertNotNull(reply.setCookie("session"));
        String late = TestApp.probe(probe).get(10, TimeUnit.SECONDS);
        assertTrue(late.startsWith("caught: ") && late.contains("headers were written when"), late);
        assertEquals("dave", browser.get("/s/whoami").body());
    }

    @Test
    void sendRedirect_carriesCookie() throws Exception {
        TestClient browser = client();
        TestClient.Reply reply = browser.get("/s/redirect?user=erin");
        assertEquals(302, reply.status());
        assertTrue(reply.header("Location").endsWith("whoami"), reply.header("Location"));
        assertNotNull(reply.setCookie("session"));
        assertEquals("erin", browser.get("/s/whoami").body());
    }

    @Test
    void servlet61SendRedirectOverload_carriesCookie() throws Exception {
        TestClient browser = client();
        assumeFalse(container.endsWith("Servlet 6.0"), "a Servlet 6.0 container has no sendRedirect(String, int)");
        TestClient.Reply reply = browser.get("/s/redirect-6.1?user=erin");
        assertEquals(303, reply.status());
        assertNotNull(reply.setCookie("session"));
        assertEquals("erin", browser.get("/s/whoami").body());
    }

    @Test
    void sendError_carriesCookie() throws Exception {
        TestClient browser = client();
        TestClient.Reply reply = browser.get("/s/error?user=frank");
        assertEquals(409, reply.status());
        assertNotNull(reply.setCookie("session"));
        assertEquals("frank", browser.get("/s/whoami").body());
    }

    @Test
    void forward_carriesCookie() throws Exception {
        TestClient browser = client();
        TestClient.Reply reply = browser.get("/s/forward?user=gina");
        assertEquals("gina", reply.body());
        assertNotNull(reply.setCookie("session"));
        assertEquals("gina", browser.get("/s/whoami").body());
    }

    @Test
    void resetAfterSessionCommitted_keepsCookie() throws Exception {
        TestClient browser = client();
        TestClient.Reply reply = browser.get("/s/reset?user=hal");
        assertEquals("after reset", reply.body());
        assertNotNull(reply.setCookie("session"));
        assertEquals("hal", browser.get("/s/whoami").body());
    }

    @Test
    void asyncChange_isSaved() throws Exception {
        TestClient browser = client();
        TestClient.Reply reply = browser.get("/s/async?user=ivy");
        assertEquals("async", reply.body());
        assertNotNull(reply.setCookie("session"));
        assertEquals("ivy", browser.get("/s/whoami").body());
    }

    @Test
    void asyncFlush_sendsCookie_andLaterChangeIsReported() throws Exception {
        TestClient browser = client();
        String probe = UUID.randomUUID().toString();
        TestClient.Reply reply = browser.get("/s/async-flush?user=jo&probe=" + probe);
        assertEquals("flushed", reply.body());
        assertNotNull(reply.setCookie("session"));
        String late = TestApp.probe(probe).get(10, TimeUnit.SECONDS);
        assertTrue(late.startsWith("caught: ") && late.contains("headers were written when"), late);
        assertEquals("jo", browser.get("/s/whoami").body());
    }

    @Test
    void asyncDispatch_changeIsSaved() throws Exception {
        TestClient browser = client();
        TestClient.Reply reply = browser.get("/s/async-dispatch?user=kim");
        assertEquals("ok", reply.body());
        assertNotNull(reply.setCookie("session"));
        assertEquals("kim", browser.get("/s/whoami").body());
    }

    @Test
    void asyncSessionTooLarge_throwsFromComplete_andFailsTheResponse() throws Exception {
        String probe = UUID.randomUUID().toString();
        TestClient.Reply reply = client().get("/s/async-too-large?probe=" + probe);
        assertEquals(500, reply.status());
        assertEquals(List.of(), reply.setCookies());
        assertEquals("thrown: SessionException", TestApp.probe(probe).get(10, TimeUnit.SECONDS));
    }

    /**
     * The documented limit: the {@code /x} filter is not mapped to the ASYNC dispatcher type, so a
     * change made during an async dispatch cannot be saved (it is logged as a warning).
     */
    @Test
    void asyncDispatch_withoutAsyncMapping_cannotSaveTheSession() throws Exception {
        TestClient browser = client();
        TestClient.Reply reply = browser.get("/x/async-dispatch?user=kim");
        assertEquals("ok", reply.body());
        assertEquals(List.of(), reply.setCookies());
        assertEquals("none", browser.get("/x/whoami").body());
    }

    @Test
    void changeAfterFlush_throwsInServlet() throws Exception {
        TestClient browser = client();
        browser.get("/s/login?user=lee");
        String body = browser.get("/s/late").body();
        assertTrue(body.startsWith("sent caught: ") && body.contains("headers were written when"), body);
        assertEquals("lee", browser.get("/s/whoami").body());
    }

    @Test
    void newSessionAfterFlush_throwsInServlet() throws Exception {
        String body = client().get("/s/late-new").body();
        assertTrue(body.startsWith("sent caught: ") && body.contains("headers were written when"), body);
    }

    @Test
    void unserializableAttribute_isRejectedAtSetAttribute() throws Exception {
        TestClient.Reply reply = client().get("/s/unserializable");
        assertEquals(200, reply.status());
        assertTrue(reply.body().startsWith("rejected: attribute 'thing'"), reply.body());
    }

    @Test
    void springSecurityLikeObjects_comeBackAsTheirTypesInTheNextRequest() throws Exception {
        TestClient browser = client();
        assertEquals("stored", browser.get("/s/typed-put").body());
        assertEquals("t-123 alice ROLE_ADMIN http://localhost/s/orders?page=2 fr_FR 2030-01-01T00:00:00Z apple" + "x2 3",
                browser.get("/s/typed-get").body());
    }

    @Test
    void sessionTooLargeForCookie_failsTheRequest() throws Exception {
        TestClient.Reply reply = client().get("/s/too-large");
        assertEquals(500, reply.status());
        assertEquals(List.of(), reply.setCookies());
    }

    @Test
    void maxInactiveInterval_isTheIdleTimeout_andCannotChangePerSession() throws Exception {
        assertEquals("1800 unsupported", client().get("/s/max-inactive").body());
    }

    @Test
    void typedAttributes_throughCoreSession() throws Exception {
        TestClient browser = client();
        browser.get("/s/profile-set");
        // A storable type: getAttribute gives the record itself, no longer a map of its properties.
        assertEquals("Profile Profile[name=ada, age=36]", browser.get("/s/profile-get").body());
    }

    @Test
    void filterConfiguredFromInitParameters_works() throws Exception {
        TestClient browser = client();
        TestClient.Reply reply = browser.get("/x/login?user=xavier");
        String header = reply.setCookie(TestApp.XML_COOKIE);
        assertTrue(header.endsWith("; Path=/; HttpOnly; SameSite=Lax"), header);
        assertEquals("xavier", browser.get("/x/whoami").body());
        assertEquals("none", browser.get("/s/whoami").body(), "the two filters' cookies are independent");
    }

    @Test
    void concurrentClients_eachKeepTheirOwnSession() throws Exception {
        int clients = 50;
        int rounds = 5;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Callable<String>> tasks = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                String user = "user" + i;
                tasks.add(() -> {
                    TestClient browser = client();
                    assertEquals("ok", browser.get("/s/login?user=" + user).body());
                    for (int n = 1; n <= rounds; n++) {
                        assertEquals(user + ":" + n, browser.get("/s/count").body());
                    }
                    return user;
                });
            }
            List<Future<String>> results = pool.invokeAll(tasks, 20, TimeUnit.SECONDS);
            for (int i = 0; i < clients; i++) {
                assertFalse(results.get(i).isCancelled(), "client " + i + " did not finish in time");
                assertEquals("user" + i, results.get(i).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
