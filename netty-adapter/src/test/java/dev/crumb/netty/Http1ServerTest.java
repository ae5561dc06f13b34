package dev.crumb.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crumb.CookieSessions;
import dev.crumb.KeyRing;
import dev.crumb.RejectReason;
import dev.crumb.Session;
import dev.crumb.SessionException;
import dev.crumb.netty.example.ExampleServer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The example server over real HTTP/1.1 connections on the loopback interface, with the shop's
 * work on a separate executor, so every response is written from a thread that is not the event loop.
 */
@Timeout(30)
class Http1ServerTest {

    private static final InetSocketAddress ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private static final CookieSessions SESSIONS = Cookies.sessions();
    private static ExecutorService work;
    private static ExampleServer server;
    private static InetSocketAddress address;

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @BeforeAll
    static void start() throws InterruptedException {
        work = Executors.newFixedThreadPool(4);
        server = new ExampleServer(SESSIONS, work);
        address = server.startHttp1(ANY_PORT);
    }

    @AfterAll
    static void stop() {
        server.close();
        work.shutdownNow();
    }

    @Test
    void login_thenRevisits_keepTheSession() throws Exception {
        Reply login = send(address, "POST", "/login?user=alice", null);
        assertEquals(200, login.status());
        assertEquals("welcome alice", login.body());

        Reply first = send(address, "GET", "/", login.cookie());
        Reply second = send(address, "GET", "/", first.cookie());

        assertEquals("user=alice visits=1 cart=", first.body());
        assertEquals("user=alice visits=2 cart=", second.body());
    }

    @Test
    void unchangedSession_getsNoNewCookie() throws Exception {
        Reply login = send(address, "POST", "/login?user=amy", null);

        Reply peek = send(address, "GET", "/peek", login.cookie());

        assertEquals("user=amy visits=0 cart=", peek.body());
        assertEquals(List.of(), peek.setCookies());
    }

    @Test
    void logout_deletesTheCookie() throws Exception {
        Reply login = send(address, "POST", "/login?user=bob", null);

        Reply logout = send(address, "POST", "/logout", login.cookie());

        assertEquals(200, logout.status());
        assertEquals(1, logout.setCookies().size(), logout.setCookies()::toString);
        assertTrue(Cookies.isDeletion(logout.setCookies().get(0)), logout.setCookies().get(0));
    }

    @Test
    void tamperedCookie_givesAnEmptySession_andA200() throws Exception {
        String cookie = send(address, "POST", "/login?user=carol", null).cookie();
        int at = cookie.length() - 30;
        String tampered = cookie.substring(0, at) + (cookie.charAt(at) == 'x' ? 'y' : 'x') + cookie.substring(at + 1);

        Reply peek = send(address, "GET", "/peek", tampered);

        assertEquals(200, peek.status());
        assertEquals("user=anonymous visits=0 cart=", peek.body());
        assertTrue(Cookies.isDeletion(peek.setCookies().get(0)), peek.setCookies()::toString);
    }

    @Test
    void cookieSealedWithAnOldKey_isResealedWithThePrimary() throws Exception {
        KeyRing oldKey = KeyRing.generate("old", "A256GCM");
        KeyRing newKey = KeyRing.generate("new", "A256GCM");
        try (ExampleServer before = new ExampleServer(Cookies.sessions(oldKey), Runnable::run);
                ExampleServer after = new ExampleServer(Cookies.sessions(newKey.followedBy(oldKey)), Runnable::run)) {
            String sealedWithOld = send(before.startHttp1(ANY_PORT), "POST", "/login?user=dora", null).cookie();
            InetSocketAddress rotated = after.startHttp1(ANY_PORT);

            Reply peek = send(rotated, "GET", "/peek", sealedWithOld);

            assertEquals("user=dora visits=0 cart=", peek.body());
            assertEquals(1, peek.setCookies().size(), "an unchanged session sealed with an old key is re-sealed");
            Session underNewKeyOnly = Cookies.reload(Cookies.sessions(newKey), peek.setCookies().get(0));
            assertEquals("dora", underNewKeyOnly.subject().orElseThrow());
            Session underOldKeyOnly = Cookies.reload(Cookies.sessions(oldKey), peek.setCookies().get(0));
            assertEquals(RejectReason.UNKNOWN_KEY, underOldKeyOnly.rejectReason().orElseThrow());
            assertEquals(List.of(), send(rotated, "GET", "/peek", peek.cookie()).setCookies());
        }
    }

    @Test
    void sessionTooLargeForItsCookie_answers500_andKeepsTheLastGoodCookie() throws Exception {
        String cookie = send(address, "POST", "/login?user=eric", null).cookie();
        Reply reply = null;
        try (CapturedLog log = CapturedLog.of(CookieSessionHandler.class)) {
            for (int i = 0; i < 5; i++) {
                reply = send(address, "POST", "/cart?add=" + noise(1200, i), cookie);
                if (reply.status() != 200) {
                    break;
                }
                cookie = reply.cookie();
            }
            assertEquals(500, reply.status());
            assertEquals(List.of(), reply.setCookies());
            assertEquals("close", reply.headers().get("connection"));
            assertInstanceOf(SessionException.class, log.records().get(0).getThrown());
        }
        assertTrue(send(address, "GET", "/peek", cookie).body().startsWith("user=eric"));
    }

    @Test
    void threePipelinedRequestsInOneWrite_getTheirOwnCookies_inOrder() throws Exception {
        List<String> users = List.of("ann", "ben", "cid");
        StringBuilder requests = new StringBuilder();
        for (int i = 0; i < users.size(); i++) {
            int visits = 10 * (i + 1);
            String user = users.get(i);
            requests.append("GET / HTTP/1.1\r\nHost: localhost\r\nCookie: ")
                    .append(Cookies.cookieHeader(SESSIONS, s -> {
                        s.subject(user);
                        s.put("visits", visits);
                    }))
                    .append("\r\n\r\n");
        }

        List<Reply> replies = new ArrayList<>();
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(requests.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            for (int i = 0; i < users.size(); i++) {
                replies.add(readResponse(in));
            }
        }

        for (int i = 0; i < users.size(); i++) {
            Reply reply = replies.get(i);
            int visits = 10 * (i + 1) + 1;
            assertEquals("user=" + users.get(i) + " visits=" + visits + " cart=", reply.body());
            Session next = Cookies.reload(SESSIONS, reply.setCookies().get(0));
            assertEquals(users.get(i), next.subject().orElseThrow());
            assertEquals(visits, next.get("visits"));
        }
    }

    @Test
    void fiftyConcurrentClients_keepTheirOwnSessions() throws Exception {
        int clients = 50;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<String>> outcomes = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                String user = "user" + c;
                outcomes.add(pool.submit(() -> {
                    if (!go.await(10, TimeUnit.SECONDS)) {
                        throw new AssertionError("the clients were not started");
                    }
                    String cookie = send(address, "POST", "/login?user=" + user, null).cookie();
                    cookie = send(address, "POST", "/cart?add=item-of-" + user, cookie).cookie();
                    for (int v = 0; v < 3; v++) {
                        cookie = send(address, "GET", "/", cookie).cookie();
                    }
                    return send(address, "GET", "/peek", cookie).body();
                }));
            }
            go.countDown();
            for (int c = 0; c < clients; c++) {
                assertEquals("user=user" + c + " visits=3 cart=item-of-user" + c, outcomes.get(c).get(20, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- helpers ----

    /** A response: status, headers (lower-case names, first value), Set-Cookie values, body without its final newline. */
    private record Reply(int status, Map<String, String> headers, List<String> setCookies, String body) {

        /** The Cookie header a browser would send next: the one Set-Cookie pair. */
        String cookie() {
            assertEquals(1, setCookies.size(), () -> "expected one Set-Cookie, got " + setCookies);
            assertFalse(Cookies.isDeletion(setCookies.get(0)));
            return Cookies.pair(setCookies.get(0));
        }
    }

    private Reply send(InetSocketAddress to, String method, String path, String cookie)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://" + to.getAddress().getHostAddress() + ":" + to.getPort() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        Map<String, String> headers = new LinkedHashMap<>();
        response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
        return new Reply(response.statusCode(), headers, response.headers().allValues("set-cookie"),
                response.body().strip());
    }

    /** Reads one HTTP/1.1 response with a Content-Length from a raw stream. */
    private static Reply readResponse(InputStream in) throws IOException {
        String statusLine = readLine(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> setCookies = new ArrayList<>();
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            headers.put(name, value);
            if (name.equals("set-cookie")) {
                setCookies.add(value);
            }
        }
        byte[] body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        return new Reply(status, headers, setCookies, new String(body, StandardCharsets.UTF_8).strip());
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed in the middle of a response");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    private static String noise(int length, long seed) {
        Random random = new Random(seed);
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append((char) ('a' + random.nextInt(26)));
        }
        return sb.toString();
    }
}
