package dev.crumb.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The adapter talks to core through {@code dev.crumb} only: Jackson, Nimbus and Bouncy Castle stay
 * hidden in {@code dev.crumb.internal}, which the adapter does not touch either.
 */
class DependencyRulesTest {

    private static final Path MAIN_SOURCES = Path.of("src", "main", "java");
    private static final List<String> ALLOWED_IMPORTS = List.of("java.", "io.netty.", "dev.crumb.");
    private static final List<String> FORBIDDEN = List.of(
            "dev.crumb.internal", "com.fasterxml", "com.nimbusds", "org.bouncycastle");

    @Test
    void mainSources_importOnlyTheJdkNettyAndCrumbsPublicApi() throws IOException {
        List<Path> sources = sources();
        assertFalse(sources.isEmpty(), "no sources found under " + MAIN_SOURCES.toAbsolutePath());

        List<String> violations = new ArrayList<>();
        for (Path source : sources) {
            List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                String where = MAIN_SOURCES.relativize(source) + ":" + (i + 1) + ": " + line;
                if (line.startsWith("import ")) {
                    String imported = line.substring("import ".length()).replace("static ", "");
                    if (ALLOWED_IMPORTS.stream().noneMatch(imported::startsWith)) {
                        violations.add(where);
                    }
                }
                if (FORBIDDEN.stream().anyMatch(line::contains)) {
                    violations.add(where);
                }
            }
        }
        assertEquals(List.of(), violations);
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN_SOURCES)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }
}
