package io.pgmux.sample;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Connections the app opens at start and never uses, as apps that park connections do. */
final class IdleConnections implements AutoCloseable {
    private final List<Connection> connections = new ArrayList<>();

    static IdleConnections open(ConnectionSource driverManager, int count) throws SQLException {
        IdleConnections idle = new IdleConnections();
        try {
            for (int i = 0; i < count; i++) {
                idle.connections.add(driverManager.getConnection());
            }
        } catch (SQLException e) {
            int failedAt = idle.connections.size() + 1;
            idle.close();
            throw new SQLException("opening idle connection " + failedAt + " of " + count
                    + " failed: " + e.getMessage(), e.getSQLState(), e);
        }
        return idle;
    }

    @Override
    public void close() {
        for (Connection connection : connections) {
            try {
                connection.close();
            } catch (SQLException e) {
                // the run is over; a failed close of an unused connection changes nothing it measured
                System.err.println("closing an idle connection failed: " + ErrorLog.describe(e));
            }
        }
        connections.clear();
    }
}
