package dev.crumb.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.util.Version;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The build runs this module's suite once per Netty line (4.2, and 4.1 in a run of its own; see the
 * pom), with {@code crumb.netty} set to the version that run is for: this test says which Netty
 * ran, and fails if the class path mixes in any other version.
 */
class NettyVersionTest {

    @Test
    void everyNettyJar_isTheVersionThisRunIsFor() {
        Map<String, String> versions = new TreeMap<>();
        Version.identify().forEach((artifact, version) -> versions.put(artifact, version.artifactVersion()));
        System.out.println("[netty] the Netty suite runs on " + versions.get("netty-codec-http") + ": " + versions);
        assertTrue(versions.containsKey("netty-codec-http"), "netty-codec-http is not on the class path: " + versions);

        String expected = System.getProperty("crumb.netty");
        assumeTrue(expected != null, "crumb.netty is not set: this run is not one of the build's matrix");
        versions.forEach((artifact, version) -> assertEquals(expected, version, artifact));
    }
}
