package dev.crumb.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crumb.CookieSessions;
import dev.crumb.KeyRing;
import dev.crumb.OpenResult;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
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
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@link TestApp} on its embedded Tomcat, on a random port, driven over HTTP by a client with a
 * cookie jar as a browser would. The same class runs on Spring Boot 4.0 (this module) and on
 * Spring Boot 3.5 (boot3-tests).
 */
class SpringBootAppTest {

    static final String COOKIE = "session";
    static final int SET_COOKIE_BUDGET = 1200;
    static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*name=\"_csrf\"");

    /** One app for the class (starting one takes seconds); the restart test restarts it with the same keys. */
    static ConfigurableApplicationContext app;
    static String base;
    static Path keys;

    final CookieManager jar = new CookieManager();
    final HttpClient client = HttpClient.newBuilder().cookieHandler(jar)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start(@TempDir Path dir) throws IOException {
        keys = dir.resolve("keys.json");
        Files.writeString(keys, KeyRing.generate().toJwkSet(Instant.now()));
        start();
    }

    static void start() {
        app = new SpringApplicationBuilder(TestApp.class).run("--server.port=0", "--crumb.keys.file=" + keys,
                "--crumb.cookie.name=" + COOKIE, "--crumb.cookie.insecure-allow-plain-http=true",
                "--spring.main.banner-mode=off", "--logging.level.root=WARN");
        base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void formLogin_savedRequest_flash_restart_tamper_logout() throws Exception {
        // A protected page sends the anonymous user to the login page.
        HttpResponse<String> page = get("/private");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location").orElseThrow()).endsWith("/login");
        String beforeLogin = sessionId();

        // The login form's CSRF token, then the login itself.
        HttpResponse<String> login = post("/login", "username=alice&password=wonderland&_csrf=" + csrf("/login"));
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElseThrow())
                .as("the saved request").endsWith("/private");
        List<String> setCookies = login.headers().allValues("Set-Cookie");
        assertThat(setCookies).hasSize(1);
        int size = ("Set-Cookie: " + setCookies.get(0)).length();
        System.out.println("Set-Cookie of the logged-in session with three roles and a CSRF token: " + size
                + " bytes (header line); value " + setCookies.get(0).length() + " bytes");
        assertThat(size).isLessThanOrEqualTo(SET_COOKIE_BUDGET);
        assertThat(sessionId()).as("session fixation: a new id at login").isNotEqualTo(beforeLogin);

        page = get("/private");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).isEqualTo("hello alice [ROLE_ADMIN, ROLE_AUDITOR, ROLE_USER]");
        assertThat(get("/private").headers().allValues("Set-Cookie")).as("an unchanged session is not re-sent")
                .isEmpty();

        // Flash attributes survive the redirect, once.
        HttpResponse<String> flash = get("/flash/set");
        assertThat(flash.statusCode()).isEqualTo(302);
        assertThat(get("/flash/show").body()).isEqualTo("flash saved! [apple, bread]");
        assertThat(get("/flash/show").body()).isEqualTo("flash null null");

        // A restart with the same keys keeps the user logged in: nothing was on the server.
        app.close();
        start();
        page = get("/private");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).startsWith("hello alice");

        // A tampered cookie is an anonymous user, never an error.
        String[] parts = cookieValue().split("\\.");
        char first = parts[3].charAt(0);
        parts[3] = (first == 'A' ? 'B' : 'A') + parts[3].substring(1);
        String tampered = COOKIE + "=" + String.join(".", parts);
        HttpResponse<String> forged = send(HttpRequest.newBuilder(URI.create(base + "/private"))
                .header("Cookie", tampered).build(), false);
        assertThat(forged.statusCode()).isEqualTo(302);
        assertThat(forged.headers().firstValue("Location").orElseThrow()).endsWith("/login");
        HttpResponse<String> forgedPublic = send(HttpRequest.newBuilder(URI.create(base + "/public"))
                .header("Cookie", tampered).build(), false);
        assertThat(forgedPublic.statusCode()).isEqualTo(200);

        // Logout deletes the cookie.
        HttpResponse<String> logout = post("/logout", "_csrf=" + csrf("/logout"));
        assertThat(logout.statusCode()).isEqualTo(302);
        assertThat(logout.headers().allValues("Set-Cookie"))
                .anySatisfy(c -> assertThat(c).startsWith(COOKIE + "=;").contains("Max-Age=0"));
        assertThat(get("/private").statusCode()).isEqualTo(302);

        // Counted since the restart: the restarted app's registry is new.
        MeterRegistry meters = app.getBean(MeterRegistry.class);
        assertThat(meters.get("crumb.sessions.loads").tag("outcome", "valid").counter().count()).isPositive();
        assertThat(meters.get("crumb.sessions.loads").tag("outcome", "bad_seal").counter().count()).isPositive();
        assertThat(meters.get("crumb.sessions.reseals").tag("cause", "changed").counter().count()).isPositive();
        assertThat(meters.get("crumb.sessions.cookie.size").summary().max()).isPositive()
                .isLessThanOrEqualTo(SET_COOKIE_BUDGET);
    }

    @Test
    void failedLogin_isTheLoginPageWithAnError_notA500_andTheSessionStaysSmall() throws Exception {
        get("/private");
        HttpResponse<String> login = post("/login", "username=alice&password=wrong&_csrf=" + csrf("/login"));
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElseThrow()).endsWith("/login?error");
        for (String setCookie : login.headers().allValues("Set-Cookie")) {
            assertThat(setCookie.length()).isLessThanOrEqualTo(SET_COOKIE_BUDGET);
        }
        assertThat(get("/login?error").statusCode()).isEqualTo(200);
        assertThat(get("/public/last-error").body()).isEqualTo("{message=Bad credentials}");
        // And the right password still works with a fresh token.
        login = post("/login", "username=alice&password=wonderland&_csrf=" + csrf("/login"));
        assertThat(login.headers().firstValue("Location").orElseThrow()).endsWith("/private");
    }

    @Test
    void postWithoutCsrfToken_isRefused() throws Exception {
        csrf("/login");
        HttpResponse<String> login = post("/login", "username=alice&password=wonderland");
        // 403, which an anonymous user's error dispatch may turn into the login page (Boot 3.5 on Tomcat 10.1).
        assertThat(login.statusCode()).isIn(302, 403);
        if (login.statusCode() == 302) {
            assertThat(login.headers().firstValue("Location").orElseThrow()).endsWith("/login");
        }
        assertThat(get("/private").statusCode()).as("not logged in").isEqualTo(302);
    }

    @Test
    void savedRequest_keepsOnlyTheUrl_evenWithLargeHeaders() throws Exception {
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(base + "/private?tab=2"))
                .header("X-Padding", "p".repeat(3000)).header("Cookie", "other=" + "c".repeat(2000)).build(), true);
        assertThat(page.statusCode()).isEqualTo(302);
        List<String> setCookies = page.headers().allValues("Set-Cookie");
        assertThat(setCookies).hasSize(1);
        assertThat(setCookies.get(0).length()).isLessThan(600);
        HttpResponse<String> login = post("/login", "username=alice&password=wonderland&_csrf=" + csrf("/login"));
        assertThat(login.headers().firstValue("Location").orElseThrow()).endsWith("/private?tab=2");
    }

    private String csrf(String path) throws Exception {
        HttpResponse<String> form = get(path);
        assertThat(form.statusCode()).isEqualTo(200);
        Matcher m = CSRF.matcher(form.body());
        assertThat(m.find()).as("a CSRF token in %s", form.body()).isTrue();
        String token = m.group(1) != null ? m.group(1) : m.group(2);
        return URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).build(), true);
    }

    private HttpResponse<String> post(String path, String form) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), true);
    }

    private HttpResponse<String> send(HttpRequest request, boolean withJar) throws Exception {
        HttpClient c = withJar ? client : HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> response = c.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s", request.method(), request.uri()).isLessThan(500);
        return response;
    }

    private String cookieValue() {
        return jar.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(COOKIE))
                .map(HttpCookie::getValue).findFirst().orElseThrow();
    }

    /** The session id inside the jar's cookie, opened with the app's own keys; null without a cookie. */
    private String sessionId() {
        String value = jar.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(COOKIE))
                .map(HttpCookie::getValue).findFirst().orElse(null);
        if (value == null) {
            return null;
        }
        OpenResult result = app.getBean(CookieSessions.class).codec().open(value);
        return result.data().orElseThrow().id();
    }
}
