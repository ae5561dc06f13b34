package dev.crumb.redis;

import dev.crumb.SessionException;

/**
 * A revocation was not acknowledged by Redis (or not by the required replicas), so it may not
 * reach the other nodes. It was applied on this node anyway. The caller can retry: writing the
 * same revocation twice is harmless.
 */
public class RevocationStoreException extends SessionException {

    private static final long serialVersionUID = 1L;

    /** With a message that says what was not stored and why. */
    public RevocationStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
