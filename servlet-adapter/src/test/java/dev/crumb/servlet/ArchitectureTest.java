package dev.crumb.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The adapter sees only core's public API and the Servlet API: no Jackson, Nimbus or Bouncy Castle
 * (they are core's secret, reachable only through {@code dev.crumb.internal}), and not
 * {@code dev.crumb.internal} itself.
 */
class ArchitectureTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/crumb/servlet");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final List<String> ALLOWED = List.of("java.", "jakarta.servlet.", "dev.crumb.");
    private static final List<String> FORBIDDEN = List.of("dev.crumb.internal", "com.fasterxml", "com.nimbusds",
            "org.bouncycastle");

    @Test
    void adapterImportsOnlyCoreApiAndServletApi() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path file : sources()) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            Matcher m = IMPORT.matcher(text);
            while (m.find()) {
                String name = m.group(2);
                if (ALLOWED.stream().noneMatch(name::startsWith) || FORBIDDEN.stream().anyMatch(name::startsWith)) {
                    violations.add(file.getFileName() + ": import " + name);
                }
            }
            for (String forbidden : FORBIDDEN) {
                // Also catches fully qualified uses that need no import.
                if (text.contains(forbidden + ".")) {
                    violations.add(file.getFileName() + ": mentions " + forbidden);
                }
            }
        }
        assertEquals(List.of(), violations);
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.list(SOURCES)) {
            List<Path> list = files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
            assertFalse(list.isEmpty(), "no sources under " + SOURCES.toAbsolutePath());
            return list;
        }
    }
}
