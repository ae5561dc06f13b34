package dev.crumb;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How the session cookie is written: name, path, domain and attributes (RFC 6265bis). An
 * immutable value: each {@code with...} method returns a changed copy.
 *
 * <pre>{@code
 * CookieSpec.named("__Host-session");                        // the safe defaults
 * CookieSpec.named("shop").withPath("/shop").withPersistent(true);
 * }</pre>
 *
 * <p>Defaults are the safe ones: {@code Secure}, {@code HttpOnly}, {@code SameSite=Lax},
 * {@code Path=/}, no {@code Domain}, and a browser-session cookie (no {@code Max-Age}). Every
 * step enforces the cookie prefixes: a {@code __Host-} name needs Secure, Path=/ and no Domain;
 * a {@code __Secure-} name needs Secure; {@code SameSite=None} and {@code Partitioned} need Secure.
 * A cookie without Secure is possible only through {@link #insecureAllowPlainHttp()}, for local
 * development over plain HTTP.
 *
 * <p>{@link #format} is the one function that writes a Set-Cookie value, for every adapter.
 */
public final class CookieSpec {

    private static final List<String> SAME_SITE = List.of("Strict", "Lax", "None");

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final String name;
    private final String path;
    private final String domain;
    private final boolean secure;
    private final boolean httpOnly;
    private final String sameSite;
    private final boolean partitioned;
    private final boolean persistent;

    private CookieSpec(String name, String path, String domain, boolean secure, boolean httpOnly,
                       String sameSite, boolean partitioned, boolean persistent) {
        this.name = name;
        this.path = path;
        this.domain = domain;
        this.secure = secure;
        this.httpOnly = httpOnly;
        this.sameSite = sameSite;
        this.partitioned = partitioned;
        this.persistent = persistent;
        if (name.regionMatches(true, 0, "__Host-", 0, 7) && (!secure || !"/".equals(path) || domain != null)) {
            throw new IllegalArgumentException("a __Host- cookie needs Secure, Path=/ and no Domain "
                    + "(RFC 6265bis 4.1.3.2); drop the prefix or fix the attributes");
        }
        if (name.regionMatches(true, 0, "__Secure-", 0, 9) && !secure) {
            throw new IllegalArgumentException("a __Secure- cookie needs Secure; drop the prefix "
                    + "or remove insecureAllowPlainHttp()");
        }
        if ("None".equals(sameSite) && !secure) {
            throw new IllegalArgumentException("SameSite=None needs Secure; browsers drop it otherwise");
        }
        if (partitioned && !secure) {
            throw new IllegalArgumentException("Partitioned needs Secure; browsers drop it otherwise");
        }
    }

    /**
     * A cookie of that name with the default attributes.
     *
     * @throws IllegalArgumentException if the name is not an RFC 6265 token, naming the bad character
     */
    public static CookieSpec named(String name) {
        return new CookieSpec(checkName(name), "/", null, true, true, "Lax", false, false);
    }

    /**
     * This cookie with that Path attribute; {@code /} by default.
     *
     * @throws IllegalArgumentException if the path does not start with {@code /}, holds a control
     *     character, non-ASCII or {@code ;}, or the name is {@code __Host-} and the path not {@code /}
     */
    public CookieSpec withPath(String path) {
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
        return new CookieSpec(name, path, domain, secure, httpOnly, sameSite, partitioned, persistent);
    }

    /**
     * This cookie with that Domain attribute (e.g. {@code example.com} to include subdomains), or
     * with none for null, the default: a host-only cookie.
     *
     * @throws IllegalArgumentException if it is not a host name, or the name is {@code __Host-}
     */
    public CookieSpec withDomain(String domain) {
        if (domain != null) {
            String d = domain.startsWith(".") ? domain.substring(1) : domain;
            if (d.isEmpty() || !d.matches("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*")) {
                throw new IllegalArgumentException("cookie domain '" + domain
                        + "' is not a host name; use e.g. example.com");
            }
            domain = d.toLowerCase(Locale.ROOT);
        }
        return new CookieSpec(name, path, domain, secure, httpOnly, sameSite, partitioned, persistent);
    }

    /** This cookie with scripts allowed to read it ({@code false}) or not; HttpOnly by default. */
    public CookieSpec withHttpOnly(boolean httpOnly) {
        return new CookieSpec(name, path, domain, secure, httpOnly, sameSite, partitioned, persistent);
    }

    /**
     * This cookie with that SameSite attribute: {@code Strict} (same-site requests only),
     * {@code Lax} (and top-level cross-site navigations; the default) or {@code None} (all
     * requests; needs Secure). Case does not matter.
     *
     * @throws IllegalArgumentException for any other value, or {@code None} without Secure
     */
    public CookieSpec withSameSite(String sameSite) {
        Objects.requireNonNull(sameSite, "sameSite");
        for (String value : SAME_SITE) {
            if (value.equalsIgnoreCase(sameSite)) {
                return new CookieSpec(name, path, domain, secure, httpOnly, value, partitioned, persistent);
            }
        }
        throw new IllegalArgumentException("SameSite must be Strict, Lax or None, got '"
                + (sameSite.length() <= 20 ? sameSite : sameSite.substring(0, 20) + "...") + "'");
    }

    /**
     * This cookie Partitioned (CHIPS) or not; not by default.
     *
     * @throws IllegalArgumentException if partitioned without Secure
     */
    public CookieSpec withPartitioned(boolean partitioned) {
        return new CookieSpec(name, path, domain, secure, httpOnly, sameSite, partitioned, persistent);
    }

    /**
     * This cookie outliving the browser session, with Max-Age and Expires following the session's
     * expiry, or not (a browser-session cookie, the default).
     */
    public CookieSpec withPersistent(boolean persistent) {
        return new CookieSpec(name, path, domain, secure, httpOnly, sameSite, partitioned, persistent);
    }

    /**
     * This cookie without the Secure attribute, so that it is sent over plain HTTP. For local
     * development only: over HTTP anyone on the network can copy the cookie and act as the user.
     *
     * @throws IllegalArgumentException for a {@code __Host-} or {@code __Secure-} name,
     *     {@code SameSite=None} or Partitioned, which all need Secure
     */
    public CookieSpec insecureAllowPlainHttp() {
        return new CookieSpec(name, path, domain, false, httpOnly, sameSite, partitioned, persistent);
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

    /** The SameSite attribute: {@code Strict}, {@code Lax} or {@code None}. */
    public String sameSite() {
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
        sb.append("; SameSite=").append(sameSite);
        if (partitioned) {
            sb.append("; Partitioned");
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CookieSpec c)) {
            return false;
        }
        return name.equals(c.name) && path.equals(c.path) && Objects.equals(domain, c.domain)
                && secure == c.secure && httpOnly == c.httpOnly && sameSite.equals(c.sameSite)
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
}
