package dev.crumb.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crumb.KeyRing;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo end to end in a real headless Chromium: log in, add to the cart, reload, see the cart;
 * log out, see it gone; and the browser's own cookie store holds an HttpOnly, SameSite=Lax cookie.
 * Skipped where no Chromium is installed ({@code .ci/run} installs Debian's).
 */
class DemoBrowserTest {

    static DemoApp app;
    static Chromium browser;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        Optional<Path> binary = Chromium.find();
        Assumptions.assumeTrue(binary.isPresent(), "no chromium on PATH: browser test skipped");
        app = new DemoApp("127.0.0.1", 0, KeyRing.generate()).start();
        base = "http://localhost:" + app.port();
        browser = new Chromium(binary.get());
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (app != null) {
            app.stop();
        }
    }

    JsonNode sessionCookie() throws Exception {
        for (JsonNode c : browser.cookies(base + "/")) {
            if (DemoApp.COOKIE.equals(c.path("name").asText())) {
                return c;
            }
        }
        return null;
    }

    String text(String id) throws Exception {
        return browser.eval("(document.getElementById('" + id + "') || {}).textContent || ''").asText();
    }

    @Test
    void loginAddToCartReloadLogout() throws Exception {
        browser.navigate(base + "/");
        assertEquals(null, sessionCookie(), "no cookie before anything is stored");

        browser.andWaitForLoad(() -> browser.eval(
                "document.getElementById('user').value='alice';"
                + "document.getElementById('password').value='pw';"
                + "document.getElementById('login').click()"));
        assertEquals("alice", text("who"));

        JsonNode cookie = sessionCookie();
        assertTrue(cookie != null, "session cookie stored by the browser");
        assertTrue(cookie.path("httpOnly").asBoolean(), "HttpOnly in the browser's store: " + cookie);
        assertEquals("Lax", cookie.path("sameSite").asText(), "SameSite in the browser's store: " + cookie);
        assertTrue(cookie.path("secure").asBoolean(), "Secure (localhost is a secure context): " + cookie);
        assertTrue(cookie.path("value").asText().split("\\.", -1).length == 5, "a compact JWE");
        assertEquals("", browser.eval("document.cookie").asText(), "scripts cannot read it");

        browser.andWaitForLoad(() -> browser.eval(
                "document.getElementById('item').value='cheese'; document.getElementById('add').click()"));
        browser.andWaitForLoad(() -> browser.eval(
                "document.getElementById('item').value='apple'; document.getElementById('add').click()"));
        browser.reload();
        assertEquals("cheeseapple", text("cart"));

        browser.navigate(base + "/cookie");
        assertTrue(text("claims").contains("cheese"), "decoded claims show the cart: " + text("claims"));

        browser.navigate(base + "/");
        browser.andWaitForLoad(() -> browser.eval("document.getElementById('logout').click()"));
        assertEquals("", text("who"));
        assertFalse(browser.eval("!!document.getElementById('cart')").asBoolean(), "cart gone after logout");
        assertEquals(null, sessionCookie(), "cookie deleted from the browser's store");
    }
}
