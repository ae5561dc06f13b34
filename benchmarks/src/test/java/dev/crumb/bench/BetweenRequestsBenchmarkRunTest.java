package dev.crumb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;

/**
 * Keeps {@link BetweenRequestsBenchmark} honest: in every configuration the timed session work
 * reads as the application expects, the work between requests keeps its loopback connection in
 * step (a request's bytes in, a response's out, no more), {@code SERVED} really waits for a paced
 * client, and the benchmark runs under JMH. The numbers are meaningless.
 */
class BetweenRequestsBenchmarkRunTest {

    @Test
    void everyConfigurationReadsTheSessionAfterItsWork() throws Exception {
        for (BetweenRequestsBenchmark.Between between : BetweenRequestsBenchmark.Between.values()) {
            for (AppReadsBenchmark.Reads reads : AppReadsBenchmark.Reads.values()) {
                BetweenRequestsBenchmark benchmark = new BetweenRequestsBenchmark();
                benchmark.between = between;
                benchmark.reads = reads;
                benchmark.gapMicros = 30;
                benchmark.setup();
                try {
                    for (int i = 0; i < 200; i++) {
                        benchmark.between();
                        assertTrue(benchmark.request(), between + " " + reads + ", request " + i);
                        benchmark.respond();
                    }
                } finally {
                    benchmark.tearDown();
                }
            }
        }
    }

    @Test
    void servedWaitsForThePacedClient() throws Exception {
        BetweenRequestsBenchmark benchmark = new BetweenRequestsBenchmark();
        benchmark.between = BetweenRequestsBenchmark.Between.SERVED;
        benchmark.reads = AppReadsBenchmark.Reads.STRINGS;
        // Far longer than a thread's wake-up, so only the client's own wait can account for it.
        benchmark.gapMicros = 2_000;
        benchmark.setup();
        try {
            int requests = 20;
            long waited = 0;
            for (int i = 0; i < requests; i++) {
                long start = System.nanoTime();
                benchmark.between();
                waited += System.nanoTime() - start;
                assertTrue(benchmark.request());
                benchmark.respond();
            }
            // respond() wrote the last response before between() began, so each wait is at least
            // the gap less the client's reading of it; a lower bound only.
            assertTrue(waited >= requests * 1_500_000L,
                    "between() waited " + waited / requests + " ns a request on average");
        } finally {
            benchmark.tearDown();
        }
    }

    @Test
    void everyConfigurationRunsUnderJmh() throws Exception {
        System.setProperty("jmh.ignoreLock", "true");
        Options options = BenchmarksRunTest.smokeRun()
                .include(BetweenRequestsBenchmark.class.getName() + ".*")
                .build();
        Collection<RunResult> results = new Runner(options).run();
        assertEquals(BetweenRequestsBenchmark.Between.values().length * AppReadsBenchmark.Reads.values().length,
                results.size());
        for (RunResult r : results) {
            assertTrue(r.getPrimaryResult().getScore() > 0, r.getParams().toString());
        }
    }
}
