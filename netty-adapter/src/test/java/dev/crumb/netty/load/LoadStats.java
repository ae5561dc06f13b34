package dev.crumb.netty.load;

/**
 * What one load run measured: completed requests over the run's wall time, and latency
 * percentiles in milliseconds; {@code non2xx} counts responses outside 2xx and 3xx, {@code errors}
 * socket errors (both must be 0 for a run to count).
 */
record LoadStats(long requests, double seconds, double requestsPerSecond, double p50Millis,
                  double p99Millis, long non2xx, long errors) {

    boolean clean() {
        return requests > 0 && non2xx == 0 && errors == 0;
    }
}
