package io.pgmux.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * A running PostgreSQL and PgBouncer for tests: one per test JVM, started on first use
 * ({@link TestDatabases#shared()} or {@link TestDatabaseExtension}), stopped by a shutdown hook.
 *
 * <p>PgBouncer serves the test database under two aliases, one per {@link PoolMode}. Both test users
 * authenticate with scram-sha-256, straight and through PgBouncer.
 */
public interface TestDatabase {

    /** Host of both servers, "127.0.0.1" for local processes. */
    String host();

    int postgresPort();

    int pgbouncerPort();

    /** The test database, owned by {@link #user()}. */
    String database();

    /** The app user: password (scram-sha-256) login, owner of the test database. */
    String user();

    String password();

    /** A second login user with fewer rights: CONNECT on the database and USAGE on schema public, no table privileges. */
    String otherUser();

    String otherPassword();

    /** {@code jdbc:postgresql://host:port/database}, straight to PostgreSQL, without parameters. */
    String jdbcUrl();

    /**
     * {@code jdbc:postgresql://host:port/alias} through PgBouncer, without parameters. PgBouncer 1.18 does not
     * keep named prepared statements apart in transaction mode: add {@code prepareThreshold=0} where a
     * statement may run often enough to be prepared by the driver.
     */
    String pgbouncerUrl(PoolMode mode);

    /**
     * The PgBouncer alias of the test database in that mode: "pgmux_tx" or "pgmux_session". PgBouncer also serves
     * it under its own name, {@link #database()}, in transaction mode, so that {@code pgmux.target} pointed at
     * PgBouncer works with an app URL aimed straight at PostgreSQL.
     */
    String pgbouncerDatabase(PoolMode mode);

    /** PgBouncer's default_pool_size: server connections per alias and user. */
    int pgbouncerPoolSize();

    /** PgBouncer's max_client_conn. */
    int pgbouncerMaxClientConnections();

    /** A new connection as the app user, straight to PostgreSQL. */
    Connection connect() throws SQLException;

    /** A new connection as the app user through PgBouncer in that mode. */
    Connection connectThroughPgbouncer(PoolMode mode) throws SQLException;

    /** A new connection straight to PostgreSQL, to the test database, as superuser. */
    Connection superuserConnection() throws SQLException;

    /** Runs SQL (one or several statements) in the test database as superuser; fails with an unchecked exception. */
    void execAsSuperuser(String sql);

    /** Client backends of that database in pg_stat_activity, not counting the counter's own connection. */
    int countBackends(String database);

    /**
     * Waits up to 15 s until the test database has no client backends, so that a test counting backends starts
     * from nothing that earlier tests left behind; fails with an {@link AssertionError} naming the count otherwise.
     */
    default void awaitNoBackends() {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(15);
        int count;
        while ((count = countBackends(database())) != 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(count + " backends of " + database() + " still open after 15 s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the backends of " + database() + " to end", e);
            }
        }
    }

    /** Starts a thread that samples {@link #countBackends(String)} about every 20 ms until closed. */
    BackendSampler sampleBackends(String database);

    /** PgBouncer SHOW POOLS, one map (column to value as text, empty for NULL) per row. */
    List<Map<String, String>> showPools();

    /** PgBouncer SHOW STATS, one map per database. */
    List<Map<String, String>> showStats();

    /** PgBouncer SHOW CLIENTS. */
    List<Map<String, String>> showClients();

    /** PgBouncer SHOW SERVERS. */
    List<Map<String, String>> showServers();

    /**
     * Runs one command on the PgBouncer admin console (for example "PAUSE pgmux_tx", "RECONNECT", "SHOW DATABASES")
     * and returns its rows, empty for commands without a result. Read with psql: pgjdbc cannot talk to the console.
     */
    List<Map<String, String>> pgbouncerAdmin(String command);

    ServerProcess postgres();

    ServerProcess pgbouncer();

    /**
     * The streaming hot standby of this database, started on the first call (a few seconds) and shared by the
     * tests of this JVM like the primary. Each call returns it running (started if stopped), in recovery and without
     * apply delay, whatever an earlier test left: a promoted standby is replaced by a fresh copy of the primary, on
     * the same port. Tests that promote it must be alone in using it; tests that break the primary use
     * {@link #newReplicatedPair()}.
     *
     * @throws UnsupportedOperationException with Docker: a standby needs the local PostgreSQL programs
     */
    Standby standby();

    /**
     * The PgBouncer alias of the standby's test database, "pgmux_standby" (transaction mode), as a deployment's
     * pooler has a second entry for its standby. Served once {@link #standby()} has been called.
     */
    String pgbouncerStandbyDatabase();

    /**
     * Starts another PgBouncer in front of this database, on a port of its own (well under a second). It also serves
     * {@link #pgbouncerStandbyDatabase()} if {@link #standby()} was started before.
     *
     * @throws UnsupportedOperationException with Docker: it needs the local PgBouncer program
     */
    PgBouncer newPgBouncer();

    /**
     * Starts a primary and a streaming standby of their own (several seconds), with this database's test users.
     *
     * @throws UnsupportedOperationException with Docker: a standby needs the local PostgreSQL programs
     */
    ReplicatedPair newReplicatedPair();
}
