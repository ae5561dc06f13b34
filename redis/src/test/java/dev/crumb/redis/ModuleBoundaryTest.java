package dev.crumb.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layout rule of DESIGN.md for this module: it uses core only through {@code dev.crumb}
 * (never {@code dev.crumb.internal}, Jackson, Nimbus or Bouncy Castle), and Redis only through
 * Lettuce.
 */
class ModuleBoundaryTest {

    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final List<String> ALLOWED = List.of("java.", "dev.crumb.redis.", "io.lettuce.core.");

    @Test
    void mainSources_importOnlyCorePublicApi_lettuceAndTheJdk() throws IOException {
        Path root = Path.of("src/main/java");
        List<String> bad = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertFalse(files.isEmpty(), "no sources under " + root.toAbsolutePath());
        for (Path f : files) {
            Matcher m = IMPORT.matcher(Files.readString(f));
            while (m.find()) {
                String name = m.group(1);
                boolean corePublic = name.startsWith("dev.crumb.") && name.indexOf('.', "dev.crumb.".length()) < 0;
                if (!corePublic && ALLOWED.stream().noneMatch(name::startsWith)) {
                    bad.add(f.getFileName() + ": " + name);
                }
            }
        }
        assertEquals(List.of(), bad);
    }
}
