package io.pgmux.bench;

/**
 * What one run of a sample app measured. {@code maxMs} is its slowest request; {@code latencies} counts all its
 * measured requests by latency. {@code peakHeapMb} is the most heap in use that the child's GC log
 * shows (occupancy before each collection, and at exit); {@code peakRssMb} is the child's VmHWM.
 * A run that could not report its figures has {@code failure} set, NaN figures and empty latencies.
 * {@code peakStandbyServerConnections} counts the standby's backends in scenarios with one, -1 elsewhere;
 * {@code peakServerConnections} counts the primary's only.
 */
record RunMeasurement(Cell cell, int repeat, double tps, double p50Ms, double p99Ms, double maxMs, long requests,
                      long errors, int peakServerConnections, double peakHeapMb, double peakRssMb,
                      LatencyBins latencies, String failure, int peakStandbyServerConnections) {

    /** A run without a standby. */
    RunMeasurement(Cell cell, int repeat, double tps, double p50Ms, double p99Ms, double maxMs, long requests,
                   long errors, int peakServerConnections, double peakHeapMb, double peakRssMb, LatencyBins latencies,
                   String failure) {
        this(cell, repeat, tps, p50Ms, p99Ms, maxMs, requests, errors, peakServerConnections, peakHeapMb, peakRssMb,
                latencies, failure, -1);
    }

    boolean failed() {
        return failure != null;
    }
}
