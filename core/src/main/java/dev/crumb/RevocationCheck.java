package dev.crumb;

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
}
