package dev.crumb.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crumb.CookieSessions;
import dev.crumb.CookieSpec;
import dev.crumb.KeyRing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Init parameters to {@link CookieSessions}, without a container. */
class FilterSettingsTest {

    private static final String JWKS = KeyRing.generate().toJwkSet(Instant.now());
    private static final Function<String, String> ENV = name -> "CRUMB_KEYS".equals(name) ? JWKS : null;

    private static CookieSessions parse(String... keysAndValues) {
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            params.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return FilterSettings.cookieSessions(params, ENV, "");
    }

    private static String failure(String... keysAndValues) {
        return assertThrows(IllegalArgumentException.class, () -> parse(keysAndValues)).getMessage();
    }

    @Test
    void audience_defaultsToTheContextPath_orTheParameter() {
        assertEquals(Optional.of("/"), parse("keysEnvironmentVariable", "CRUMB_KEYS").codec().audience());
        assertEquals(Optional.of("/shop"), FilterSettings.cookieSessions(
                Map.of("keysEnvironmentVariable", "CRUMB_KEYS"), ENV, "/shop").codec().audience());
        assertEquals(Optional.of("shop-and-admin"), FilterSettings.cookieSessions(
                Map.of("keysEnvironmentVariable", "CRUMB_KEYS", "audience", "shop-and-admin"), ENV, "/shop")
                .codec().audience());
    }

    @Test
    void keysFromEnvironment_withDefaults() {
        CookieSessions sessions = parse("keysEnvironmentVariable", "CRUMB_KEYS");
        assertEquals(CookieSpec.named("__Host-session"), sessions.cookie());
        assertEquals(Duration.ofMinutes(30), sessions.idleTimeout());
        assertEquals(Duration.ofHours(12), sessions.absoluteTimeout());
    }

    @Test
    void keysFromFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys.json");
        Files.writeString(file, JWKS, StandardCharsets.UTF_8);
        CookieSessions sessions = parse("keysFile", file.toString());
        assertEquals(KeyRing.fromJwkSet(JWKS).primaryKid(Instant.now()), sessions.keys().primaryKid(Instant.now()));
    }

    @Test
    void everyParameter_isApplied() {
        CookieSessions sessions = parse(
                "keysEnvironmentVariable", "CRUMB_KEYS",
                "cookieName", "app",
                "cookiePath", "/shop",
                "cookieDomain", "Example.com",
                "cookieSameSite", "strict",
                "cookieHttpOnly", "false",
                "cookiePersistent", "TRUE",
                "insecureAllowPlainHttp", "true",
                "idleTimeout", "20m",
                "absoluteTimeout", "PT8H",
                "renewAfter", "90s",
                "clockSkew", "10s",
                "maxCookieBytes", "2048",
                "chunking", "4");
        CookieSpec expected = CookieSpec.named("app").withPath("/shop").withDomain("example.com")
                .withSameSite("Strict").withHttpOnly(false).withPersistent(true).insecureAllowPlainHttp();
        assertEquals(expected, sessions.cookie());
        assertEquals(Duration.ofMinutes(20), sessions.idleTimeout());
        assertEquals(Duration.ofHours(8), sessions.absoluteTimeout());
        assertEquals(Duration.ofSeconds(90), sessions.renewAfter());
    }

    @Test
    void blankValues_countAsUnset() {
        CookieSessions sessions = parse("keysEnvironmentVariable", "CRUMB_KEYS", "cookieName", " ", "idleTimeout", "");
        assertEquals("__Host-session", sessions.cookie().name());
        assertEquals(Duration.ofMinutes(30), sessions.idleTimeout());
    }

    @Test
    void durations_takeUnitsOrIso8601() {
        assertEquals(Duration.ofSeconds(45), FilterSettings.duration("45s"));
        assertEquals(Duration.ofMinutes(30), FilterSettings.duration("30 m"));
        assertEquals(Duration.ofHours(12), FilterSettings.duration("12h"));
        assertEquals(Duration.ofDays(7), FilterSettings.duration("7d"));
        assertEquals(Duration.ofMinutes(90), FilterSettings.duration("PT1H30M"));
    }

    @Test
    void noKeys_namesBothParameters() {
        String message = failure("cookieName", "app");
        assertTrue(message.contains("keysEnvironmentVariable") && message.contains("keysFile"), message);
    }

    @Test
    void bothKeySources_areRejected() {
        String message = failure("keysEnvironmentVariable", "CRUMB_KEYS", "keysFile", "keys.json");
        assertTrue(message.contains("both set"), message);
    }

    @Test
    void unsetEnvironmentVariable_namesItAndTheFix() {
        String message = failure("keysEnvironmentVariable", "NO_SUCH_VARIABLE");
        assertTrue(message.startsWith("init parameter keysEnvironmentVariable: environment variable NO_SUCH_VARIABLE"
                + " is not set"), message);
        assertTrue(message.contains("JWK Set"), message);
    }

    @Test
    void missingKeysFile_namesParameterAndPath(@TempDir Path dir) {
        String missing = dir.resolve("absent.json").toString();
        String message = failure("keysFile", missing);
        assertTrue(message.startsWith("init parameter keysFile: cannot read " + missing), message);
    }

    @Test
    void malformedJwkSet_namesParameter(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys.json");
        Files.writeString(file, "{\"keys\":[]}", StandardCharsets.UTF_8);
        String message = failure("keysFile", file.toString());
        assertTrue(message.startsWith("init parameter keysFile: file " + file), message);
    }

    @Test
    void unknownParameter_isRejectedWithSuggestion() {
        String message = failure("keysEnvironmentVariable", "CRUMB_KEYS", "cookie-name", "app");
        assertTrue(message.startsWith("unknown init parameter 'cookie-name' (did you mean cookieName?)"), message);
    }

    @Test
    void malformedValues_nameTheParameter() {
        String k = "keysEnvironmentVariable";
        assertTrue(failure(k, "CRUMB_KEYS", "idleTimeout", "30").startsWith("init parameter idleTimeout: '30' is not"));
        assertTrue(failure(k, "CRUMB_KEYS", "idleTimeout", "-5m").startsWith("init parameter idleTimeout:"));
        assertTrue(failure(k, "CRUMB_KEYS", "idleTimeout", "PT0S").contains("must be positive"));
        assertTrue(failure(k, "CRUMB_KEYS", "cookieHttpOnly", "yes").startsWith("init parameter cookieHttpOnly: 'yes'"));
        assertTrue(failure(k, "CRUMB_KEYS", "cookieSameSite", "loose").contains("Strict, Lax or None"));
        assertTrue(failure(k, "CRUMB_KEYS", "cookieName", "a b").startsWith("init parameter cookieName:"));
        assertTrue(failure(k, "CRUMB_KEYS", "cookiePath", "shop").startsWith("init parameter cookiePath:"));
        assertTrue(failure(k, "CRUMB_KEYS", "maxCookieBytes", "lots").startsWith("init parameter maxCookieBytes:"));
        assertTrue(failure(k, "CRUMB_KEYS", "chunking", "99").startsWith("init parameter chunking:"));
    }

    @Test
    void hostPrefixOverPlainHttp_isRejected() {
        String message = failure("keysEnvironmentVariable", "CRUMB_KEYS", "insecureAllowPlainHttp", "true");
        assertTrue(message.startsWith("init parameter insecureAllowPlainHttp: a __Host- cookie needs Secure"), message);
    }

    @Test
    void contradictoryTimeouts_areRejected() {
        String message = failure("keysEnvironmentVariable", "CRUMB_KEYS", "idleTimeout", "2h", "absoluteTimeout", "1h");
        assertTrue(message.startsWith("init parameters: absoluteTimeout"), message);
        assertTrue(message.contains("idleTimeout"), message);
    }

    @Test
    void errors_neverEchoKeyMaterial() {
        String message = failure("keysEnvironmentVariable", "CRUMB_KEYS", "idleTimeout", "nope");
        assertFalse(message.contains(JWKS), message);
    }

    /** A type a webapp stores, named in its web.xml. */
    public record Item(String sku, int quantity) {}

    @Test
    void storableTypes_classesAndPrefixes_comeBackAsTheirType() {
        CookieSessions sessions = parse("keysEnvironmentVariable", "CRUMB_KEYS",
                "storableTypes", " dev.crumb.servlet.FilterSettingsTest$Item,\n com.shop. ");
        dev.crumb.Session s = sessions.load((String) null);
        s.put("item", new Item("apple", 2));
        String cookie = sessions.commit(s).get(0);

        Object back = sessions.load(cookie.substring(0, cookie.indexOf(';'))).get("item");

        assertEquals(new Item("apple", 2), back);
    }

    @Test
    void storableTypes_unknownClass_failsNamingTheParameterAndTheFix() {
        String message = failure("keysEnvironmentVariable", "CRUMB_KEYS", "storableTypes", "com.shop.Missing");

        assertTrue(message.startsWith("init parameter storableTypes: class com.shop.Missing cannot be loaded"), message);
        assertTrue(message.contains("package prefix ending in a dot"), message);
    }
}
