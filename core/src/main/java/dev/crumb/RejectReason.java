package dev.crumb;

/** Why a token did not open. Reasons are for logs and metrics; never echo them to the client. */
public enum RejectReason {
    /** Not a well-formed session token: segments, encoding, header members, lengths or claims. */
    MALFORMED,
    /** The header names a kid that is not in the key ring (e.g. a retired key). */
    UNKNOWN_KEY,
    /** Authentication failed: wrong key, or the token was changed. All such failures look alike. */
    BAD_SEAL,
    /** The token was sealed for a cookie of another name. */
    WRONG_COOKIE,
    /** {@code exp} has passed (beyond the allowed clock skew), or a timeout was exceeded. */
    EXPIRED,
    /** {@code nbf} or {@code iat} lies in the future beyond the allowed clock skew. */
    NOT_YET_VALID,
    /** The token is longer than the configured limit; nothing of it was decoded. */
    TOO_LARGE,
    /** A revocation check rejected the session. */
    REVOKED,
    /** Two or more cookies of the session's name were sent, so none can be trusted. */
    AMBIGUOUS
}
