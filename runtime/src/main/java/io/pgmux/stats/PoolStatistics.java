package io.pgmux.stats;

import java.util.concurrent.TimeUnit;

/**
 * The figures of one pool as SPEC section 7 names them, read from its {@link ManagedPool}. Averages cover the
 * last complete stats period ({@link #PERIOD_MS}), like PgBouncer's SHOW STATS: {@link #roll()} closes a period
 * and is called by a scheduled task, so nothing here runs on the borrow path.
 */
final class PoolStatistics {
    /** PgBouncer's default {@code stats_period}. */
    static final long PERIOD_MS = TimeUnit.SECONDS.toMillis(60);

    private final ManagedPool pool;
    private final String name;
    private Totals periodStart;
    /** Null until the first period is complete; until then averages run from when the pool was opened (all zero). */
    private volatile Averages lastPeriod;
    private volatile long lastPeriodMaxWaitMicros;

    PoolStatistics(ManagedPool pool) {
        this.pool = pool;
        this.name = Secrets.mask(pool.name());
        this.periodStart = Totals.ZERO;
    }

    ManagedPool pool() { return pool; }

    /** The pool's name, masked: safe for MBean names, tags and log lines. */
    String name() { return name; }

    /** Ends the current stats period: its averages and longest wait become the ones reported. */
    synchronized void roll() {
        Totals now = Totals.of(pool.counters());
        lastPeriod = Averages.between(periodStart, now);
        periodStart = now;
        lastPeriodMaxWaitMicros = pool.counters().takeMaxWaitMicros();
    }

    private Averages averages() {
        Averages last = lastPeriod;
        if (last != null) {
            return last;
        }
        synchronized (this) {
            return Averages.between(periodStart, Totals.of(pool.counters()));
        }
    }

    long clientsOpen() { return pool.counters().clientsOpen(); }
    long clientsActive() { return pool.counters().clientsActive(); }
    long clientsWaiting() { return pool.counters().clientsWaiting(); }
    long clientsPinned() { return pool.counters().clientsPinned(); }
    int serversActive() { return pool.serversActive(); }
    int serversIdle() { return pool.serversIdle(); }
    int serversTotal() { return pool.serversTotal(); }
    int poolSize() { return pool.poolSize(); }
    long reserveInUse() { return pool.counters().reserveInUse(); }

    /** The longest completed wait for a server connection in this and the last stats period. */
    long maxWaitMillis() {
        return Math.max(lastPeriodMaxWaitMicros, pool.counters().maxWaitMicros()) / 1000;
    }

    long totalTransactions() { return pool.counters().totalTransactions(); }
    long totalTransactionMicros() { return pool.counters().totalTransactionMicros(); }
    long totalQueries() { return pool.counters().totalQueries(); }
    long totalQueryMicros() { return pool.counters().totalQueryMicros(); }
    long totalWaitMicros() { return pool.counters().totalWaitMicros(); }
    long totalBorrows() { return pool.counters().totalBorrows(); }
    long totalReserveBorrows() { return pool.counters().totalReserveBorrows(); }
    long avgTransactionMicros() { return averages().transactionMicros; }
    long avgQueryMicros() { return averages().queryMicros; }
    long avgWaitMicros() { return averages().waitMicros; }
    long totalPins() { return pool.counters().totalPins(); }
    long totalAcquireTimeouts() { return pool.counters().totalAcquireTimeouts(); }
    String role() { return pool.role(); }
    boolean healthy() { return pool.healthy(); }
    long replicationLagMillis() { return pool.replicationLagMillis(); }
    long readsRoutedToStandby() { return pool.counters().readsRoutedToStandby(); }
    long readsFellBackToPrimary() { return pool.counters().readsFellBackToPrimary(); }
    long readYourWritesWaits() { return pool.counters().readYourWritesWaits(); }
    long failovers() { return pool.counters().failovers(); }

    /**
     * Logical connections open per open server connection (active or idle): how many app connections each
     * server connection stands for. 0 where no server connection is open.
     */
    double multiplexingRatio() {
        int servers = pool.serversTotal();
        return servers == 0 ? 0.0 : (double) clientsOpen() / servers;
    }

    boolean paused() { return pool.paused(); }

    /** The running totals at one moment. */
    private static final class Totals {
        static final Totals ZERO = new Totals(0, 0, 0, 0, 0, 0);

        final long borrows;
        final long transactions;
        final long transactionMicros;
        final long queries;
        final long queryMicros;
        final long waitMicros;

        private Totals(long borrows, long transactions, long transactionMicros, long queries, long queryMicros, long waitMicros) {
            this.borrows = borrows;
            this.transactions = transactions;
            this.transactionMicros = transactionMicros;
            this.queries = queries;
            this.queryMicros = queryMicros;
            this.waitMicros = waitMicros;
        }

        static Totals of(PoolCounters c) {
            return new Totals(c.totalBorrows(), c.totalTransactions(), c.totalTransactionMicros(), c.totalQueries(), c.totalQueryMicros(),
                    c.totalWaitMicros());
        }
    }

    /** Per transaction, per query, and wait per borrow (PgBouncer's avg_wait_time is per server assignment). */
    private static final class Averages {
        final long transactionMicros;
        final long queryMicros;
        final long waitMicros;

        private Averages(long transactionMicros, long queryMicros, long waitMicros) {
            this.transactionMicros = transactionMicros;
            this.queryMicros = queryMicros;
            this.waitMicros = waitMicros;
        }

        static Averages between(Totals start, Totals end) {
            long transactions = end.transactions - start.transactions;
            long queries = end.queries - start.queries;
            long borrows = end.borrows - start.borrows;
            return new Averages(
                    per(end.transactionMicros - start.transactionMicros, transactions),
                    per(end.queryMicros - start.queryMicros, queries),
                    per(end.waitMicros - start.waitMicros, borrows));
        }

        private static long per(long micros, long count) {
            return count <= 0 ? 0 : micros / count;
        }
    }
}
