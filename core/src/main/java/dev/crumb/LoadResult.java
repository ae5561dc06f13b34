package dev.crumb;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link CookieSessions#load} found in the request, for logging and metrics: no cookie, a
 * valid one, or one that was rejected and why. A rejected cookie always yields a new empty session.
 */
public final class LoadResult {

    /** What the request carried. */
    public enum Status {
        /** No cookie of the session's name. */
        ABSENT,
        /** A cookie that opened. */
        VALID,
        /** A cookie that did not open; see {@link #reason()}. */
        REJECTED
    }

    static final LoadResult ABSENT = new LoadResult(Status.ABSENT, null);
    static final LoadResult VALID = new LoadResult(Status.VALID, null);

    private final Status status;
    private final RejectReason reason;

    private LoadResult(Status status, RejectReason reason) {
        this.status = status;
        this.reason = reason;
    }

    static LoadResult rejected(RejectReason reason) {
        return new LoadResult(Status.REJECTED, Objects.requireNonNull(reason));
    }

    /** What the request carried. */
    public Status status() {
        return status;
    }

    /** Why the cookie was rejected, or empty if it was not. */
    public Optional<RejectReason> reason() {
        return Optional.ofNullable(reason);
    }

    @Override
    public String toString() {
        return reason == null ? status.name() : status + "(" + reason + ")";
    }
}
