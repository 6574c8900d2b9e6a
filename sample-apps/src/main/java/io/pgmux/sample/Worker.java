package io.pgmux.sample;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** One request thread: gets a connection the way its style does, runs requests until the run ends. */
final class Worker implements Runnable {
    private final ConnectionSource source;
    private final boolean holdsConnection;
    private final Mode mode;
    /** Each request in a read-only transaction, as {@code @Transactional(readOnly = true)} runs it. */
    private final boolean readOnly;
    private final int scale;
    private final RunLimit limit;
    private final CountDownLatch start;
    private final CountDownLatch finished;
    private final ErrorLog errorLog;
    private final LatencyHistogram latencies = new LatencyHistogram();
    private long errors;
    private Connection held;

    Worker(ConnectionSource source, boolean holdsConnection, Mode mode, boolean readOnly, int scale, RunLimit limit,
           CountDownLatch start, CountDownLatch finished, ErrorLog errorLog) {
        this.source = source;
        this.holdsConnection = holdsConnection;
        this.mode = mode;
        this.readOnly = readOnly;
        this.scale = scale;
        this.limit = limit;
        this.start = start;
        this.finished = finished;
        this.errorLog = errorLog;
    }

    /** For the hold style: opens the thread's connection before the clock starts. A failure counts as one failed request. */
    void openHeldConnection() {
        try {
            held = source.getConnection();
        } catch (SQLException | RuntimeException e) {
            fail(e);
        }
    }

    @Override
    public void run() {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished.countDown();
            closeHeld();
            return;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try {
            while (limit.claimRequest()) {
                long began = System.nanoTime();
                boolean measured = limit.measures(began);
                try {
                    if (holdsConnection) {
                        runOnHeldConnection(random);
                    } else {
                        try (Connection connection = source.getConnection()) {
                            request(connection, random);
                        }
                    }
                    if (measured) {
                        latencies.recordNanos(System.nanoTime() - began);
                    }
                } catch (SQLException | RuntimeException e) {
                    fail(e);
                }
            }
        } finally {
            finished.countDown();
            closeHeld();
        }
    }

    private void runOnHeldConnection(ThreadLocalRandom random) throws SQLException {
        if (held == null) {
            held = source.getConnection();
        }
        try {
            request(held, random);
        } catch (SQLException e) {
            // a broken connection is replaced on the next request, as an app with a reconnect loop would
            if (held.isClosed() || (e.getSQLState() != null && e.getSQLState().startsWith("08"))) {
                closeHeld();
            }
            throw e;
        }
    }

    private void request(Connection connection, ThreadLocalRandom random) throws SQLException {
        if (readOnly) {
            ReadOnlyTransaction.run(mode, connection, scale, random);
        } else {
            mode.run(connection, scale, random);
        }
    }

    private void closeHeld() {
        if (held == null) {
            return;
        }
        try {
            held.close();
        } catch (SQLException e) {
            errorLog.report(e);
        }
        held = null;
    }

    private void fail(Exception e) {
        errors++;
        errorLog.report(e);
    }

    LatencyHistogram latencies() {
        return latencies;
    }

    long errors() {
        return errors;
    }

    /**
     * Shared end condition of all workers: a deadline, a request budget, or both, after an optional warm-up whose
     * requests count against neither.
     */
    static final class RunLimit {
        private final long warmupNanos;
        private final Double durationSeconds;
        private final AtomicLong remaining;
        private long measuredFromNanos;
        private long deadlineNanos;

        RunLimit(double warmupSeconds, Double durationSeconds, Long requests) {
            this.warmupNanos = (long) (warmupSeconds * 1e9);
            this.durationSeconds = durationSeconds;
            this.remaining = requests == null ? null : new AtomicLong(requests);
        }

        /**
         * Starts the clock; called before the workers are released, which publishes the deadline to them.
         * Returns when the measured run begins: after the warm-up.
         */
        long start(long nowNanos) {
            measuredFromNanos = nowNanos + warmupNanos;
            if (durationSeconds != null) {
                deadlineNanos = measuredFromNanos + (long) (durationSeconds * 1e9);
            }
            return measuredFromNanos;
        }

        /** True where a request that began at {@code nanos} belongs to the measured run, not the warm-up. */
        boolean measures(long nanos) {
            return nanos - measuredFromNanos >= 0;
        }

        boolean claimRequest() {
            long now = System.nanoTime();
            if (!measures(now)) {
                return true;
            }
            if (durationSeconds != null && now - deadlineNanos >= 0) {
                return false;
            }
            return remaining == null || remaining.getAndDecrement() > 0;
        }
    }
}
