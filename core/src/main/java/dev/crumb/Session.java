package dev.crumb;

import dev.crumb.internal.AttributeTypes;
import dev.crumb.internal.Json;
import dev.crumb.internal.JsonAttributes;
import java.lang.System.Logger.Level;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * One request's mutable view of a session, from {@link CookieSessions#load}; hand it back to
 * {@link CookieSessions#commit} to get the Set-Cookie headers.
 *
 * <p>Values are stored as JSON, with a tag naming the type of each value that is not plain JSON
 * (see {@link CookieSessions.Builder#storableTypes}), so that what is put comes back as the same
 * type in the next request. A value taken out with {@link #get} and changed in place is saved
 * too: at commit the session compares the serialized form of everything it handed out with what
 * it loaded. A session whose attributes were never read or written costs no serialization, and
 * reading immutable values (strings, numbers, booleans) does not count as a use.
 *
 * <p>After commit the session is frozen: a change then throws {@link IllegalStateException}
 * rather than being lost. Not thread-safe: a session belongs to one request.
 *
 * <p>The loaded attributes are parsed when first needed. If they cannot be (a writer other than
 * Crumb sealed attributes beyond Crumb's limits with a key of the ring), the session goes on
 * without them, as if they had been removed, and logs a warning; it keeps its id and subject,
 * which were checked when it was loaded. Nothing is thrown to the application. Commit then
 * writes the session without them; a session whose attributes were never needed keeps its cookie
 * as it is until it is due for renewal, and is re-sealed without them then.
 */
public final class Session {

    private static final System.Logger LOG = System.getLogger(Session.class.getName());

    private final Lifetime lifetime;
    private final AttributeTypes storable;
    private final SessionData loaded;          // null for a new session
    private final RejectReason rejectReason;   // null unless a cookie was rejected
    private final boolean needsReseal;
    private final Set<String> presentCookies;  // our cookie names the request carried
    private JsonAttributes stored;             // the loaded attributes; EMPTY once found unreadable
    private boolean storedDropped;

    private String id;
    private String subject;
    private Instant createdAt;
    private final Map<String, Object> live = new LinkedHashMap<>();
    // Both empty and shared until a name is added (most requests add none): see marked().
    private Set<String> removed = Collections.emptySet();
    // Values in live that were read with a class the application named, not put.
    private Set<String> readAs = Collections.emptySet();
    // Whether put() was called: live then holds the application's own values, and commit rebuilds.
    private boolean putAny;
    private boolean changedIdentity;
    private boolean invalidated;
    private boolean frozen;

    Session(Lifetime lifetime, AttributeTypes storable, SessionData loaded, RejectReason rejectReason,
            boolean needsReseal, Set<String> presentCookies, Instant now) {
        this.lifetime = lifetime;
        this.storable = storable;
        this.loaded = loaded;
        this.rejectReason = rejectReason;
        this.needsReseal = needsReseal;
        this.presentCookies = presentCookies;
        this.stored = loaded == null ? JsonAttributes.EMPTY : loaded.attributes();
        if (loaded != null) {
            this.id = loaded.id();
            this.subject = loaded.subject().orElse(null);
            this.createdAt = loaded.createdAt();
        } else {
            this.id = SessionData.newId();
            this.createdAt = Instant.ofEpochSecond(now.getEpochSecond());
        }
    }

    /** The session id; changes on {@link #regenerate()}. */
    public String id() {
        return id;
    }

    /** True when the request carried no valid session cookie. */
    public boolean isNew() {
        return loaded == null;
    }

    /**
     * Why the request's session cookie was rejected, or empty when it opened or the request had
     * none ({@link #isNew()} tells those apart). A rejected cookie always yields a new session.
     */
    public Optional<RejectReason> rejectReason() {
        return Optional.ofNullable(rejectReason);
    }

    /** When the session was created (or last regenerated). */
    public Instant createdAt() {
        return createdAt;
    }

    /** When the loaded cookie was issued, or the creation time for a new session. */
    public Instant lastIssuedAt() {
        return loaded == null ? createdAt : loaded.issuedAt();
    }

    /** When the session expires if this request renews it: the idle timeout capped by the absolute one. */
    public Instant expiresAt() {
        return lifetime.expiry(createdAt, lifetime.now());
    }

    /** The subject (typically the user id), if set. */
    public Optional<String> subject() {
        return Optional.ofNullable(subject);
    }

    /** Sets or (with null) clears the subject. */
    public void subject(String subject) {
        checkWritable();
        int bad = subject == null ? -1 : Json.unpairedSurrogate(subject);
        if (bad >= 0) {
            throw new IllegalArgumentException("subject has an unpaired surrogate at index " + bad
                    + "; it must be well-formed Unicode text");
        }
        if (!Objects.equals(this.subject, subject)) {
            this.subject = subject;
            changedIdentity = true;
        }
    }

    /**
     * An attribute as it was put: a value put in this request is the object itself; a value read
     * from the cookie is an instance of the class it was put as, when that class is a JDK value
     * type or one of the application's {@link CookieSessions.Builder#storableTypes storable
     * types} (lists, sets, maps and arrays of them included), and otherwise plain Java
     * ({@code Map}, {@code List}, {@code String}, {@code Number}, {@code Boolean}). Null when absent.
     *
     * <p>A value whose type, named in the cookie, is not storable (any more) is never
     * constructed: the attribute is dropped, with a warning that names the type and the fix, and
     * this returns null; so does a value that no longer reads as its class.
     */
    public Object get(String name) {
        Objects.requireNonNull(name, "name");
        if (live.containsKey(name)) {
            return live.get(name);
        }
        if (removed.contains(name) || loaded == null) {
            return null;
        }
        String tag = stored.type(name);
        if (tag != null && !storable.allowsTag(tag) && fromStored(a -> a.names().contains(name))) {
            drop(name, "has type " + abbreviate(tag) + ", which is not among the storable types; add it (or its "
                    + "package) to CookieSessions.builder().storableTypes(...) if the application stores it");
            return null;
        }
        Object value;
        try {
            value = fromStored(a -> a.typedValue(name, storable));
        } catch (IllegalArgumentException e) {
            drop(name, "no longer reads as its type " + abbreviate(tag) + " (" + e.getMessage() + "); "
                    + "keep the class compatible with what earlier versions stored, or read it with get(name, Class)");
            return null;
        }
        remember(name, value, false);
        return value;
    }

    /**
     * An attribute read as {@code type}, or null when absent: a stored value of a storable
     * subtype of {@code type} comes back as that subtype ({@code get("cart", List.class)} of a
     * list of records is that list of records). Changing the returned object in place changes
     * the session, unless the value was put in this request as an object of another type: then
     * the object that was put is saved and the result is a copy.
     *
     * @throws SessionException if the stored value cannot be read as {@code type}
     */
    public <T> T get(String name, Class<T> type) {
        Objects.requireNonNull(type, "type");
        return type.cast(read(name, type));
    }

    /**
     * An attribute read as a generic type, or null when absent:
     * {@code get("cart", new TypeRef<List<CartItem>>() {})}. As {@link #get(String, Class)}
     * otherwise.
     *
     * @throws SessionException if the stored value cannot be read as {@code type}
     */
    @SuppressWarnings("unchecked")
    public <T> T get(String name, TypeRef<T> type) {
        Objects.requireNonNull(type, "type");
        return (T) read(name, type.type());
    }

    private Object read(String name, Type type) {
        Objects.requireNonNull(name, "name");
        Class<?> raw = rawClass(type);
        try {
            if (live.containsKey(name)) {
                Object value = live.get(name);
                if (value == null || raw.isInstance(value)) {
                    return value;
                }
                // A copy: the object already held stays the one that is saved.
                return JsonAttributes.convertValue(name, value, type);
            }
            if (removed.contains(name) || loaded == null) {
                return null;
            }
            Object value = fromStored(a -> a.value(name, type, storable));
            remember(name, value, true);
            return value;
        } catch (IllegalArgumentException e) {
            throw new SessionException(e.getMessage(), e);
        }
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c.isPrimitive() ? Object.class : c;
        }
        if (type instanceof ParameterizedType p) {
            return rawClass(p.getRawType());
        }
        if (type instanceof GenericArrayType) {
            return Object[].class;
        }
        return Object.class;
    }

    /**
     * Stores an attribute; null removes it. Checked now, not at commit: the value must serialize
     * and read back as it was put, as the same type.
     *
     * @throws SessionException naming the attribute and the fix if the value would not come
     *     back whole: Jackson cannot serialize it, it has no properties (an empty bean, a
     *     {@code new Object()}), it holds itself (a cycle), its type is not among the
     *     {@link CookieSessions.Builder#storableTypes storable types} (when some are named), or it
     *     would read back as another type
     * @throws IllegalStateException if the session was already committed or invalidated
     */
    public void put(String name, Object value) {
        Objects.requireNonNull(name, "name");
        if (value == null) {
            remove(name);
            return;
        }
        checkWritable();
        try {
            JsonAttributes.checkStorable(name, value, storable);
        } catch (IllegalArgumentException e) {
            throw new SessionException(e.getMessage(), e);
        }
        live.put(name, value);
        putAny = true;
        readAs.remove(name);
        removed.remove(name);
    }

    /**
     * Removes an attribute. Removing one that is not there changes nothing, so it is allowed
     * even after commit.
     */
    public void remove(String name) {
        Objects.requireNonNull(name, "name");
        if ((frozen || invalidated) && !attributeNames().contains(name)) {
            return;
        }
        checkWritable();
        live.remove(name);
        readAs.remove(name);
        removed = marked(removed, name);
    }

    /** Drops a stored attribute that cannot be read back, saying why (never its value). */
    private void drop(String name, String why) {
        LOG.log(Level.WARNING, "session {0}: attribute ''{1}'' {2}; dropped, the request goes on",
                id, abbreviate(name), why);
        removed = marked(removed, name);
    }

    /** {@code names} with {@code name} added: a set of this session's own from the first name on. */
    private static Set<String> marked(Set<String> names, String name) {
        Set<String> own = names.isEmpty() ? new HashSet<>() : names;
        own.add(name);
        return own;
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    /** The attribute names, in stored order. */
    public Set<String> attributeNames() {
        Set<String> names = new LinkedHashSet<>();
        names.addAll(fromStored(JsonAttributes::names));
        names.addAll(live.keySet());
        names.removeAll(removed);
        return Collections.unmodifiableSet(names);
    }

    /**
     * Ends the session: commit emits a cookie that deletes it. The session cannot be changed
     * afterwards; load a new one on the next request.
     */
    public void invalidate() {
        checkNotCommitted();
        invalidated = true;
    }

    /** Whether {@link #invalidate()} was called. */
    public boolean isInvalidated() {
        return invalidated;
    }

    /**
     * Gives the session a new id and creation time, keeping its attributes. Call it when the
     * user logs in, so that an id planted before login (session fixation) is worthless.
     */
    public void regenerate() {
        checkWritable();
        id = SessionData.newId();
        createdAt = Instant.ofEpochSecond(lifetime.now().getEpochSecond());
        changedIdentity = true;
    }

    /**
     * Makes the session read-only: a change then throws {@link IllegalStateException} rather
     * than being lost, and {@link CookieSessions#commit} writes nothing. Commit freezes the
     * session it wrote; an adapter freezes one whose response went out before it could be
     * written (ask {@link CookieSessions#needsWrite} first to learn whether that lost a change).
     */
    public void freeze() {
        frozen = true;
    }

    /** Whether the session was committed or frozen, so that it can no longer change. */
    public boolean isFrozen() {
        return frozen;
    }

    @Override
    public String toString() {
        return "Session[id=" + id + ", new=" + isNew()
                + (rejectReason == null ? "" : ", rejected=" + rejectReason)
                + ", attributes=" + attributeNames() + "]";
    }

    // ---- for CookieSessions ----

    Lifetime lifetime() {
        return lifetime;
    }

    SessionData loaded() {
        return loaded;
    }

    boolean needsReseal() {
        return needsReseal;
    }

    Set<String> presentCookies() {
        return presentCookies;
    }

    boolean changedIdentity() {
        return changedIdentity;
    }

    boolean attributesTouched() {
        return !live.isEmpty() || !removed.isEmpty() || storedDropped;
    }

    /** The attributes as they are now: loaded ones with this request's reads, puts and removals. */
    JsonAttributes currentAttributes() {
        return fromStored(a -> a.with(live, removed, storable, readAs));
    }

    /**
     * True when this request only read attributes and every value it holds (the mutable ones it
     * handed out) still serializes as it was loaded: {@link #currentAttributes()} would then
     * hold the loaded members unchanged. Found without building them; false when unsure.
     */
    boolean onlyReadUnchanged() {
        return loaded != null && !putAny && removed.isEmpty() && !storedDropped && !live.isEmpty()
                && fromStored(a -> a.serializeAsStored(live, storable, readAs));
    }

    /**
     * The loaded attributes, checked so that they can be sealed again (dropped if they cannot);
     * for a commit that re-issues an untouched session.
     */
    JsonAttributes storedAttributes() {
        if (!stored.isReadable()) {
            fromStored(JsonAttributes::names);
        }
        return stored;
    }

    /**
     * A read of the loaded attributes; if they turn out unreadable, they are dropped (with a
     * warning) and the read is made of none.
     */
    private <T> T fromStored(Function<JsonAttributes, T> read) {
        try {
            return read.apply(stored);
        } catch (JsonAttributes.UnreadableException e) {
            LOG.log(Level.WARNING, "session {0}: {1}; going on without them", id, e.getMessage());
            stored = JsonAttributes.EMPTY;
            storedDropped = true;
            return read.apply(stored);
        }
    }


    String subjectValue() {
        return subject;
    }

    private void remember(String name, Object value, boolean readAsNamedType) {
        // Immutable values cannot change behind our back, so they need no re-serialization.
        if (value != null && !isImmutable(value)) {
            live.put(name, value);
            if (readAsNamedType) {
                readAs = marked(readAs, name);
            }
        }
    }

    private static boolean isImmutable(Object v) {
        if (v instanceof String || v instanceof Boolean || v instanceof Character || v instanceof Enum
                || v instanceof Integer || v instanceof Long || v instanceof Double || v instanceof Float
                || v instanceof Short || v instanceof Byte || v instanceof UUID
                || v instanceof BigInteger || v instanceof BigDecimal) {
            return true;
        }
        // java.time values are immutable; an application's own Temporal might not be.
        return "java.time".equals(v.getClass().getPackageName());
    }

    private void checkWritable() {
        checkNotCommitted();
        if (invalidated) {
            throw new IllegalStateException("session " + id + " was invalidated; it cannot be changed");
        }
    }

    private void checkNotCommitted() {
        if (frozen) {
            throw new IllegalStateException("session " + id + " was already committed (its Set-Cookie "
                    + "header is written, or the response went out without it); a change now would be lost. "
                    + "Change the session before the response is committed");
        }
    }
}
