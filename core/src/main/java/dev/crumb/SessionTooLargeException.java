package dev.crumb;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A session does not fit in a cookie. Thrown before anything is sent, so the change is not lost
 * silently: store less in the session (ids instead of objects), or switch on chunking.
 */
public final class SessionTooLargeException extends SessionException {

    private static final long serialVersionUID = 1L;

    private final int size;
    private final int limit;
    private final transient Map<String, Integer> largestAttributes;

    /** The size reached, the limit, and the largest attributes (name to serialized bytes). */
    public SessionTooLargeException(int size, int limit, Map<String, Integer> largestAttributes) {
        super(message(size, limit, largestAttributes));
        this.size = size;
        this.limit = limit;
        this.largestAttributes = Collections.unmodifiableMap(new LinkedHashMap<>(largestAttributes));
    }

    private static String message(int size, int limit, Map<String, Integer> largest) {
        StringBuilder sb = new StringBuilder("session cookie would be ").append(size)
                .append(" bytes, over the limit of ").append(limit).append(" bytes");
        if (!largest.isEmpty()) {
            sb.append("; largest attributes (serialized bytes): ");
            int n = 0;
            for (Map.Entry<String, Integer> e : largest.entrySet()) {
                if (n++ == 5) {
                    break;
                }
                sb.append(n > 1 ? ", " : "").append(e.getKey()).append('=').append(e.getValue());
            }
        }
        return sb.append(". Store less in the session (ids rather than objects) or enable chunking")
                .toString();
    }

    /** The size the cookie would have had, in bytes. */
    public int size() {
        return size;
    }

    /** The limit it exceeded, in bytes. */
    public int limit() {
        return limit;
    }

    /** Serialized size in bytes of the largest attributes, largest first. */
    public Map<String, Integer> largestAttributes() {
        return largestAttributes;
    }
}
