package dev.crumb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Regression tests for defects a code review found in the lifecycle. */
class ReviewRegressionTest {

    final FakeClock clock = FakeClock.at(1_767_225_600L);
    final CookieSessions sessions = CookieSessions.builder().keys(KeyRing.generate())
            .cookie(CookieSpec.named("__Host-s")).clock(clock).build();

    String commitToCookie(Session s) {
        return CookieSessionsTest.cookieHeader(sessions.commit(s));
    }

    @Test
    void failedCommit_leavesSessionChangeableSoItCanBeRetried() {
        Session s = sessions.load((String) null);
        s.put("blob", "x".repeat(5000));
        assertThrows(SessionException.class, () -> sessions.commit(s));
        assertFalse(s.isFrozen());
        s.put("blob", "small");
        List<String> out = sessions.commit(s);
        assertEquals(1, out.size(), "the retried commit writes the cookie");
        assertEquals("small", sessions.load(CookieSessionsTest.cookieHeader(out)).get("blob"));
    }

    @Test
    void subjectWithUnpairedSurrogate_isRefusedWhenSet() {
        Session s = sessions.load((String) null);
        assertThrows(IllegalArgumentException.class, () -> s.subject("bad\ud800"));
        s.subject("good");
        assertEquals(1, sessions.commit(s).size());
    }

    @Test
    void revokeSubjectThenRegenerate_keepsTheRegeneratedSession() {
        InMemoryRevocations revocations = new InMemoryRevocations();
        CookieSessions checked = CookieSessions.builder().keys(KeyRing.generate())
                .cookie(CookieSpec.named("__Host-s")).clock(clock).revocation(revocations).build();
        Session s0 = checked.load((String) null);
        s0.subject("carol");
        String old = CookieSessionsTest.cookieHeader(checked.commit(s0));
        clock.advance(Duration.ofMinutes(1));

        Session s = checked.load(old);
        revocations.revokeSubject("carol");      // password changed: void every other session
        s.regenerate();                          // ...but keep this one
        String kept = CookieSessionsTest.cookieHeader(checked.commit(s));
        assertEquals(RejectReason.REVOKED, checked.load(old).rejectReason().orElseThrow());
        assertFalse(checked.load(kept).isNew(), "the regenerated session survives");
    }

    public static final class Cart {
        public List<String> items = new ArrayList<>();
    }

    @Test
    void typedCopyOfALiveObject_doesNotReplaceTheObjectThatIsSaved() {
        Session s = sessions.load((String) null);
        Cart cart = new Cart();
        s.put("cart", cart);
        assertTrue(s.get("cart", Map.class).containsKey("items"));
        cart.items.add("apple");
        Session back = sessions.load(commitToCookie(s));
        assertEquals(List.of("apple"), back.get("cart", Cart.class).items);
    }

    @Test
    void untouchedDecimal_staysExactWhenAnotherAttributeChanges() {
        Session s0 = sessions.load((String) null);
        s0.put("total", new BigDecimal("12345678901234567.89"));
        s0.put("price", new BigDecimal("1.50"));
        String cookie = commitToCookie(s0);
        clock.advance(Duration.ofSeconds(1));
        Session s1 = sessions.load(cookie);
        s1.put("other", 1);
        Session s2 = sessions.load(commitToCookie(s1));
        assertEquals(new BigDecimal("12345678901234567.89"), s2.get("total", BigDecimal.class));
        assertEquals(new BigDecimal("1.50"), s2.get("price", BigDecimal.class));
    }

    @Test
    void cookiePrefixes_areMatchedCaseInsensitively() {
        assertThrows(IllegalArgumentException.class, () -> CookieSpec.named("__host-s").withDomain("example.com"));
        assertThrows(IllegalArgumentException.class, () -> CookieSpec.named("__SECURE-s").insecureAllowPlainHttp());
    }

    @Test
    void timeoutsBeyondCookieLifetimes_failAtBuild() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CookieSessions.builder().absoluteTimeout(Duration.ofSeconds(Long.MAX_VALUE)));
        assertTrue(e.getMessage().contains("400 days"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CookieSessions.builder().idleTimeout(Duration.ofDays(401)));
    }

    @Test
    void valueChangedInPlaceAfterPutBeyondTheDepthLimit_failsTheCommitLoudly() {
        // The limit was checked at put only: a list grown deeper afterwards sealed a cookie whose
        // attributes could never be read, and the change was lost at the next request.
        Session s = sessions.load((String) null);
        List<Object> root = new ArrayList<>();
        s.put("tree", root);
        List<Object> leaf = root;
        for (int i = 0; i < 70; i++) {
            List<Object> next = new ArrayList<>();
            leaf.add(next);
            leaf = next;
        }

        SessionException e = assertThrows(SessionException.class, () -> sessions.commit(s));

        assertTrue(e.getMessage().contains("'tree'"), e.getMessage());
        assertFalse(s.isFrozen());
    }

    @Test
    void attributeNameOver1024BytesOfUtf8_isRefusedWhenStored() {
        // Counted in characters, 600 'é' (1,200 bytes) were stored and sealed, and the next
        // request could not read the attributes: Jackson limits a name's UTF-8 bytes.
        Session s = sessions.load((String) null);
        assertThrows(SessionException.class, () -> s.put("é".repeat(600), 1));
        assertThrows(IllegalArgumentException.class,
                () -> SessionData.builder().attribute("é".repeat(600), 1));
        s.put("é".repeat(512), 1);
        s.put("other", 2);

        Session next = sessions.load(commitToCookie(s));

        assertEquals(1, next.get("é".repeat(512)));
        assertEquals(2, next.get("other"));
    }

    @Test
    void attrsClosedByTheWrongBracket_isMalformed() {
        String payload = "{\"sid\":\"c2lk\",\"iat\":1767225600,\"exp\":1767227400,\"auth_time\":1767225600,\"attrs\":{]}";
        SessionCodec codec = (SessionCodec) sessions.codec();
        OpenResult result = codec.open(codec.seal(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8), null));
        assertEquals(RejectReason.MALFORMED, result.reason().orElseThrow());
    }

    @Test
    void toBuilderOfUnreadableAttributes_failsWithSessionException() {
        String payload = "{\"sid\":\"c2lk\",\"iat\":1767225600,\"exp\":1767227400,\"auth_time\":1767225600,"
                + "\"attrs\":{\"a\":1,\"a\":2}}";
        SessionCodec codec = (SessionCodec) sessions.codec();
        SessionData data = codec.open(codec.seal(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8), null))
                .data().orElseThrow();

        SessionData.Builder b = data.toBuilder().attribute("b", 3);

        assertThrows(SessionException.class, b::build);
    }
}
