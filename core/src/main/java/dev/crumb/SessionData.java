package dev.crumb;

import dev.crumb.internal.Base64Url;
import dev.crumb.internal.Json;
import dev.crumb.internal.JsonAttributes;
import dev.crumb.internal.Nonces;
import dev.crumb.internal.Payload;
import java.time.Instant;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The immutable snapshot of a session that a {@link SessionCodec} seals: id, subject, creation,
 * issue and expiry times, and attributes.
 *
 * <p>A {@code SessionData} obtained from a valid {@link OpenResult} was authenticated with a key of
 * the ring. One built with {@link #builder()} is whatever the application made it. Times have
 * whole-second precision, as in the token. Attributes are stored as JSON and decoded on first
 * read; {@link #toString()} shows names only.
 *
 * <p>Opening checks the claims but not the attributes, which only a holder of the key can have
 * written: they are parsed, and checked against the limits on depth, lengths and duplicate
 * names, on the first call that reads them. Attributes that Crumb sealed always read. Attributes
 * that another writer sealed with the key and that break those limits make every reading method
 * throw {@link SessionException}; {@link #attributesReadable()} asks first, and a
 * {@link Session} treats such a session as having no attributes.
 */
public final class SessionData {

    private final String id;
    private final String subject;
    private final Instant createdAt;
    private final Instant issuedAt;
    private final Instant expiresAt;
    private final JsonAttributes attributes;

    SessionData(String id, String subject, Instant createdAt, Instant issuedAt, Instant expiresAt,
                JsonAttributes attributes) {
        this.id = id;
        this.subject = subject;
        this.createdAt = createdAt;
        this.issuedAt = issuedAt;
        this.expiresAt = expiresAt;
        this.attributes = attributes;
    }

    /** A builder with a fresh random id and no attributes. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this snapshot. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.subject = subject;
        b.createdAt = createdAt;
        b.issuedAt = issuedAt;
        b.expiresAt = expiresAt;
        b.base = attributes;
        return b;
    }

    /** A new random session id: 128 bits from a DRBG, base64url (22 characters). */
    static String newId() {
        return Base64Url.encode(Nonces.bytes(16));
    }

    /** The session id ({@code sid}). */
    public String id() {
        return id;
    }

    /** The subject ({@code sub}), typically the logged-in user's id. */
    public Optional<String> subject() {
        return Optional.ofNullable(subject);
    }

    /** When the session was created ({@code auth_time}); never moves, even on renewal. */
    public Instant createdAt() {
        return createdAt;
    }

    /** When this snapshot was sealed ({@code iat}, and {@code nbf}). */
    public Instant issuedAt() {
        return issuedAt;
    }

    /** When the token stops opening ({@code exp}). */
    public Instant expiresAt() {
        return expiresAt;
    }

    /**
     * Attribute names, in stored order.
     *
     * @throws SessionException if the attributes are unreadable (see the class comment)
     */
    public Set<String> attributeNames() {
        try {
            return attributes.names();
        } catch (JsonAttributes.UnreadableException e) {
            throw unreadable(e);
        }
    }

    /**
     * Whether the attributes are one JSON object within the limits, so that no reading method
     * throws for that reason. Always true for attributes that Crumb wrote.
     */
    public boolean attributesReadable() {
        return attributes.isReadable();
    }

    /**
     * An attribute as plain Java ({@code Map}, {@code List}, {@code String}, {@code Number},
     * {@code Boolean}), or null when absent.
     *
     * @throws SessionException if the attributes are unreadable (see the class comment)
     */
    public Object get(String name) {
        try {
            return attributes.value(name);
        } catch (JsonAttributes.UnreadableException e) {
            throw unreadable(e);
        }
    }

    /**
     * An attribute converted to {@code type}, or null when absent.
     *
     * @throws SessionException if the stored JSON cannot be read as {@code type}, or the
     *     attributes are unreadable
     */
    public <T> T get(String name, Class<T> type) {
        try {
            return attributes.value(name, type);
        } catch (JsonAttributes.UnreadableException e) {
            throw unreadable(e);
        } catch (IllegalArgumentException e) {
            throw new SessionException(e.getMessage(), e);
        }
    }

    private static SessionException unreadable(JsonAttributes.UnreadableException e) {
        return new SessionException(e.getMessage()
                + " (they were sealed with a key of the ring by a writer other than Crumb)", e);
    }

    /** The attributes as one JSON object, e.g. for inspection tools. */
    public String attributesJson() {
        return attributes.toJson();
    }

    JsonAttributes attributes() {
        return attributes;
    }

    Payload.Claims claims() {
        long iat = issuedAt.getEpochSecond();
        return new Payload.Claims(id, subject, iat, iat, expiresAt.getEpochSecond(),
                createdAt.getEpochSecond(), attributes);
    }

    static SessionData fromClaims(Payload.Claims c) {
        return new SessionData(c.sid(), c.sub(), Instant.ofEpochSecond(c.authTime()),
                Instant.ofEpochSecond(c.iat()), Instant.ofEpochSecond(c.exp()), c.attrs());
    }

    /** Equal when every field and the serialized attributes are equal. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SessionData d)) {
            return false;
        }
        return id.equals(d.id) && Objects.equals(subject, d.subject) && createdAt.equals(d.createdAt)
                && issuedAt.equals(d.issuedAt) && expiresAt.equals(d.expiresAt)
                && attributes.sameBytes(d.attributes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, subject, createdAt, issuedAt, expiresAt, attributes);
    }

    /** Shows attribute names but not values, which may be secret. */
    @Override
    public String toString() {
        return "SessionData[id=" + id + ", subject=" + subject + ", createdAt=" + createdAt
                + ", issuedAt=" + issuedAt + ", expiresAt=" + expiresAt
                + ", attributes=" + (attributes.isReadable() ? attributes.names() : "unreadable") + "]";
    }

    /** Builds a {@link SessionData}; times are truncated to whole seconds. */
    public static final class Builder {
        // Drawn at build() unless set: most builders are given the id of a session they continue.
        private String id;
        private String subject;
        private Instant createdAt;
        private Instant issuedAt;
        private Instant expiresAt;
        private JsonAttributes base = JsonAttributes.EMPTY;
        // Serialized when set, into one buffer that build() uses as it is.
        private final JsonAttributes.Writer values = new JsonAttributes.Writer();
        private final Set<String> removed = new HashSet<>();

        private Builder() {}

        /** The session id: 1 to 128 characters; a fresh random one by default. */
        public Builder id(String id) {
            Objects.requireNonNull(id, "id");
            if (id.isEmpty() || id.length() > Payload.MAX_SID_LENGTH) {
                throw new IllegalArgumentException("session id must be 1 to "
                        + Payload.MAX_SID_LENGTH + " characters, got " + id.length());
            }
            this.id = wellFormed("session id", id);
            return this;
        }

        /** The subject, or null for none; like the id, well-formed Unicode (no unpaired surrogate). */
        public Builder subject(String subject) {
            this.subject = subject == null ? null : wellFormed("subject", subject);
            return this;
        }

        /** Text with an unpaired surrogate has no UTF-8 form, so it could not be sealed. */
        private static String wellFormed(String what, String text) {
            int bad = Json.unpairedSurrogate(text);
            if (bad >= 0) {
                throw new IllegalArgumentException(what + " has an unpaired surrogate at index " + bad
                        + "; it must be well-formed Unicode text");
            }
            return text;
        }

        /** Creation time ({@code auth_time}); defaults to the issue time. */
        public Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        /** Issue time ({@code iat}); required. */
        public Builder issuedAt(Instant issuedAt) {
            this.issuedAt = issuedAt;
            return this;
        }

        /** Expiry ({@code exp}); required, after the issue time. */
        public Builder expiresAt(Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        /**
         * Sets an attribute; {@code null} removes it. The value is serialized now: changing the
         * object afterwards does not change what is built.
         *
         * @throws IllegalArgumentException naming the attribute if Jackson cannot serialize it, or
         *     if it exceeds a limit that opening a cookie enforces (nesting, name, number or
         *     string length)
         */
        public Builder attribute(String name, Object value) {
            Objects.requireNonNull(name, "attribute name");
            if (value == null) {
                values.remove(name);
                removed.add(name);
            } else {
                values.put(name, value);
                removed.remove(name);
            }
            return this;
        }

        /**
         * Replaces all attributes with a JSON object's members.
         *
         * @throws IllegalArgumentException if it is not a JSON object within the cookie limits
         */
        public Builder attributesJson(String json) {
            this.base = JsonAttributes.parse(json);
            values.clear();
            removed.clear();
            return this;
        }

        /**
         * Builds the snapshot.
         *
         * @throws IllegalStateException if the issue or expiry time is missing, expiry is not
         *     after issue, or creation is after issue
         * @throws SessionException if this builder started from a snapshot whose attributes are
         *     unreadable and attributes were changed
         */
        public SessionData build() {
            if (issuedAt == null || expiresAt == null) {
                throw new IllegalStateException("issuedAt and expiresAt are required");
            }
            Instant iat = seconds(issuedAt);
            Instant exp = seconds(expiresAt);
            Instant created = createdAt == null ? iat : seconds(createdAt);
            if (!exp.isAfter(iat)) {
                throw new IllegalStateException("expiresAt " + exp + " must be after issuedAt " + iat);
            }
            if (created.isAfter(iat)) {
                throw new IllegalStateException("createdAt " + created + " must not be after issuedAt " + iat);
            }
            JsonAttributes attrs;
            try {
                attrs = base == JsonAttributes.EMPTY
                        ? values.toAttributes()
                        : base.with(values.values(), removed);
            } catch (JsonAttributes.UnreadableException e) {
                throw unreadable(e);
            }
            if (id == null) {
                id = newId();
            }
            return new SessionData(id, subject, created, iat, exp, attrs);
        }

        private static Instant seconds(Instant t) {
            long s = t.getEpochSecond();
            if (s < 0 || s > Payload.MAX_EPOCH_SECOND) {
                throw new IllegalArgumentException("time " + t + " is outside 1970..9999");
            }
            return Instant.ofEpochSecond(s);
        }
    }
}
