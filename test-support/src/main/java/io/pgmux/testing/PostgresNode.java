package io.pgmux.testing;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One PostgreSQL server of a replicated setup (a primary or a {@link Standby}), with the test database and users of
 * {@link TestDatabase}: {@link TestDatabase#user()} and its password log in here too.
 */
public interface PostgresNode extends ServerProcess {

    /** "127.0.0.1". */
    String host();

    int port();

    /** {@code jdbc:postgresql://host:port/database}, without parameters. */
    String jdbcUrl();

    /** A new connection as the app user. */
    Connection connect() throws SQLException;

    /** A new connection to the test database as superuser. */
    Connection superuserConnection() throws SQLException;

    /** {@code pg_is_in_recovery()}: true on a standby until it is promoted. */
    boolean isInRecovery();

    /**
     * SIGKILL to the postmaster and all its backends at once, as if the host were lost: clients see their
     * connections break, nothing is shut down cleanly. {@link #start()} then runs crash recovery.
     */
    void kill();
}
