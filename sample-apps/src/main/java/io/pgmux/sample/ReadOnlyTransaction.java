package io.pgmux.sample;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A request run the way Spring's {@code @Transactional(readOnly = true)} runs it on a JDBC connection: read-only
 * and manual commit before the work, commit after it, and both settings put back when the transaction ends.
 */
final class ReadOnlyTransaction {
    private ReadOnlyTransaction() {
    }

    static void run(Mode mode, Connection connection, int scale, ThreadLocalRandom random) throws SQLException {
        connection.setReadOnly(true);
        connection.setAutoCommit(false);
        try {
            mode.run(connection, scale, random);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(connection, e);
            throw e;
        } finally {
            resetQuietly(connection);
        }
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            if (!connection.isClosed()) {
                connection.rollback();
            }
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    /** Leaves the connection as it was lent, as the transaction manager does; a broken one stays broken. */
    private static void resetQuietly(Connection connection) throws SQLException {
        if (!connection.isClosed()) {
            connection.setAutoCommit(true);
            connection.setReadOnly(false);
        }
    }
}
