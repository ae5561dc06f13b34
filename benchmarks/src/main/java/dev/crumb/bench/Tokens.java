package dev.crumb.bench;

import dev.crumb.OpenResult;
import dev.crumb.SessionCodec;

/** Token preparation and the sanity checks every benchmark's setup runs before measuring. */
final class Tokens {

    /** The cookie value limit of RFC 6265 section 6.1 that every token here must fit. */
    static final int MAX_TOKEN_LENGTH = 4096;

    private Tokens() {}

    /**
     * The token with one character of its ciphertext changed to another base64url character, so
     * it still parses but fails authentication.
     */
    static String tampered(String token) {
        int start = token.indexOf('.', token.indexOf('.', token.indexOf('.') + 1) + 1) + 1;
        int end = token.indexOf('.', start);
        int i = start + (end - start) / 2;
        char c = token.charAt(i);
        char flipped = c == 'A' ? 'B' : 'A';
        return token.substring(0, i) + flipped + token.substring(i + 1);
    }

    /**
     * Checks that a token fits in a cookie and that Crumb's codec over the same keys opens it, so
     * every implementation measured produces the same format and does the same work.
     *
     * @throws IllegalStateException otherwise, failing the benchmark before it measures anything
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
