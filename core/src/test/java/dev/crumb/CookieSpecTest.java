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
        CookieSpec spec = CookieSpec.named("__Host-s").withSameSite("Strict");
        assertEquals("__Host-s=v; Path=/; Secure; HttpOnly; SameSite=Strict", spec.format("__Host-s", "v", EXP, NOW));
        assertEquals("__Host-s=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
                spec.formatDeletion("__Host-s"));
    }

    @Test
    void sameSiteNone_snapshot() {
        CookieSpec spec = CookieSpec.named("sess").withSameSite("None");
        assertEquals("sess=v; Path=/; Secure; HttpOnly; SameSite=None", spec.format("sess", "v", EXP, NOW));
    }

    @Test
    void partitioned_snapshot() {
        CookieSpec spec = CookieSpec.named("__Host-p").withSameSite("None").withPartitioned(true);
        assertEquals("__Host-p=v; Path=/; Secure; HttpOnly; SameSite=None; Partitioned", spec.format("__Host-p", "v", EXP, NOW));
    }

    @Test
    void persistent_snapshotWithMaxAgeAndExpires() {
        CookieSpec spec = CookieSpec.named("__Secure-s").withDomain("Example.com").withPath("/app").withPersistent(true);
        assertEquals("__Secure-s=v; Path=/app; Domain=example.com; Secure; HttpOnly; SameSite=Lax; "
                + "Max-Age=1800; Expires=Thu, 01 Jan 2026 00:30:00 GMT", spec.format("__Secure-s", "v", EXP, NOW));
    }

    @Test
    void insecureOptIn_dropsSecure() {
        CookieSpec spec = CookieSpec.named("dev").insecureAllowPlainHttp();
        assertEquals("dev=v; Path=/; HttpOnly; SameSite=Lax", spec.format("dev", "v", EXP, NOW));
    }

    @Test
    void prefixRules_areEnforcedAtEachStep() {
        assertThrows(IllegalArgumentException.class, () -> CookieSpec.named("__Host-s").withPath("/app"));
        assertThrows(IllegalArgumentException.class, () -> CookieSpec.named("__Host-s").withDomain("example.com"));
        assertThrows(IllegalArgumentException.class, () -> CookieSpec.named("__Host-s").insecureAllowPlainHttp());
        assertThrows(IllegalArgumentException.class, () -> CookieSpec.named("__Secure-s").insecureAllowPlainHttp());
        assertThrows(IllegalArgumentException.class,
                () -> CookieSpec.named("s").withSameSite("None").insecureAllowPlainHttp());
        assertThrows(IllegalArgumentException.class,
                () -> CookieSpec.named("s").withPartitioned(true).insecureAllowPlainHttp());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CookieSpec.named("__Host-s").withPath("/x"));
        assertTrue(e.getMessage().contains("Path=/"), e.getMessage());
    }

    @Test
    void invalidNamesAndAttributeValues_areRefused() {
        for (String bad : new String[] {"", "a b", "a;b", "a=b", "a\"b", "é", "a,b", "a\tb"}) {
            assertThrows(IllegalArgumentException.class, () -> CookieSpec.named(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> CookieSpec.named("s").withPath("/a;b"));
        assertThrows(IllegalArgumentException.class, () -> CookieSpec.named("s").withPath("relative"));
        assertThrows(IllegalArgumentException.class, () -> CookieSpec.named("s").withDomain("exa mple.com"));
        assertThrows(IllegalArgumentException.class, () -> CookieSpec.named("s").withDomain("a;b"));
    }

    @Test
    void persistentCookieInCommit_hasMaxAgeFollowingExp() {
        FakeClock clock = new FakeClock(NOW);
        CookieSessions sessions = CookieSessions.builder().keys(KeyRing.generate())
                .cookie(CookieSpec.named("__Host-s").withPersistent(true))
                .idleTimeout(Duration.ofMinutes(30)).clock(clock).build();
        Session s = sessions.load((String) null);
        s.put("a", 1);
        String header = sessions.commit(s).get(0);
        assertTrue(header.endsWith("; Max-Age=1800; Expires=Thu, 01 Jan 2026 00:30:00 GMT"), header);
    }
}
