package dev.crumb;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Assertions on what {@link SessionCodec#open} returned, handing the result on. */
final class Opened {

    private Opened() {}

    /** {@code result}, asserted valid. */
    static OpenResult valid(OpenResult result) {
        assertTrue(result.isValid(), () -> "expected a valid result, got " + result);
        return result;
    }

    /** {@code result}, asserted valid, with {@code message} on failure. */
    static OpenResult valid(OpenResult result, String message) {
        assertTrue(result.isValid(), () -> message + ": expected a valid result, got " + result);
        return result;
    }

    /** {@code result}, asserted rejected. */
    static OpenResult rejected(OpenResult result) {
        assertTrue(!result.isValid(), () -> "expected a rejection, got " + result);
        return result;
    }

    /** {@code result}, asserted rejected, with {@code message} on failure. */
    static OpenResult rejected(OpenResult result, String message) {
        assertTrue(!result.isValid(), () -> message + ": expected a rejection, got " + result);
        return result;
    }
}
