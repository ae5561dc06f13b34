package dev.crumb.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crumb's jars as JPMS modules: each has its own descriptor and stable name, core exports only
 * {@code dev.crumb}, and an application module can neither compile against nor reflect into
 * {@code dev.crumb.internal}, while its sessions work on the module path, its own types
 * included.
 */
class ModulePathTest {

    /** Core and what it requires, from this test's class path: the module path of an application. */
    private static final List<String> CORE_AND_ITS_REQUIREMENTS =
            List.of("crumb-core", "core" + File.separator + "target", "jackson-", "nimbus-jose-jwt", "bcprov-");

    @Test
    void everyCrumbJar_isANamedModule_andCoreExportsItsApiOnly() {
        Map<String, ModuleDescriptor> crumb = new TreeMap<>();
        for (Path entry : classPath()) {
            for (ModuleReference ref : ModuleFinder.of(entry).findAll()) {
                if (ref.descriptor().name().startsWith("dev.crumb")) {
                    crumb.put(ref.descriptor().name(), ref.descriptor());
                }
            }
        }

        assertEquals(Set.of("dev.crumb", "dev.crumb.netty", "dev.crumb.redis", "dev.crumb.servlet"), crumb.keySet());
        crumb.values().forEach(d -> assertFalse(d.isAutomatic(), d.name() + " has no module-info"));
        ModuleDescriptor core = crumb.get("dev.crumb");
        assertEquals(Set.of("dev.crumb"),
                core.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        assertTrue(core.opens().isEmpty(), "core opens " + core.opens());
        assertTrue(core.packages().contains("dev.crumb.internal"));
    }

    @Test
    void applicationModule_cannotCompileAgainstInternal(@TempDir Path dir) throws IOException {
        Path src = write(dir.resolve("src"), Map.of(
                "module-info.java", "module shop { requires dev.crumb; }",
                "shop/Peek.java", "package shop; public class Peek { Object json = dev.crumb.internal.Json.class; }"));

        String errors = compile(src, dir.resolve("out"));

        assertTrue(errors.contains("package dev.crumb.internal is declared in module dev.crumb, which does not export it"),
                errors);
    }

    @Test
    void applicationModule_keepsTypedSessions_andCannotReflectIntoInternal(@TempDir Path dir)
            throws IOException, InterruptedException {
        Path src = write(dir.resolve("src"), Map.of(
                "module-info.java", "module shop { requires dev.crumb; opens shop to com.fasterxml.jackson.databind; }",
                "shop/Item.java", "package shop; public record Item(String sku, int quantity) {}",
                "shop/Main.java", """
                        package shop;

                        import dev.crumb.CookieSessions;
                        import dev.crumb.KeyRing;
                        import dev.crumb.Session;

                        public class Main {
                            public static void main(String[] args) throws Exception {
                                CookieSessions sessions = CookieSessions.builder().keys(KeyRing.generate())
                                        .storableTypes(Item.class).build();
                                Session first = sessions.load(null);
                                first.put("item", new Item("apple", 2));
                                String cookie = sessions.commit(first).get(0);
                                Session next = sessions.load(cookie.substring(0, cookie.indexOf(';')));
                                System.out.println("read " + next.get("item"));
                                System.out.println("module " + CookieSessions.class.getModule().getName());
                                try {
                                    Class.forName("dev.crumb.internal.Json").getDeclaredFields()[0].setAccessible(true);
                                    System.out.println("internal open");
                                } catch (RuntimeException e) {
                                    System.out.println("internal closed: " + e.getClass().getSimpleName());
                                }
                            }
                        }
                        """));
        Path out = dir.resolve("out");
        assertEquals("", compile(src, out));

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", out + File.pathSeparator + modulePath(), "--module", "shop/shop.Main"));
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(java.waitFor(60, TimeUnit.SECONDS), "the module did not finish in 60 s");
        String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertEquals(0, java.exitValue(), output);
        assertEquals(List.of("read Item[sku=apple, quantity=2]", "module dev.crumb",
                "internal closed: InaccessibleObjectException"), output.lines().toList(), output);
    }

    private static String compile(Path src, Path out) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> sources;
        try (var files = Files.walk(src)) {
            sources = files.filter(f -> f.toString().endsWith(".java")).map(Path::toString).toList();
        }
        // An explicit, empty class path: left out, the in-process javac would take this JVM's,
        // where core's classes sit in the unnamed module.
        Path noClassPath = Files.createDirectories(out.resolveSibling("empty-class-path"));
        List<String> args = new ArrayList<>(List.of("--release", "17", "-d", out.toString(),
                "--class-path", noClassPath.toString(), "--module-path", modulePath()));
        args.addAll(sources);
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        javac.run(null, errors, errors, args.toArray(String[]::new));
        return errors.toString(StandardCharsets.UTF_8);
    }

    private static String modulePath() {
        return classPath().stream()
                .filter(p -> CORE_AND_ITS_REQUIREMENTS.stream().anyMatch(p.toString()::contains))
                .map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static List<Path> classPath() {
        return List.of(System.getProperty("java.class.path").split(File.pathSeparator)).stream()
                .map(Path::of)
                .filter(Files::exists)
                .toList();
    }

    private static Path write(Path root, Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path file = root.resolve(f.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, f.getValue());
        }
        return root;
    }
}
