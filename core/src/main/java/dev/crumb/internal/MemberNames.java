package dev.crumb.internal;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The member names of each open object, by nesting depth, for a parser that reads without
 * Jackson's {@code STRICT_DUPLICATE_DETECTION}: a duplicate is rejected exactly where Jackson's
 * check would reject it (names compared with {@code equals}, in every object at every depth), but
 * without its hash set for every object of three or more members. Objects in a session are small,
 * so a short array is searched, and a set is made only past {@link #LINEAR} members. One instance
 * per parse; not thread-safe.
 */
final class MemberNames {
    private static final int LINEAR = 16;

    private String[][] seen = new String[4][];
    private int[] counts = new int[4];
    private Set<String>[] sets = newSets(4);

    /** Starts a new object at {@code depth}, forgetting the names of the last one there. */
    void open(int depth) {
        if (depth >= counts.length) {
            int n = Math.max(depth + 1, counts.length * 2);
            seen = Arrays.copyOf(seen, n);
            counts = Arrays.copyOf(counts, n);
            sets = Arrays.copyOf(sets, n);
        }
        counts[depth] = 0;
        sets[depth] = null;
    }

    /** Records a name of the object open at {@code depth}; false if it already has it. */
    boolean add(int depth, String name) {
        int c = counts[depth];
        if (c < LINEAR) {
            String[] names = seen[depth];
            if (names == null) {
                names = new String[LINEAR];
                seen[depth] = names;
            }
            for (int i = 0; i < c; i++) {
                if (names[i].equals(name)) {
                    return false;
                }
            }
            names[c] = name;
            counts[depth] = c + 1;
            return true;
        }
        Set<String> set = sets[depth];
        if (set == null) {
            set = new HashSet<>(Arrays.asList(seen[depth]));
            sets[depth] = set;
        }
        counts[depth] = c + 1;
        return set.add(name);
    }

    @SuppressWarnings("unchecked")
    private static Set<String>[] newSets(int n) {
        return (Set<String>[]) new Set<?>[n];
    }
}
