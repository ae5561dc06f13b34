package dev.crumb.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every Java sample in the README is one of the compiled regions of {@link #SNIPPETS}
 * (ReadmeSnippets, NettyExample and the Spring Boot module's snippets), verbatim;
 * {@link ReadmeServersTest} runs the ones that serve HTTP.
 */
class ReadmeTest {

    private static final Pattern REGION = Pattern.compile("(?m)^([ \\t]*)// README:(\\S+)\\n(.*?)^[ \\t]*// END$", Pattern.DOTALL);
    private static final Pattern JAVA_BLOCK = Pattern.compile("(?m)^```java\\n(.*?)^```$", Pattern.DOTALL);

    /** The snippet files: this module's, and the Spring Boot module's, which compiles against Spring. */
    static final List<Path> SNIPPETS = List.of(Path.of("src/test/java/dev/crumb/examples/ReadmeSnippets.java"),
            Path.of("src/main/java/dev/crumb/examples/NettyExample.java"),
            Path.of("../spring-boot/crumb-spring-boot/src/test/java/dev/crumb/spring/ReadmeSpringSnippets.java"));

    static Map<String, String> regions() throws Exception {
        Map<String, String> regions = new LinkedHashMap<>();
        for (Path file : SNIPPETS) {
            Matcher m = REGION.matcher(Files.readString(file));
            while (m.find()) {
                regions.put(m.group(2), dedent(m.group(3)));
            }
        }
        return regions;
    }

    static List<String> readmeBlocks() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        List<String> blocks = new ArrayList<>();
        Matcher m = JAVA_BLOCK.matcher(readme);
        while (m.find()) {
            blocks.add(m.group(1).strip());
        }
        return blocks;
    }

    static String dedent(String text) {
        List<String> lines = text.lines().toList();
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
        }
        return sb.toString().strip();
    }

    @Test
    void everyJavaSampleInTheReadme_isACompiledRegion() throws Exception {
        Map<String, String> regions = regions();
        List<String> blocks = readmeBlocks();
        assertFalse(blocks.isEmpty(), "README has no java samples");
        for (String block : blocks) {
            assertTrue(regions.containsValue(block),
                    "README sample is not in ReadmeSnippets (copy it there, or fix the README):\n" + block);
        }
        assertEquals(regions.size(), blocks.size(), "every compiled region is quoted once: " + regions.keySet());
    }
}
