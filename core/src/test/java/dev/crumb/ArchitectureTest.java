package dev.crumb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
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
 * The rules of DESIGN.md that the compiler does not enforce, checked on the main sources of core
 * and, where present beside it, of the adapters: only {@code dev.crumb.internal} touches Jackson,
 * Nimbus or Bouncy Castle, and no main source opens a door to deserializing class names.
 */
class ArchitectureTest {

    private static final String INTERNAL = "dev.crumb.internal";
    private static final List<String> HIDDEN_LIBRARIES = List.of("com.fasterxml.jackson", "com.nimbusds", "org.bouncycastle");
    private static final List<String> FORBIDDEN_ANYWHERE =
            List.of("ObjectInputStream", "activateDefaultTyping", "enableDefaultTyping", "@JsonTypeInfo");
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

    /** A rule broken at a line of a file. */
    private record Violation(Path file, int line, String what) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + what;
        }
    }

    /** The module's base directory: surefire runs tests there; an IDE may run them from the root. */
    private static Path moduleDir() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        if (!Files.isDirectory(dir.resolve("src/main/java/dev/crumb")) && Files.isDirectory(dir.resolve("core/src/main/java"))) {
            dir = dir.resolve("core");
        }
        return dir;
    }

    static List<Path> sourceRoots() {
        Path core = moduleDir();
        List<Path> roots = new ArrayList<>();
        roots.add(core.resolve("src/main/java"));
        for (String adapter : List.of("servlet-adapter", "netty-adapter")) {
            Path root = core.resolveSibling(adapter).resolve("src/main/java").normalize();
            if (Files.isDirectory(root)) {
                roots.add(root);
            }
        }
        return roots;
    }

    static List<Path> javaFiles(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The source with comments blanked out (line breaks kept, so line numbers hold). */
    static String withoutComments(String src) {
        StringBuilder out = new StringBuilder(src.length());
        int i = 0;
        int n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            if (src.startsWith("//", i)) {
                while (i < n && src.charAt(i) != '\n') {
                    out.append(' ');
                    i++;
                }
            } else if (src.startsWith("/*", i)) {
                int end = src.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                for (; i < end; i++) {
                    out.append(src.charAt(i) == '\n' ? '\n' : ' ');
                }
            } else if (src.startsWith("\"\"\"", i)) {
                int end = src.indexOf("\"\"\"", i + 3);
                end = end < 0 ? n : end + 3;
                out.append(src, i, end);
                i = end;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && src.charAt(j) != c && src.charAt(j) != '\n') {
                    j += src.charAt(j) == '\\' ? 2 : 1;
                }
                j = Math.min(n, j + 1);
                out.append(src, i, j);
                i = j;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static final Pattern CORE_MODULE = Pattern.compile("\\bmodule\\s+dev\\.crumb\\s*\\{");
    private static final Pattern REQUIRES = Pattern.compile("^\\s*requires\\s+[\\w.]+\\s*;\\s*$");

    static List<Violation> check(Path file, String source) {
        String code = withoutComments(source);
        Matcher m = PACKAGE.matcher(code);
        String pkg = m.find() ? m.group(1) : "";
        boolean internal = pkg.equals(INTERNAL) || pkg.startsWith(INTERNAL + ".");
        // Core's descriptor is where the hidden libraries are required; no other module may require them.
        boolean coreDescriptor = file.endsWith("module-info.java") && CORE_MODULE.matcher(code).find();
        List<Violation> found = new ArrayList<>();
        String[] lines = code.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!internal && !(coreDescriptor && REQUIRES.matcher(lines[i]).find())) {
                for (String library : HIDDEN_LIBRARIES) {
                    if (Pattern.compile("\\b" + Pattern.quote(library) + "\\b").matcher(lines[i]).find()) {
                        found.add(new Violation(file, i + 1, library + " used outside " + INTERNAL + " (package " + pkg + ")"));
                    }
                }
            }
            for (String word : FORBIDDEN_ANYWHERE) {
                if (lines[i].contains(word)) {
                    found.add(new Violation(file, i + 1, word));
                }
            }
        }
        return found;
    }

    @Test
    void mainSources_obeyTheDependencyAndDeserializationRules() throws IOException {
        List<Violation> violations = new ArrayList<>();
        int files = 0;
        Path project = moduleDir().getParent();
        for (Path root : sourceRoots()) {
            for (Path file : javaFiles(root)) {
                files++;
                violations.addAll(check(project.relativize(file), Files.readString(file, StandardCharsets.UTF_8)));
            }
        }

        assertTrue(files >= 10, "found only " + files + " main sources under " + sourceRoots());
        assertEquals(List.of(), violations, () -> "rules broken:\n" + String.join("\n",
                violations.stream().map(Violation::toString).toList()));
    }

    @Test
    void mainSources_ofCore_includeTheInternalPackageThatMayUseTheLibraries() throws IOException {
        // Guards the scan against silently looking at the wrong tree.
        Path json = sourceRoots().get(0).resolve("dev/crumb/internal/Json.java");
        assertTrue(Files.isRegularFile(json), json.toString());
        assertTrue(withoutComments(Files.readString(json)).contains("com.fasterxml.jackson"));
    }

    @Test
    void check_letsOnlyCoresDescriptorRequireTheHiddenLibraries() {
        Path f = Path.of("module-info.java");
        String core = "module dev.crumb {\n    requires com.fasterxml.jackson.databind;\n    exports dev.crumb;\n}\n";
        String adapter = "module dev.crumb.servlet {\n    requires com.fasterxml.jackson.databind;\n}\n";
        String leaky = "module dev.crumb {\n    exports dev.crumb.internal to com.fasterxml.jackson.databind;\n}\n";

        assertEquals(List.of(), check(f, core));
        assertEquals(List.of(2), check(f, adapter).stream().map(Violation::line).toList());
        assertEquals(List.of(2), check(f, leaky).stream().map(Violation::line).toList());
    }

    @Test
    void check_findsEachKindOfViolation() {
        Path f = Path.of("Sample.java");
        String api = "package dev.crumb.servlet;\n"
                + "import com.nimbusds.jose.JWEObject;\n"
                + "class A { Object o = new com.fasterxml.jackson.databind.ObjectMapper(); }\n"
                + "class B { org.bouncycastle.crypto.Digest d; }\n";
        assertEquals(List.of(2, 3, 4), check(f, api).stream().map(Violation::line).toList());

        String internal = "package dev.crumb.internal;\n"
                + "import com.fasterxml.jackson.annotation.JsonTypeInfo;\n"
                + "@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS) class C {}\n"
                + "class D { void f(java.io.ObjectInputStream in) {} }\n"
                + "class E { void g(Object m) { /* ok: enableDefaultTyping */ m.activateDefaultTyping(null); } }\n";
        List<Violation> v = check(f, internal);
        assertEquals(List.of(3, 4, 5), v.stream().map(Violation::line).toList(), v::toString);
    }

    @Test
    void withoutComments_blanksCommentsOnly() {
        String src = "a // com.nimbusds\nb /* @JsonTypeInfo\n */ c \"// kept\" '/' d";
        String code = withoutComments(src);

        assertFalse(code.contains("nimbusds"));
        assertFalse(code.contains("JsonTypeInfo"));
        assertTrue(code.contains("\"// kept\""));
        assertTrue(code.contains("'/' d"));
        assertEquals(src.lines().count(), code.lines().count());
    }
}
