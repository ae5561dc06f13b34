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
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

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
        Options options = new OptionsBuilder()
                .include(RevocationBenchmark.class.getName() + ".*")
                .param("check", checks)
                .param("revoked", "100")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(10))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        assertEquals(checks.length, results.size());
        for (RunResult r : results) {
            assertTrue(r.getPrimaryResult().getScore() > 0, r.getParams().toString());
        }
    }
}
