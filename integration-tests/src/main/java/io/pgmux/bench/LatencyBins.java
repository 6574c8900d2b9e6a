package io.pgmux.bench;

import java.util.Arrays;

/**
 * Request latencies counted in fixed logarithmic bins, ten per decade from 10 µs to 100 s (the first and last bin
 * also take what lies beyond), so that runs and repeats add up bin by bin and the chart can draw them on a log axis.
 */
final class LatencyBins {

    static final int PER_DECADE = 10;
    private static final int LOWEST_DECADE = 1;  // 10^1 µs
    private static final int DECADES = 7;        // up to 10^8 µs = 100 s
    static final int BINS = PER_DECADE * DECADES;

    private final long[] counts;

    private LatencyBins(long[] counts) {
        this.counts = counts;
    }

    static LatencyBins empty() {
        return new LatencyBins(new long[BINS]);
    }

    /** From pairs of (bucket start in µs, count), as the sample apps print them. */
    static LatencyBins fromBuckets(long[][] buckets) {
        long[] counts = new long[BINS];
        for (long[] bucket : buckets) {
            counts[bin(bucket[0])] += bucket[1];
        }
        return new LatencyBins(counts);
    }

    static int bin(long micros) {
        if (micros <= 0) {
            return 0;
        }
        int bin = (int) Math.floor(PER_DECADE * (Math.log10(micros) - LOWEST_DECADE) + 1e-9);
        return Math.max(0, Math.min(BINS - 1, bin));
    }

    /** Where bin {@code bin} starts, in milliseconds. */
    static double lowerMs(int bin) {
        return Math.pow(10, LOWEST_DECADE + (double) bin / PER_DECADE) / 1e3;
    }

    LatencyBins plus(LatencyBins other) {
        long[] sum = counts.clone();
        for (int i = 0; i < BINS; i++) {
            sum[i] += other.counts[i];
        }
        return new LatencyBins(sum);
    }

    long count(int bin) {
        return counts[bin];
    }

    long total() {
        return Arrays.stream(counts).sum();
    }
}
