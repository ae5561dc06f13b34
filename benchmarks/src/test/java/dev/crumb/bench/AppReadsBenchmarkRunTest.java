package dev.crumb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;

/**
 * Runs {@link AppReadsBenchmark} at every parameter combination for a few milliseconds, so that
 * its setup (which checks the reads succeed and commit writes nothing) cannot break unnoticed.
 * The numbers are meaningless.
 */
class AppReadsBenchmarkRunTest {

    @Test
    void everyCombinationRuns() throws Exception {
        System.setProperty("jmh.ignoreLock", "true");
        Options options = BenchmarksRunTest.smokeRun()
                .include(AppReadsBenchmark.class.getName() + ".*")
                .build();
        Collection<RunResult> results = new Runner(options).run();
        assertEquals(PayloadSize.values().length * Alg.values().length * AppReadsBenchmark.Reads.values().length,
                results.size());
        for (RunResult r : results) {
            assertTrue(r.getPrimaryResult().getScore() > 0, r.getParams().toString());
        }
    }
}
