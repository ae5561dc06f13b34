package dev.crumb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Core's public API is these sixteen types, the ones the README's API section lists. A type made
 * public, or a new public nested type, fails here: add it to the README and the CHANGELOG too.
 */
class ApiSurfaceTest {

    private static final Set<String> API = Set.of(
            "CookieSessions", "CookieSessions$Builder", "CookieSpec", "InMemoryRevocations", "KeyRing",
            "OpenResult", "RejectReason", "RevocationCheck", "Session", "SessionCodec", "SessionData",
            "SessionData$Builder", "SessionException", "SessionListener", "SessionListener$ResealCause",
            "TypeRef");

    @Test
    void publicTypesOfDevCrumb_areTheSixteenOfTheReadme()
            throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(CookieSessions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> found = new TreeSet<>();
        try (Stream<Path> files = Files.list(classes.resolve("dev/crumb"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = file.getFileName().toString().replace(".class", "");
                if (isPublicApi(Class.forName("dev.crumb." + name, false, getClass().getClassLoader()))) {
                    found.add(name);
                }
            }
        }

        assertEquals(new TreeSet<>(API), found);
    }

    /** Public, and so are all the types it is nested in. */
    private static boolean isPublicApi(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            if (!Modifier.isPublic(c.getModifiers()) || c.isAnonymousClass()) {
                return false;
            }
        }
        return true;
    }
}
