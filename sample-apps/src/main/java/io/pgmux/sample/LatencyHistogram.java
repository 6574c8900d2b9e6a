package io.pgmux.sample;

/**
 * Request latencies in microseconds, in log-linear buckets: exact below 128 µs, then 64 buckets per
 * power of two (under 1.6% error). Fixed size, so recording costs no allocation; one per thread.
 */
final class LatencyHistogram {
    private static final int EXACT_LIMIT = 128;
    private static final int SUB_BUCKET_BITS = 6;
    private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
    /** Exact buckets, then SUB_BUCKETS for each power of two from 2^7 to 2^62. */
    private static final int BUCKETS = EXACT_LIMIT + (63 - 7) * SUB_BUCKETS;

    private final long[] counts = new long[BUCKETS];
    private long total;
    private long maxMicros;

    void recordNanos(long nanos) {
        long micros = Math.max(0, nanos / 1_000);
        counts[index(micros)]++;
        total++;
        maxMicros = Math.max(maxMicros, micros);
    }

    void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        maxMicros = Math.max(maxMicros, other.maxMicros);
    }

    long count() {
        return total;
    }

    long maxMicros() {
        return maxMicros;
    }

    /** Number of buckets; bucket {@code i} starts at {@link #lowestValue(int) lowestValue(i)} µs. */
    static int buckets() {
        return BUCKETS;
    }

    long countAt(int index) {
        return counts[index];
    }

    /** The smallest recorded value (bucket start) that at least {@code fraction} of the samples do not exceed; 0 when empty. */
    long percentileMicros(double fraction) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(fraction * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(lowestValue(i), maxMicros);
            }
        }
        return maxMicros;
    }

    static int index(long micros) {
        if (micros < EXACT_LIMIT) {
            return (int) micros;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(micros);
        int subBucket = (int) (micros >>> (exponent - SUB_BUCKET_BITS)) - SUB_BUCKETS;
        return EXACT_LIMIT + (exponent - 7) * SUB_BUCKETS + subBucket;
    }

    static long lowestValue(int index) {
        if (index < EXACT_LIMIT) {
            return index;
        }
        int exponent = 7 + (index - EXACT_LIMIT) / SUB_BUCKETS;
        long subBucket = SUB_BUCKETS + (index - EXACT_LIMIT) % SUB_BUCKETS;
        return subBucket << (exponent - SUB_BUCKET_BITS);
    }
}
