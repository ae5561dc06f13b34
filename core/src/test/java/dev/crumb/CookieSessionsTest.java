package dev.crumb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CookieSessionsTest {

    static final long T0 = 1_767_225_600L; // 2026-01-01T00:00:00Z

    final FakeClock clock = FakeClock.at(T0);
    final KeyRing ring = KeyRing.generate();

    CookieSessions.Builder builder() {
        return CookieSessions.builder()
                .keys(ring)
                .cookie(CookieSpec.named("__Host-s"))
                .idleTimeout(Duration.ofMinutes(30))
                .absoluteTimeout(Duration.ofHours(12))
                .renewAfter(Duration.ofMinutes(5))
                .clockSkew(Duration.ofSeconds(30))
                .clock(clock);
    }

    final CookieSessions sessions = builder().build();

    /** The Cookie request header a browser would send back for these Set-Cookie values. */
    static String cookieHeader(List<String> setCookies) {
        List<String> pairs = new ArrayList<>();
        for (String sc : setCookies) {
            String pair = sc.substring(0, sc.indexOf(';'));
            if (!sc.contains("Max-Age=0")) {
                pairs.add(pair);
            }
        }
        return String.join("; ", pairs);
    }

    static String value(String setCookie) {
        return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
    }

    String loggedIn() {
        Session s = sessions.load((String) null);
        s.subject("user-42");
        s.put("cart", List.of(1, 2, 3));
        return cookieHeader(sessions.commit(s));
    }

    @Test
    void load_noCookie_isNewAndAbsent() {
        Session s = sessions.load((String) null);
        assertTrue(s.isNew());
        assertAbsent(s);
        assertEquals(List.of(), sessions.commit(s));
    }

    @Test
    void load_null_compilesWithoutACast_andIsAbsent() {
        Session s = sessions.load(null);
        assertAbsent(s);
        assertAbsent(sessions.load((List<String>) null));
    }

    @Test
    void load_severalHeaderValues_findsTheCookieInAny() {
        String cookie = loggedIn();
        Session s = sessions.load("theme=dark", cookie);
        assertFalse(s.isNew());
        assertEquals(List.of(1, 2, 3), s.get("cart"));
    }

    @Test
    void commit_thenLoad_roundTripsSubjectAndAttributes() {
        String cookie = loggedIn();
        Session s = sessions.load(cookie);
        assertFalse(s.isNew());
        assertFalse(s.isNew());
        assertEquals("user-42", s.subject().orElseThrow());
        assertEquals(List.of(1, 2, 3), s.get("cart"));
    }

    @Test
    void load_toleratesOtherCookiesSpacesAndQuotes() {
        String token = value(sessions.commit(withAttr("a", "b")).get(0));
        Session s = sessions.load(List.of("theme=dark;  junk ; x=\"1\"", " __Host-s=\"" + token + "\" ;other=2"));
        assertEquals("b", s.get("a"));
    }

    Session withAttr(String name, Object value) {
        Session s = sessions.load((String) null);
        s.put(name, value);
        return s;
    }

    @Test
    void commit_untouchedSessionWithinRenewAfter_writesNothing() {
        String cookie = loggedIn();
        clock.advance(Duration.ofMinutes(4));
        Session s = sessions.load(cookie);
        assertEquals("user-42", s.subject().orElseThrow());
        assertEquals(List.of(), sessions.commit(s));
    }

    @Test
    void commit_readingImmutableValue_writesNothing() {
        Session s0 = withAttr("user", "alice");
        String cookie = cookieHeader(sessions.commit(s0));
        Session s = sessions.load(cookie);
        assertEquals("alice", s.get("user", String.class));
        assertEquals(List.of(), sessions.commit(s));
    }

    @Test
    void commit_afterRenewAfter_reissuesWithSlidingExpiry() {
        String cookie = loggedIn();
        clock.advance(Duration.ofMinutes(6));
        Session s = sessions.load(cookie);
        List<String> out = sessions.commit(s);
        assertEquals(1, out.size());
        SessionData d = open(out.get(0));
        assertEquals(Instant.ofEpochSecond(T0 + 6 * 60 + 30 * 60), d.expiresAt());
        assertEquals(Instant.ofEpochSecond(T0), d.createdAt(), "auth_time never moves");
    }

    SessionData open(String setCookie) {
        return sessions.codec().open(value(setCookie)).data().orElseThrow();
    }

    @Test
    void load_afterIdleTimeout_isExpired() {
        String cookie = loggedIn();
        clock.advance(Duration.ofMinutes(30).plusSeconds(30));
        Session s = sessions.load(cookie);
        assertTrue(s.isNew());
        assertEquals(RejectReason.EXPIRED, s.rejectReason().orElseThrow());
    }

    @Test
    void load_justInsideSkew_isValid() {
        String cookie = loggedIn();
        clock.advance(Duration.ofMinutes(30).plusSeconds(29));
        assertFalse(sessions.load(cookie).isNew());
    }

    @Test
    void absoluteTimeout_capsExpiryAcrossManyRenewals() {
        String cookie = loggedIn();
        Instant cap = Instant.ofEpochSecond(T0).plus(Duration.ofHours(12));
        int renewals = 0;
        while (true) {
            clock.advance(Duration.ofMinutes(20));
            Session s = sessions.load(cookie);
            if (s.isNew()) {
                break;
            }
            s.put("n", renewals++);
            List<String> out = sessions.commit(s);
            if (out.isEmpty() || out.get(0).contains("Max-Age=0")) {
                break;
            }
            SessionData d = open(out.get(0));
            assertFalse(d.expiresAt().isAfter(cap), "exp beyond absolute cap: " + d.expiresAt());
            cookie = cookieHeader(out);
        }
        assertTrue(renewals >= 30, "renewals: " + renewals);
        assertFalse(clock.instant().isBefore(cap), "ended before the cap at " + clock.instant());
        assertTrue(clock.instant().isBefore(cap.plus(Duration.ofMinutes(31))));
    }

    @Test
    void load_tokenIssuedInFutureBeyondSkew_isNotYetValid() {
        clock.advance(Duration.ofMinutes(2));
        String cookie = loggedIn();
        clock.advance(Duration.ofMinutes(-2));
        assertEquals(RejectReason.NOT_YET_VALID, sessions.load(cookie).rejectReason().orElseThrow());
    }

    @Test
    void commit_tokenOfOlderKey_isResealedWithPrimary() {
        SessionKey oldKey = SessionKey.generate("old", ContentAlgorithm.A256GCM);
        SessionKey newKey = SessionKey.generate("new", ContentAlgorithm.A256GCM);
        CookieSessions before = builder().keys(KeyRing.of(oldKey)).build();
        CookieSessions after = builder().keys(KeyRing.of(newKey, oldKey)).build();
        Session s0 = before.load((String) null);
        s0.put("x", 1);
        String cookie = cookieHeader(before.commit(s0));

        Session s = after.load(cookie);
        assertEquals(1, s.get("x"));
        List<String> out = after.commit(s);
        assertEquals(1, out.size(), "re-sealed although unchanged");
        String header = new String(java.util.Base64.getUrlDecoder().decode(value(out.get(0)).split("\\.")[0]));
        assertTrue(header.contains("\"kid\":\"new\""), header);
    }

    @Test
    void load_rejectedCookie_givesEmptySessionAndDeletingCookie() {
        String cookie = loggedIn();
        int at = cookie.length() - 3;
        String tampered = cookie.substring(0, at) + (cookie.charAt(at) == 'A' ? 'B' : 'A') + cookie.substring(at + 1);
        Session s = sessions.load(tampered);
        assertTrue(s.isNew());
        assertTrue(s.rejectReason().isPresent());
        List<String> out = sessions.commit(s);
        assertEquals(List.of("__Host-s=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT"), out);
    }

    /** A cookie sealed with the ring's key whose attributes break Crumb's limits (a duplicate name). */
    String cookieWithUnreadableAttributes() {
        String payload = "{\"sid\":\"c2lk\",\"sub\":\"user-7\",\"iat\":" + T0 + ",\"exp\":" + (T0 + 1800)
                + ",\"auth_time\":" + T0 + ",\"attrs\":{\"cart\":[1],\"cart\":[2]}}";
        SessionCodec codec = (SessionCodec) sessions.codec();
        return "__Host-s=" + codec.seal(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8), null);
    }

    @Test
    void load_unreadableAttributes_keepsIdentityDropsAttributesAndRewritesTheCookie() {
        Session s = sessions.load(cookieWithUnreadableAttributes());

        assertFalse(s.isNew());
        assertEquals("user-7", s.subject().orElseThrow());
        assertNull(s.get("cart"));
        assertTrue(s.attributeNames().isEmpty());
        List<String> out = sessions.commit(s);

        assertEquals(1, out.size());
        Session next = sessions.load(cookieHeader(out));
        assertEquals("c2lk", next.id());
        assertTrue(next.loaded().attributesReadable());
        assertTrue(next.attributeNames().isEmpty());
    }

    @Test
    void commit_untouchedUnreadableAttributesDueForRenewal_resealsWithoutThem() {
        Session s = sessions.load(cookieWithUnreadableAttributes());
        clock.advance(Duration.ofMinutes(6));

        List<String> out = sessions.commit(s);

        Session next = sessions.load(cookieHeader(out));
        assertEquals("user-7", next.subject().orElseThrow());
        assertTrue(next.loaded().attributesReadable());
        assertEquals("{}", next.loaded().attributesJson());
    }

    @Test
    void commit_untouchedUnreadableAttributesNotDue_writesNothing() {
        Session s = sessions.load(cookieWithUnreadableAttributes());

        assertEquals(List.of(), sessions.commit(s));
    }

    @Test
    void load_twoCookiesOfOurName_isAmbiguous() {
        String cookie = loggedIn();
        Session s = sessions.load(cookie + "; " + cookie);
        assertTrue(s.isNew());
        assertEquals(RejectReason.AMBIGUOUS, s.rejectReason().orElseThrow());
    }

    @Test
    void invalidate_emitsDeletion() {
        Session s = sessions.load(loggedIn());
        s.invalidate();
        List<String> out = sessions.commit(s);
        assertEquals(1, out.size());
        assertTrue(out.get(0).startsWith("__Host-s=; ") && out.get(0).contains("Max-Age=0"), out.get(0));
        assertThrows(IllegalStateException.class, () -> s.put("x", 1));
    }

    @Test
    void regenerate_changesIdAndCreationKeepsAttributes() {
        Session s = sessions.load(loggedIn());
        String oldId = s.id();
        clock.advance(Duration.ofMinutes(1));
        s.regenerate();
        assertNotEquals(oldId, s.id());
        SessionData d = open(sessions.commit(s).get(0));
        assertEquals(s.id(), d.id());
        assertEquals(clock.instant(), d.createdAt());
        assertEquals(List.of(1, 2, 3), d.get("cart"));
    }

    public static final class Cart {
        public List<String> items = new ArrayList<>();
    }

    @Test
    void nestedChangeToStoredObject_isSaved() {
        Cart cart = new Cart();
        cart.items.add("apple");
        String cookie = cookieHeader(sessions.commit(withAttr("cart", cart)));

        Session s = sessions.load(cookie);
        s.get("cart", Cart.class).items.add("pear");
        String next = cookieHeader(sessions.commit(s));
        assertEquals(List.of("apple", "pear"), sessions.load(next).get("cart", Cart.class).items);
    }

    @Test
    void put_unserializableValue_failsAtPut() {
        Session s = sessions.load((String) null);
        Object self = new Object() {
            public Object getSelf() {
                return this;
            }
        };
        SessionException e = assertThrows(SessionException.class, () -> s.put("loop", self));
        assertTrue(e.getMessage().contains("'loop'"), e.getMessage());
    }

    @Test
    void changeAfterCommit_throws() {
        Session s = withAttr("a", 1);
        sessions.commit(s);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.put("b", 2));
        assertTrue(e.getMessage().contains("committed"), e.getMessage());
        assertEquals(List.of(), sessions.commit(s), "second commit writes nothing more");
        s.remove("absent");  // changes nothing, so nothing is lost: allowed
        assertThrows(IllegalStateException.class, () -> s.remove("a"));
    }

    @Test
    void revocation_voidsSessionsOfSubject() {
        InMemoryRevocations revocations = new InMemoryRevocations();
        CookieSessions withCheck = builder().revocation(revocations).build();
        Session s0 = withCheck.load((String) null);
        s0.subject("bob");
        String cookie = cookieHeader(withCheck.commit(s0));
        clock.advance(Duration.ofSeconds(5));
        assertFalse(withCheck.load(cookie).isNew());
        revocations.revokeSubject("bob");
        Session s = withCheck.load(cookie);
        assertEquals(RejectReason.REVOKED, s.rejectReason().orElseThrow());
    }

    @Test
    void revocationCheckThatThrows_failsClosed() {
        CookieSessions broken = builder().revocation(d -> {
            throw new IllegalStateException("store down");
        }).build();
        Session s0 = broken.load((String) null);
        s0.put("a", 1);
        String cookie = cookieHeader(broken.commit(s0));
        assertEquals(RejectReason.REVOKED, broken.load(cookie).rejectReason().orElseThrow());
    }

    @Test
    void build_withoutKeys_namesTheFix() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CookieSessions.builder().build());
        assertTrue(e.getMessage().contains("KeyRing"), e.getMessage());
    }

    @Test
    void build_contradictoryTimeouts_fail() {
        assertThrows(IllegalArgumentException.class,
                () -> builder().idleTimeout(Duration.ofHours(2)).absoluteTimeout(Duration.ofHours(1)).build());
        assertThrows(IllegalArgumentException.class,
                () -> builder().renewAfter(Duration.ofHours(1)).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> builder().idleTimeout(Duration.ofSeconds(-5)));
        assertEquals("idleTimeout must be positive, got PT-5S", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> builder().keys(KeyRing.rotating(new byte[32], Duration.ofMinutes(10))).build());
    }

    @Test
    void size_justUnderLimit_fits_andJustOver_throwsNamingAttributes() {
        // Grow one attribute a byte at a time until the cookie no longer fits.
        StringBuilder big = new StringBuilder();
        String lastFit = null;
        SessionException failure = null;
        for (int i = 0; i < 4000 && failure == null; i += 1) {
            big.append('x');
            Session s = sessions.load((String) null);
            s.put("blob", big.toString());
            s.put("small", 1);
            try {
                List<String> out = sessions.commit(s);
                assertEquals(1, out.size());
                lastFit = out.get(0);
            } catch (SessionException e) {
                failure = e;
            }
        }
        assertTrue(lastFit != null && failure != null);
        assertTrue(lastFit.length() <= 4096 && lastFit.length() > 4096 - 40, "last fit: " + lastFit.length());
        assertTrue(failure.getMessage().matches("session cookie would be (\\d{4,}) bytes, over the limit of 4096 bytes; "
                + "largest attributes \\(serialized bytes\\): blob=.*"), failure.getMessage());
        assertTrue(failure.getMessage().contains("blob="), failure.getMessage());
        // The one that fits loads back.
        assertFalse(sessions.load(cookieHeader(List.of(lastFit))).isNew());
    }

    @Test
    void load_readsTheClockOnce_forTheCodecsChecksAndTheTimeouts() {
        int[] reads = {0};
        java.time.Clock counting = new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                reads[0]++;
                return clock.instant();
            }
        };
        CookieSessions counted = builder().clock(counting).chunking(4).build();
        Session small = counted.load((String) null);
        small.put("n", 1);
        Session large = counted.load((String) null);
        large.put("blob", "y".repeat(9000));
        for (List<String> written : List.of(counted.commit(small), counted.commit(large))) {
            reads[0] = 0;
            Session s = counted.load(cookieHeader(written));
            assertFalse(s.isNew(), "opened from " + written.size() + " cookie(s)");
            assertEquals(1, reads[0], "clock readings in one load of " + written.size() + " cookie(s)");
        }
    }

    @Test
    void chunking_roundTripsLargeSessionAndDeletesStaleChunks() {
        CookieSessions chunked = builder().chunking(4).build();
        Session s0 = chunked.load((String) null);
        s0.put("blob", "y".repeat(9000));
        List<String> out = chunked.commit(s0);
        assertEquals(4, out.size());
        for (int i = 0; i < out.size(); i++) {
            assertTrue(out.get(i).startsWith("__Host-s." + i + "="), out.get(i));
            assertTrue(out.get(i).length() <= 4096);
        }
        String cookie = cookieHeader(out);
        Session s = chunked.load(cookie);
        assertEquals("y".repeat(9000), s.get("blob"));

        s.put("blob", "small");
        List<String> shrunk = chunked.commit(s);
        assertTrue(shrunk.get(0).startsWith("__Host-s="), shrunk.get(0));
        assertEquals(5, shrunk.size(), "one cookie plus four chunk deletions: " + shrunk);
        for (int i = 1; i < 5; i++) {
            assertTrue(shrunk.get(i).startsWith("__Host-s." + (i - 1) + "=;") && shrunk.get(i).contains("Max-Age=0"));
        }
    }

    @Test
    void chunking_movedDroppedOrReorderedChunk_isRejected() {
        CookieSessions chunked = builder().chunking(4).build();
        Session s0 = chunked.load((String) null);
        s0.put("blob", "z".repeat(4000));
        List<String> out = chunked.commit(s0);
        assertEquals(2, out.size());
        String v0 = value(out.get(0));
        String v1 = value(out.get(1));
        assertFalse(chunked.load("__Host-s.0=" + v0 + "; __Host-s.1=" + v1).isNew());
        // dropped
        assertTrue(chunked.load("__Host-s.0=" + v0).isNew());
        // reordered
        assertTrue(chunked.load("__Host-s.0=" + v1 + "; __Host-s.1=" + v0).isNew());
        // moved: chunk 1 presented under index 2
        assertTrue(chunked.load("__Host-s.0=" + v0 + "; __Host-s.2=" + v1).isNew());
        // a chunk of another session spliced in
        Session other = chunked.load((String) null);
        other.put("blob", "q".repeat(4000));
        String w1 = value(chunked.commit(other).get(1));
        assertTrue(chunked.load("__Host-s.0=" + v0 + "; __Host-s.1=" + w1).isNew());
    }

    @Test
    void compression_roundTripsAndShrinksRepetitiveSessions() {
        CookieSessions zipped = builder().enableCompressionDespiteLengthLeaks().build();
        Session s0 = zipped.load((String) null);
        s0.put("blob", "ab".repeat(3000));
        String cookie = cookieHeader(zipped.commit(s0));
        assertTrue(cookie.length() < 1000, "compressed length " + cookie.length());
        assertEquals("ab".repeat(3000), zipped.load(cookie).get("blob"));
        // Without the switch, a compressed token is refused.
        assertEquals(RejectReason.MALFORMED, sessions.load(cookie).rejectReason().orElseThrow());
    }

    @Test
    void remove_thenCommit_dropsAttribute() {
        Session s0 = withAttr("a", 1);
        s0.put("b", 2);
        Session s = sessions.load(cookieHeader(sessions.commit(s0)));
        s.remove("a");
        Session s2 = sessions.load(cookieHeader(sessions.commit(s)));
        assertNull(s2.get("a"));
        assertEquals(2, s2.get("b"));
        assertEquals(java.util.Set.of("b"), s2.attributeNames());
    }

    @Test
    void get_typedConversion_failsWithSessionException() {
        Session s = sessions.load(cookieHeader(sessions.commit(withAttr("n", Map.of("a", 1)))));
        SessionException e = assertThrows(SessionException.class, () -> s.get("n", Integer.class));
        assertTrue(e.getMessage().contains("'n'"), e.getMessage());
    }

    /** The request carried no session cookie: a new session, nothing rejected. */
    static void assertAbsent(Session s) {
        assertTrue(s.isNew(), s::toString);
        assertEquals(Optional.empty(), s.rejectReason());
    }
}
