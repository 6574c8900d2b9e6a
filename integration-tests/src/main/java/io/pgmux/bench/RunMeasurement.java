package io.pgmux.bench;

/**
 * What one run of a sample app measured. {@code maxMs} is its slowest request; {@code latencies} counts all its
 * measured requests by latency. {@code peakHeapMb} is the most heap in use that the child's GC log
 * shows (occupancy before each collection, and at exit); {@code peakRssMb} is the child's VmHWM.
 * A run that could not report its figures has {@code failure} set, NaN figures and empty latencies.
 */
record RunMeasurement(Cell cell, int repeat, double tps, double p50Ms, double p99Ms, double maxMs, long requests,
                      long errors, int peakServerConnections, double peakHeapMb, double peakRssMb,
                      LatencyBins latencies, String failure) {

    boolean failed() {
        return failure != null;
    }
}
