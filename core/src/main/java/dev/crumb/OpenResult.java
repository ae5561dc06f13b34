package dev.crumb;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link SessionCodec#open} made of a token: valid, with the verified session, or rejected,
 * with the reason. Only a codec creates a valid result, so holding one means the token was
 * authenticated and within its time limits.
 */
public final class OpenResult {

    private static final OpenResult[] REJECTED = new OpenResult[RejectReason.values().length];

    static {
        for (RejectReason r : RejectReason.values()) {
            REJECTED[r.ordinal()] = new OpenResult(null, r, false);
        }
    }

    private final SessionData data;
    private final RejectReason reason;
    private final boolean needsReseal;

    private OpenResult(SessionData data, RejectReason reason, boolean needsReseal) {
        this.data = data;
        this.reason = reason;
        this.needsReseal = needsReseal;
    }

    static OpenResult valid(SessionData data, boolean needsReseal) {
        return new OpenResult(Objects.requireNonNull(data), null, needsReseal);
    }

    /** The (shared, immutable) rejection for a reason. */
    static OpenResult rejected(RejectReason reason) {
        return REJECTED[reason.ordinal()];
    }

    /** Whether the token opened. */
    public boolean isValid() {
        return data != null;
    }

    /** The verified session, or empty when rejected. */
    public Optional<SessionData> data() {
        return Optional.ofNullable(data);
    }

    /** Why the token was rejected, or empty when valid. */
    public Optional<RejectReason> reason() {
        return Optional.ofNullable(reason);
    }

    /**
     * True for a valid token sealed with a key other than the current primary (or in a form other
     * than the canonical one), so the next response should re-seal it.
     */
    public boolean needsReseal() {
        return needsReseal;
    }

    @Override
    public String toString() {
        return data != null ? "Valid[" + data + (needsReseal ? ", needsReseal" : "") + "]" : "Rejected[" + reason + "]";
    }
}
