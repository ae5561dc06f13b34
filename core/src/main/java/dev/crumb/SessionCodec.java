package dev.crumb;

import dev.crumb.internal.Json;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The session wire format alone: a {@link SessionData} sealed into a compact JWE (RFC 7516) with
 * {@code alg} {@code dir} and the key ring's primary key, and opened again.
 *
 * <p>Guarantees: a sealed token is confidential and authenticated (AES-256-GCM or
 * AES-256-CBC-HMAC-SHA-512); its header, including the cookie name {@code cn}, is authenticated as
 * the AAD, so a token cannot be moved to another cookie; {@link #open} never throws, checks size
 * and structure before any cryptography, and reports every failed tag or padding check as the same
 * {@link RejectReason#BAD_SEAL}.
 *
 * <p>Not guaranteed: a token is a bearer credential. Until it expires it can be replayed, and a
 * stale copy of a session can be sent again after the session changed, unless a revocation check
 * is configured. The length of a token reveals the approximate size of the session.
 *
 * <p>Codecs are immutable and thread-safe.
 */
public interface SessionCodec {

    /**
     * Seals a session with the ring's current primary key.
     *
     * @throws SessionException if the token would exceed the codec's size limit
     */
    String seal(SessionData data);

    /**
     * Opens a token. Never throws: any input, however malformed, gives a {@link OpenResult.Rejected}.
     *
     * <p>It authenticates the whole payload and checks every claim, but only locates the
     * attributes: they are parsed when first read (see {@link SessionData}), so opening costs the
     * same whatever the attributes hold. Attributes that Crumb sealed always read.
     */
    OpenResult open(String token);

    /** The name of the cookie this codec binds its tokens to ({@code cn}). */
    String cookieName();

    /**
     * The application this codec binds its tokens to ({@code aud}), if any. A codec with an
     * audience opens only tokens whose {@code aud} names it; one without opens only tokens
     * without {@code aud}. Either way a token for another audience is
     * {@link RejectReason#WRONG_COOKIE}.
     */
    Optional<String> audience();

    /** A builder for a standalone codec; {@link CookieSessions#codec()} gives the one in use. */
    static Builder builder() {
        return new Builder();
    }

    /** Configures a {@link SessionCodec}. */
    final class Builder {
        /** Default longest token accepted or produced, in characters. */
        public static final int DEFAULT_MAX_TOKEN_LENGTH = 4096;

        KeyRing keys;
        String cookieName;
        String audience;
        Clock clock = Clock.systemUTC();
        Duration clockSkew = Duration.ofSeconds(30);
        int maxTokenLength = DEFAULT_MAX_TOKEN_LENGTH;
        boolean compression;

        private Builder() {}

        /** The keys to seal and open with; required. */
        public Builder keys(KeyRing keys) {
            this.keys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /** The cookie name bound into every token's header as {@code cn}; required. */
        public Builder cookieName(String cookieName) {
            this.cookieName = CookieSpec.checkName(cookieName);
            return this;
        }

        /**
         * Binds every token to {@code audience}, the application it is for, as the standard JWT
         * {@code aud} claim inside the encrypted payload: a token sealed for another audience, or
         * for none, is rejected ({@link RejectReason#WRONG_COOKIE}), even with the same key and
         * cookie name. None by default, and then tokens that carry an {@code aud} are rejected.
         * Applications that share keys and cookies share sessions exactly when their audiences
         * are equal.
         */
        public Builder audience(String audience) {
            this.audience = checkAudience(audience);
            return this;
        }

        /** The one check of an audience, for this builder and {@link CookieSessions.Builder}. */
        static String checkAudience(String audience) {
            Objects.requireNonNull(audience, "audience");
            if (audience.isEmpty() || audience.length() > 256 || Json.unpairedSurrogate(audience) >= 0) {
                throw new IllegalArgumentException("audience must be 1 to 256 characters of well-formed text, got "
                        + audience.length() + " characters; use the application's name or context path");
            }
            return audience;
        }

        /** The clock that decides expiry; the system UTC clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Tolerated clock difference between nodes, 0 to 5 minutes; 30 seconds by default. */
        public Builder clockSkew(Duration skew) {
            this.clockSkew = checkSkew(skew);
            return this;
        }

        /** The one check of a clock skew, for this builder and {@link CookieSessions.Builder}. */
        static Duration checkSkew(Duration skew) {
            Objects.requireNonNull(skew, "clockSkew");
            if (skew.isNegative() || skew.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new IllegalArgumentException("clockSkew must be between 0 and 5 minutes, got " + skew);
            }
            return skew;
        }

        /** Longest token opened or sealed, 256 to 1 MiB characters; 4096 by default. */
        public Builder maxTokenLength(int chars) {
            if (chars < 256 || chars > 1 << 20) {
                throw new IllegalArgumentException("maxTokenLength must be between 256 and 1048576, got " + chars);
            }
            this.maxTokenLength = chars;
            return this;
        }

        /**
         * Compresses payloads with DEFLATE ({@code "zip":"DEF"}, RFC 7516 section 4.1.3) before
         * encryption, and accepts compressed tokens. Off by default, and dangerous: the token's
         * length then depends on its content, so an attacker who can put chosen text into a
         * session and observe the cookie's size can recover secrets stored beside it (CRIME,
         * BREACH; RFC 8725 section 3.6). Decompressed payloads are capped at 256 KiB.
         */
        public Builder enableCompressionDespiteLengthLeaks() {
            this.compression = true;
            return this;
        }

        /**
         * Builds the codec.
         *
         * @throws IllegalStateException if keys or cookie name are missing
         */
        public SessionCodec build() {
            if (keys == null) {
                throw new IllegalStateException("keys are required: call keys(KeyRing.fromJwkSet(...)), "
                        + "keys(KeyRing.derive(secret)) or, for development, keys(KeyRing.generate())");
            }
            if (cookieName == null) {
                throw new IllegalStateException("cookieName is required, e.g. cookieName(\"__Host-session\")");
            }
            return new JweSessionCodec(keys, cookieName, audience, clock, clockSkew, maxTokenLength, compression);
        }
    }
}
