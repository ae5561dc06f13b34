package dev.crumb.examples;

import dev.crumb.CookieSessions;
import dev.crumb.CookieSpec;
import dev.crumb.InMemoryRevocations;
import dev.crumb.KeyRing;
import dev.crumb.Session;
import dev.crumb.TypeRef;
import dev.crumb.redis.RedisRevocations;
import dev.crumb.servlet.CookieSessionFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

/**
 * The README's Java samples, compiled. Each sample sits between {@code // README:name} and
 * {@code // END}; {@link ReadmeTest} checks that the README quotes them exactly. The Netty
 * quickstart is in {@link NettyExample}, a runnable server.
 */
@SuppressWarnings("unused")
final class ReadmeSnippets {

    static void servletQuickstart(ServletContext servletContext) {
        // README:servlet
        CookieSessions sessions = CookieSessions.builder()
                .keys(KeyRing.fromEnvironment("CRUMB_KEYS"))   // a JWK Set: see "Keys" below
                .build();

        FilterRegistration.Dynamic crumb = servletContext.addFilter("crumb", new CookieSessionFilter(sessions));
        crumb.setAsyncSupported(true);
        crumb.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), false, "/*");
        // END
    }

    static void servletUsage(HttpServletRequest request) {
        // README:servlet-usage
        HttpSession session = request.getSession();
        request.changeSessionId();                    // at login: a new id against session fixation
        session.setAttribute("user", "alice");
        session.setAttribute("cart", List.of("apple", "bread"));
        // END
    }

    static void keys(byte[] masterSecret, byte[] previousSecret) throws Exception {
        // README:keys
        KeyRing fromEnv = KeyRing.fromEnvironment("CRUMB_KEYS");                  // a JWK Set in a variable
        KeyRing fromFile = KeyRing.fromJwkSet(Files.readString(Path.of("/etc/crumb/keys.json")));
        KeyRing derived = KeyRing.derive(masterSecret, previousSecret);             // HKDF-SHA256, >= 32 bytes
        KeyRing rotating = KeyRing.rotating(masterSecret, Duration.ofMinutes(30)); // a new key every 30 minutes
        KeyRing dev = KeyRing.generate();                                           // tests and local runs only
        // END
    }

    static CookieSessions expiry(KeyRing keys) {
        // README:expiry
        CookieSessions sessions = CookieSessions.builder()
                .keys(keys)
                .cookie(CookieSpec.named("__Host-session")
                        .withSameSite("Lax")
                        .withPersistent(true))             // Max-Age follows exp; default: browser-session
                .idleTimeout(Duration.ofMinutes(30))       // sliding: each renewal moves exp forward
                .absoluteTimeout(Duration.ofHours(12))     // hard cap from creation, never extended
                .renewAfter(Duration.ofMinutes(5))         // re-issue an unchanged session at most this often
                .clockSkew(Duration.ofSeconds(30))         // tolerated clock difference between nodes
                .build();
        // END
        return sessions;
    }

    static void revocation(KeyRing keys, String userId) {
        // README:revocation
        InMemoryRevocations revocations = new InMemoryRevocations();
        CookieSessions sessions = CookieSessions.builder().keys(keys).revocation(revocations).build();
        // on "log out everywhere" or a password change (sessions need a subject: session.subject(userId)):
        revocations.revokeSubject(userId);
        // END
    }

    static void redisRevocation(KeyRing keys) {
        // README:redis-revocation
        RedisRevocations revocations = RedisRevocations.builder()
                .uri("redis://redis.internal:6379/0")
                .absoluteTimeout(Duration.ofHours(12))   // the sessions' absolute timeout
                .build();
        CookieSessions sessions = CookieSessions.builder().keys(keys).revocation(revocations).build();
        // END
    }

    static void lowLevel(KeyRing keys, String cookieHeader) {
        // README:core
        CookieSessions sessions = CookieSessions.builder().keys(keys).build();
        Session session = sessions.load(cookieHeader);          // never throws: bad cookie -> new empty session
        session.put("locale", "en-GB");
        List<String> setCookies = sessions.commit(session);     // Set-Cookie values; empty if nothing to write
        // END
    }

    /** A shop's line item, as the typed-attributes sample stores it. */
    record CartItem(String sku, int quantity) {}

    /** As Spring Security's DefaultCsrfToken. */
    record CsrfToken(String headerName, String parameterName, String token) {}

    static void typed(KeyRing keys, String cookieHeader, String nextCookieHeader) {
        // README:typed
        CookieSessions sessions = CookieSessions.builder()
                .keys(keys)
                .storableTypes("com.shop.", CsrfToken.class)   // package prefixes and classes
                .build();

        Session session = sessions.load(cookieHeader);
        session.put("cart", List.of(new CartItem("apple", 2)));
        session.put("csrf", new CsrfToken("X-CSRF-TOKEN", "_csrf", "4bd1..."));
        List<String> setCookies = sessions.commit(session);

        // The next request:
        Session next = sessions.load(nextCookieHeader);
        CsrfToken csrf = (CsrfToken) next.get("csrf");                          // the record itself
        List<CartItem> cart = next.get("cart", new TypeRef<List<CartItem>>() {}); // a generic read
        // END
    }
}
