package dev.crumb.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.crumb.KeyRing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two webapps in one Tomcat, configured alike from {@code web.xml} (same keys, same cookie name,
 * {@code Path=/}, so the browser sends each app's cookie to both): each keeps its own session,
 * unless both are given one audience.
 */
@Timeout(60)
class TomcatTwoAppsTest {

    @Test
    void twoApps_sameKeysAndCookie_doNotShareSessions_unlessGivenOneAudience(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("keys.json");
        Files.writeString(keys, KeyRing.generate().toJwkSet(Instant.now()), StandardCharsets.UTF_8);
        Map<String, String> byDefault = Map.of("keysFile", keys.toString());
        Map<String, String> shared = Map.of("keysFile", keys.toString(), "audience", "shop-and-admin");
        Tomcat tomcat = TomcatWebapps.tomcat(dir.resolve("tomcat"));
        TomcatWebapps.deploy(tomcat, "/shop", TomcatWebapps.webapp(dir.resolve("shop"), byDefault));
        TomcatWebapps.deploy(tomcat, "/admin", TomcatWebapps.webapp(dir.resolve("admin"), byDefault));
        TomcatWebapps.deploy(tomcat, "/shared-shop", TomcatWebapps.webapp(dir.resolve("shared-shop"), shared));
        TomcatWebapps.deploy(tomcat, "/shared-admin", TomcatWebapps.webapp(dir.resolve("shared-admin"), shared));
        try {
            tomcat.start();
            int port = tomcat.getConnector().getLocalPort();

            TestClient browser = new TestClient(port);
            assertEquals("1", browser.get("/shop/count").body());
            assertEquals("2", browser.get("/shop/count").body());
            // The shop's cookie reaches the admin app, which does not open it and starts afresh.
            assertEquals("1", browser.get("/admin/count").body(), "the admin app opened the shop's session");
            // ... and its new session replaced the shop's in the one cookie jar: the shop starts over too.
            assertEquals("1", browser.get("/shop/count").body());

            TestClient sharing = new TestClient(port);
            assertEquals("1", sharing.get("/shared-shop/count").body());
            assertEquals("2", sharing.get("/shared-admin/count").body(), "one audience must share the session");
            assertEquals("3", sharing.get("/shared-shop/count").body());
            // Sharing is between those two only: an app with its default audience still rejects it.
            assertEquals("1", sharing.get("/shop/count").body());
        } finally {
            tomcat.stop();
            tomcat.destroy();
        }
    }
}
