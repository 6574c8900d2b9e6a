package io.pgmux.stats;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns about a pool that runs short of server connections: borrows that timed out, and borrows served by the
 * reserve. Looks at the counters on the stats thread, so nothing is logged on the borrow path; the first
 * occurrence is reported at the next look, then at most one line of each kind per pool and {@link #QUIET_MS},
 * with the count since the last line.
 */
final class PoolWarnings {
    /** How often the counters are looked at. */
    static final long CHECK_INTERVAL_MS = TimeUnit.SECONDS.toMillis(5);
    /** The least time between two lines of one kind about one pool: a rush yields a line a minute, not a flood. */
    static final long QUIET_MS = PoolStatistics.PERIOD_MS;

    private static final long NEVER = Long.MIN_VALUE;

    /** Where the lines go; SLF4J unless a test listens. */
    interface Sink {
        void warn(String message);
    }

    static final Sink LOG = new Sink() {
        private final Logger log = LoggerFactory.getLogger(PoolWarnings.class);

        @Override
        public void warn(String message) {
            log.warn(message);
        }
    };

    private final Sink sink;
    private final LongSupplier clockMs;
    private final Map<PoolStatistics, Seen> seen = new ConcurrentHashMap<>();

    PoolWarnings(Sink sink, LongSupplier clockMs) {
        this.sink = sink;
        this.clockMs = clockMs;
    }

    /** Looks at the pool's counters once; called by one thread at a time. */
    void check(PoolStatistics stats) {
        Seen s = seen.computeIfAbsent(stats, k -> new Seen());
        long now = clockMs.getAsLong();
        long timeouts = stats.totalAcquireTimeouts();
        if (timeouts > s.timeoutsReported && due(s.timeoutsWarnedAt, now)) {
            sink.warn(Secrets.mask("pgmux pool " + stats.name() + ": " + count(timeouts - s.timeoutsReported, "borrow")
                    + " found no server connection within pgmux.pool.acquireTimeoutMs and failed" + since(s.timeoutsWarnedAt, now)
                    + " (pool.size " + stats.poolSize() + ", " + stats.clientsWaiting() + " waiting now). Raise pgmux.pool.size or"
                    + " pgmux.pool.acquireTimeoutMs, or look for logical connections that hold a server connection long"
                    + " (pgmux.leakThresholdMs, the pool MBean's holders())."));
            s.timeoutsReported = timeouts;
            s.timeoutsWarnedAt = now;
        }
        long reserve = stats.totalReserveBorrows();
        if (reserve > s.reserveReported && due(s.reserveWarnedAt, now)) {
            sink.warn(Secrets.mask("pgmux pool " + stats.name() + ": the reserve served " + count(reserve - s.reserveReported, "borrow")
                    + since(s.reserveWarnedAt, now) + " (" + stats.reserveInUse() + " in use now): the main pool of "
                    + stats.poolSize() + " was busy longer than pgmux.pool.reserveTimeoutMs, or a thread that held a server"
                    + " connection asked for another. Raise pgmux.pool.size if this lasts."));
            s.reserveReported = reserve;
            s.reserveWarnedAt = now;
        }
    }

    private static boolean due(long lastWarnedAt, long now) {
        return lastWarnedAt == NEVER || now - lastWarnedAt >= QUIET_MS;
    }

    private static String count(long n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    private static String since(long lastWarnedAt, long now) {
        return lastWarnedAt == NEVER ? "" : " in the last " + TimeUnit.MILLISECONDS.toSeconds(now - lastWarnedAt) + " s";
    }

    /** Forgets a closed pool. */
    void forget(PoolStatistics stats) {
        seen.remove(stats);
    }

    /** What was reported about one pool, and when. */
    private static final class Seen {
        long timeoutsReported;
        long timeoutsWarnedAt = NEVER;
        long reserveReported;
        long reserveWarnedAt = NEVER;
    }
}
