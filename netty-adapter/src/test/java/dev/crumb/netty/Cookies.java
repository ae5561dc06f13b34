package dev.crumb.netty;

import dev.crumb.CookieSessions;
import dev.crumb.CookieSpec;
import dev.crumb.KeyRing;
import dev.crumb.Session;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Test helpers: sessions with a plain-HTTP cookie, and moving between Set-Cookie and Cookie. */
final class Cookies {

    static final String NAME = "session";

    private Cookies() {}

    /** Sessions over plain HTTP (tests run without TLS), with a new random key. */
    static CookieSessions sessions() {
        return sessions(KeyRing.generate());
    }

    static CookieSessions sessions(KeyRing keys) {
        return CookieSessions.builder()
                .keys(keys)
                .cookie(CookieSpec.named(NAME).insecureAllowPlainHttp())
                .build();
    }

    /** A Cookie header value carrying a session sealed by {@code sessions} after {@code change}. */
    static String cookieHeader(CookieSessions sessions, Consumer<Session> change) {
        Session session = sessions.load((String) null);
        change.accept(session);
        List<String> setCookies = sessions.commit(session);
        if (setCookies.size() != 1) {
            throw new AssertionError("expected one Set-Cookie, got " + setCookies);
        }
        return pair(setCookies.get(0));
    }

    /** A Cookie header value for a session holding these attributes. */
    static String cookieHeader(CookieSessions sessions, Map<String, String> attributes) {
        return cookieHeader(sessions, s -> attributes.forEach(s::put));
    }

    /** The {@code name=value} pair at the start of a Set-Cookie value: what a browser sends back. */
    static String pair(String setCookie) {
        int semicolon = setCookie.indexOf(';');
        return semicolon < 0 ? setCookie : setCookie.substring(0, semicolon);
    }

    /** The session a Set-Cookie value carries, as the next request would load it. */
    static Session reload(CookieSessions sessions, String setCookie) {
        return sessions.load(pair(setCookie));
    }

    /** Whether a Set-Cookie value deletes the cookie. */
    static boolean isDeletion(String setCookie) {
        return setCookie.startsWith(NAME + "=;") && setCookie.contains("Max-Age=0");
    }
}
