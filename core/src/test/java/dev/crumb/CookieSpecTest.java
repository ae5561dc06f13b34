package dev.crumb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CookieSpecTest {

    static final Instant NOW = Instant.ofEpochSecond(1_767_225_600L); // Thu, 01 Jan 2026 00:00:00 GMT
    static final Instant EXP = NOW.plus(Duration.ofMinutes(30));

    @Test
    void defaultSpec_snapshot() {
        assertEquals("__Host-session=v; Path=/; Secure; HttpOnly; SameSite=Lax",
                CookieSpec.named("__Host-session").format("__Host-session", "v", EXP, NOW));
    }

    @Test
    void hostPrefix_snapshotAndDeletion() {
        CookieSpec spec = CookieSpec.builder("__Host-s").sameSite(CookieSpec.SameSite.STRICT).build();
        assertEquals("__Host-s=v; Path=/; Secure; HttpOnly; SameSite=Strict", spec.format("__Host-s", "v", EXP, NOW));
        assertEquals("__Host-s=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
                spec.formatDeletion("__Host-s"));
    }

    @Test
    void sameSiteNone_snapshot() {
        CookieSpec spec = CookieSpec.builder("sess").sameSite(CookieSpec.SameSite.NONE).build();
        assertEquals("sess=v; Path=/; Secure; HttpOnly; SameSite=None", spec.format("sess", "v", EXP, NOW));
    }

    @Test
    void partitioned_snapshot() {
        CookieSpec spec = CookieSpec.builder("__Host-p").sameSite(CookieSpec.SameSite.NONE).partitioned(true).build();
        assertEquals("__Host-p=v; Path=/; Secure; HttpOnly; SameSite=None; Partitioned", spec.format("__Host-p", "v", EXP, NOW));
    }

    @Test
    void persistent_snapshotWithMaxAgeAndExpires() {
        CookieSpec spec = CookieSpec.builder("__Secure-s").domain("Example.com").path("/app").persistent(true).build();
        assertEquals("__Secure-s=v; Path=/app; Domain=example.com; Secure; HttpOnly; SameSite=Lax; "
                + "Max-Age=1800; Expires=Thu, 01 Jan 2026 00:30:00 GMT", spec.format("__Secure-s", "v", EXP, NOW));
    }

    @Test
    void insecureOptIn_dropsSecure() {
        CookieSpec spec = CookieSpec.builder("dev").insecureAllowPlainHttp().build();
        assertEquals("dev=v; Path=/; HttpOnly; SameSite=Lax", spec.format("dev", "v", EXP, NOW));
    }

    @Test
    void prefixRules_areEnforcedAtBuild() {
        assertThrows(IllegalStateException.class, () -> CookieSpec.builder("__Host-s").path("/app").build());
        assertThrows(IllegalStateException.class, () -> CookieSpec.builder("__Host-s").domain("example.com").build());
        assertThrows(IllegalStateException.class, () -> CookieSpec.builder("__Host-s").insecureAllowPlainHttp().build());
        assertThrows(IllegalStateException.class, () -> CookieSpec.builder("__Secure-s").insecureAllowPlainHttp().build());
        assertThrows(IllegalStateException.class,
                () -> CookieSpec.builder("s").sameSite(CookieSpec.SameSite.NONE).insecureAllowPlainHttp().build());
        assertThrows(IllegalStateException.class,
                () -> CookieSpec.builder("s").partitioned(true).insecureAllowPlainHttp().build());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> CookieSpec.builder("__Host-s").path("/x").build());
        assertTrue(e.getMessage().contains("Path=/"), e.getMessage());
    }

    @Test
    void invalidNamesAndAttributeValues_areRefused() {
        for (String bad : new String[] {"", "a b", "a;b", "a=b", "a\"b", "é", "a,b", "a\tb"}) {
            assertThrows(IllegalArgumentException.class, () -> CookieSpec.named(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> CookieSpec.builder("s").path("/a;b"));
        assertThrows(IllegalArgumentException.class, () -> CookieSpec.builder("s").path("relative"));
        assertThrows(IllegalArgumentException.class, () -> CookieSpec.builder("s").domain("exa mple.com"));
        assertThrows(IllegalArgumentException.class, () -> CookieSpec.builder("s").domain("a;b"));
    }

    @Test
    void persistentCookieInCommit_hasMaxAgeFollowingExp() {
        FakeClock clock = new FakeClock(NOW);
        CookieSessions sessions = CookieSessions.builder().keys(KeyRing.generate())
                .cookie(CookieSpec.builder("__Host-s").persistent(true).build())
                .idleTimeout(Duration.ofMinutes(30)).clock(clock).build();
        Session s = sessions.load((String) null);
        s.put("a", 1);
        String header = sessions.commit(s).get(0);
        assertTrue(header.endsWith("; Max-Age=1800; Expires=Thu, 01 Jan 2026 00:30:00 GMT"), header);
    }
}
