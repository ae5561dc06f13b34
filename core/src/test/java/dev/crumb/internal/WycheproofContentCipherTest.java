package dev.crumb.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crumb.TestVectors;
import dev.crumb.TestVectors.Wycheproof;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Wycheproof AEAD vectors through {@link ContentCipher}: known answers for the parameters JWE
 * uses, must-reject for modified tags, and must-reject for every other IV or key size.
 */
class WycheproofContentCipherTest {

    private static final String GCM = "aes_gcm_test.json";
    private static final String CBC_HS512 = "a256cbc_hs512_test.json";

    @TestFactory
    Stream<DynamicTest> aesGcm_256BitKey96BitIv_matchesVectors() {
        List<Wycheproof> vectors = TestVectors.wycheproof(GCM).stream()
                .filter(v -> sizes(v, 256, 96, 128))
                .toList();
        assertEquals(66, vectors.size(), "256-bit key, 96-bit IV groups");
        return vectors.stream().map(v -> DynamicTest.dynamicTest(v.name(),
                () -> check(v, key -> ContentCipher.aesGcm(key, "wycheproof"))));
    }

    @TestFactory
    Stream<DynamicTest> aesCbcHmacSha512_matchesVectors() {
        List<Wycheproof> vectors = TestVectors.wycheproof(CBC_HS512);
        assertTrue(vectors.stream().allMatch(v -> sizes(v, 512, 128, 256)), "one parameter set only");
        assertEquals(94, vectors.size());
        return vectors.stream().map(v -> DynamicTest.dynamicTest(v.name(),
                () -> check(v, ContentCipher::aesCbcHmacSha512)));
    }

    @TestFactory
    Stream<DynamicTest> aesGcm_ivOtherThan96Bits_isRefused() {
        return TestVectors.wycheproof(GCM).stream()
                .filter(v -> v.group().get("keySize").asInt() == 256 && v.group().get("ivSize").asInt() != 96)
                .map(v -> DynamicTest.dynamicTest(v.name() + " (iv " + v.group().get("ivSize") + " bits)", () -> {
                    ContentCipher cipher = ContentCipher.aesGcm(v.bytes("key"), "wycheproof");
                    byte[] iv = v.bytes("iv");
                    byte[] ct = v.bytes("ct");
                    assertNull(cipher.decrypt(iv, v.bytes("aad"), ct, 0, ct.length, v.bytes("tag")),
                            "JWE A256GCM takes only 96-bit IVs, even where the vector is valid GCM");
                    byte[] msg = v.bytes("msg");
                    assertThrows(IllegalArgumentException.class, () -> cipher.encrypt(iv, v.bytes("aad"),
                            msg, 0, msg.length, new byte[msg.length + 16], 0));
                }));
    }

    @TestFactory
    Stream<DynamicTest> aesGcm_keyOtherThan256Bits_isRefused() {
        return TestVectors.wycheproof(GCM).stream()
                .filter(v -> v.group().get("keySize").asInt() != 256)
                .map(v -> DynamicTest.dynamicTest(v.name() + " (key " + v.group().get("keySize") + " bits)",
                        () -> assertThrows(IllegalArgumentException.class,
                                () -> ContentCipher.aesGcm(v.bytes("key"), "wycheproof"))));
    }

    private static boolean sizes(Wycheproof v, int keyBits, int ivBits, int tagBits) {
        return v.group().get("keySize").asInt() == keyBits
                && v.group().get("ivSize").asInt() == ivBits
                && v.group().get("tagSize").asInt() == tagBits;
    }

    private static void check(Wycheproof v, Function<byte[], ContentCipher> algorithm) {
        ContentCipher cipher = algorithm.apply(v.bytes("key"));
        byte[] iv = v.bytes("iv");
        byte[] aad = v.bytes("aad");
        byte[] msg = v.bytes("msg");
        byte[] ct = v.bytes("ct");
        byte[] tag = v.bytes("tag");

        byte[] opened = cipher.decrypt(iv, aad, ct, 0, ct.length, tag);
        switch (v.result()) {
            case "valid" -> {
                assertArrayEquals(msg, opened, "decrypt");
                assertEquals(ct.length, cipher.ciphertextLength(msg.length), "ciphertextLength");
                byte[] sealed = new byte[ct.length + tag.length];
                int written = cipher.encrypt(iv, aad, msg, 0, msg.length, sealed, 0);
                assertEquals(sealed.length, written, "bytes written");
                assertArrayEquals(concat(ct, tag), sealed, "encrypt gives ct || tag");
            }
            case "invalid" -> assertNull(opened, "decrypt must fail");
            case "acceptable" -> {
                if (opened != null) {
                    assertArrayEquals(msg, opened, "an accepted vector must decrypt to its message");
                }
            }
            default -> throw new AssertionError("unknown result " + v.result());
        }
        // The same ciphertext at an offset inside a larger buffer opens the same way.
        byte[] shifted = new byte[ct.length + 7];
        System.arraycopy(ct, 0, shifted, 5, ct.length);
        byte[] openedShifted = cipher.decrypt(iv, aad, shifted, 5, ct.length, tag);
        assertEquals(opened == null, openedShifted == null, "decrypt at an offset");
        if (opened != null) {
            assertArrayEquals(opened, openedShifted);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
