package dev.crumb.bench;

import dev.crumb.OpenResult;
import dev.crumb.SessionCodec;
import org.openjdk.jmh.infra.Blackhole;

/** Token preparation and the sanity checks every benchmark's setup runs before measuring. */
final class Tokens {

    /** The cookie value limit of RFC 6265 section 6.1 that every token here must fit. */
    static final int MAX_TOKEN_LENGTH = 4096;

    /** Where the setup checks hand the attributes they read; outside any measurement. */
    static final Blackhole SINK = new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

    private Tokens() {}

    /**
     * The token with one character of its ciphertext changed to another base64url (for Ktor: hex)
     * character, so it still parses but fails authentication.
     */
    static String tampered(String token) {
        if (token.indexOf(':') > 0) {
            // Ktor: hex(iv)/hex(ciphertext):hex(mac); a hex digit in the ciphertext.
            int start = token.indexOf('/') + 1;
            int i = start + (token.indexOf(':') - start) / 2;
            char c = token.charAt(i);
            return token.substring(0, i) + (c == '0' ? '1' : '0') + token.substring(i + 1);
        }
        if (token.indexOf('.') < 0) {
            // RAW and Vert.x: one base64url segment of iv, ciphertext and tag; change the middle.
            return flip(token, token.length() / 2);
        }
        int start = token.indexOf('.', token.indexOf('.', token.indexOf('.') + 1) + 1) + 1;
        int end = token.indexOf('.', start);
        return flip(token, start + (end - start) / 2);
    }

    private static String flip(String token, int i) {
        char c = token.charAt(i);
        char flipped = c == 'A' ? 'B' : 'A';
        return token.substring(0, i) + flipped + token.substring(i + 1);
    }

    /**
     * Checks {@code kind}'s token of {@code session}: that it opens with a new instance of
     * {@code kind} to the same attributes, and, for those that write Crumb's format, that it fits
     * in a cookie and that Crumb's codec over the same keys opens it, so every implementation of
     * the format does the same work. (Ktor's hex is longer than a cookie holds at the near-limit
     * size; it is measured anyway.)
     *
     * @throws IllegalStateException otherwise, failing the benchmark before it measures anything
     */
    static String checked(ImplKind kind, String token, SessionInput session, Fixture fixture) {
        try (Impl opener = kind.create(fixture)) {
            Object opened = opener.open(token, SINK);
            if (opened == null || !Json.tree(session.attributes()).equals(Json.tree(opener.attributes(opened)))) {
                throw new IllegalStateException(kind + " does not open its own token to the attributes sealed");
            }
        }
        return kind.writesJwe() ? checked(token, fixture) : token;
    }

    /**
     * Checks that a token fits in a cookie and that Crumb's codec over the same keys opens it.
     *
     * @throws IllegalStateException otherwise
     */
    static String checked(String token, Fixture fixture) {
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new IllegalStateException("token of " + token.length() + " characters exceeds "
                    + MAX_TOKEN_LENGTH);
        }
        SessionCodec crumb = new CrumbImpl(fixture).codec();
        OpenResult r = crumb.open(token);
        if (!r.isValid()) {
            throw new IllegalStateException("Crumb rejects the token: " + r);
        }
        return token;
    }

    /** Opens with {@code impl} and fails unless the outcome is as expected. */
    static void expectOpen(Impl impl, String token, boolean valid) {
        boolean opened = impl.open(token, null) != null;
        if (opened != valid) {
            throw new IllegalStateException(impl.getClass().getSimpleName() + (valid ? " rejects" : " accepts")
                    + " the token prepared for it");
        }
    }
}
