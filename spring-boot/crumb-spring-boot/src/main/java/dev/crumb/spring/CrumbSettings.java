package dev.crumb.spring;

import dev.crumb.CookieSessions;
import dev.crumb.CookieSpec;
import dev.crumb.KeyRing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Turns {@link CrumbProperties} into a {@link CookieSessions.Builder}. Every value core refuses
 * becomes an {@link IllegalArgumentException} naming the {@code crumb.*} property, so a bad value
 * fails startup with the key to fix rather than a builder method name.
 */
final class CrumbSettings {

    private static final System.Logger LOG = System.getLogger(CrumbSettings.class.getName());

    private CrumbSettings() {}

    /**
     * A builder configured from the properties; the caller adds listeners and customizers.
     *
     * @param environment reads an environment variable (null when unset)
     * @throws CrumbKeysMissingException if no key source is configured
     * @throws IllegalArgumentException naming the property at fault
     */
    static CookieSessions.Builder builder(CrumbProperties properties, Function<String, String> environment) {
        CookieSessions.Builder builder = CookieSessions.builder()
                .keys(keys(properties.getKeys(), environment))
                .cookie(cookie(properties.getCookie()));
        CrumbProperties.Timeouts timeouts = properties.getTimeouts();
        set("crumb.timeouts.idle", timeouts.getIdle(), builder::idleTimeout);
        set("crumb.timeouts.absolute", timeouts.getAbsolute(), builder::absoluteTimeout);
        set("crumb.timeouts.renew-after", timeouts.getRenewAfter(), builder::renewAfter);
        set("crumb.timeouts.clock-skew", timeouts.getClockSkew(), builder::clockSkew);
        set("crumb.cookie.max-bytes", properties.getCookie().getMaxBytes(), builder::maxCookieBytes);
        if (properties.getChunking().getMaxChunks() != 1) {
            set("crumb.chunking.max-chunks", properties.getChunking().getMaxChunks(), builder::chunking);
        }
        if (!properties.getStorableTypes().isEmpty()) {
            set("crumb.storable-types", storableTypes(properties.getStorableTypes()), builder::storableTypes);
        }
        return builder;
    }

    /** Package prefixes as they are, class names as their classes, from the application's loader. */
    private static Object[] storableTypes(List<String> entries) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Object[] types = new Object[entries.size()];
        for (int i = 0; i < types.length; i++) {
            String entry = entries.get(i).strip();
            if (entry.endsWith(".")) {
                types[i] = entry;
                continue;
            }
            try {
                types[i] = Class.forName(entry, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalArgumentException("crumb.storable-types: no class " + entry
                        + " on the class path; name a class by its full name, or a package prefix ending in a dot", e);
            }
        }
        return types;
    }

    /** Builds, naming the properties involved when their combination is refused. */
    static CookieSessions build(CookieSessions.Builder builder) {
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            // Core names its builder methods; the user set properties.
            String message = e.getMessage()
                    .replace("absoluteTimeout", "crumb.timeouts.absolute")
                    .replace("idleTimeout", "crumb.timeouts.idle")
                    .replace("renewAfter", "crumb.timeouts.renew-after")
                    .replace("the key ring rotates", "crumb.keys.rotation-period: the key ring rotates");
            throw new IllegalArgumentException(message, e);
        }
    }

    private static KeyRing keys(CrumbProperties.Keys keys, Function<String, String> environment) {
        int sources = (keys.getEnvironmentVariable() != null ? 1 : 0) + (keys.getFile() != null ? 1 : 0)
                + (keys.getMasterSecret() != null ? 1 : 0) + (keys.isInsecureGenerateThrowawayKey() ? 1 : 0);
        if (sources == 0) {
            throw new CrumbKeysMissingException();
        }
        if (sources > 1) {
            throw new IllegalArgumentException("crumb.keys: more than one of environment-variable, file, master-secret "
                    + "and insecure-generate-throwaway-key is set; keep exactly one");
        }
        if (keys.getRotationPeriod() != null && keys.getMasterSecret() == null) {
            throw new IllegalArgumentException("crumb.keys.rotation-period applies only to crumb.keys.master-secret; "
                    + "remove it, or derive the keys from a master secret");
        }
        if (keys.getEnvironmentVariable() != null) {
            String variable = keys.getEnvironmentVariable();
            String json = environment.apply(variable);
            if (json == null || json.isBlank()) {
                throw new IllegalArgumentException("crumb.keys.environment-variable: environment variable " + variable
                        + " is not set; set it to a JWK Set of the session keys (" + CrumbKeysMissingException.KEYGEN
                        + " makes one)");
            }
            return jwkSet("crumb.keys.environment-variable", "environment variable " + variable, json);
        }
        if (keys.getFile() != null) {
            String json;
            try {
                json = Files.readString(keys.getFile(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("crumb.keys.file: cannot read " + keys.getFile() + " ("
                        + e.getClass().getSimpleName() + "); point it at a readable JWK Set ("
                        + CrumbKeysMissingException.KEYGEN + " makes one)", e);
            }
            return jwkSet("crumb.keys.file", "file " + keys.getFile(), json);
        }
        if (keys.getMasterSecret() != null) {
            byte[] secret = keys.getMasterSecret().getBytes(StandardCharsets.UTF_8);
            try {
                return keys.getRotationPeriod() == null ? KeyRing.derive(secret)
                        : KeyRing.rotating(secret, keys.getRotationPeriod());
            } catch (IllegalArgumentException e) {
                // Core's message names lengths and periods, never the secret.
                throw new IllegalArgumentException("crumb.keys.master-secret: " + e.getMessage(), e);
            }
        }
        LOG.log(System.Logger.Level.WARNING, "crumb.keys.insecure-generate-throwaway-key is set: sessions are sealed "
                + "with a random key made at this start, so a restart logs every user out and other nodes cannot "
                + "read these cookies. For development only; configure crumb.keys.environment-variable or "
                + "crumb.keys.file for anything else");
        return KeyRing.generate();
    }

    private static KeyRing jwkSet(String property, String source, String json) {
        try {
            return KeyRing.fromJwkSet(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + ": " + source + ": " + e.getMessage(), e);
        }
    }

    private static CookieSpec cookie(CrumbProperties.Cookie cookie) {
        CookieSpec[] spec = new CookieSpec[1];
        set("crumb.cookie.name", cookie.getName(), name -> spec[0] = CookieSpec.named(name));
        set("crumb.cookie.path", cookie.getPath(), path -> spec[0] = spec[0].withPath(path));
        set("crumb.cookie.domain", cookie.getDomain(), domain -> spec[0] = spec[0].withDomain(domain));
        set("crumb.cookie.same-site", cookie.getSameSite(), sameSite -> spec[0] = spec[0].withSameSite(sameSite));
        set("crumb.cookie.http-only", cookie.isHttpOnly(), httpOnly -> spec[0] = spec[0].withHttpOnly(httpOnly));
        set("crumb.cookie.partitioned", cookie.isPartitioned(), p -> spec[0] = spec[0].withPartitioned(p));
        set("crumb.cookie.persistent", cookie.isPersistent(), p -> spec[0] = spec[0].withPersistent(p));
        if (cookie.isInsecureAllowPlainHttp()) {
            LOG.log(System.Logger.Level.WARNING, "crumb.cookie.insecure-allow-plain-http is set: the session cookie "
                    + "is sent over plain HTTP, where anyone on the network can copy it. For local development only");
            set("crumb.cookie.insecure-allow-plain-http", true, insecure -> spec[0] = spec[0].insecureAllowPlainHttp());
        }
        return spec[0];
    }

    /** Gives a set value to the setter, naming the property when the setter refuses it. */
    static <T> void set(String property, T value, Consumer<T> setter) {
        if (value == null) {
            return;
        }
        try {
            setter.accept(value);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalArgumentException(property + ": " + e.getMessage(), e);
        }
    }
}
