package dev.crumb;

/**
 * The JWE content encryption algorithms a session key may use (RFC 7518 section 5.1), with
 * {@code alg} always {@code dir}.
 */
enum ContentAlgorithm {

    /** AES-256 in GCM with a 96-bit IV and 128-bit tag. The default: fastest and smallest. */
    A256GCM("A256GCM", 32, 12, 16),

    /** AES-256-CBC with HMAC-SHA-512 truncated to 256 bits (RFC 7518 section 5.2.5). */
    A256CBC_HS512("A256CBC-HS512", 64, 16, 32);

    private final String joseName;
    private final int keyLength;
    private final int ivLength;
    private final int tagLength;

    ContentAlgorithm(String joseName, int keyLength, int ivLength, int tagLength) {
        this.joseName = joseName;
        this.keyLength = keyLength;
        this.ivLength = ivLength;
        this.tagLength = tagLength;
    }

    /** The {@code enc} value in a JWE header, e.g. {@code A256CBC-HS512}. */
    public String joseName() {
        return joseName;
    }

    /** Key length in bytes: 32 for A256GCM, 64 for A256CBC-HS512. */
    public int keyLength() {
        return keyLength;
    }

    /** IV length in bytes. */
    public int ivLength() {
        return ivLength;
    }

    /** Authentication tag length in bytes. */
    public int tagLength() {
        return tagLength;
    }

    /**
     * The algorithm with that JOSE name.
     *
     * @throws IllegalArgumentException naming the supported ones otherwise
     */
    public static ContentAlgorithm fromJoseName(String name) {
        for (ContentAlgorithm a : values()) {
            if (a.joseName.equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unsupported key algorithm " + shown(name)
                + "; use \"A256GCM\" (recommended) or \"A256CBC-HS512\"");
    }

    /**
     * The name in quotes if it is short enough to be an algorithm name; otherwise only its length,
     * since a long value where an algorithm belongs may be a key pasted into the wrong member.
     */
    private static String shown(String name) {
        if (name == null) {
            return "null";
        }
        return name.length() <= MAX_SHOWN_NAME ? "\"" + name + "\"" : "of " + name.length() + " characters (not shown)";
    }

    private static final int MAX_SHOWN_NAME = 20;
}
