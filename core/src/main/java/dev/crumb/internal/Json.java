package dev.crumb.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
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
     * {@link #FACTORY} for a value read on its own that sits inside the payload object (the
     * attributes): one level of nesting less, so that the payload as a whole stays within
     * {@link #MAX_NESTING_DEPTH}.
     */
    static final JsonFactory FACTORY_NESTED = factory(true, MAX_NESTING_DEPTH - 1);

    /**
     * {@link #FACTORY} without Jackson's duplicate detection, for {@link Payload#read}, which
     * checks member names itself (Jackson's check allocates a hash set for every object of three
     * or more members). Same limits; never for input whose duplicates go unchecked.
     */
    static final JsonFactory FACTORY_NAMES_CHECKED_BY_CALLER = factory(false, MAX_NESTING_DEPTH);

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
            .disable(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(MapperFeature.DEFAULT_VIEW_INCLUSION)
            .build();

    private Json() {}

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
