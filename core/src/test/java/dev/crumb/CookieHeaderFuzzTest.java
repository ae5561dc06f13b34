package dev.crumb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Cookie header parser against a reference written straight from its specification (RFC
 * 6265 section 5.4, leniently: split at {@code ;}, name and value split at the first {@code =},
 * spaces and tabs trimmed, one pair of enclosing quotes dropped, {@code name.N} for chunks 0 to 15
 * spelled canonically). Seeds: real Cookie headers of browsers, with and without chunks.
 *
 * <p>For every input: the parser finds what the reference finds, whether the header arrives whole
 * or split at a {@code ;} into two header lines (as HTTP/2 may send it), and reads nothing of
 * headers longer than the limit.
 */
class CookieHeaderFuzzTest {

    private static final Pattern CHUNK = Pattern.compile("\\.(0|[1-9][0-9]?)");

    @FuzzTest
    void find(FuzzedDataProvider data) {
        String name = data.pickValue(new String[] {FuzzFixtures.COOKIE, "s", "__Host-sess.1", "a=b"});
        int split = data.consumeInt();
        String header = data.consumeRemainingAsString();

        List<CookieHeader.Found> found = CookieHeader.find(List.of(header), name);

        if (header.length() > CookieHeader.MAX_HEADER_LENGTH) {
            assertNull(found);
            return;
        }
        List<CookieHeader.Found> expected = reference(header, name);
        assertEquals(expected, found);
        // The same pairs in two header lines.
        int at = header.isEmpty() ? -1 : header.indexOf(';', Math.floorMod(split, header.length()));
        if (at >= 0) {
            assertEquals(expected, CookieHeader.find(List.of(header.substring(0, at), header.substring(at + 1)), name));
        }
    }

    /** What the parser must find: the reference, for this test and {@link CookieSessionsFuzzTest}. */
    static List<CookieHeader.Found> reference(String header, String name) {
        List<CookieHeader.Found> found = new ArrayList<>();
        for (String pair : header.split(";", -1)) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String n = trim(pair.substring(0, eq));
            String v = trim(pair.substring(eq + 1));
            if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                v = v.substring(1, v.length() - 1);
            }
            if (n.equals(name)) {
                found.add(new CookieHeader.Found(-1, v));
            } else if (n.startsWith(name)) {
                Matcher m = CHUNK.matcher(n.substring(name.length()));
                if (m.matches() && Integer.parseInt(m.group(1)) < CookieHeader.MAX_CHUNKS) {
                    found.add(new CookieHeader.Found(Integer.parseInt(m.group(1)), v));
                }
            }
        }
        return found;
    }

    /** Without leading and trailing spaces and tabs, the only whitespace RFC 6265 allows there. */
    private static String trim(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        return s.substring(from, to);
    }
}
