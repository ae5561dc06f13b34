package dev.crumb;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

/**
 * How the session cookie is written: name, path, domain and attributes (RFC 6265bis).
 *
 * <p>Defaults are the safe ones: {@code Secure}, {@code HttpOnly}, {@code SameSite=Lax},
 * {@code Path=/}, no {@code Domain}, and a browser-session cookie (no {@code Max-Age}). The
 * builder enforces the cookie prefixes: a {@code __Host-} name needs Secure, Path=/ and no Domain;
 * a {@code __Secure-} name needs Secure; {@code SameSite=None} and {@code Partitioned} need Secure.
 * A cookie without Secure is possible only through {@link Builder#insecureAllowPlainHttp()}, for
 * local development over plain HTTP.
 *
 * <p>{@link #format} is the one function that writes a Set-Cookie value, for every adapter.
 */
public final class CookieSpec {

    /** The SameSite attribute. */
    public enum SameSite {
        /** Sent only on same-site requests. */
        STRICT("Strict"),
        /** Sent on same-site requests and top-level cross-site navigations. The default. */
        LAX("Lax"),
        /** Sent on all requests; requires Secure. */
        NONE("None");

        private final String attribute;

        SameSite(String attribute) {
            this.attribute = attribute;
        }

        /** The attribute value as written, e.g. {@code Lax}. */
        public String attribute() {
            return attribute;
        }
    }

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final String name;
    private final String path;
    private final String domain;
    private final boolean secure;
    private final boolean httpOnly;
    private final SameSite sameSite;
    private final boolean partitioned;
    private final boolean persistent;

    private CookieSpec(Builder b) {
        this.name = b.name;
        this.path = b.path;
        this.domain = b.domain;
        this.secure = b.secure;
        this.httpOnly = b.httpOnly;
        this.sameSite = b.sameSite;
        this.partitioned = b.partitioned;
        this.persistent = b.persistent;
    }

    /** A cookie of that name with the default attributes. */
    public static CookieSpec named(String name) {
        return builder(name).build();
    }

    /** A builder for a cookie of that name, starting from the defaults. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A builder starting from this spec. */
    public Builder toBuilder() {
        Builder b = new Builder(name);
        b.path = path;
        b.domain = domain;
        b.secure = secure;
        b.httpOnly = httpOnly;
        b.sameSite = sameSite;
        b.partitioned = partitioned;
        b.persistent = persistent;
        return b;
    }

    /** The cookie name. */
    public String name() {
        return name;
    }

    /** The Path attribute. */
    public String path() {
        return path;
    }

    /** The Domain attribute, or null for a host-only cookie. */
    public String domain() {
        return domain;
    }

    /** Whether the cookie is Secure (sent over HTTPS only). */
    public boolean secure() {
        return secure;
    }

    /** Whether the cookie is HttpOnly (hidden from scripts). */
    public boolean httpOnly() {
        return httpOnly;
    }

    /** The SameSite attribute. */
    public SameSite sameSite() {
        return sameSite;
    }

    /** Whether the cookie is Partitioned (CHIPS). */
    public boolean partitioned() {
        return partitioned;
    }

    /** Whether the cookie carries Max-Age/Expires (from the session's expiry) or lasts the browser session. */
    public boolean persistent() {
        return persistent;
    }

    /**
     * The Set-Cookie header value for a cookie of this spec.
     *
     * @param cookieName the name to write (this spec's name, or a chunk's {@code name.N})
     * @param value the cookie value, already a valid cookie-octet string
     * @param expiresAt when the cookie should expire, used only for a persistent cookie
     * @param now the current time, to compute Max-Age
     */
    public String format(String cookieName, String value, Instant expiresAt, Instant now) {
        StringBuilder sb = new StringBuilder(cookieName.length() + value.length() + 128);
        sb.append(cookieName).append('=').append(value);
        appendAttributes(sb);
        if (persistent && expiresAt != null) {
            long maxAge = Math.max(0, Duration.between(now, expiresAt).getSeconds());
            sb.append("; Max-Age=").append(maxAge)
              .append("; Expires=").append(IMF_FIXDATE.format(now.plusSeconds(maxAge)));
        }
        return sb.toString();
    }

    /** The Set-Cookie header value that deletes a cookie of this spec's path and domain. */
    public String formatDeletion(String cookieName) {
        StringBuilder sb = new StringBuilder(cookieName.length() + 128);
        sb.append(cookieName).append('=');
        appendAttributes(sb);
        sb.append("; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
        return sb.toString();
    }

    private void appendAttributes(StringBuilder sb) {
        sb.append("; Path=").append(path);
        if (domain != null) {
            sb.append("; Domain=").append(domain);
        }
        if (secure) {
            sb.append("; Secure");
        }
        if (httpOnly) {
            sb.append("; HttpOnly");
        }
        sb.append("; SameSite=").append(sameSite.attribute());
        if (partitioned) {
            sb.append("; Partitioned");
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CookieSpec)) {
            return false;
        }
        CookieSpec c = (CookieSpec) o;
        return name.equals(c.name) && path.equals(c.path) && Objects.equals(domain, c.domain)
                && secure == c.secure && httpOnly == c.httpOnly && sameSite == c.sameSite
                && partitioned == c.partitioned && persistent == c.persistent;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, path, domain, secure, httpOnly, sameSite, partitioned, persistent);
    }

    @Override
    public String toString() {
        return "CookieSpec[" + formatDeletion(name).replace("=; ", ": ")
                .replace("; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT", "")
                + (persistent ? "; persistent" : "; browser-session") + "]";
    }

    /**
     * Checks a cookie name is an RFC 6265 token.
     *
     * @return the name
     * @throws IllegalArgumentException naming the bad character otherwise
     */
    static String checkName(String name) {
        Objects.requireNonNull(name, "cookie name");
        if (name.isEmpty() || name.length() > 128) {
            throw new IllegalArgumentException("cookie name must be 1 to 128 characters, got " + name.length());
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                throw new IllegalArgumentException("cookie name '" + name + "' contains '" + c
                        + "' (position " + i + "); use letters, digits and - _ . ! # $ % & ' * + ^ ` | ~");
            }
        }
        return name;
    }

    /** Configures a {@link CookieSpec}; {@link #build()} checks the combination. */
    public static final class Builder {
        private final String name;
        private String path = "/";
        private String domain;
        private boolean secure = true;
        private boolean httpOnly = true;
        private SameSite sameSite = SameSite.LAX;
        private boolean partitioned;
        private boolean persistent;

        private Builder(String name) {
            this.name = checkName(name);
        }

        /** The Path attribute; {@code /} by default. */
        public Builder path(String path) {
            Objects.requireNonNull(path, "path");
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("cookie path must start with '/', got '" + path + "'");
            }
            for (int i = 0; i < path.length(); i++) {
                char c = path.charAt(i);
                if (c < 0x20 || c >= 0x7f || c == ';') {
                    throw new IllegalArgumentException("cookie path '" + path
                            + "' contains a control character, non-ASCII or ';'");
                }
            }
            this.path = path;
            return this;
        }

        /** The Domain attribute (e.g. {@code example.com} to include subdomains); none by default. */
        public Builder domain(String domain) {
            if (domain != null) {
                String d = domain.startsWith(".") ? domain.substring(1) : domain;
                if (d.isEmpty() || !d.matches("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*")) {
                    throw new IllegalArgumentException("cookie domain '" + domain
                            + "' is not a host name; use e.g. example.com");
                }
                domain = d.toLowerCase(Locale.ROOT);
            }
            this.domain = domain;
            return this;
        }

        /** Whether scripts may not read the cookie; true by default. */
        public Builder httpOnly(boolean httpOnly) {
            this.httpOnly = httpOnly;
            return this;
        }

        /** The SameSite attribute; {@code Lax} by default. */
        public Builder sameSite(SameSite sameSite) {
            this.sameSite = Objects.requireNonNull(sameSite, "sameSite");
            return this;
        }

        /** Whether the cookie is Partitioned (CHIPS); needs Secure. */
        public Builder partitioned(boolean partitioned) {
            this.partitioned = partitioned;
            return this;
        }

        /**
         * Whether the cookie outlives the browser session, with Max-Age and Expires following the
         * session's expiry; false by default (a browser-session cookie).
         */
        public Builder persistent(boolean persistent) {
            this.persistent = persistent;
            return this;
        }

        /**
         * Drops the Secure attribute so the cookie is sent over plain HTTP. For local development
         * only: over HTTP anyone on the network can copy the cookie and act as the user.
         */
        public Builder insecureAllowPlainHttp() {
            this.secure = false;
            return this;
        }

        /**
         * Builds the spec.
         *
         * @throws IllegalStateException if the combination breaks a rule of RFC 6265bis
         */
        public CookieSpec build() {
            if (name.regionMatches(true, 0, "__Host-", 0, 7)) {
                if (!secure || !"/".equals(path) || domain != null) {
                    throw new IllegalStateException("a __Host- cookie needs Secure, Path=/ and no Domain "
                            + "(RFC 6265bis 4.1.3.2); drop the prefix or fix the attributes");
                }
            }
            if (name.regionMatches(true, 0, "__Secure-", 0, 9) && !secure) {
                throw new IllegalStateException("a __Secure- cookie needs Secure; drop the prefix "
                        + "or remove insecureAllowPlainHttp()");
            }
            if (sameSite == SameSite.NONE && !secure) {
                throw new IllegalStateException("SameSite=None needs Secure; browsers drop it otherwise");
            }
            if (partitioned && !secure) {
                throw new IllegalStateException("Partitioned needs Secure; browsers drop it otherwise");
            }
            return new CookieSpec(this);
        }
    }
}
