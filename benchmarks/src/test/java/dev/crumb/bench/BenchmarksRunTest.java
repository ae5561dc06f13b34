package dev.crumb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every benchmark at every parameter combination once, in this JVM and for a few
 * milliseconds, so that a change to core or to a benchmark's setup cannot leave one broken. The
 * numbers are meaningless; see README.md for measuring.
 */
class BenchmarksRunTest {

    /** Options for a run that only proves benchmarks work: in process, one 10 ms iteration, failing on error. */
    static ChainedOptionsBuilder smokeRun() {
        return new OptionsBuilder()
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(10))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT);
    }

    @Test
    void everyBenchmarkRunsAtEveryParameterCombination() throws Exception {
        // JMH's machine-wide lock keeps two measuring runs apart; this one measures nothing, so
        // it need not wait for (or fail beside) a real run going on.
        System.setProperty("jmh.ignoreLock", "true");
        Options options = smokeRun()
                .include(SealBenchmark.class.getName() + ".*")
                .include(OpenBenchmark.class.getName() + ".*")
                .include(OpenEdgeBenchmark.class.getName() + ".*")
                .include(LifecycleBenchmark.class.getName() + ".*")
                .build();
        Collection<RunResult> results = new Runner(options).run();

        int impls = ImplKind.values().length;
        int sizes = PayloadSize.values().length;
        int algs = 2;
        int seal = impls * sizes * algs;
        int open = impls * sizes * algs * 2;
        int jweImpls = (int) ImplsAgreeTest.jweKinds().count();
        int edge = jweImpls * sizes * algs * OpenEdgeBenchmark.TokenKind.values().length;
        int lifecycle = sizes * algs * LifecycleBenchmark.Scenario.values().length;
        assertEquals(seal + open + edge + lifecycle, results.size());
        Set<String> implsRun = new TreeSet<>();
        for (RunResult r : results) {
            assertTrue(r.getPrimaryResult().getScore() > 0, r.getParams().toString());
            String impl = r.getParams().getParam("impl");
            if (impl != null) {
                implsRun.add(impl);
            }
        }
        Set<String> allImpls = new TreeSet<>();
        for (ImplKind kind : ImplKind.values()) {
            allImpls.add(kind.name());
        }
        assertEquals(allImpls, implsRun);
    }
}
