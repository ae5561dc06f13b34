package dev.crumb;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two states a session's attributes can be in after a valid open: readable (every read
 * works), or unreadable (written with the key by another writer beyond Crumb's limits; every read
 * throws {@link SessionException} and nothing else).
 */
final class AttributeAssertions {

    private AttributeAssertions() {}

    /** Every reading method works. */
    static void assertReadable(SessionData data) {
        assertTrue(data.attributesReadable(), data::toString);
        assertDoesNotThrow(() -> {
            for (String name : data.attributeNames()) {
                data.get(name);
                data.get(name, Object.class);
            }
            data.toString();
        });
    }

    /** Every reading method throws {@link SessionException}; printing and re-sealing do not throw. */
    static void assertUnreadable(SessionData data) {
        assertFalse(data.attributesReadable(), data::toString);
        assertThrows(SessionException.class, data::attributeNames);
        assertThrows(SessionException.class, () -> data.get("x"));
        assertThrows(SessionException.class, () -> data.get("x", String.class));
        assertDoesNotThrow(data::toString);
        assertDoesNotThrow(data::attributesJson);
    }

    /** Readable or unreadable, one or the other, consistently. */
    static void assertReadableOrUnreadable(SessionData data) {
        if (data.attributesReadable()) {
            assertReadable(data);
        } else {
            assertUnreadable(data);
        }
    }
}
