package io.pgmux.demo;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The PostgreSQL (and PgBouncer, where installed) the demo runs against. Closing it stops what the demo started. */
interface DemoDatabase extends AutoCloseable {

    /** What runs, for the first lines of the demo's output. */
    String describe();

    /** URL the apps use straight to PostgreSQL. */
    String jdbcUrl();

    String user();

    String password();

    /** The database whose backends are counted. */
    String database();

    Connection superuserConnection() throws SQLException;

    /** PgBouncer in transaction mode, where there is one. */
    Optional<PgBouncer> pgbouncer();

    @Override
    void close();

    /** A PgBouncer in front of the database. */
    interface PgBouncer {
        /** URL of the transaction-mode alias. */
        String url();

        /** host:port, the value of pgmux.target. */
        String hostAndPort();

        /** SHOW POOLS rows of the transaction-mode alias. */
        List<Map<String, String>> pools();
    }
}
