package dev.crumb.servlet;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One browser, reduced to what the tests need: a cookie jar filled from Set-Cookie headers and
 * sent back as a Cookie header, both by hand, so that the tests see exactly what crosses the wire.
 */
final class TestClient {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private final String base;
    private final Map<String, String> jar = new LinkedHashMap<>();

    TestClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** What came back. */
    record Reply(int status, String body, List<String> setCookies, HttpResponse<String> raw) {
        /** The one Set-Cookie header for {@code name}; fails if there is none or more than one. */
        String setCookie(String name) {
            List<String> matching = setCookies.stream().filter(h -> h.startsWith(name + "=")).toList();
            if (matching.size() != 1) {
                throw new AssertionError("expected one Set-Cookie for " + name + ", got " + setCookies);
            }
            return matching.get(0);
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    Reply get(String path) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(10))
                .GET();
        if (!jar.isEmpty()) {
            request.header("Cookie", jar.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        List<String> setCookies = response.headers().allValues("Set-Cookie");
        for (String header : setCookies) {
            remember(header);
        }
        return new Reply(response.statusCode(), response.body(), setCookies, response);
    }

    String cookie(String name) {
        return jar.get(name);
    }

    void cookie(String name, String value) {
        jar.put(name, value);
    }

    private void remember(String header) {
        int eq = header.indexOf('=');
        int semi = header.indexOf(';');
        String name = header.substring(0, eq);
        String value = header.substring(eq + 1, semi < 0 ? header.length() : semi);
        if (header.contains("; Max-Age=0")) {
            jar.remove(name);
        } else {
            jar.put(name, value);
        }
    }
}
