package io.pgmux.stats;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one pool has done and is doing, from the clients' side: updated on the hot path without locks or
 * allocation, read by the statistics (JMX, Micrometer). Server-side counts come from the HikariCP pools.
 */
public final class PoolCounters {
    private final LongAdder clientsOpen = new LongAdder();
    private final LongAdder clientsActive = new LongAdder();
    private final LongAdder clientsWaiting = new LongAdder();
    private final LongAdder clientsPinned = new LongAdder();
    private final LongAdder reserveInUse = new LongAdder();
    private final LongAdder transactions = new LongAdder();
    private final LongAdder transactionMicros = new LongAdder();
    private final LongAdder queries = new LongAdder();
    private final LongAdder queryMicros = new LongAdder();
    private final LongAdder waitMicros = new LongAdder();
    private final AtomicLong maxWaitMicros = new AtomicLong();
    private final LongAdder acquireTimeouts = new LongAdder();
    private final LongAdder pins = new LongAdder();
    private final LongAdder borrows = new LongAdder();
    private final LongAdder reserveBorrows = new LongAdder();
    private final LongAdder readsRoutedToStandby = new LongAdder();
    private final LongAdder readsFellBackToPrimary = new LongAdder();
    private final LongAdder readYourWritesWaits = new LongAdder();
    private final LongAdder failovers = new LongAdder();

    public void clientOpened() { clientsOpen.increment(); }
    public void clientClosed() { clientsOpen.decrement(); }
    /** A logical connection took a server connection. */
    public void clientActive() {
        clientsActive.increment();
        borrows.increment();
    }

    public void clientIdle() { clientsActive.decrement(); }
    public void waitStarted() { clientsWaiting.increment(); }
    public void waitEnded() { clientsWaiting.decrement(); }
    public void reserveTaken() {
        reserveInUse.increment();
        reserveBorrows.increment();
    }

    public void reserveReturned() { reserveInUse.decrement(); }
    public void acquireTimedOut() { acquireTimeouts.increment(); }

    /** A logical connection pinned its server connection; it stays pinned until {@link #unpinned()}. */
    public void pinned() {
        pins.increment();
        clientsPinned.increment();
    }

    public void unpinned() { clientsPinned.decrement(); }

    public void waited(long micros) {
        waitMicros.add(micros);
        long max = maxWaitMicros.get();
        while (micros > max && !maxWaitMicros.compareAndSet(max, micros)) {
            max = maxWaitMicros.get();
        }
    }

    public void query(long micros) {
        queries.increment();
        queryMicros.add(micros);
    }

    public void transaction(long micros) {
        transactions.increment();
        transactionMicros.add(micros);
    }

    /** A read-only transaction or statement went to a standby. */
    public void readRoutedToStandby() { readsRoutedToStandby.increment(); }
    /** A read-only transaction or statement went to the primary: no standby was healthy, or none caught up in time. */
    public void readFellBackToPrimary() { readsFellBackToPrimary.increment(); }
    /** A read waited for a standby to replay a write this JVM had committed. */
    public void readYourWritesWaited() { readYourWritesWaits.increment(); }
    /** The pool found a new primary after losing its server. */
    public void failedOver() { failovers.increment(); }

    public long clientsOpen() { return clientsOpen.sum(); }
    /** Logical connections holding a server connection. */
    public long clientsActive() { return clientsActive.sum(); }
    /** Logical connections waiting for a server connection. */
    public long clientsWaiting() { return clientsWaiting.sum(); }
    public long clientsPinned() { return clientsPinned.sum(); }
    public long reserveInUse() { return reserveInUse.sum(); }
    public long totalTransactions() { return transactions.sum(); }
    public long totalTransactionMicros() { return transactionMicros.sum(); }
    public long totalQueries() { return queries.sum(); }
    public long totalQueryMicros() { return queryMicros.sum(); }
    public long totalWaitMicros() { return waitMicros.sum(); }
    public long maxWaitMicros() { return maxWaitMicros.get(); }
    /** Reads the longest wait so far and starts a new period (PgBouncer's maxwait is per stats period). */
    public long takeMaxWaitMicros() { return maxWaitMicros.getAndSet(0); }
    public long totalAcquireTimeouts() { return acquireTimeouts.sum(); }
    public long totalPins() { return pins.sum(); }
    /** Server connections taken by logical connections so far. */
    public long totalBorrows() { return borrows.sum(); }
    /** Server connections taken from the reserve so far. */
    public long totalReserveBorrows() { return reserveBorrows.sum(); }
    public long readsRoutedToStandby() { return readsRoutedToStandby.sum(); }
    public long readsFellBackToPrimary() { return readsFellBackToPrimary.sum(); }
    public long readYourWritesWaits() { return readYourWritesWaits.sum(); }
    public long failovers() { return failovers.sum(); }
}
