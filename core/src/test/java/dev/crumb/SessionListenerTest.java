package dev.crumb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionListenerTest {

    final FakeClock clock = FakeClock.at(CookieSessionsTest.T0);
    final KeyRing ring = KeyRing.generate();
    final List<String> events = new ArrayList<>();

    final SessionListener recorder = new SessionListener() {
        @Override
        public void absent() {
            events.add("loaded ABSENT");
        }

        @Override
        public void opened() {
            events.add("loaded VALID");
        }

        @Override
        public void rejected(RejectReason reason) {
            events.add("loaded REJECTED(" + reason + ")");
        }

        @Override
        public void sealed(ResealCause cause, int setCookieBytes) {
            events.add("sealed " + cause + " " + setCookieBytes);
        }

        @Override
        public void commitFailed(SessionException failure) {
            events.add("failed " + failure.getClass().getSimpleName());
        }
    };

    CookieSessions sessions(KeyRing keys, SessionListener listener) {
        return CookieSessions.builder().keys(keys).clock(clock).renewAfter(Duration.ofMinutes(5))
                .listener(listener).build();
    }

    String firstCookie(CookieSessions sessions) {
        Session s = sessions.load((String) null);
        s.put("user", "alice");
        List<String> setCookies = sessions.commit(s);
        events.clear();
        return CookieSessionsTest.cookieHeader(setCookies);
    }

    @Test
    void newSession_isAbsentThenSealedAsChanged_withTheHeaderLength() {
        CookieSessions sessions = sessions(ring, recorder);
        Session s = sessions.load((String) null);
        s.put("user", "alice");
        List<String> setCookies = sessions.commit(s);
        assertEquals(List.of("loaded ABSENT", "sealed CHANGED " + setCookies.get(0).length()), events);
    }

    @Test
    void untouchedSession_isValidAndWritesNothing_untilRenewalIsDue() {
        CookieSessions sessions = sessions(ring, recorder);
        String cookie = firstCookie(sessions);
        sessions.commit(sessions.load(cookie));
        assertEquals(List.of("loaded VALID"), events);

        events.clear();
        clock.advance(Duration.ofMinutes(6));
        List<String> setCookies = sessions.commit(sessions.load(cookie));
        assertEquals(List.of("loaded VALID", "sealed RENEWAL " + setCookies.get(0).length()), events);
    }

    @Test
    void sessionOfAnOlderKey_isResealedAsOlderKey() {
        String cookie = firstCookie(sessions(ring, recorder));
        KeyRing rotated = KeyRing.generate("k2", "A256GCM").followedBy(ring);
        CookieSessions sessions = sessions(rotated, recorder);
        List<String> setCookies = sessions.commit(sessions.load(cookie));
        assertEquals(List.of("loaded VALID", "sealed OLDER_KEY " + setCookies.get(0).length()), events);
    }

    @Test
    void tamperedCookie_isReportedWithItsReason_andItsDeletionIsNotASeal() {
        CookieSessions sessions = sessions(ring, recorder);
        String cookie = firstCookie(sessions);
        // A flipped ciphertext character: the last character would only touch base64 padding bits.
        String[] parts = cookie.split("\\.");
        parts[3] = (parts[3].charAt(0) == 'A' ? 'B' : 'A') + parts[3].substring(1);
        String tampered = String.join(".", parts);
        List<String> setCookies = sessions.commit(sessions.load(tampered));
        assertEquals(1, setCookies.size(), "the rejected cookie is deleted");
        assertEquals(List.of("loaded REJECTED(BAD_SEAL)"), events);
    }

    @Test
    void sessionTooLarge_isReportedThenThrown() {
        CookieSessions sessions = sessions(ring, recorder);
        Session s = sessions.load((String) null);
        s.put("big", "x".repeat(5000));
        assertThrows(SessionException.class, () -> sessions.commit(s));
        assertEquals(List.of("loaded ABSENT", "failed SessionException"), events);
    }

    @Test
    void failingListener_neverFailsTheRequest() {
        SessionListener broken = new SessionListener() {
            @Override
            public void opened() {
                throw new IllegalStateException("broken");
            }

            @Override
            public void absent() {
                throw new IllegalStateException("broken");
            }

            @Override
            public void sealed(ResealCause cause, int setCookieBytes) {
                throw new IllegalStateException("broken");
            }

            @Override
            public void commitFailed(SessionException failure) {
                throw new IllegalStateException("broken");
            }
        };
        CookieSessions sessions = sessions(ring, broken);
        Session s = sessions.load((String) null);
        s.put("user", "alice");
        assertEquals(1, sessions.commit(s).size());

        Session big = sessions.load((String) null);
        big.put("big", "x".repeat(5000));
        SessionException e = assertThrows(SessionException.class, () -> sessions.commit(big));
        assertSame(IllegalStateException.class, e.getSuppressed()[0].getClass());
        assertTrue(e.getMessage().contains("4096"), e.getMessage());
    }
}
