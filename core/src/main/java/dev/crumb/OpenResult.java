package dev.crumb;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link SessionCodec#open} made of a token: {@link Valid} with the verified session, or
 * {@link Rejected} with the reason. Only a codec creates a {@code Valid}, so holding one means the
 * token was authenticated and within its time limits.
 */
public sealed interface OpenResult permits OpenResult.Valid, OpenResult.Rejected {

    /** Whether the token opened. */
    boolean isValid();

    /** The verified session, or empty when rejected. */
    Optional<SessionData> data();

    /** The reason for a rejection, or empty when valid. */
    Optional<RejectReason> reason();

    /** An authenticated, unexpired token. */
    final class Valid implements OpenResult {
        private final SessionData data;
        private final boolean needsReseal;

        Valid(SessionData data, boolean needsReseal) {
            this.data = Objects.requireNonNull(data);
            this.needsReseal = needsReseal;
        }

        /** The verified snapshot. */
        public SessionData sessionData() {
            return data;
        }

        /**
         * True when the token was sealed with a key other than the current primary (or in a
         * form other than the canonical one), so the next response should re-seal it.
         */
        public boolean needsReseal() {
            return needsReseal;
        }

        @Override
        public boolean isValid() {
            return true;
        }

        @Override
        public Optional<SessionData> data() {
            return Optional.of(data);
        }

        @Override
        public Optional<RejectReason> reason() {
            return Optional.empty();
        }

        @Override
        public String toString() {
            return "Valid[" + data + (needsReseal ? ", needsReseal" : "") + "]";
        }
    }

    /** A token that did not open, and why. */
    final class Rejected implements OpenResult {
        private static final Rejected[] BY_REASON = new Rejected[RejectReason.values().length];

        static {
            for (RejectReason r : RejectReason.values()) {
                BY_REASON[r.ordinal()] = new Rejected(r);
            }
        }

        private final RejectReason reason;

        private Rejected(RejectReason reason) {
            this.reason = reason;
        }

        /** The (shared, immutable) rejection for a reason. */
        public static Rejected of(RejectReason reason) {
            return BY_REASON[reason.ordinal()];
        }

        /** Why the token was rejected. */
        public RejectReason rejectReason() {
            return reason;
        }

        @Override
        public boolean isValid() {
            return false;
        }

        @Override
        public Optional<SessionData> data() {
            return Optional.empty();
        }

        @Override
        public Optional<RejectReason> reason() {
            return Optional.of(reason);
        }

        @Override
        public String toString() {
            return "Rejected[" + reason + "]";
        }
    }
}
