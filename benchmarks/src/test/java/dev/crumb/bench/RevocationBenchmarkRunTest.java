package dev.crumb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;

/**
 * Runs {@link RevocationBenchmark} once per check for a few milliseconds, so that its setup
 * cannot break unnoticed. {@code REDIS} needs {@code redis-server}: without it the case is left
 * out locally and fails under CI, where {@code .ci/run} installs it. The numbers are meaningless.
 */
class RevocationBenchmarkRunTest {

    @Test
    void everyCheckRuns() throws Exception {
        boolean haveRedis = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, "redis-server")));
        if (!haveRedis && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("redis-server is not installed: under CI the REDIS case must run (.ci/run installs it)");
        }
        String[] checks = haveRedis ? new String[] {"NONE", "IN_MEMORY", "REDIS"} : new String[] {"NONE", "IN_MEMORY"};
        Options options = BenchmarksRunTest.smokeRun()
                .include(RevocationBenchmark.class.getName() + ".*")
                .param("check", checks)
                .param("revoked", "100")
                .build();
        Collection<RunResult> results = new Runner(options).run();
        assertEquals(checks.length, results.size());
        for (RunResult r : results) {
            assertTrue(r.getPrimaryResult().getScore() > 0, r.getParams().toString());
        }
    }
}
