package dev.crumb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Timeout;

/**
 * {@link CookieSessions#load} on any Cookie header, with chunking on and 1 KiB cookies, so that
 * both single cookies and chunked ones are reassembled. Seeds: real browser Cookie headers
 * carrying sessions sealed with the known-answer vectors' keys, single and in chunks, beside
 * other sites' cookies.
 *
 * <p>For every input: {@code load} returns a session and logs no exception; the reason it gives
 * is the reason {@link SessionCodec#open} gives for the token that a reference reassembly finds
 * (or {@code AMBIGUOUS} or {@code MALFORMED} for the chunks themselves); sessions holding the
 * same kids with other secrets never load it; a rejected cookie gives a new empty session; a
 * loaded session, changed, commits to cookies that load back to the same session.
 */
class CookieSessionsFuzzTest {

    private static final CookieSessions SESSIONS = sessions(FuzzFixtures.RING);
    private static final CookieSessions IMPOSTOR = sessions(FuzzFixtures.IMPOSTORS);

    static CookieSessions sessions(KeyRing ring) {
        return CookieSessions.builder().keys(ring).cookie(CookieSpec.named(FuzzFixtures.COOKIE))
                .clock(FuzzFixtures.CLOCK).chunking(16).maxCookieBytes(1024).build();
    }

    @FuzzTest
    @Timeout(60)
    void load(byte[] input) {
        FuzzFixtures.forgetLoggedExceptions();
        String header = new String(input, StandardCharsets.UTF_8);

        Session session = SESSIONS.load(header);
        Session impostor = IMPOSTOR.load(header);
        FuzzFixtures.assertNoExceptionLogged();

        assertTrue(impostor.isNew(), "loaded without the key");
        Optional<RejectReason> expected = expectedReason(header);
        Optional<RejectReason> reason = session.rejectReason();
        if (expected == null) {
            assertTrue(session.isNew() && reason.isEmpty(), session::toString);
        } else if (expected.isPresent()) {
            assertEquals(expected, reason);
        } else {
            // The codec opened it; load may still find it past today's timeouts.
            assertTrue(!session.isNew() || reason.equals(Optional.of(RejectReason.EXPIRED)), session::toString);
        }
        if (session.isNew()) {
            assertTrue(session.isNew());
            assertEquals(Set.of(), session.attributeNames());
            return;
        }
        assertFalse(session.isNew());
        roundTrip(session);
    }

    /**
     * Null when no cookie of the name is present; else the codec's reason for the reassembled
     * token, or empty if it opens.
     */
    private static Optional<RejectReason> expectedReason(String header) {
        if (header.length() > CookieHeader.MAX_HEADER_LENGTH) {
            return Optional.of(RejectReason.TOO_LARGE);
        }
        List<CookieHeader.Found> found = CookieHeaderFuzzTest.reference(header, FuzzFixtures.COOKIE);
        if (found.isEmpty()) {
            return null;
        }
        Set<Integer> indexes = new HashSet<>();
        String whole = null;
        String[] chunks = new String[CookieHeader.MAX_CHUNKS];
        for (CookieHeader.Found f : found) {
            if (!indexes.add(f.index())) {
                return Optional.of(RejectReason.AMBIGUOUS);
            }
            if (f.index() < 0) {
                whole = f.value();
            } else {
                chunks[f.index()] = f.value();
            }
        }
        String token = whole != null ? whole : reassemble(chunks);
        if (token == null) {
            return Optional.of(RejectReason.MALFORMED);
        }
        return SESSIONS.codec().open(token).reason();
    }

    /** Chunk 0 is {@code N~} and the first part; chunks 1 to N-1 follow. Null if inconsistent. */
    private static String reassemble(String[] chunks) {
        if (chunks[0] == null || !chunks[0].matches("(?s)[0-9]{1,2}~.*")) {
            return null;
        }
        int sep = chunks[0].indexOf('~');
        int count = Integer.parseInt(chunks[0].substring(0, sep));
        if (count < 1 || count > CookieHeader.MAX_CHUNKS) {
            return null;
        }
        StringBuilder token = new StringBuilder(chunks[0].substring(sep + 1));
        for (int i = 1; i < count; i++) {
            if (chunks[i] == null) {
                return null;
            }
            token.append(chunks[i]);
        }
        return token.toString();
    }

    private static void roundTrip(Session session) {
        boolean readable;
        try {
            session.attributeNames();
            readable = true;
        } catch (SessionException e) {
            readable = false;
        }
        if (!readable) {
            // Sealed by another writer beyond Crumb's limits: Crumb refuses to re-seal what it
            // cannot read, loudly.
            return;
        }
        Set<String> names = new HashSet<>(session.attributeNames());
        session.put("fuzz.marker", 1);
        List<String> setCookies = SESSIONS.commit(session);
        Session back = SESSIONS.load(CookieSessionsTest.cookieHeader(setCookies));
        assertFalse(back.isNew(), () -> String.join("\n", setCookies));
        assertEquals(session.id(), back.id());
        assertEquals(session.createdAt(), back.createdAt());
        names.add("fuzz.marker");
        assertEquals(names, back.attributeNames());
        for (String name : names) {
            assertEquals(session.get(name), back.get(name), name);
        }
    }
}
