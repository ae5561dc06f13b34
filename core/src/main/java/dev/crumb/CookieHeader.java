package dev.crumb;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds one cookie's values in Cookie request headers (RFC 6265 section 5.4 syntax, parsed
 * leniently): pairs separated by {@code ;}, optional spaces, values optionally in double quotes,
 * junk pairs skipped. One pass, linear in the input, and input beyond {@link #MAX_HEADER_LENGTH}
 * characters is not read.
 */
final class CookieHeader {

    /** Longest Cookie header text considered, in characters (all headers of a request together). */
    static final int MAX_HEADER_LENGTH = 64 * 1024;
    /** Highest chunk index looked for ({@code name.0} to {@code name.15}). */
    static final int MAX_CHUNKS = 16;

    /**
     * A value found for {@code name} (index -1) or for chunk {@code name.N} (index N): the
     * characters {@code [start, end)} of the header it was found in, so that a token is opened
     * where it lies rather than copied out first. Equal to another found value with the same
     * index and characters.
     */
    static final class Found {
        private final int index;
        private final String header;
        private final int start;
        private final int end;

        /** A value that is a whole string. */
        Found(int index, String value) {
            this(index, value, 0, value.length());
        }

        Found(int index, String header, int start, int end) {
            this.index = index;
            this.header = header;
            this.start = start;
            this.end = end;
        }

        int index() {
            return index;
        }

        /** The header the value lies in. */
        String header() {
            return header;
        }

        int start() {
            return start;
        }

        int end() {
            return end;
        }

        /** The value as a string of its own. */
        String value() {
            return header.substring(start, end);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Found f && index == f.index && end - start == f.end - f.start
                    && header.regionMatches(start, f.header, f.start, end - start);
        }

        @Override
        public int hashCode() {
            return 31 * index + value().hashCode();
        }

        @Override
        public String toString() {
            return "Found[index=" + index + ", length=" + (end - start) + "]";
        }
    }

    private CookieHeader() {}

    /**
     * Every value of {@code name} and of its chunks {@code name.0 .. name.15}, in header order.
     * Returns null if the headers are longer than {@link #MAX_HEADER_LENGTH} in total.
     */
    static List<Found> find(List<String> headers, String name) {
        List<Found> found = new ArrayList<>(2);
        int total = 0;
        for (String h : headers) {
            if (h == null) {
                continue;
            }
            total += h.length();
            if (total > MAX_HEADER_LENGTH) {
                return null;
            }
            scan(h, name, found);
        }
        return found;
    }

    private static void scan(String h, String name, List<Found> found) {
        int n = h.length();
        int i = 0;
        while (i < n) {
            int end = h.indexOf(';', i);
            if (end < 0) {
                end = n;
            }
            int eq = i;
            while (eq < end && h.charAt(eq) != '=') {
                eq++;
            }
            if (eq > i && eq < end) {
                int ns = skipSpace(h, i, eq);
                int ne = trimEnd(h, ns, eq);
                int index = match(h, ns, ne, name);
                if (index != NO_MATCH) {
                    int vs = skipSpace(h, eq + 1, end);
                    int ve = trimEnd(h, vs, end);
                    if (ve - vs >= 2 && h.charAt(vs) == '"' && h.charAt(ve - 1) == '"') {
                        vs++;
                        ve--;
                    }
                    found.add(new Found(index, h, vs, ve));
                }
            }
            i = end + 1;
        }
    }

    private static final int NO_MATCH = -2;

    /** -1 for the name itself, N for {@code name.N}, NO_MATCH otherwise. */
    private static int match(String h, int from, int to, String name) {
        int len = name.length();
        if (to - from < len || !h.regionMatches(from, name, 0, len)) {
            return NO_MATCH;
        }
        if (to - from == len) {
            return -1;
        }
        if (h.charAt(from + len) != '.' || to - from - len - 1 < 1 || to - from - len - 1 > 2) {
            return NO_MATCH;
        }
        int index = 0;
        for (int k = from + len + 1; k < to; k++) {
            char c = h.charAt(k);
            if (c < '0' || c > '9') {
                return NO_MATCH;
            }
            index = index * 10 + (c - '0');
        }
        // "name.01" is not the canonical spelling of chunk 1.
        if (to - from - len - 1 == 2 && h.charAt(from + len + 1) == '0') {
            return NO_MATCH;
        }
        return index < MAX_CHUNKS ? index : NO_MATCH;
    }

    private static int skipSpace(String s, int i, int end) {
        while (i < end && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static int trimEnd(String s, int start, int end) {
        while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return end;
    }
}
