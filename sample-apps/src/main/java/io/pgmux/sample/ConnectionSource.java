package io.pgmux.sample;

import java.sql.Connection;
import java.sql.SQLException;

/** Where a style gets its connections; closing the source shuts down any pool it owns. */
interface ConnectionSource extends AutoCloseable {
    Connection getConnection() throws SQLException;

    @Override
    void close();
}
