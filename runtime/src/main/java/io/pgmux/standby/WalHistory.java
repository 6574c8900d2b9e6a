package io.pgmux.standby;

/**
 * The primary's WAL position over the last minutes, sampled about once a second: tells how far behind, in time,
 * a standby's replay position is. Positions, not commit timestamps: on an idle primary a timestamp ages while the
 * standby is fully caught up. Between two samples the primary is taken to have written at an even rate.
 * Written and read by the monitor thread only.
 */
final class WalHistory {
    private static final int CAPACITY = 256;

    private final long[] times = new long[CAPACITY];
    private final long[] positions = new long[CAPACITY];
    /** Samples held, the newest at {@code (next - 1) % CAPACITY}. */
    private int count;
    private int next;

    void record(long nanoTime, long lsn) {
        if (count > 0 && Long.compareUnsigned(lsn, positions[index(count - 1)]) < 0) {
            // a new primary (failover) starts its own history
            count = 0;
            next = 0;
        }
        times[next] = nanoTime;
        positions[next] = lsn;
        next = (next + 1) % CAPACITY;
        count = Math.min(count + 1, CAPACITY);
    }

    boolean isEmpty() {
        return count == 0;
    }

    /**
     * How long ago, at {@code nowNanos}, the primary was last at {@code replayed}: 0 where the standby has replayed
     * the newest sample, Long.MAX_VALUE where no sample is held, and at least the age of the oldest sample where it
     * is behind all of them.
     */
    long lagMillis(long replayed, long nowNanos) {
        if (count == 0) {
            return Long.MAX_VALUE;
        }
        int newest = index(count - 1);
        if (Long.compareUnsigned(replayed, positions[newest]) >= 0) {
            return 0;
        }
        for (int i = count - 2; i >= 0; i--) {
            int at = index(i);
            if (Long.compareUnsigned(replayed, positions[at]) >= 0) {
                int after = index(i + 1);
                double share = (double) (replayed - positions[at]) / (double) (positions[after] - positions[at]);
                long passedAt = times[at] + (long) (share * (times[after] - times[at]));
                return Math.max(0, (nowNanos - passedAt) / 1_000_000);
            }
        }
        return Math.max(0, (nowNanos - times[index(0)]) / 1_000_000);
    }

    /** The i-th sample held, oldest first. */
    private int index(int i) {
        return Math.floorMod(next - count + i, CAPACITY);
    }
}
