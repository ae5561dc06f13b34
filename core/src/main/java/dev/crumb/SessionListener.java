package dev.crumb;

/**
 * Observes what {@link CookieSessions} does with sessions, for metrics and audit logs: what each
 * request's cookie held, why a cookie was written and how large it was, and commits that failed.
 * Register one with {@link CookieSessions.Builder#listener}.
 *
 * <p>Called on the request's thread, inside {@code load} and {@code commit}: keep it fast. An
 * exception it throws is logged and otherwise ignored, so a broken listener never fails a request.
 * It is told no attribute values, tokens or keys.
 */
public interface SessionListener {

    /** Why {@link CookieSessions#commit} sealed a new cookie. */
    enum ResealCause {
        /** The session is new or its id, subject or attributes changed. */
        CHANGED,
        /** Unchanged, but {@code renewAfter} had passed since it was issued, so its idle expiry moves. */
        RENEWAL,
        /** Unchanged, but sealed with an older key of the ring: re-sealed with the primary key. */
        OLDER_KEY
    }

    /** A request carried no session cookie. */
    default void absent() {}

    /** A request's session cookie opened: authenticated, unexpired, not revoked. */
    default void opened() {}

    /**
     * A request's session cookie was rejected; the request goes on with a new empty session.
     *
     * @param reason why
     */
    default void rejected(RejectReason reason) {}

    /**
     * A commit sealed the session into a cookie.
     *
     * @param cause why it was sealed
     * @param setCookieBytes the length of the Set-Cookie header value, or of all of them when
     *     the session was split into chunks (deletions of stale cookies not counted)
     */
    default void sealed(ResealCause cause, int setCookieBytes) {}

    /**
     * A commit failed, for instance because the session is too large for its cookie; the exception is
     * thrown to the caller after this returns.
     *
     * @param failure what the caller is about to receive
     */
    default void commitFailed(SessionException failure) {}
}
