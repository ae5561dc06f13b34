package dev.crumb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class CookieHeaderTest {

    static List<CookieHeader.Found> find(String... headers) {
        return CookieHeader.find(List.of(headers), "s");
    }

    @Test
    void findsOurCookieAmongOthers() {
        assertEquals(List.of(new CookieHeader.Found(-1, "v")), find("a=1; s=v; b=2"));
    }

    @Test
    void toleratesSpacesQuotesAndJunk() {
        assertEquals(List.of(new CookieHeader.Found(-1, "v")), find(" ; junk;;=x; s = \"v\" ;"));
    }

    @Test
    void findsChunksAndIgnoresLookalikes() {
        assertEquals(List.of(new CookieHeader.Found(0, "a"), new CookieHeader.Found(15, "b")),
                find("s.0=a; s.01=x; s.16=y; s.x=z; ss=w; s.15=b; s.=q"));
    }

    @Test
    void joinsSeveralHeaders() {
        assertEquals(2, find("s=1", "s=2").size());
    }

    @Test
    void refusesOverlongInput() {
        assertNull(find("x".repeat(CookieHeader.MAX_HEADER_LENGTH + 1)));
    }

    @Test
    void manySemicolonsWithoutEquals_areHandled() {
        // Would be quadratic if each pair searched the rest of the header for '='.
        String header = ";".repeat(CookieHeader.MAX_HEADER_LENGTH - 10) + "s=v";
        assertEquals(List.of(new CookieHeader.Found(-1, "v")), find(header));
    }
}
