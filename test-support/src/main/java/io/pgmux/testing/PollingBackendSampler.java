package io.pgmux.testing;

import java.sql.Connection;
import java.sql.SQLException;

/** Samples the backend count on a thread of its own, reconnecting after failures (a PostgreSQL restart). */
final class PollingBackendSampler implements BackendSampler {

    interface ConnectionSource {
        Connection open() throws SQLException;
    }

    private static final long INTERVAL_MILLIS = 20;

    private final ConnectionSource connections;
    private final String database;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile int peak;
    private volatile int samples;
    private volatile SQLException lastFailure;

    PollingBackendSampler(ConnectionSource connections, String database) {
        this.connections = connections;
        this.database = database;
        this.thread = new Thread(this::run, "pgmux-backend-sampler-" + database);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        Connection connection = null;
        while (running) {
            try {
                if (connection == null) {
                    connection = connections.open();
                }
                int count = AbstractTestDatabase.countBackends(connection, database);
                peak = Math.max(peak, count);
                samples++;
            } catch (SQLException e) {
                lastFailure = e;
                closeQuietly(connection);
                connection = null;
            }
            try {
                Thread.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                break;
            }
        }
        closeQuietly(connection);
    }

    @Override
    public int peak() {
        if (samples == 0) {
            SQLException failure = lastFailure;
            throw new IllegalStateException("No backend sample of database " + database + " succeeded yet"
                    + (failure == null ? "" : "; last failure: " + failure.getMessage()), failure);
        }
        return peak;
    }

    @Override
    public int samples() {
        return samples;
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

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the connection is being dropped after a failure anyway
            }
        }
    }
}
