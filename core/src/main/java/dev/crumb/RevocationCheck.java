package dev.crumb;

import java.time.Clock;
import java.time.Duration;

/**
 * Decides whether an authenticated, unexpired session is nevertheless void, e.g. because its
 * user logged out everywhere or changed their password. A stateless session cannot be revoked
 * before its {@code exp} without such a check.
 *
 * <p>Called once per request that carries a valid cookie, on the request thread: it must be fast
 * and must not block (keep the revocation list in memory and refresh it in the background).
 * A session it rejects loads as a new empty session with {@link RejectReason#REVOKED}.
 */
@FunctionalInterface
public interface RevocationCheck {

    /** True if the session must not be used. */
    boolean isRevoked(SessionData session);

    /**
     * Told by {@link CookieSessions.Builder#build()} the longest a session of that instance can
     * still open after its creation (the absolute timeout plus the clock skew) and the clock it
     * keeps time by, once for each instance that uses this check. A check that keeps entries can
     * drop each once that long has passed, since no session it voids could open any more. Does
     * nothing by default.
     *
     * @throws IllegalArgumentException if the check cannot serve sessions kept by that clock
     */
    default void bind(Duration maxSessionAge, Clock clock) {}
}
