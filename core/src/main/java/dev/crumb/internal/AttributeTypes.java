package dev.crumb.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The types an application stores in its sessions, and the type tags that carry them in the
 * payload beside {@code attrs}.
 *
 * <p>A tag is written once per attribute, never inside the value: {@code com.shop.Cart},
 * {@code List<com.shop.CartItem>}, {@code Map<String,com.shop.CartItem>}, {@code Set<Long>},
 * {@code com.shop.CartItem[]}, {@code int[]}. Names without a dot are built in (the JDK value
 * types below, and {@code Object} for plain JSON); every other name must be on the
 * application's list. An attribute without a tag is plain JSON and reads as it always did.
 *
 * <p>Reading resolves a tag to a Jackson type without ever loading a class that is not on the
 * list: a name is compared with the configured classes and prefixes first, and only a name that
 * matches is looked up. No type information is taken from inside the value, so Jackson's
 * polymorphic typing (refused by {@link Json#MAPPER} anyway) never comes into play.
 */
public final class AttributeTypes {

    /** No application types: built-in JDK values only, application objects stored as plain JSON. */
    public static final AttributeTypes NONE = new AttributeTypes(List.of(), List.of());

    private static final TypeFactory TYPES = Json.MAPPER.getTypeFactory();
    private static final int MAX_TAG_LENGTH = 1024;

    /** The built-in names; each reads back as exactly this class. */
    private static final Map<String, Class<?>> BUILT_IN = builtIns();
    private static final Map<Class<?>, String> BUILT_IN_NAMES = new HashMap<>();

    static {
        BUILT_IN.forEach((name, type) -> BUILT_IN_NAMES.put(type, name));
    }

    private final List<String> prefixes;
    private final Map<String, Class<?>> classes;
    private final ConcurrentHashMap<String, JavaType> resolved = new ConcurrentHashMap<>();

    private AttributeTypes(List<String> prefixes, List<Class<?>> classes) {
        this.prefixes = List.copyOf(prefixes);
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        for (Class<?> c : classes) {
            byName.put(c.getName(), c);
        }
        this.classes = Map.copyOf(byName);
    }

    /**
     * The application's list: package prefixes (such as {@code "com.shop."}) and classes.
     *
     * @throws IllegalArgumentException naming the fix, for a prefix that is not a package prefix
     *     ending in a dot, or a class that cannot be stored (interfaces, arrays, primitives,
     *     anonymous and local classes)
     */
    public static AttributeTypes of(List<String> prefixes, List<Class<?>> classes) {
        for (String p : prefixes) {
            Objects.requireNonNull(p, "storable type prefix");
            if (!p.endsWith(".") || p.length() < 2 || p.startsWith(".") || p.contains("..")
                    || p.startsWith("java.") || p.startsWith("javax.") || p.startsWith("jdk.") || p.startsWith("sun.")) {
                throw new IllegalArgumentException("storable type prefix '" + p + "' must be an application "
                        + "package ending in a dot, such as \"com.shop.\" (JDK packages are not allowed: their "
                        + "value types are built in)");
            }
        }
        for (Class<?> c : classes) {
            Objects.requireNonNull(c, "storable type");
            if (c.isInterface() || c.isArray() || c.isPrimitive() || c.isAnonymousClass() || c.isLocalClass()
                    || c.getName().startsWith("java.") || c.getName().startsWith("javax.")) {
                throw new IllegalArgumentException("storable type " + c.getName() + " cannot be listed: list "
                        + "the concrete record, bean or enum classes the application stores (lists, sets, maps, "
                        + "arrays and JDK value types need no listing)");
            }
        }
        return new AttributeTypes(prefixes, classes);
    }

    /** Whether the application named any type. */
    public boolean isConfigured() {
        return !prefixes.isEmpty() || !classes.isEmpty();
    }

    /** Whether values of {@code c}, an application class, may be stored and constructed. */
    boolean allows(Class<?> c) {
        return classes.get(c.getName()) == c || allowedByPrefix(c.getName());
    }

    private boolean allowedByPrefix(String name) {
        for (String p : prefixes) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- writing

    /**
     * The tag for {@code value}, or null when it is plain JSON (strings, booleans, integers, and
     * maps with string keys and lists of plain JSON) or, with no list configured, an application
     * object stored as plain JSON as before typed attributes.
     *
     * @throws IllegalArgumentException saying why the value would not come back as it was put
     *     and what to do instead
     */
    public String tagOf(Object value) {
        Tag t = infer(value, 0);
        return t == null || t == Tag.NULL || t == Tag.PLAIN ? null : t.text;
    }

    /**
     * An inferred tag; PLAIN for plain JSON, NULL for null (fits any). A {@code loose} tag is a
     * JDK number's: beside other numbers or plain JSON in one collection it gives way to plain
     * JSON, which reads numbers back as {@code Integer}, {@code Long} or {@code BigDecimal}, as
     * before typed attributes.
     */
    private record Tag(String text, boolean loose) {
        static final Tag PLAIN = new Tag("Object", false);
        static final Tag NULL = new Tag(null, false);

        Tag(String text) {
            this(text, false);
        }

        boolean plainish() {
            return this == PLAIN || loose;
        }
    }

    private Tag infer(Object v, int depth) {
        if (depth > Json.MAX_NESTING_DEPTH) {
            throw new IllegalArgumentException("it nests deeper than " + Json.MAX_NESTING_DEPTH
                    + " levels, or holds itself (a cycle); store the data without back references");
        }
        if (v == null) {
            return Tag.NULL;
        }
        Class<?> c = v.getClass();
        if (v instanceof String || v instanceof Boolean || v instanceof Integer) {
            return null;
        }
        if (v instanceof Number) {
            if (BUILT_IN_NAMES.containsKey(c)) {
                return new Tag(BUILT_IN_NAMES.get(c), true);
            }
            throw new IllegalArgumentException("its class " + c.getName() + " would read back as another "
                    + "number type; store an Integer, Long, Double, BigInteger or BigDecimal");
        }
        String builtIn = BUILT_IN_NAMES.get(c);
        if (builtIn != null) {
            return new Tag(builtIn);
        }
        if (c.isArray()) {
            Class<?> component = c.getComponentType();
            if (component.isPrimitive()) {
                return new Tag(component.getName() + "[]");
            }
            String element = staticTag(component);
            for (int i = 0; i < Array.getLength(v); i++) {
                infer(Array.get(v, i), depth + 1);
            }
            return new Tag(element + "[]");
        }
        if (v instanceof Map<?, ?> map) {
            Tag keys = Tag.NULL;
            Tag values = Tag.NULL;
            boolean plainKeys = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Tag k = infer(e.getKey(), depth + 1);
                if (!(e.getKey() instanceof String)) {
                    plainKeys = false;
                    if (k == null || k.loose) {
                        k = new Tag(BUILT_IN_NAMES.getOrDefault(e.getKey().getClass(), "Object"));
                    }
                    if (k == Tag.NULL || k.text.contains("<") || k.text.endsWith("]")) {
                        throw new IllegalArgumentException("a map key of class " + className(e.getKey())
                                + " cannot be a JSON member name; use String, number, UUID, java.time or enum keys");
                    }
                }
                keys = keys == Tag.NULL || Objects.equals(keys, k) ? k : mixed(keys, k);
                values = join(values, infer(e.getValue(), depth + 1));
            }
            if (plainKeys && (values == null || values == Tag.NULL || values == Tag.PLAIN)) {
                return null;
            }
            String k = plainKeys ? "String" : keys.text;
            return new Tag("Map<" + k + "," + text(values) + ">");
        }
        if (v instanceof Collection<?> collection) {
            boolean set = v instanceof Set;
            if (!set && !(v instanceof List)) {
                throw new IllegalArgumentException("its class " + c.getName() + " would read back as a List; "
                        + "store a List or a Set");
            }
            Tag elements = Tag.NULL;
            for (Object e : collection) {
                elements = join(elements, infer(e, depth + 1));
            }
            if (!set && (elements == null || elements == Tag.NULL || elements == Tag.PLAIN)) {
                return null;
            }
            return new Tag((set ? "Set<" : "List<") + text(elements) + ">");
        }
        if (c.isEnum() || (c.getSuperclass() != null && c.getSuperclass().isEnum())) {
            Class<?> e = c.isEnum() ? c : c.getSuperclass();
            return applicationTag(e);
        }
        if (!isConfigured() && !c.getName().startsWith("java.")) {
            // No list: stored as plain JSON, read back with get(name, Class), as before typed attributes.
            return Tag.PLAIN;
        }
        return applicationTag(c);
    }

    private Tag applicationTag(Class<?> c) {
        if (!isConfigured()) {
            return Tag.PLAIN;
        }
        if (c.getName().startsWith("java.") || c.getName().startsWith("javax.")) {
            throw new IllegalArgumentException("its class " + c.getName() + " is not a storable JDK type; store "
                    + "strings, numbers, booleans, lists, sets, maps, arrays, UUIDs, java.time values "
                    + "or the application's own records and beans");
        }
        if (c.isAnonymousClass() || c.isLocalClass() || c.isSynthetic() || c.getName().contains("$$")) {
            throw new IllegalArgumentException("its class " + c.getName() + " is anonymous, local or generated, "
                    + "so it cannot be constructed when read back; store a named record or bean");
        }
        if (!allows(c)) {
            throw new IllegalArgumentException("its class " + c.getName() + " is not a storable type; add it "
                    + "or its package to CookieSessions.builder().storableTypes(...)");
        }
        return new Tag(c.getName());
    }

    /** The tag of a declared array component type. */
    private String staticTag(Class<?> c) {
        String builtIn = BUILT_IN_NAMES.get(c);
        if (builtIn != null) {
            return builtIn;
        }
        if (c == Object.class) {
            return "Object";
        }
        if (c.isArray()) {
            return staticTag(c.getComponentType()) + "[]";
        }
        if (c.isInterface() || java.lang.reflect.Modifier.isAbstract(c.getModifiers())) {
            throw new IllegalArgumentException("its element type " + c.getName() + " is abstract, so the elements "
                    + "could not be constructed when read back; use an array or list of a concrete class");
        }
        return applicationTag(c).text;
    }

    private static Tag join(Tag a, Tag b) {
        if (a == Tag.NULL) {
            return b;
        }
        if (b == Tag.NULL || Objects.equals(a, b)) {
            return a;
        }
        boolean aPlain = a == null || a.plainish();
        boolean bPlain = b == null || b.plainish();
        if (aPlain && bPlain) {
            return null;
        }
        return mixed(a, b);
    }

    private static Tag mixed(Tag a, Tag b) {
        throw new IllegalArgumentException("it holds values of different types (" + text(a) + " and " + text(b)
                + ") in one collection, which would not read back as they were put; keep one type per "
                + "collection, or put them in a record");
    }

    private static String text(Tag t) {
        return t == null || t == Tag.NULL || t == Tag.PLAIN ? "Object" : t.text;
    }

    private static String className(Object o) {
        return o == null ? "null" : o.getClass().getName();
    }

    // ---------------------------------------------------------------- reading

    /** Whether {@code tag} names a type this list (or the built-in ones) allows. */
    public boolean allowsTag(String tag) {
        return resolve(tag) != null;
    }

    /**
     * The Jackson type for {@code tag}, or null if it names a type that is not built in nor on the
     * list (the class is then never loaded), or is not a tag at all.
     */
    public JavaType resolve(String tag) {
        if (tag == null || tag.length() > MAX_TAG_LENGTH) {
            return null;
        }
        JavaType t = resolved.get(tag);
        if (t == null) {
            Parser p = new Parser(tag);
            t = p.type(0);
            if (t == null || p.at != tag.length()) {
                return null;
            }
            if (resolved.size() < 1024) {
                resolved.put(tag, t);
            }
        }
        return t;
    }

    /** A recursive-descent reader of the tag grammar: {@code name ('<' tag (',' tag)* '>')? ('[]')*}. */
    private final class Parser {
        private final String s;
        int at;

        Parser(String s) {
            this.s = s;
        }

        JavaType type(int depth) {
            if (depth > 8) {
                return null;
            }
            int start = at;
            while (at < s.length() && (Character.isJavaIdentifierPart(s.charAt(at)) || s.charAt(at) == '.'
                    || s.charAt(at) == '$')) {
                at++;
            }
            String name = s.substring(start, at);
            JavaType t;
            if (at < s.length() && s.charAt(at) == '<') {
                at++;
                JavaType first = type(depth + 1);
                JavaType second = null;
                if (first != null && at < s.length() && s.charAt(at) == ',') {
                    at++;
                    second = type(depth + 1);
                    if (second == null) {
                        return null;
                    }
                }
                if (first == null || at >= s.length() || s.charAt(at) != '>') {
                    return null;
                }
                at++;
                t = switch (name) {
                    case "List" -> second == null ? TYPES.constructCollectionType(java.util.ArrayList.class, first) : null;
                    case "Set" -> second == null ? TYPES.constructCollectionType(java.util.LinkedHashSet.class, first) : null;
                    case "Map" -> second != null ? TYPES.constructMapType(LinkedHashMap.class, first, second) : null;
                    default -> null;
                };
            } else {
                t = named(name);
            }
            while (t != null && s.startsWith("[]", at)) {
                at += 2;
                t = TYPES.constructArrayType(t);
            }
            return t;
        }
    }

    private JavaType named(String name) {
        Class<?> builtIn = BUILT_IN.get(name);
        if (builtIn != null) {
            return TYPES.constructType(builtIn);
        }
        switch (name) {
            case "Object":
                return TYPES.constructType(Object.class);
            case "boolean", "byte", "short", "int", "long", "float", "double", "char":
                return primitive(name);
            default:
                break;
        }
        Class<?> c = classes.get(name);
        if (c == null && allowedByPrefix(name) && !name.contains("$$")) {
            c = load(name);
        }
        if (c == null || c.isInterface() || c.isAnonymousClass() || c.isLocalClass()) {
            return null;
        }
        return TYPES.constructType(c);
    }

    private static JavaType primitive(String name) {
        Class<?> c = switch (name) {
            case "boolean" -> boolean.class;
            case "byte" -> byte.class;
            case "short" -> short.class;
            case "int" -> int.class;
            case "long" -> long.class;
            case "float" -> float.class;
            case "double" -> double.class;
            default -> char.class;
        };
        return TYPES.constructType(c);
    }

    private static Class<?> load(String name) {
        try {
            // Not initialized: only a name on the application's list gets this far.
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            return Class.forName(name, false, loader != null ? loader : AttributeTypes.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /**
     * Whether {@code tag} is a built-in JDK value type ({@code Long}, {@code Instant}, ...), which
     * Jackson writes and reads back exactly: a value of it needs no trial read at {@code put}.
     */
    static boolean isBuiltInScalar(String tag) {
        return BUILT_IN.containsKey(tag);
    }

    /**
     * Whether {@code value}, serialized to {@code json}, reads back as {@code type} into a value
     * that serializes to the same bytes and (for a class with its own {@code equals}) is equal.
     *
     * @return why not, or null
     */
    static String roundTripProblem(Object value, byte[] json, JavaType type) {
        Object copy;
        byte[] again;
        try {
            copy = Json.MAPPER.readValue(json, type);
            again = Json.MAPPER.writeValueAsBytes(copy);
        } catch (java.io.IOException | RuntimeException e) {
            return "Jackson cannot read it back as " + type.toCanonical() + ": " + Json.describe(e)
                    + "; give the class a constructor Jackson can use (a record, or a no-argument constructor "
                    + "with setters)";
        }
        if (copy == null || !Arrays.equals(json, again) || copy.getClass() != value.getClass() && !type.isContainerType()
                || ownEquals(value.getClass()) && !value.equals(copy)) {
            return "it does not read back whole as " + type.toCanonical() + " (a property without a setter or "
                    + "constructor parameter, or a field of a declared type that differs from what it holds); "
                    + "store a record, or a bean whose every property has a getter and a setter";
        }
        return null;
    }

    private static boolean ownEquals(Class<?> c) {
        try {
            Method m = c.getMethod("equals", Object.class);
            return m.getDeclaringClass() != Object.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static Map<String, Class<?>> builtIns() {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        for (Class<?> c : List.of(Long.class, Short.class, Byte.class, Double.class, Float.class, BigInteger.class,
                BigDecimal.class, Character.class, UUID.class, Instant.class, LocalDate.class, LocalTime.class,
                LocalDateTime.class, OffsetDateTime.class, Duration.class, Period.class, Year.class, YearMonth.class,
                MonthDay.class, DayOfWeek.class, Month.class, ZoneOffset.class, String.class, Boolean.class,
                Integer.class)) {
            m.put(c.getSimpleName(), c);
        }
        return Map.copyOf(m);
    }
}
