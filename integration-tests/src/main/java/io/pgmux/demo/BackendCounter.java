package io.pgmux.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Counts the client backends PostgreSQL has for the demo database about every 50 ms, and keeps the peak. */
final class BackendCounter implements AutoCloseable {

    private static final long INTERVAL_MILLIS = 50;

    /** Opens a superuser connection to the server whose backends are counted. */
    interface Server {
        Connection connect() throws SQLException;
    }

    private final Server server;
    private final String database;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile int current = -1;
    private volatile int peak = -1;
    private volatile String failure;

    BackendCounter(DemoDatabase database) {
        this(database::superuserConnection, database.database());
    }

    /** Counts the backends of that database on another server, for example a standby. */
    BackendCounter(Server server, String database) {
        this.server = server;
        this.database = database;
        this.thread = new Thread(this::run, "pgmux-demo-backend-counter");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            try (Connection connection = server.connect();
                 PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM pg_stat_activity"
                         + " WHERE datname = ? AND backend_type = 'client backend' AND pid <> pg_backend_pid()")) {
                count.setString(1, database);
                while (running) {
                    try (ResultSet row = count.executeQuery()) {
                        row.next();
                        current = row.getInt(1);
                        peak = Math.max(peak, current);
                    }
                    Thread.sleep(INTERVAL_MILLIS);
                }
            } catch (SQLException e) {
                failure = e.getMessage();
                // a server that is down has no backends to show
                current = -1;
                pause();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(INTERVAL_MILLIS * 10);
        } catch (InterruptedException e) {
            running = false;
        }
    }

    int current() {
        return current;
    }

    int peak() {
        return peak;
    }

    String failure() {
        return failure;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
