package dev.crumb;

import dev.crumb.internal.AttributeTypes;
import dev.crumb.internal.Json;
import dev.crumb.internal.JsonAttributes;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Cookie sessions for one application: load a {@link Session} from a request's Cookie header,
 * commit it to Set-Cookie header values. Framework-neutral: the servlet and Netty adapters only
 * move header strings in and out of this class.
 *
 * <pre>{@code
 * CookieSessions sessions = CookieSessions.builder()
 *     .keys(KeyRing.fromEnvironment("CRUMB_KEYS"))
 *     .cookie(CookieSpec.named("__Host-session"))
 *     .idleTimeout(Duration.ofMinutes(30))
 *     .absoluteTimeout(Duration.ofHours(12))
 *     .build();
 *
 * Session session = sessions.load(request.header("Cookie"));
 * session.put("cart", cart);
 * for (String setCookie : sessions.commit(session)) response.addHeader("Set-Cookie", setCookie);
 * }</pre>
 *
 * <p>Expiry: {@code exp = min(iat + idleTimeout, auth_time + absoluteTimeout)}. Commit writes a
 * cookie when the session changed, when it was sealed with a non-primary key, or when
 * {@code renewAfter} has passed since it was issued; otherwise nothing. Immutable and thread-safe:
 * build one per application.
 */
public final class CookieSessions {

    private static final System.Logger LOG = System.getLogger(CookieSessions.class.getName());

    /** Largest Set-Cookie header value written per cookie, in bytes, as RFC 6265 section 6.1 lets browsers cap it. */
    public static final int DEFAULT_MAX_COOKIE_BYTES = 4096;

    private static final char CHUNK_COUNT_SEPARATOR = '~';

    /** Longest idle or absolute timeout accepted: the cookie lifetime cap of RFC 6265bis. */
    static final Duration MAX_TIMEOUT = Duration.ofDays(400);

    /** Largest clock skew accepted. */
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    private final KeyRing keys;
    private final CookieSpec cookie;
    private final Lifetime lifetime;
    private final Duration renewAfter;
    private final Duration clockSkew;
    private final RevocationCheck revocation;
    private final int maxCookieBytes;
    private final int maxChunks;
    private final SessionListener listener;
    private final SessionCodec codec;
    private final AttributeTypes storableTypes;

    private CookieSessions(Builder b) {
        this.keys = b.keys;
        this.cookie = b.cookie;
        this.lifetime = new Lifetime(b.clock, b.idleTimeout, b.absoluteTimeout);
        this.renewAfter = b.renewAfter != null ? b.renewAfter
                : min(Duration.ofMinutes(5), b.idleTimeout.dividedBy(2));
        this.clockSkew = b.clockSkew;
        this.revocation = b.revocation;
        this.maxCookieBytes = b.maxCookieBytes;
        this.maxChunks = b.maxChunks;
        this.storableTypes = AttributeTypes.of(b.storablePrefixes, b.storableClasses);
        this.listener = b.listener;
        int maxTokenLength = b.maxTokenLength > 0 ? b.maxTokenLength : b.maxChunks * b.maxCookieBytes;
        this.codec = new SessionCodec(b.keys, b.cookie.name(), b.audience, b.clock, b.clockSkew, maxTokenLength,
                b.compression);
    }

    /** A builder; {@link Builder#keys} is required, everything else has a safe default. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Loads the session from the request's Cookie header value, or values (null when the request
     * has none; null values are skipped).
     *
     * <p>The first value is a parameter of its own so that {@code load(null)} compiles without a
     * cast: it picks {@link #load(List)}, which takes null as no header.
     */
    public Session load(String cookieHeader, String... moreCookieHeaders) {
        if (moreCookieHeaders == null || moreCookieHeaders.length == 0) {
            return load(cookieHeader == null ? List.<String>of() : List.of(cookieHeader));
        }
        List<String> all = new ArrayList<>(moreCookieHeaders.length + 1);
        all.add(cookieHeader);
        all.addAll(Arrays.asList(moreCookieHeaders));
        return load(all);
    }

    /**
     * Loads the session from all the request's Cookie header values (HTTP/2 may split them).
     * Never throws on what the client sent: a missing, malformed, tampered, expired, revoked or
     * duplicated cookie gives a new empty session whose {@link Session#rejectReason()} says why.
     *
     * @param cookieHeaders the header values; null or empty when the request has none
     */
    public Session load(List<String> cookieHeaders) {
        Session session = loadOnce(cookieHeaders);
        try {
            RejectReason rejected = session.rejectReason().orElse(null);
            if (rejected != null) {
                listener.rejected(rejected);
            } else if (session.isNew()) {
                listener.absent();
            } else {
                listener.opened();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "session listener failed on load; the request goes on", e);
        }
        return session;
    }

    private Session loadOnce(List<String> cookieHeaders) {
        if (cookieHeaders == null) {
            cookieHeaders = List.of();
        }
        // One reading for the whole load: the codec's checks and the timeouts below agree on it.
        Instant now = lifetime.now();
        List<CookieHeader.Found> found = CookieHeader.find(cookieHeaders, cookie.name());
        if (found == null) {
            return rejected(RejectReason.TOO_LARGE, Set.of(), now);
        }
        if (found.isEmpty()) {
            return newSession(null, Set.of(), now);
        }
        Set<String> present;
        if (found.size() == 1) {
            present = Set.of(cookieName(found.get(0)));
        } else {
            present = new LinkedHashSet<>();
            for (CookieHeader.Found f : found) {
                present.add(cookieName(f));
            }
            present = Collections.unmodifiableSet(present);
            if (present.size() != found.size()) {
                // The same name twice: a cookie injected for a parent domain or path, or a confused client.
                return rejected(RejectReason.AMBIGUOUS, present, now);
            }
        }
        CookieHeader.Found whole = null;
        for (CookieHeader.Found f : found) {
            if (f.index() < 0) {
                whole = f;
            }
        }
        OpenResult result;
        if (whole != null) {
            // Opened where it lies in the header, without a string of its own.
            result = codec.open(whole.header(), whole.start(), whole.end(), now);
        } else {
            String token = reassemble(found);
            if (token == null) {
                return rejected(RejectReason.MALFORMED, present, now);
            }
            result = codec.open(token, 0, token.length(), now);
        }
        if (!result.isValid()) {
            return rejected(result.reason().orElseThrow(), present, now);
        }
        SessionData data = result.data().orElseThrow();
        // The codec checked exp; these catch tokens issued under longer timeouts than today's.
        if (!now.isBefore(data.createdAt().plus(lifetime.absoluteTimeout()).plus(clockSkew))
                || !now.isBefore(data.issuedAt().plus(lifetime.idleTimeout()).plus(clockSkew))) {
            return rejected(RejectReason.EXPIRED, present, now);
        }
        if (revocation != null && isRevoked(data)) {
            return rejected(RejectReason.REVOKED, present, now);
        }
        return new Session(lifetime, storableTypes, data, null, result.needsReseal(), present, now);
    }

    /** The name of the cookie a value was found in: ours, or one of its chunks. */
    private String cookieName(CookieHeader.Found f) {
        return f.index() < 0 ? cookie.name() : chunkName(f.index());
    }

    private Session newSession(RejectReason rejected, Set<String> present, Instant now) {
        return new Session(lifetime, storableTypes, null, rejected, false, present, now);
    }

    /**
     * A new empty session to use in place of {@code invalidated} for the rest of the request (an
     * application that logs out and starts afresh in one request). Commit only the new one: it
     * writes its own cookie, or none if it stays empty, and deletes whatever cookies of ours the
     * request carried that it does not overwrite.
     *
     * @throws IllegalArgumentException if the session is not invalidated, or another instance loaded it
     */
    public Session replace(Session invalidated) {
        checkOwner(invalidated);
        if (!invalidated.isInvalidated()) {
            throw new IllegalArgumentException("session " + invalidated.id() + " is not invalidated; "
                    + "call invalidate() before replacing it");
        }
        invalidated.freeze();
        return newSession(null, invalidated.presentCookies(), lifetime.now());
    }

    /**
     * The Set-Cookie header values that save the session: none when nothing needs writing, one
     * (or one per chunk) when it changed, needs a new key or is due for renewal, and deletions
     * after {@link Session#invalidate()} or for a rejected cookie. The session is frozen
     * afterwards; a second commit returns an empty list.
     *
     * @throws SessionException if the session does not fit in the cookie (or chunks)
     */
    public List<String> commit(Session session) {
        checkOwner(session);
        if (session.isFrozen()) {
            return List.of();
        }
        try {
            Plan plan = plan(session);
            List<String> headers = switch (plan.action) {
                case NOTHING -> List.of();
                case DELETE -> deletions(session.presentCookies());
                case SEAL -> seal(session, plan);
            };
            // Frozen only once the headers exist: a failed commit can be fixed and retried.
            session.freeze();
            return headers;
        } catch (IllegalArgumentException e) {
            // A value changed after put() so that it no longer serializes.
            throw commitFailed(new SessionException("session " + session.id() + " cannot be saved: "
                    + e.getMessage(), e));
        } catch (SessionException e) {
            throw commitFailed(e);
        }
    }

    private SessionException commitFailed(SessionException failure) {
        try {
            listener.commitFailed(failure);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
        return failure;
    }

    /**
     * Whether {@link #commit} would write any Set-Cookie header for the session now: it changed,
     * is due for renewal or a new key, or has cookies to delete. Decided without sealing; an
     * adapter whose response went out asks it to tell whether a change was lost.
     *
     * @throws SessionException if a value changed after it was put so that it no longer serializes
     */
    public boolean needsWrite(Session session) {
        checkOwner(session);
        if (session.isFrozen()) {
            return false;
        }
        try {
            Plan plan = plan(session);
            return plan.action == Action.SEAL || plan.action == Action.DELETE && !session.presentCookies().isEmpty();
        } catch (IllegalArgumentException e) {
            throw new SessionException("session " + session.id() + " cannot be saved: " + e.getMessage(), e);
        }
    }

    private void checkOwner(Session session) {
        // Each instance makes its own Lifetime and hands it to the sessions it loads.
        if (session.lifetime() != lifetime) {
            throw new IllegalArgumentException("this session was loaded by another CookieSessions instance");
        }
    }

    private enum Action { NOTHING, DELETE, SEAL }

    /** What a commit does now: nothing, delete our cookies, or seal these attributes until {@code exp}. */
    private record Plan(Action action, JsonAttributes attrs, Instant now, Instant exp,
                        SessionListener.ResealCause cause) {
        static final Plan NOTHING = new Plan(Action.NOTHING, null, null, null, null);
        static final Plan DELETE = new Plan(Action.DELETE, null, null, null, null);
    }

    private Plan plan(Session session) {
        Instant now = lifetime.now();
        if (session.isInvalidated()) {
            return Plan.DELETE;
        }
        SessionData loaded = session.loaded();
        JsonAttributes attrs;
        boolean changed = session.changedIdentity();
        if (session.onlyReadUnchanged()) {
            // What was handed out still reads as loaded: the same attributes, not rebuilt.
            attrs = loaded.attributes();
        } else if (session.attributesTouched()) {
            attrs = session.currentAttributes();
            changed |= loaded == null || !attrs.sameBytes(loaded.attributes());
        } else {
            attrs = loaded == null ? JsonAttributes.EMPTY : loaded.attributes();
        }
        if (loaded == null && attrs.isEmpty() && session.subjectValue() == null) {
            // Nothing worth a cookie; clear a rejected one so the browser stops sending it.
            return Plan.DELETE;
        }
        if (loaded != null && !changed && !session.needsReseal()
                && now.isBefore(loaded.issuedAt().plus(renewAfter))) {
            return Plan.NOTHING;
        }
        if (loaded != null && !session.attributesTouched()) {
            // Re-issued untouched: checked first, so that Crumb never seals attributes it cannot read.
            attrs = session.storedAttributes();
        }
        Instant exp = lifetime.expiry(session.createdAt(), now);
        if (!exp.isAfter(Instant.ofEpochSecond(now.getEpochSecond()))) {
            // The absolute timeout has run out: the session ends here.
            return Plan.DELETE;
        }
        SessionListener.ResealCause cause = changed ? SessionListener.ResealCause.CHANGED
                : session.needsReseal() ? SessionListener.ResealCause.OLDER_KEY : SessionListener.ResealCause.RENEWAL;
        return new Plan(Action.SEAL, attrs, now, exp, cause);
    }

    private List<String> seal(Session session, Plan plan) {
        Instant iat = Instant.ofEpochSecond(plan.now.getEpochSecond());
        SessionData data = new SessionData(session.id(), session.subjectValue(), session.createdAt(), iat, plan.exp,
                plan.attrs);
        String token = codec.seal(data);
        return write(token, plan.exp, plan.now, session.presentCookies(), plan.attrs, plan.cause);
    }

    /** Tells the listener what was sealed: the bytes of the Set-Cookie headers that carry the token. */
    private void sealed(SessionListener.ResealCause cause, int bytes) {
        try {
            listener.sealed(cause, bytes);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "session listener failed on commit; the cookie is written all the same", e);
        }
    }

    /** The codec this instance seals and opens with. */
    public SessionCodec codec() {
        return codec;
    }

    /** The cookie this instance writes. */
    public CookieSpec cookie() {
        return cookie;
    }

    /** The key ring. */
    public KeyRing keys() {
        return keys;
    }

    /** The idle timeout: a session unused this long expires. */
    public Duration idleTimeout() {
        return lifetime.idleTimeout();
    }

    /** The absolute timeout: no session outlives its creation by more. */
    public Duration absoluteTimeout() {
        return lifetime.absoluteTimeout();
    }

    /** How long an unchanged session goes before its cookie is re-issued. */
    public Duration renewAfter() {
        return renewAfter;
    }

    /** The clock sessions are timed by. */
    public Clock clock() {
        return lifetime.clock();
    }

    @Override
    public String toString() {
        return "CookieSessions[" + cookie + ", keys=" + keys + ", idle=" + lifetime.idleTimeout()
                + ", absolute=" + lifetime.absoluteTimeout() + ", renewAfter=" + renewAfter + "]";
    }

    // ---- cookies ----

    private List<String> write(String token, Instant exp, Instant now, Set<String> present, JsonAttributes attrs,
                               SessionListener.ResealCause cause) {
        String single = cookie.format(cookie.name(), token, exp, now);
        if (single.length() <= maxCookieBytes) {
            sealed(cause, single.length());
            List<String> out = new ArrayList<>(1);
            out.add(single);
            for (String name : present) {
                if (!name.equals(cookie.name())) {
                    out.add(cookie.formatDeletion(name));
                }
            }
            return out;
        }
        if (maxChunks <= 1) {
            throw SessionException.tooLarge(single.length(), maxCookieBytes, attrs.sizes());
        }
        // Chunk 0's value starts with the chunk count; the widest chunk name sets the budget.
        int overhead = cookie.format(chunkName(maxChunks - 1), "", exp, now).length() + 3;
        int budget = maxCookieBytes - overhead;
        int parts = (token.length() + budget - 1) / budget;
        if (parts > maxChunks) {
            throw SessionException.tooLarge(token.length() + parts * overhead, maxChunks * maxCookieBytes,
                    attrs.sizes());
        }
        List<String> out = new ArrayList<>(parts + 1);
        int bytes = 0;
        for (int i = 0; i < parts; i++) {
            String part = token.substring(i * budget, Math.min(token.length(), (i + 1) * budget));
            String value = i == 0 ? parts + String.valueOf(CHUNK_COUNT_SEPARATOR) + part : part;
            String header = cookie.format(chunkName(i), value, exp, now);
            bytes += header.length();
            out.add(header);
        }
        sealed(cause, bytes);
        for (String name : present) {
            if (name.equals(cookie.name()) || chunkIndex(name) >= parts) {
                out.add(cookie.formatDeletion(name));
            }
        }
        return out;
    }

    /** Joins chunks {@code name.0 .. name.(n-1)}; n is the prefix of chunk 0. Null if inconsistent. */
    private String reassemble(List<CookieHeader.Found> found) {
        String[] parts = new String[CookieHeader.MAX_CHUNKS];
        for (CookieHeader.Found f : found) {
            parts[f.index()] = f.value();
        }
        String first = parts[0];
        if (first == null) {
            return null;
        }
        int sep = first.indexOf(CHUNK_COUNT_SEPARATOR);
        if (sep < 1 || sep > 2) {
            return null;
        }
        int count;
        try {
            count = Integer.parseInt(first.substring(0, sep));
        } catch (NumberFormatException e) {
            return null;
        }
        if (count < 1 || count > Math.min(maxChunks, CookieHeader.MAX_CHUNKS)) {
            return null;
        }
        StringBuilder sb = new StringBuilder(count * maxCookieBytes);
        sb.append(first, sep + 1, first.length());
        for (int i = 1; i < count; i++) {
            if (parts[i] == null) {
                return null;
            }
            sb.append(parts[i]);
        }
        return sb.toString();
    }

    private List<String> deletions(Set<String> names) {
        if (names.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(names.size());
        for (String name : names) {
            out.add(cookie.formatDeletion(name));
        }
        return out;
    }

    private String chunkName(int index) {
        return cookie.name() + "." + index;
    }

    private int chunkIndex(String name) {
        return name.length() > cookie.name().length() + 1
                ? Integer.parseInt(name.substring(cookie.name().length() + 1)) : -1;
    }

    private Session rejected(RejectReason reason, Set<String> present, Instant now) {
        LOG.log(Level.DEBUG, "session cookie {0} rejected: {1}", cookie.name(), reason);
        return newSession(reason, present, now);
    }

    private boolean isRevoked(SessionData data) {
        try {
            return revocation.isRevoked(data);
        } catch (RuntimeException e) {
            // Fail closed: a broken check must not let a possibly revoked session through.
            LOG.log(Level.WARNING, "revocation check failed; treating session as revoked", e);
            return true;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Configures {@link CookieSessions}; each setting is checked when set, the combination at {@link #build()}. */
    public static final class Builder {
        private KeyRing keys;
        private CookieSpec cookie = CookieSpec.named("__Host-session");
        private Duration idleTimeout = Duration.ofMinutes(30);
        private Duration absoluteTimeout = Duration.ofHours(12);
        private Duration renewAfter;
        private Duration clockSkew = Duration.ofSeconds(30);
        private Clock clock = Clock.systemUTC();
        private RevocationCheck revocation;
        private int maxCookieBytes = DEFAULT_MAX_COOKIE_BYTES;
        private int maxChunks = 1;
        private boolean compression;
        private final List<String> storablePrefixes = new ArrayList<>();
        private final List<Class<?>> storableClasses = new ArrayList<>();
        private String audience;
        private SessionListener listener = new SessionListener() {};
        private int maxTokenLength;

        private Builder() {}

        /**
         * The application's own types that sessions store, so that each comes back in the next
         * request as the same type: package prefixes ending in a dot (such as {@code "com.shop."},
         * for every class in that package and below) and classes. Records, beans with a
         * constructor or setters Jackson can use, and enums qualify, as do lists, sets, maps and
         * arrays of them; JDK value types ({@code Long}, {@code UUID}, {@code java.time} values...)
         * and plain JSON values need no listing. Each call adds to the list.
         *
         * <pre>{@code
         * CookieSessions.builder().keys(keys).storableTypes("com.shop.", CsrfToken.class).build();
         * }</pre>
         *
         * <p>With a list, {@link Session#put} refuses a value of a type not on it; a type named in
         * a cookie that is not on it is never constructed (the attribute is dropped, with a
         * warning naming the type). Without a list, application objects are stored as plain JSON
         * and read back as maps, or with {@link Session#get(String, Class)}.
         *
         * @param packagePrefixesAndClasses each a {@code String} package prefix or a {@code Class}
         * @throws IllegalArgumentException for anything else, a prefix that does not end in a dot
         *     or names a JDK package, or a class that cannot be constructed (interface, anonymous)
         */
        public Builder storableTypes(Object... packagePrefixesAndClasses) {
            List<String> prefixes = new ArrayList<>();
            List<Class<?>> classes = new ArrayList<>();
            for (Object o : packagePrefixesAndClasses) {
                if (o instanceof String prefix) {
                    prefixes.add(prefix);
                } else if (o instanceof Class<?> c) {
                    classes.add(c);
                } else {
                    throw new IllegalArgumentException("storableTypes takes package prefixes (\"com.shop.\") and "
                            + "classes (CartItem.class), got " + (o == null ? "null" : o.getClass().getName()));
                }
            }
            AttributeTypes.of(prefixes, classes);
            storablePrefixes.addAll(prefixes);
            storableClasses.addAll(classes);
            return this;
        }

        /** The keys; required. See {@link KeyRing}. */
        public Builder keys(KeyRing keys) {
            this.keys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /** The cookie; {@code __Host-session} with the safe defaults of {@link CookieSpec} if not set. */
        public Builder cookie(CookieSpec cookie) {
            this.cookie = Objects.requireNonNull(cookie, "cookie");
            return this;
        }

        /** A session unused this long expires (sliding); 30 minutes by default. */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = positive("idleTimeout", idleTimeout);
            return this;
        }

        /** No session outlives its creation by more than this, however active; 12 hours by default. */
        public Builder absoluteTimeout(Duration absoluteTimeout) {
            this.absoluteTimeout = positive("absoluteTimeout", absoluteTimeout);
            return this;
        }

        /**
         * An unchanged session's cookie is re-issued (moving its idle expiry) at most this often;
         * by default 5 minutes or half the idle timeout, whichever is shorter.
         */
        public Builder renewAfter(Duration renewAfter) {
            Objects.requireNonNull(renewAfter, "renewAfter");
            if (renewAfter.isNegative()) {
                throw new IllegalArgumentException("renewAfter must not be negative, got " + renewAfter);
            }
            this.renewAfter = renewAfter;
            return this;
        }

        /**
         * Tolerated clock difference between nodes, 0 to 5 minutes; 30 seconds by default. A token
         * opens until {@code exp} plus the skew, and one issued up to the skew in the future opens.
         */
        public Builder clockSkew(Duration clockSkew) {
            Objects.requireNonNull(clockSkew, "clockSkew");
            if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
                throw new IllegalArgumentException("clockSkew must be between 0 and 5 minutes, got " + clockSkew);
            }
            this.clockSkew = clockSkew;
            return this;
        }

        /**
         * The application the sessions belong to, bound into every token as the standard JWT
         * {@code aud} claim inside the encrypted payload; none by default. Set it when several
         * applications could see one another's cookies (one host, shared keys): a session sealed
         * for one audience, or for none, does not open in another, even with the same key and
         * cookie name; its cookie counts as {@link RejectReason#WRONG_COOKIE}. Applications that
         * share keys and cookies share sessions exactly when their audiences are equal.
         */
        public Builder audience(String audience) {
            Objects.requireNonNull(audience, "audience");
            if (audience.isEmpty() || audience.length() > 256 || Json.unpairedSurrogate(audience) >= 0) {
                throw new IllegalArgumentException("audience must be 1 to 256 characters of well-formed text, got "
                        + audience.length() + " characters; use the application's name or context path");
            }
            this.audience = audience;
            return this;
        }

        /** The clock; the system UTC clock by default. Tests pass a fake one. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** A check that can void valid sessions (logout everywhere); none by default. */
        public Builder revocation(RevocationCheck revocation) {
            this.revocation = Objects.requireNonNull(revocation, "revocation");
            return this;
        }

        /** Largest Set-Cookie value per cookie, 1024 to 4096 bytes; 4096 by default. */
        public Builder maxCookieBytes(int bytes) {
            if (bytes < 1024 || bytes > DEFAULT_MAX_COOKIE_BYTES) {
                throw new IllegalArgumentException("maxCookieBytes must be between 1024 and 4096, got " + bytes);
            }
            this.maxCookieBytes = bytes;
            return this;
        }

        /**
         * Splits a session too large for one cookie into {@code name.0}, {@code name.1}, ... up to
         * {@code maxChunks} cookies (2 to 16), deleting stale chunks. The chunks' order and count
         * are covered by the token's authentication: a chunk moved, dropped or reordered fails to
         * open. Mind the browser's limit on cookies per domain and the server's header size limit.
         */
        public Builder chunking(int maxChunks) {
            if (maxChunks < 2 || maxChunks > CookieHeader.MAX_CHUNKS) {
                throw new IllegalArgumentException("chunking needs 2 to 16 chunks, got " + maxChunks);
            }
            this.maxChunks = maxChunks;
            return this;
        }

        /**
         * Tells {@code listener} what each load and commit did (metrics, audit); none by default.
         * Set it once: a second call replaces the first listener.
         */
        public Builder listener(SessionListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Compresses payloads with DEFLATE ({@code "zip":"DEF"}, RFC 7516 section 4.1.3) before
         * encryption, and accepts compressed tokens. Off by default, and dangerous: the token's
         * length then depends on its content, so an attacker who can put chosen text into a
         * session and watch cookie sizes can learn other secret content in it (CRIME, BREACH;
         * RFC 8725 section 3.6). Enable it only if no attacker-influenced data shares a session
         * with secrets. Decompressed payloads are capped at 256 KiB.
         */
        public Builder enableCompressionDespiteLengthLeaks() {
            this.compression = true;
            return this;
        }

        /** Longest token sealed or opened, in characters, in place of the cookie budget (tests). */
        Builder maxTokenLength(int chars) {
            if (chars < 256 || chars > 1 << 20) {
                throw new IllegalArgumentException("maxTokenLength must be between 256 and 1048576, got " + chars);
            }
            this.maxTokenLength = chars;
            return this;
        }

        /**
         * Builds the instance.
         *
         * @throws IllegalStateException if keys are missing
         * @throws IllegalArgumentException if the timeouts contradict each other
         */
        public CookieSessions build() {
            if (keys == null) {
                throw new IllegalStateException("keys are required: call keys(KeyRing.fromEnvironment(\"CRUMB_KEYS\")), "
                        + "keys(KeyRing.fromJwkSet(json)), keys(KeyRing.derive(secret)) or, for development only, "
                        + "keys(KeyRing.generate())");
            }
            if (absoluteTimeout.compareTo(idleTimeout) < 0) {
                throw new IllegalArgumentException("absoluteTimeout " + absoluteTimeout
                        + " is shorter than idleTimeout " + idleTimeout + "; raise absoluteTimeout or lower idleTimeout");
            }
            if (renewAfter != null && renewAfter.compareTo(idleTimeout) >= 0) {
                throw new IllegalArgumentException("renewAfter " + renewAfter + " must be shorter than idleTimeout "
                        + idleTimeout + ", or active sessions would expire between renewals");
            }
            if (keys.isRotating() && keys.rotationPeriod().compareTo(idleTimeout) < 0) {
                throw new IllegalArgumentException("the key ring rotates every " + keys.rotationPeriod()
                        + ", shorter than idleTimeout " + idleTimeout
                        + "; sessions idle for a period would be lost. Use a period of at least the idle timeout");
            }
            if (revocation != null) {
                revocation.bind(absoluteTimeout.plus(clockSkew), clock);
            }
            return new CookieSessions(this);
        }

        private static Duration positive(String what, Duration d) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            if (d.compareTo(MAX_TIMEOUT) > 0) {
                throw new IllegalArgumentException(what + " must be at most " + MAX_TIMEOUT.toDays()
                        + " days (browsers cap cookie lifetimes at 400 days), got " + d);
            }
            return d;
        }
    }
}
