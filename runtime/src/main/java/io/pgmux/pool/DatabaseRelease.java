package io.pgmux.pool;

import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lets a database go that a statement needs to itself ({@code DROP DATABASE}, {@code ALTER DATABASE ... RENAME},
 * {@code CREATE DATABASE ... TEMPLATE}): PostgreSQL refuses with 55006 while other sessions are connected to it,
 * and pgmux's idle server connections would be such sessions where the app itself has closed every connection.
 */
public interface DatabaseRelease {
    /** {@code DROP DATABASE [IF EXISTS] name}, the name quoted or not. */
    Pattern DROP_DATABASE = Pattern.compile("\\s*DROP\\s+DATABASE\\s+(?:IF\\s+EXISTS\\s+)?(?:\"((?:[^\"]|\"\")+)\"|([\\p{L}_][\\p{L}\\p{N}_$]*))",
            Pattern.CASE_INSENSITIVE);

    /**
     * Closes the pools of {@code database} that no logical connection uses, with their server connections; true
     * where it closed any.
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

    /**
     * The database that {@code sql} drops, where it is a {@code DROP DATABASE}; null otherwise. Cheap for other SQL:
     * it looks at the first word before anything else.
     */
    static String databaseDroppedBy(String sql) {
        int start = 0;
        while (start < sql.length() && Character.isWhitespace(sql.charAt(start))) {
            start++;
        }
        if (!sql.regionMatches(true, start, "DROP", 0, 4)) {
            return null;
        }
        Matcher m = DROP_DATABASE.matcher(sql);
        if (!m.lookingAt()) {
            return null;
        }
        return m.group(1) != null ? m.group(1).replace("\"\"", "\"") : m.group(2).toLowerCase(Locale.ROOT);
    }
}
