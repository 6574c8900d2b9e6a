package io.pgmux.pool;

import java.sql.SQLException;

/**
 * Lets a database go that a statement needs to itself ({@code DROP DATABASE}, {@code ALTER DATABASE ... RENAME},
 * {@code CREATE DATABASE ... TEMPLATE}): PostgreSQL refuses with 55006 while other sessions are connected to it,
 * and pgmux's idle server connections would be such sessions where the app itself has closed every connection.
 */
public interface DatabaseRelease {

    /**
     * Closes the pools of {@code database} that no logical connection uses, with their server connections, and the
     * idle server connections of the others; true where it closed a pool.
     */
    boolean closeIdleConnectionsTo(String database);

    /**
     * The database named in a 55006 "database ... is being accessed by other users" error: the first name in double
     * quotes, which PostgreSQL keeps in every language; null for other errors.
     */
    static String databaseInUse(SQLException e) {
        String message = e.getMessage();
        if (!"55006".equals(e.getSQLState()) || message == null) {
            return null;
        }
        int start = message.indexOf('"');
        int end = start < 0 ? -1 : message.indexOf('"', start + 1);
        return end < 0 ? null : message.substring(start + 1, end);
    }
}
