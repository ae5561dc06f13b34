package dev.crumb.servlet;

import dev.crumb.CookieSessions;
import dev.crumb.CookieSpec;
import dev.crumb.KeyRing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds {@link CookieSessions} from a filter's init parameters (see {@link CookieSessionFilter}
 * for the list). Every problem is an {@link IllegalArgumentException} whose message names the
 * parameter and the fix. Blank values count as unset.
 */
final class FilterSettings {

    static final String KEYS_ENVIRONMENT_VARIABLE = "keysEnvironmentVariable";
    static final String KEYS_FILE = "keysFile";
    static final String COOKIE_NAME = "cookieName";
    static final String COOKIE_PATH = "cookiePath";
    static final String COOKIE_DOMAIN = "cookieDomain";
    static final String COOKIE_SAME_SITE = "cookieSameSite";
    static final String COOKIE_HTTP_ONLY = "cookieHttpOnly";
    static final String COOKIE_PARTITIONED = "cookiePartitioned";
    static final String COOKIE_PERSISTENT = "cookiePersistent";
    static final String INSECURE_ALLOW_PLAIN_HTTP = "insecureAllowPlainHttp";
    static final String IDLE_TIMEOUT = "idleTimeout";
    static final String ABSOLUTE_TIMEOUT = "absoluteTimeout";
    static final String RENEW_AFTER = "renewAfter";
    static final String CLOCK_SKEW = "clockSkew";
    static final String MAX_COOKIE_BYTES = "maxCookieBytes";
    static final String CHUNKING = "chunking";
    static final String AUDIENCE = "audience";
    static final String STORABLE_TYPES = "storableTypes";

    static final List<String> NAMES = List.of(KEYS_ENVIRONMENT_VARIABLE, KEYS_FILE, COOKIE_NAME, COOKIE_PATH,
            COOKIE_DOMAIN, COOKIE_SAME_SITE, COOKIE_HTTP_ONLY, COOKIE_PARTITIONED, COOKIE_PERSISTENT,
            INSECURE_ALLOW_PLAIN_HTTP, IDLE_TIMEOUT, ABSOLUTE_TIMEOUT, RENEW_AFTER, CLOCK_SKEW, MAX_COOKIE_BYTES,
            CHUNKING, AUDIENCE, STORABLE_TYPES);

    static final String DEFAULT_COOKIE_NAME = "__Host-session";

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})\\s*([smhd])");

    private final Map<String, String> parameters;
    private final Function<String, String> environment;
    private final String contextPath;

    private FilterSettings(Map<String, String> parameters, Function<String, String> environment, String contextPath) {
        this.parameters = parameters;
        this.environment = environment;
        this.contextPath = contextPath;
    }

    /**
     * The sessions the parameters describe.
     *
     * @param parameters init parameter names to values
     * @param environment reads an environment variable (null when unset)
     * @param contextPath the servlet context path ({@code ""} for the root), the default audience
     * @throws IllegalArgumentException naming the parameter at fault and the fix
     */
    static CookieSessions cookieSessions(Map<String, String> parameters, Function<String, String> environment,
            String contextPath) {
        return new FilterSettings(parameters, environment, contextPath).build();
    }

    /**
     * The audience a filter binds its tokens to: the {@code audience} parameter, else the
     * context path ({@code /} for the root context), so that two webapps on one host never
     * open each other's sessions unless they are given the same audience.
     */
    static String audience(String parameter, String contextPath) {
        if (parameter != null && !parameter.isBlank()) {
            return parameter.strip();
        }
        return contextPath == null || contextPath.isEmpty() ? "/" : contextPath;
    }

    private CookieSessions build() {
        for (String name : parameters.keySet()) {
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown init parameter '" + name + "'" + suggestion(name)
                        + "; the parameters are " + String.join(", ", NAMES));
            }
        }
        CookieSessions.Builder builder = CookieSessions.builder().keys(keys()).cookie(cookie());
        set(IDLE_TIMEOUT, FilterSettings::duration, builder::idleTimeout);
        set(ABSOLUTE_TIMEOUT, FilterSettings::duration, builder::absoluteTimeout);
        set(RENEW_AFTER, FilterSettings::duration, builder::renewAfter);
        set(CLOCK_SKEW, FilterSettings::duration, builder::clockSkew);
        set(MAX_COOKIE_BYTES, FilterSettings::integer, builder::maxCookieBytes);
        set(CHUNKING, FilterSettings::integer, builder::chunking);
        set(STORABLE_TYPES, FilterSettings::storableTypes, builder::storableTypes);
        try {
            builder.audience(audience(value(AUDIENCE), contextPath));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("init parameter " + AUDIENCE + ": " + e.getMessage(), e);
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalArgumentException("init parameters: " + e.getMessage(), e);
        }
    }

    private KeyRing keys() {
        String variable = value(KEYS_ENVIRONMENT_VARIABLE);
        String file = value(KEYS_FILE);
        if (variable != null && file != null) {
            throw new IllegalArgumentException("init parameters " + KEYS_ENVIRONMENT_VARIABLE + " and " + KEYS_FILE
                    + " are both set; keep only one");
        }
        if (variable != null) {
            String json = environment.apply(variable);
            if (json == null || json.isBlank()) {
                throw new IllegalArgumentException("init parameter " + KEYS_ENVIRONMENT_VARIABLE
                        + ": environment variable " + variable + " is not set; set it to a JWK Set of the "
                        + "session keys (KeyRing.generate().toJwkSet(Instant.now()) makes one)");
            }
            return jwkSet(KEYS_ENVIRONMENT_VARIABLE, "environment variable " + variable, json);
        }
        if (file != null) {
            String json;
            try {
                json = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            } catch (IOException | InvalidPathException e) {
                throw new IllegalArgumentException("init parameter " + KEYS_FILE + ": cannot read " + file + " ("
                        + e.getClass().getSimpleName() + "); point it at a readable file holding a JWK Set of "
                        + "the session keys", e);
            }
            return jwkSet(KEYS_FILE, "file " + file, json);
        }
        throw new IllegalArgumentException("no session keys: set init parameter " + KEYS_ENVIRONMENT_VARIABLE
                + " to the name of an environment variable holding a JWK Set, or " + KEYS_FILE
                + " to the path of a file holding one (KeyRing.generate().toJwkSet(Instant.now()) makes one)");
    }

    private static KeyRing jwkSet(String parameter, String source, String json) {
        try {
            return KeyRing.fromJwkSet(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("init parameter " + parameter + ": " + source + ": " + e.getMessage(), e);
        }
    }

    private CookieSpec cookie() {
        String name = value(COOKIE_NAME);
        CookieSpec named;
        try {
            named = CookieSpec.named(name == null ? DEFAULT_COOKIE_NAME : name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("init parameter " + COOKIE_NAME + ": " + e.getMessage(), e);
        }
        CookieSpec[] cookie = {named};
        set(COOKIE_PATH, Function.identity(), path -> cookie[0] = cookie[0].withPath(path));
        set(COOKIE_DOMAIN, Function.identity(), domain -> cookie[0] = cookie[0].withDomain(domain));
        set(COOKIE_SAME_SITE, Function.identity(), sameSite -> cookie[0] = cookie[0].withSameSite(sameSite));
        set(COOKIE_HTTP_ONLY, FilterSettings::bool, httpOnly -> cookie[0] = cookie[0].withHttpOnly(httpOnly));
        set(COOKIE_PARTITIONED, FilterSettings::bool, partitioned -> cookie[0] = cookie[0].withPartitioned(partitioned));
        set(COOKIE_PERSISTENT, FilterSettings::bool, persistent -> cookie[0] = cookie[0].withPersistent(persistent));
        set(INSECURE_ALLOW_PLAIN_HTTP, FilterSettings::bool, insecure -> {
            if (insecure) {
                cookie[0] = cookie[0].insecureAllowPlainHttp();
            }
        });
        return cookie[0];
    }

    /** Parses and applies one parameter if set, naming it in any error. */
    private <T> void set(String name, Function<String, T> parse, Consumer<T> apply) {
        String value = value(name);
        if (value == null) {
            return;
        }
        try {
            apply.accept(parse.apply(value));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("init parameter " + name + ": " + e.getMessage(), e);
        }
    }

    private String value(String name) {
        String value = parameters.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** ISO-8601 ({@code PT30M}) or a whole number with a unit: {@code 90s}, {@code 30m}, {@code 12h}, {@code 7d}. */
    static Duration duration(String value) {
        Matcher m = SHORT_DURATION.matcher(value);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + value + "' is not a duration; write a number with a unit "
                    + "(90s, 30m, 12h, 7d) or an ISO-8601 duration (PT30M)", e);
        }
    }

    /**
     * Package prefixes ending in a dot and class names, separated by commas or white space, the
     * classes loaded (not initialised) by the webapp's class loader.
     */
    static Object[] storableTypes(String value) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = FilterSettings.class.getClassLoader();
        }
        List<Object> types = new ArrayList<>();
        for (String name : value.split("[,\\s]+")) {
            if (name.isEmpty()) {
                continue;
            }
            if (name.endsWith(".")) {
                types.add(name);
                continue;
            }
            try {
                types.add(Class.forName(name, false, loader));
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalArgumentException("class " + name + " cannot be loaded by the webapp ("
                        + e.getClass().getSimpleName() + "); write a class name the webapp has, or a package "
                        + "prefix ending in a dot such as com.shop.", e);
            }
        }
        return types.toArray();
    }

    static boolean bool(String value) {
        if ("true".equalsIgnoreCase(value)) {
            return true;
        }
        if ("false".equalsIgnoreCase(value)) {
            return false;
        }
        throw new IllegalArgumentException("'" + value + "' is not a boolean; write true or false");
    }

    static int integer(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a whole number", e);
        }
    }

    private static String suggestion(String name) {
        String folded = name.replace("-", "").replace("_", "").replace(".", "").toLowerCase(Locale.ROOT);
        for (String known : NAMES) {
            if (known.toLowerCase(Locale.ROOT).equals(folded)) {
                return " (did you mean " + known + "?)";
            }
        }
        return "";
    }
}
