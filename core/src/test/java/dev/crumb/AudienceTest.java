package dev.crumb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A token is bound to its application by {@code aud}: same key and cookie, other audience, no session. */
class AudienceTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final KeyRing KEYS = KeyRing.generate();

    private static CookieSessions sessions(String audience) {
        CookieSessions.Builder b = CookieSessions.builder().keys(KEYS).clock(CLOCK);
        return audience == null ? b.build() : b.audience(audience).build();
    }

    /** The Cookie header a browser sends back after {@code from} committed a session with a cart. */
    private static String cookieFrom(CookieSessions from) {
        Session s = from.load((String) null);
        s.put("cart", List.of("apple"));
        String setCookie = from.commit(s).get(0);
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static Session loadIn(CookieSessions in, String cookie) {
        return in.load(cookie);
    }

    @Test
    void sameAudience_opens() {
        Session s = loadIn(sessions("/shop"), cookieFrom(sessions("/shop")));
        assertFalse(s.isNew());
        assertEquals(List.of("apple"), s.get("cart"));
    }

    @Test
    void otherAudience_isWrongCookie() {
        Session s = loadIn(sessions("/admin"), cookieFrom(sessions("/shop")));
        assertTrue(s.isNew());
        assertEquals(Optional.of(RejectReason.WRONG_COOKIE), s.rejectReason());
    }

    @Test
    void tokenWithoutAudience_isRejectedWhereOneIsSet() {
        Session s = loadIn(sessions("/shop"), cookieFrom(sessions(null)));
        assertEquals(Optional.of(RejectReason.WRONG_COOKIE), s.rejectReason());
    }

    @Test
    void tokenWithAudience_isRejectedWhereNoneIsSet() {
        Session s = loadIn(sessions(null), cookieFrom(sessions("/shop")));
        assertEquals(Optional.of(RejectReason.WRONG_COOKIE), s.rejectReason());
    }

    @Test
    void noAudienceOnEitherSide_opens() {
        Session s = loadIn(sessions(null), cookieFrom(sessions(null)));
        assertFalse(s.isNew());
    }

    @Test
    void codec_reportsItsAudience() {
        assertEquals(Optional.of("/shop"), sessions("/shop").codec().audience());
        assertEquals(Optional.empty(), sessions(null).codec().audience());
    }

    @Test
    void audience_badValue_failsAtOnceNamingTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CookieSessions.builder().audience(""));
        assertTrue(e.getMessage().contains("context path"), e.getMessage());
        assertThrows(NullPointerException.class, () -> CookieSessions.builder().audience(null));
    }
}
