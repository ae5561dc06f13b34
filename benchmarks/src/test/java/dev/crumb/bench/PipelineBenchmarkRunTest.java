package dev.crumb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;

/**
 * Keeps {@link PipelineBenchmark} honest: each configuration answers 200 without Set-Cookie (its
 * setup checks that, and the reads fail with 401 if the session did not open), every request
 * gets a response of the same size, and the benchmark runs under JMH. The numbers are
 * meaningless.
 */
class PipelineBenchmarkRunTest {

    @Test
    void everyRequestIsAnsweredAlike() {
        for (PipelineBenchmark.Request request : PipelineBenchmark.Request.values()) {
            PipelineBenchmark benchmark = new PipelineBenchmark();
            benchmark.request = request;
            benchmark.setup();
            try {
                int first = benchmark.request();
                assertTrue(first > 0, request.name());
                for (int i = 0; i < 100; i++) {
                    assertEquals(first, benchmark.request(), request.name() + ", request " + i);
                }
            } finally {
                benchmark.tearDown();
            }
        }
    }

    @Test
    void everyConfigurationRunsUnderJmh() throws Exception {
        System.setProperty("jmh.ignoreLock", "true");
        Options options = BenchmarksRunTest.smokeRun()
                .include(PipelineBenchmark.class.getName() + ".*")
                .build();
        Collection<RunResult> results = new Runner(options).run();
        assertEquals(PipelineBenchmark.Request.values().length, results.size());
        for (RunResult r : results) {
            assertTrue(r.getPrimaryResult().getScore() > 0, r.getParams().toString());
        }
    }
}
