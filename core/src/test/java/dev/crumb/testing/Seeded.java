package dev.crumb.testing;

import java.util.Random;

/**
 * Property checks over seeded random inputs, in place of a property-testing library: a check
 * runs once per case with its own {@link Random}, and a failing case names its seed, so that
 * {@code -Dcrumb.seed=<seed>} replays exactly that case first.
 *
 * <p>Each run starts from a fresh base seed unless {@code crumb.seed} is set, so repeated builds
 * explore new inputs while every failure stays reproducible.
 */
public final class Seeded {

    /** The system property that fixes the seed of the first case. */
    public static final String SEED_PROPERTY = "crumb.seed";

    // Consecutive cases are a golden-ratio step apart: java.util.Random scrambles the seed, and
    // the step keeps neighbouring seeds from sharing low bits.
    private static final long STEP = 0x9E3779B97F4A7C15L;

    /** One case of a property; it may throw anything, which fails the property. */
    @FunctionalInterface
    public interface Case {
        void run(Random random) throws Exception;
    }

    private Seeded() {}

    /**
     * Runs {@code check} for {@code tries} cases.
     *
     * @throws AssertionError naming the seed of the first case that failed, with its failure as cause
     */
    public static void forAll(int tries, Case check) {
        String fixed = System.getProperty(SEED_PROPERTY);
        long base = fixed == null || fixed.isBlank() ? new Random().nextLong() : Long.parseUnsignedLong(
                fixed.startsWith("0x") ? fixed.substring(2) : fixed, 16);
        for (int i = 0; i < tries; i++) {
            long seed = base + i * STEP;
            try {
                check.run(new Random(seed));
            } catch (Throwable e) {
                String hex = "0x" + Long.toHexString(seed);
                String message = "case " + (i + 1) + " of " + tries + " failed with seed " + hex
                        + "; replay it with -D" + SEED_PROPERTY + "=" + hex;
                System.err.println(message);
                throw new AssertionError(message + ": " + e, e);
            }
        }
    }

    /** A uniform int in {@code [min, max]}, both inclusive. */
    public static int between(Random r, int min, int max) {
        return (int) between(r, (long) min, (long) max);
    }

    /** A uniform long in {@code [min, max]}, both inclusive. */
    public static long between(Random r, long min, long max) {
        if (max < Long.MAX_VALUE) {
            return r.nextLong(min, max + 1);
        }
        return min == Long.MIN_VALUE ? r.nextLong() : r.nextLong(min - 1, max) + 1;
    }

    /** One of {@code choices}, uniformly. */
    @SafeVarargs
    public static <T> T oneOf(Random r, T... choices) {
        return choices[r.nextInt(choices.length)];
    }

    /** A string of {@code minLength} to {@code maxLength} characters drawn from {@code alphabet}. */
    public static String stringOf(Random r, String alphabet, int minLength, int maxLength) {
        int n = between(r, minLength, maxLength);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
