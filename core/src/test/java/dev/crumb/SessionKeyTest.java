package dev.crumb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class SessionKeyTest {

    private static byte[] secret(int n, int seed) {
        byte[] b = new byte[n];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void equals_sameKidAlgorithmAndSecret_isEqual() {
        SessionKey a = SessionKey.of("k", ContentAlgorithm.A256GCM, secret(32, 1));
        SessionKey b = SessionKey.of("k", ContentAlgorithm.A256GCM, secret(32, 1));

        assertEquals(a, b);
        assertEquals(b, a);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(a, a);
    }

    @Test
    void equals_anyDifference_isNotEqual() {
        SessionKey key = SessionKey.of("k", ContentAlgorithm.A256GCM, secret(32, 1));
        byte[] lastBitFlipped = secret(32, 1);
        lastBitFlipped[31] ^= 1;

        assertNotEquals(key, SessionKey.of("k", ContentAlgorithm.A256GCM, lastBitFlipped));
        assertNotEquals(key, SessionKey.of("k2", ContentAlgorithm.A256GCM, secret(32, 1)));
        assertNotEquals(key, SessionKey.of("k", ContentAlgorithm.A256CBC_HS512, secret(64, 1)));
        assertNotEquals(key, null);
        assertNotEquals(key, "k");
    }

    @Test
    void of_copiesTheSecretIn() {
        byte[] secret = secret(32, 1);
        SessionKey key = SessionKey.of("k", ContentAlgorithm.A256GCM, secret);
        Arrays.fill(secret, (byte) 0);

        assertEquals(SessionKey.of("k", ContentAlgorithm.A256GCM, secret(32, 1)), key);
    }

    @Test
    void secretCopy_isACopy() {
        SessionKey key = SessionKey.of("k", ContentAlgorithm.A256GCM, secret(32, 1));
        byte[] copy = key.secretCopy();
        Arrays.fill(copy, (byte) 0);

        assertArrayEquals(secret(32, 1), key.secretCopy());
    }

    @ParameterizedTest
    @EnumSource(ContentAlgorithm.class)
    void of_secretOfWrongLength_failsNamingBothLengths(ContentAlgorithm alg) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SessionKey.of("k", alg, secret(alg.keyLength() - 1, 1)));

        assertTrue(e.getMessage().contains((alg.keyLength() - 1) + " bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("exactly " + alg.keyLength()), e.getMessage());
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", " ", "a b", "k\"", "k\\", "k/", "caf\u00e9", "k\n",
            "0123456789012345678901234567890123456789012345678901234567890123x"})
    void of_kidThatCannotTravelInAHeader_fails(String kid) {
        assertThrows(IllegalArgumentException.class, () -> SessionKey.of(kid, ContentAlgorithm.A256GCM, secret(32, 1)));
        assertThrows(IllegalArgumentException.class, () -> SessionKey.generate(kid, ContentAlgorithm.A256GCM));
    }

    @Test
    void of_invalidKidThatMayBeAPastedKey_isNotQuoted() {
        // A 256-bit key in standard base64 ('+', '/', '=' are not kid characters), put where the kid goes.
        String pasted = java.util.Base64.getEncoder().encodeToString(secret(32, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SessionKey.of(pasted, ContentAlgorithm.A256GCM, secret(32, 1)));
        assertFalse(e.getMessage().contains(pasted.substring(0, 8)), e.getMessage());
        assertTrue(e.getMessage().contains("kid of " + pasted.length() + " characters (not shown)"), e.getMessage());

        // Up to 20 characters, as for an algorithm name, the kid is quoted: it helps more than it can leak.
        String longest = "k/" + "x".repeat(18);
        e = assertThrows(IllegalArgumentException.class, () -> SessionKey.generate(longest, ContentAlgorithm.A256GCM));
        assertTrue(e.getMessage().contains("kid '" + longest + "' is not valid"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SessionKey.generate(longest + "x", ContentAlgorithm.A256GCM));
        assertTrue(e.getMessage().contains("kid of 21 characters (not shown)"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"k", "k-2026.01_a:b", "0123456789012345678901234567890123456789012345678901234567890123"})
    void of_kidOfAllowedCharacters_isKept(String kid) {
        assertEquals(kid, SessionKey.of(kid, ContentAlgorithm.A256GCM, secret(32, 1)).kid());
    }

    @ParameterizedTest
    @EnumSource(ContentAlgorithm.class)
    void generate_givesFreshKeysOfTheRightLength(ContentAlgorithm alg) {
        SessionKey a = SessionKey.generate("k", alg);
        SessionKey b = SessionKey.generate("k", alg);

        assertEquals(alg.keyLength(), a.secretCopy().length);
        assertNotEquals(a, b);
        assertEquals(alg, a.algorithm());
    }

    @ParameterizedTest
    @EnumSource(ContentAlgorithm.class)
    void toString_isRedacted(ContentAlgorithm alg) {
        byte[] secret = secret(alg.keyLength(), 7);
        SessionKey key = SessionKey.of("k-1", alg, secret);

        String text = key.toString();

        assertTrue(text.contains("k-1") && text.contains(alg.joseName()) && text.contains("redacted"), text);
        KeyRingTest.assertSecretAbsent(secret, text);
        assertFalse(text.contains("secret=["), text);
    }
}
