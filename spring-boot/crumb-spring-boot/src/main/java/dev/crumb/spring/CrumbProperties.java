package dev.crumb.spring;

import dev.crumb.CookieSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code crumb.*} properties. Durations take Spring Boot's format ({@code 30m}, {@code 12h},
 * {@code 90s}) or ISO-8601. Unset values keep the defaults of {@link dev.crumb.CookieSessions.Builder}
 * and {@link CookieSpec}.
 */
@ConfigurationProperties(prefix = "crumb")
public class CrumbProperties {

    /** Whether Crumb keeps the application's sessions in cookies. */
    private boolean enabled = true;

    private final Keys keys = new Keys();
    private final Cookie cookie = new Cookie();
    private final Timeouts timeouts = new Timeouts();
    private final Chunking chunking = new Chunking();
    private final Security security = new Security();

    /**
     * The application types whose values come back from the session as the same Java type:
     * package prefixes ending in a dot ({@code com.shop.}) and fully qualified class names.
     * Values of other application types are stored as plain JSON, or refused when this is set.
     */
    private List<String> storableTypes = new ArrayList<>();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Keys getKeys() {
        return keys;
    }

    public Cookie getCookie() {
        return cookie;
    }

    public Timeouts getTimeouts() {
        return timeouts;
    }

    public Chunking getChunking() {
        return chunking;
    }

    public Security getSecurity() {
        return security;
    }

    public List<String> getStorableTypes() {
        return storableTypes;
    }

    public void setStorableTypes(List<String> storableTypes) {
        this.storableTypes = storableTypes;
    }

    /** Where the session keys come from; exactly one source must be set. */
    public static class Keys {

        /** Name of an environment variable holding the JWK Set of the session keys (e.g. CRUMB_KEYS). */
        private String environmentVariable;

        /** Path of a file holding the JWK Set of the session keys. */
        private Path file;

        /**
         * A random secret of at least 32 bytes (its UTF-8 bytes are used) from which the keys are
         * derived with HKDF; every node given the same secret shares the keys.
         */
        private String masterSecret;

        /**
         * With master-secret: derive a new key every period (at least the idle timeout), so the
         * keys rotate with no coordination. Unset: one fixed derived key.
         */
        private Duration rotationPeriod;

        /**
         * DEVELOPMENT ONLY: seal with a random key made at startup, so every restart logs all
         * users out and the nodes of a cluster cannot read each other's cookies. Logged as a
         * warning on every start.
         */
        private boolean insecureGenerateThrowawayKey;

        public String getEnvironmentVariable() {
            return environmentVariable;
        }

        public void setEnvironmentVariable(String environmentVariable) {
            this.environmentVariable = environmentVariable;
        }

        public Path getFile() {
            return file;
        }

        public void setFile(Path file) {
            this.file = file;
        }

        public String getMasterSecret() {
            return masterSecret;
        }

        public void setMasterSecret(String masterSecret) {
            this.masterSecret = masterSecret;
        }

        public Duration getRotationPeriod() {
            return rotationPeriod;
        }

        public void setRotationPeriod(Duration rotationPeriod) {
            this.rotationPeriod = rotationPeriod;
        }

        public boolean isInsecureGenerateThrowawayKey() {
            return insecureGenerateThrowawayKey;
        }

        public void setInsecureGenerateThrowawayKey(boolean insecureGenerateThrowawayKey) {
            this.insecureGenerateThrowawayKey = insecureGenerateThrowawayKey;
        }
    }

    /** The session cookie. */
    public static class Cookie {

        /** The cookie's name; a __Host- name requires Secure, Path=/ and no Domain. */
        private String name = "__Host-session";

        /** The Path attribute. */
        private String path = "/";

        /** The Domain attribute; none by default (the cookie goes to this host only). */
        private String domain;

        /** The SameSite attribute. */
        private String sameSite = "Lax";

        /** Whether the cookie is hidden from JavaScript. */
        private boolean httpOnly = true;

        /** Whether the cookie is Partitioned (CHIPS); requires Secure. */
        private boolean partitioned;

        /** Whether the cookie outlives the browser session (Max-Age follows the session's expiry). */
        private boolean persistent;

        /** Largest Set-Cookie value per cookie in bytes, 1024 to 4096. */
        private int maxBytes = 4096;

        /**
         * DEVELOPMENT ONLY: drop the Secure attribute so the cookie works over plain HTTP. Needs a
         * cookie name without the __Host- or __Secure- prefix.
         */
        private boolean insecureAllowPlainHttp;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getPath() {
            return path;
        }

        public void setPath(String path) {
            this.path = path;
        }

        public String getDomain() {
            return domain;
        }

        public void setDomain(String domain) {
            this.domain = domain;
        }

        public String getSameSite() {
            return sameSite;
        }

        public void setSameSite(String sameSite) {
            this.sameSite = sameSite;
        }

        public boolean isHttpOnly() {
            return httpOnly;
        }

        public void setHttpOnly(boolean httpOnly) {
            this.httpOnly = httpOnly;
        }

        public boolean isPartitioned() {
            return partitioned;
        }

        public void setPartitioned(boolean partitioned) {
            this.partitioned = partitioned;
        }

        public boolean isPersistent() {
            return persistent;
        }

        public void setPersistent(boolean persistent) {
            this.persistent = persistent;
        }

        public int getMaxBytes() {
            return maxBytes;
        }

        public void setMaxBytes(int maxBytes) {
            this.maxBytes = maxBytes;
        }

        public boolean isInsecureAllowPlainHttp() {
            return insecureAllowPlainHttp;
        }

        public void setInsecureAllowPlainHttp(boolean insecureAllowPlainHttp) {
            this.insecureAllowPlainHttp = insecureAllowPlainHttp;
        }
    }

    /** How long sessions live. */
    public static class Timeouts {

        /** A session unused this long expires (sliding). */
        private Duration idle = Duration.ofMinutes(30);

        /** No session outlives its creation by more than this, however active. */
        private Duration absolute = Duration.ofHours(12);

        /** An unchanged session's cookie is re-issued at most this often; default min(5m, idle/2). */
        private Duration renewAfter;

        /** Tolerated clock difference between nodes, 0 to 5 minutes. */
        private Duration clockSkew = Duration.ofSeconds(30);

        public Duration getIdle() {
            return idle;
        }

        public void setIdle(Duration idle) {
            this.idle = idle;
        }

        public Duration getAbsolute() {
            return absolute;
        }

        public void setAbsolute(Duration absolute) {
            this.absolute = absolute;
        }

        public Duration getRenewAfter() {
            return renewAfter;
        }

        public void setRenewAfter(Duration renewAfter) {
            this.renewAfter = renewAfter;
        }

        public Duration getClockSkew() {
            return clockSkew;
        }

        public void setClockSkew(Duration clockSkew) {
            this.clockSkew = clockSkew;
        }
    }

    /** Splitting a session too large for one cookie. */
    public static class Chunking {

        /** Split a large session into up to this many cookies (2 to 16); 1 means never split. */
        private int maxChunks = 1;

        public int getMaxChunks() {
            return maxChunks;
        }

        public void setMaxChunks(int maxChunks) {
            this.maxChunks = maxChunks;
        }
    }

    /** Spring Security support. */
    public static class Security {

        /**
         * Whether every SecurityFilterChain keeps its security context, CSRF token and saved
         * request compactly in the Crumb session.
         */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }
}
