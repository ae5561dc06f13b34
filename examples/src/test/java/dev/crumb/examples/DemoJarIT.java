package dev.crumb.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs the packaged demo jar the way the README does ({@code java -jar examples/target/crumb-demo.jar})
 * and logs in over HTTP: catches what only the shaded jar can break, such as a dependency left out.
 */
class DemoJarIT {

    private static final Pattern READY = Pattern.compile("open (http://localhost:\\d+/)");

    @Test
    void packagedJar_servesAndSetsTheSessionCookie() throws Exception {
        Path jar = Path.of("target", "crumb-demo.jar");
        assertTrue(Files.exists(jar), "package the module first: " + jar.toAbsolutePath());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-jar", jar.toString()).redirectErrorStream(true);
        pb.environment().put("PORT", "0");
        pb.environment().remove("CRUMB_KEYS");
        Process demo = pb.start();
        try {
            String base = null;
            StringBuilder log = new StringBuilder();
            BufferedReader out = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8));
            for (String line; base == null && (line = out.readLine()) != null; ) {
                log.append(line).append('\n');
                Matcher m = READY.matcher(line);
                if (m.find()) {
                    base = m.group(1);
                }
            }
            assertTrue(base != null, "demo did not start:\n" + log);
            assertTrue(log.toString().contains("WARNING: CRUMB_KEYS is not set"), "development-key warning:\n" + log);

            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> home = client.send(HttpRequest.newBuilder(URI.create(base)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, home.statusCode(), home.body());
            HttpResponse<String> login = client.send(HttpRequest.newBuilder(URI.create(base + "login"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("user=ann&password=x")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(302, login.statusCode(), login.body());
            String setCookie = login.headers().firstValue("Set-Cookie").orElse("");
            assertTrue(setCookie.startsWith(DemoApp.COOKIE + "=ey") && setCookie.contains("; HttpOnly; SameSite=Lax"),
                    setCookie);
        } finally {
            demo.destroy();
            if (!demo.waitFor(10, TimeUnit.SECONDS)) {
                demo.destroyForcibly();
            }
        }
    }

    /** The README's command for the Netty example: {@code java -cp examples/target/crumb-demo.jar ...NettyExample}. */
    @Test
    void packagedJar_runsTheNettyExample() throws Exception {
        Path jar = Path.of("target", "crumb-demo.jar");
        assertTrue(Files.exists(jar), "package the module first: " + jar.toAbsolutePath());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", jar.toString(), "dev.crumb.examples.NettyExample")
                .redirectErrorStream(true);
        pb.environment().put("PORT", "0");
        pb.environment().remove("CRUMB_KEYS");
        Process example = pb.start();
        try {
            Pattern ready = Pattern.compile("http://localhost:(\\d+)/");
            Integer port = null;
            StringBuilder log = new StringBuilder();
            BufferedReader out = new BufferedReader(new InputStreamReader(example.getInputStream(), StandardCharsets.UTF_8));
            for (String line; port == null && (line = out.readLine()) != null; ) {
                log.append(line).append('\n');
                Matcher m = ready.matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
            }
            assertTrue(port != null, "the Netty example did not start:\n" + log);
            try (KeepAliveClient curl = new KeepAliveClient(port)) {
                assertEquals("cart: [apple]\n", curl.get("/").body());
                assertEquals("cart: [apple, apple]\n", curl.get("/").body());
            }
        } finally {
            example.destroy();
            if (!example.waitFor(10, TimeUnit.SECONDS)) {
                example.destroyForcibly();
            }
        }
    }
}
