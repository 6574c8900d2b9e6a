package io.pgmux.bench;

import io.pgmux.testing.Standby;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The client backends of the test database on the standby: ended before a run, as {@link BackendDrain} does on the
 * primary, and sampled about every 20 ms during it. The harness's backend sampler counts the primary only.
 */
final class StandbyBackends implements AutoCloseable {

    private static final long INTERVAL_MILLIS = 20;
    private static final long DRAIN_MILLIS = 10_000;
    private static final String COUNT = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            + " AND backend_type = 'client backend' AND pid <> pg_backend_pid()";

    private final Standby standby;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile int peak = -1;

    private StandbyBackends(Standby standby) {
        this.standby = standby;
        this.thread = new Thread(this::run, "pgmux-bench-standby-backends");
        thread.setDaemon(true);
        thread.start();
    }

    /** Ends the standby's backends left from the previous run, then samples until closed. */
    static StandbyBackends drainAndSample(Standby standby) throws SQLException, InterruptedException {
        try (Connection connection = standby.superuserConnection()) {
            try (PreparedStatement terminate = connection.prepareStatement("SELECT pg_terminate_backend(pid) FROM"
                    + " pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'"
                    + " AND pid <> pg_backend_pid()")) {
                terminate.execute();
            }
            long deadline = System.currentTimeMillis() + DRAIN_MILLIS;
            while (count(connection) > 0) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("Backends on the standby are still there " + DRAIN_MILLIS
                            + " ms after they were terminated");
                }
                Thread.sleep(50);
            }
        }
        return new StandbyBackends(standby);
    }

    private void run() {
        while (running) {
            try (Connection connection = standby.superuserConnection()) {
                while (running) {
                    peak = Math.max(peak, count(connection));
                    Thread.sleep(INTERVAL_MILLIS);
                }
            } catch (SQLException e) {
                // the standby restarting: count again on a new connection
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static int count(Connection connection) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement(COUNT); ResultSet row = count.executeQuery()) {
            row.next();
            return row.getInt(1);
        }
    }

    /** Most backends seen at once; -1 where no sample succeeded. */
    int peak() {
        return peak;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
