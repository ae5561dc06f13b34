package dev.crumb;

import java.util.Map;

/**
 * Crumb's one exception: a session could not be sealed, written or read as asked. Its message
 * says what failed and what to do, and never carries attribute values, tokens or keys. A session
 * too large for its cookie is one: the message names the size, the limit and the largest
 * attributes, and it is thrown before anything is sent, so the change is not lost silently.
 */
public class SessionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** With a message that says what failed and what to do. */
    public SessionException(String message) {
        super(message);
    }

    /** With a message and the underlying cause. */
    public SessionException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * A session that does not fit: {@code size} bytes over {@code limit}, with the serialized
     * size of its largest attributes (largest first; names only, never values).
     */
    static SessionException tooLarge(int size, int limit, Map<String, Integer> largestAttributes) {
        StringBuilder sb = new StringBuilder("session cookie would be ").append(size)
                .append(" bytes, over the limit of ").append(limit).append(" bytes");
        if (!largestAttributes.isEmpty()) {
            sb.append("; largest attributes (serialized bytes): ");
            int n = 0;
            for (Map.Entry<String, Integer> e : largestAttributes.entrySet()) {
                if (n++ == 5) {
                    break;
                }
                sb.append(n > 1 ? ", " : "").append(e.getKey()).append('=').append(e.getValue());
            }
        }
        return new SessionException(sb.append(". Store less in the session (ids rather than objects) or "
                + "enable chunking").toString());
    }
}
