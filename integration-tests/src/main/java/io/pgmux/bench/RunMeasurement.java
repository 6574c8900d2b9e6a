package io.pgmux.bench;

/**
 * What one run of a sample app measured. {@code peakHeapMb} is the most heap in use that the child's GC log
 * shows (occupancy before each collection, and at exit); {@code peakRssMb} is the child's VmHWM.
 * A run that could not report its figures has {@code failure} set and NaN figures.
 */
record RunMeasurement(Cell cell, int repeat, double tps, double p50Ms, double p99Ms, long requests, long errors,
                      int peakServerConnections, double peakHeapMb, double peakRssMb, String failure) {

    boolean failed() {
        return failure != null;
    }
}
