package io.pgmux.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * A PgBouncer of its own in front of the shared primary, for tests with several poolers: same aliases, users and
 * passwords as {@link TestDatabase#pgbouncerPort()}'s, on another port. {@link #close()} stops it and deletes its
 * files; the JVM's shutdown does it for those not closed.
 */
public interface PgBouncer extends ServerProcess, AutoCloseable {

    /** "127.0.0.1". */
    String host();

    int port();

    /** {@code jdbc:postgresql://host:port/alias}, without parameters; see {@link TestDatabase#pgbouncerUrl(PoolMode)}. */
    String jdbcUrl(PoolMode mode);

    /** A new connection as the app user in that mode. */
    Connection connect(PoolMode mode) throws SQLException;

    /** SIGKILL, as a crashed pooler: its clients' connections break. {@link #start()} brings it back on the same port. */
    void kill();

    /** Runs one command on this PgBouncer's admin console; see {@link TestDatabase#pgbouncerAdmin(String)}. */
    List<Map<String, String>> admin(String command);

    /** Stops it and deletes its files. */
    @Override
    void close();
}
