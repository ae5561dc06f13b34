package dev.crumb.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crumb.CookieSessions;
import dev.crumb.KeyRing;
import dev.crumb.SessionData;
import dev.crumb.redis.RedisRevocations;
import dev.crumb.redis.testing.RedisServer;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two nodes of one cluster: two {@link TestApp}s on their embedded Tomcats, sharing the keys and
 * a real {@code redis-server}, configured by nothing but {@code crumb.*} properties. A revocation
 * made through one node is refused by the other, over HTTP, within the staleness bound.
 */
class RedisRevocationAppTest {

    static final Duration BOUND = Duration.ofMillis(300);
    /** The bound, plus what a request over loopback and the test's own polling may add. */
    static final Duration WITHIN = BOUND.plusSeconds(2);

    static RedisServer redis;
    static Path keys;
    static final List<ConfigurableApplicationContext> apps = new ArrayList<>();
    static Node a;
    static Node b;

    record Node(ConfigurableApplicationContext app, String base) {
        RedisRevocations revocations() {
            return app.getBean(RedisRevocations.class);
        }
    }

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        redis = RedisServer.start();
        keys = dir.resolve("keys.json");
        Files.writeString(keys, KeyRing.generate().toJwkSet(Instant.now()));
        a = start();
        b = start();
        for (Node node : List.of(a, b)) {
            assertThat(node.revocations().awaitCurrent(Duration.ofSeconds(10))).as("confirmed with Redis").isTrue();
        }
    }

    static Node start(String... more) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--crumb.keys.file=" + keys,
                "--crumb.cookie.name=" + SpringBootAppTest.COOKIE, "--crumb.cookie.insecure-allow-plain-http=true",
                "--crumb.revocation.redis.uri=" + redis.uri(), "--crumb.revocation.redis.max-staleness=" + BOUND.toMillis() + "ms",
                "--spring.main.banner-mode=off", "--logging.level.root=WARN"));
        args.addAll(List.of(more));
        ConfigurableApplicationContext app = new SpringApplicationBuilder(TestApp.class).run(args.toArray(String[]::new));
        apps.add(app);
        return new Node(app, "http://localhost:" + app.getEnvironment().getProperty("local.server.port"));
    }

    @AfterAll
    static void stop() {
        try {
            apps.forEach(ConfigurableApplicationContext::close);
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
    }

    @Test
    void revokedThroughOneNode_isRefusedByTheOther_overHttp() throws Exception {
        Browser laptop = new Browser();
        Browser phone = new Browser();
        laptop.login(a);
        phone.login(b);
        for (Browser browser : List.of(laptop, phone)) {
            for (Node node : List.of(a, b)) {
                assertThat(browser.get(node, "/private").body()).as("one cluster, one session").startsWith("hello alice");
            }
        }

        // A stolen cookie: revoked on node a, refused by node b; the phone stays logged in.
        laptop.refusedWithin(b, () -> a.revocations().revokeSession(laptop.sessionId()));
        assertThat(laptop.get(a, "/private").statusCode()).isEqualTo(302);
        assertThat(phone.get(b, "/private").statusCode()).isEqualTo(200);

        // Log out everywhere (sessions created before this second), through node b this time.
        long created = phone.createdAt().getEpochSecond();
        while (Instant.now().getEpochSecond() <= created) {
            Thread.sleep(20); // so that the phone's session is from an earlier second than the revocation
        }
        phone.refusedWithin(a, () -> b.revocations().revokeSubject("alice"));
        assertThat(phone.get(b, "/private").statusCode()).isEqualTo(302);

        // A login after the revocation opens on both nodes.
        Browser again = new Browser();
        again.login(a);
        assertThat(again.get(b, "/private").statusCode()).isEqualTo(200);
    }

    @Test
    void badProperty_failsStartup_namingItAndTheFix() {
        assertThatThrownBy(() -> start("--crumb.revocation.redis.command-timeout=5m"))
                .satisfies(e -> {
                    StringBuilder messages = new StringBuilder();
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        messages.append(t.getMessage()).append('\n');
                    }
                    assertThat(messages.toString()).contains(
                            "crumb.revocation.redis.command-timeout: commandTimeout must be between 10 ms and 1 minute");
                });
    }

    /** A browser: its own cookie jar (cookies are per host, not per port, so both nodes get it). */
    static final class Browser {
        final CookieManager jar = new CookieManager();
        final HttpClient client = HttpClient.newBuilder().cookieHandler(jar)
                .followRedirects(HttpClient.Redirect.NEVER).build();

        void login(Node node) throws Exception {
            HttpResponse<String> form = get(node, "/login");
            Matcher m = SpringBootAppTest.CSRF.matcher(form.body());
            assertThat(m.find()).as("a CSRF token in %s", form.body()).isTrue();
            String csrf = URLEncoder.encode(m.group(1) != null ? m.group(1) : m.group(2), StandardCharsets.UTF_8);
            HttpResponse<String> login = send(HttpRequest.newBuilder(URI.create(node.base() + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("username=alice&password=wonderland&_csrf=" + csrf))
                    .build());
            assertThat(login.statusCode()).isEqualTo(302);
            assertThat(get(node, "/private").statusCode()).as("logged in").isEqualTo(200);
        }

        HttpResponse<String> get(Node node, String path) throws Exception {
            return send(HttpRequest.newBuilder(URI.create(node.base() + path)).build());
        }

        /**
         * Runs the revocation, then asks {@code node} for the private page until it sends this
         * browser to the login page; fails if that takes longer than {@link #WITHIN}. The jar
         * is left alone meanwhile, so the same cookie is sent every time.
         */
        void refusedWithin(Node node, Runnable revocation) throws Exception {
            String cookie = SpringBootAppTest.COOKIE + "=" + cookieValue();
            long revoked = System.nanoTime();
            revocation.run();
            long acknowledged = System.nanoTime();
            HttpClient plain = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
            while (true) {
                HttpResponse<String> page = plain.send(HttpRequest.newBuilder(URI.create(node.base() + "/private"))
                        .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(page.statusCode()).isIn(200, 302);
                if (page.statusCode() == 302) {
                    assertThat(page.headers().firstValue("Location").orElseThrow()).endsWith("/login");
                    break;
                }
                assertThat(Duration.ofNanos(System.nanoTime() - acknowledged)).as("still accepted").isLessThan(WITHIN);
                Thread.sleep(5);
            }
            System.out.printf("refused by the other node %d ms after the revocation was acknowledged (%d ms to acknowledge)%n",
                    (System.nanoTime() - acknowledged) / 1_000_000, (acknowledged - revoked) / 1_000_000);
        }

        String sessionId() {
            return opened().id();
        }

        Instant createdAt() {
            return opened().createdAt();
        }

        private SessionData opened() {
            return a.app().getBean(CookieSessions.class).codec().open(cookieValue()).data().orElseThrow();
        }

        private String cookieValue() {
            return jar.getCookieStore().getCookies().stream()
                    .filter(c -> c.getName().equals(SpringBootAppTest.COOKIE))
                    .map(HttpCookie::getValue).findFirst().orElseThrow();
        }

        private HttpResponse<String> send(HttpRequest request) throws Exception {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("%s %s", request.method(), request.uri()).isLessThan(500);
            return response;
        }
    }
}
