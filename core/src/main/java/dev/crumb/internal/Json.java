package dev.crumb.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one Jackson configuration Crumb uses, for headers, claims and attributes.
 *
 * <p>Safe by construction: strict duplicate-key detection; limits on nesting depth, document,
 * string, name and number length ({@link StreamReadConstraints}); trailing tokens rejected; and a
 * polymorphic type validator that allows no subtype at all, so neither default typing nor a
 * {@code @JsonTypeInfo(use = CLASS)} on an application class can make Jackson instantiate a class
 * named in a cookie. Default typing is never enabled anywhere (a build test checks the sources).
 */
public final class Json {

    /** Deepest nesting of arrays and objects accepted in a payload. */
    public static final int MAX_NESTING_DEPTH = 64;
    /** Longest JSON document parsed, in bytes; far above what fits in cookies. */
    public static final int MAX_DOCUMENT_LENGTH = 256 * 1024;
    /** Longest number literal, in characters. */
    public static final int MAX_NUMBER_LENGTH = 64;
    /** Longest string value, in characters. */
    public static final int MAX_STRING_LENGTH = 64 * 1024;
    /** Longest member name, in characters. */
    public static final int MAX_NAME_LENGTH = 1024;

    static final JsonFactory FACTORY = factory(true, MAX_NESTING_DEPTH);

    /**
     * {@link #FACTORY} without Jackson's duplicate detection, for {@link Payload#read} and
     * {@link JsonAttributes}, which check member names themselves ({@link MemberNames}: Jackson's
     * check allocates a hash set for every object of three or more members). Same limits; never
     * for input whose duplicates go unchecked.
     */
    static final JsonFactory FACTORY_NAMES_CHECKED_BY_CALLER = factory(false, MAX_NESTING_DEPTH);

    /**
     * {@link #FACTORY_NAMES_CHECKED_BY_CALLER} for a value read on its own that sits inside the
     * payload object (the attributes): one level of nesting less, so that the payload as a whole
     * stays within {@link #MAX_NESTING_DEPTH}.
     */
    static final JsonFactory FACTORY_NESTED_NAMES_CHECKED_BY_CALLER = factory(false, MAX_NESTING_DEPTH - 1);

    private static JsonFactory factory(boolean strictDuplicates, int maxDepth) {
        return JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxDepth)
                        .maxDocumentLength(MAX_DOCUMENT_LENGTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .maxStringLength(MAX_STRING_LENGTH)
                        .maxNameLength(MAX_NAME_LENGTH)
                        .build())
                .streamWriteConstraints(StreamWriteConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .build())
                .configure(StreamReadFeature.STRICT_DUPLICATE_DETECTION, strictDuplicates)
                // Jackson's default pool keeps buffers in a ThreadLocal of its own classes: on a
                // servlet container's threads they would pin an undeployed webapp's class loader.
                .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
                .build();
    }

    static final JsonMapper MAPPER = JsonMapper.builder(FACTORY)
            .polymorphicTypeValidator(BasicPolymorphicTypeValidator.builder().build())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // Untouched values are written back from the tree: keep decimals exact, not doubles.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // An OffsetDateTime reads back with the offset it was stored with, so equal to it.
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(MapperFeature.DEFAULT_VIEW_INCLUSION)
            .build();

    private Json() {}

    /**
     * Checks a number literal with a fraction or exponent (a {@code VALUE_NUMBER_FLOAT} token),
     * by its text alone, so that the rule is the same on every JDK: such a number is read as a
     * {@code BigDecimal}, whose scale is an {@code int}, so its exponent and its scale (fraction
     * digits minus exponent) must both lie in the {@code int} range. Java 17's {@code BigDecimal}
     * refuses {@code 1e2147483648}, Java 25's accepts it; Crumb refuses it on both.
     *
     * @return why the number is refused, or null
     */
    static String decimalProblem(String literal) {
        int e = Math.max(literal.indexOf('e'), literal.indexOf('E'));
        int point = literal.indexOf('.');
        long fraction = point < 0 ? 0 : (e < 0 ? literal.length() : e) - point - 1;
        long exponent = 0;
        if (e >= 0) {
            int i = e + 1;
            boolean negative = literal.charAt(i) == '-';
            if (literal.charAt(i) == '-' || literal.charAt(i) == '+') {
                i++;
            }
            while (i < literal.length() - 1 && literal.charAt(i) == '0') {
                i++;
            }
            String digits = literal.substring(i);
            if (digits.length() > 10) {
                return "a number's exponent is outside the int range";
            }
            exponent = Long.parseLong(digits);
            exponent = negative ? -exponent : exponent;
        }
        if (exponent < Integer.MIN_VALUE || exponent > Integer.MAX_VALUE) {
            return "a number's exponent is outside the int range";
        }
        long scale = fraction - exponent;
        if (scale < Integer.MIN_VALUE || scale > Integer.MAX_VALUE) {
            return "a number's scale (fraction digits minus exponent) is outside the int range";
        }
        return null;
    }

    /**
     * What went wrong in Jackson, without quoting the input: Jackson's own messages include up to
     * 256 characters of the offending token, which may be an attribute value. Limits are named,
     * syntax errors given by byte offset only.
     */
    static String describe(Exception e) {
        if (e instanceof StreamConstraintsException limit) {
            // Jackson's limit messages hold numbers only: which limit, the length found, the maximum.
            String m = limit.getOriginalMessage();
            int from = m.indexOf(" (from ");
            return from < 0 ? m : m.substring(0, from);
        }
        if (e instanceof JsonParseException p) {
            if (p.getOriginalMessage() != null && p.getOriginalMessage().startsWith("Duplicate field")) {
                return "a member name appears twice in one object";
            }
            return "malformed JSON at byte " + offset(p.getLocation());
        }
        if (e instanceof JsonMappingException m) {
            String path = m.getPathReference();
            if (path != null && path.length() > 200) {
                path = path.substring(0, 200) + "...";
            }
            return "Jackson cannot map it (" + e.getClass().getSimpleName()
                    + (path == null || path.isEmpty() ? "" : " at " + path.replaceAll("\\[\"[^\\]]*\"\\]", "[..]")) + ")";
        }
        if (e instanceof JsonProcessingException p) {
            return "malformed JSON at byte " + offset(p.getLocation());
        }
        return e.getClass().getSimpleName();
    }

    private static long offset(JsonLocation at) {
        return at == null ? -1 : at.getByteOffset();
    }

    /**
     * The index of the first unpaired surrogate in {@code s}, or -1 if it is well-formed UTF-16
     * and so has a UTF-8 form that JSON can carry.
     */
    public static int unpairedSurrogate(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}
