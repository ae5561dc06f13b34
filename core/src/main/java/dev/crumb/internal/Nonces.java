package dev.crumb.internal;

import java.nio.ByteBuffer;
import java.security.DrbgParameters;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Random bytes for IVs and session ids from a per-thread NIST SP 800-90A DRBG (the JDK's
 * {@code DRBG}, 256-bit strength, self-seeded from the system source).
 *
 * <p>A shared {@code SecureRandom} is synchronized and costs about five times more per 12 bytes;
 * each thread here draws from its own generator through a small buffer, so the cost per IV is a
 * copy. Values are only ever handed out once.
 *
 * <p>The per-thread state is held in JDK types only (a {@link SecureRandom} and a
 * {@link ByteBuffer}), never in a class of Crumb's: a servlet container's threads outlive the
 * webapp, and a value of a webapp class left on them would pin the webapp's class loader after
 * an undeploy (Tomcat reports it as a ThreadLocal leak). What stays behind refers to nothing of
 * the webapp, and its thread-local keys go with the webapp's classes.
 */
public final class Nonces {

    private static final int BUFFER = 512;

    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(Nonces::newRandom);
    /** Random bytes not yet handed out: from the position to the limit. */
    private static final ThreadLocal<ByteBuffer> BUFFERED =
            ThreadLocal.withInitial(() -> ByteBuffer.allocate(BUFFER).position(BUFFER));

    private Nonces() {}

    /** Fills {@code out} with fresh random bytes. */
    public static void fill(byte[] out) {
        if (out.length > BUFFER) {
            RANDOM.get().nextBytes(out);
            return;
        }
        ByteBuffer buffer = BUFFERED.get();
        if (buffer.remaining() < out.length) {
            RANDOM.get().nextBytes(buffer.array());
            buffer.clear();
        }
        int from = buffer.position();
        buffer.get(out);
        // Wipe what was handed out so the buffer never holds a value that is already in use.
        Arrays.fill(buffer.array(), from, from + out.length, (byte) 0);
    }

    /** Returns {@code n} fresh random bytes. */
    public static byte[] bytes(int n) {
        byte[] out = new byte[n];
        fill(out);
        return out;
    }

    private static SecureRandom newRandom() {
        try {
            return SecureRandom.getInstance("DRBG",
                    DrbgParameters.instantiation(256, DrbgParameters.Capability.NONE, null));
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }
}
