package io.pgmux.testing;

/**
 * A primary and a streaming standby of their own, for tests that break them (kill the primary, promote the standby).
 * Same test database, users and passwords as {@link TestDatabase}; both run with asynchronous commit unless
 * {@link #replicateSynchronously()}. {@link #close()} stops both and deletes their files; the JVM's shutdown does it
 * for pairs not closed.
 *
 * <p>After a promotion both servers are primaries that no longer replicate: there is no failback here.
 */
public interface ReplicatedPair extends AutoCloseable {

    PostgresNode primary();

    Standby standby();

    /**
     * {@code jdbc:postgresql://host:primaryPort,host:standbyPort/database}, without parameters: add
     * {@code targetServerType=primary} for a driver that follows the primary through a failover.
     */
    String multiHostUrl();

    /**
     * From now on a commit on the primary returns only once the standby has flushed it (synchronous_commit = on,
     * synchronous_standby_names = '*'), so a promoted standby has every committed transaction. While the standby
     * is stopped, commits on the primary wait.
     */
    void replicateSynchronously();

    /** Stops both servers at once and deletes their files. */
    @Override
    void close();
}
