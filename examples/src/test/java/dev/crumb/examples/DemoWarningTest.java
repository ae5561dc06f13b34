package dev.crumb.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The demo's no-keys warning gives commands that work as written. */
class DemoWarningTest {

    @Test
    void demoWarning_pointsToAJarThatItsOwnCommandBuilds() throws Exception {
        String warning = DemoApp.NO_KEYS_WARNING;
        Matcher build = Pattern.compile("mvn .*-pl (\\S+) -am package").matcher(warning);
        Matcher jar = Pattern.compile("java -jar (\\S+)/target/(\\S+)\\.jar").matcher(warning);
        assertTrue(build.find() && jar.find(), warning);
        assertEquals(build.group(1), jar.group(1), "the jar must be in the module the command builds");
        String pom = Files.readString(Path.of("..", jar.group(1), "pom.xml"));
        assertTrue(pom.contains("<finalName>" + jar.group(2) + "</finalName>"),
                jar.group(1) + "/pom.xml does not build " + jar.group(2) + ".jar");
    }
}
