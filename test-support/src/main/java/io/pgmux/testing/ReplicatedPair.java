package io.pgmux.testing;

/**
 * A primary and a streaming standby of their own, for tests that break them (kill the primary, promote the standby).
 * Same test database, users and passwords as {@link TestDatabase}; both run with asynchronous commit unless
 * {@link #replicateSynchronously()}. {@link #close()} stops both and deletes their files; the JVM's shutdown does it
 * for pairs not closed.
 *
 * <p>After a promotion both servers are primaries that no longer replicate, until
 * {@link #rebuildOldPrimaryAsStandby()} makes the old primary a standby of the promoted one; then the pair can fail
 * over again, back to the first port.
 */
public interface ReplicatedPair extends AutoCloseable {

    PostgresNode primary();

    Standby standby();

    /**
     * {@code jdbc:postgresql://host:primaryPort,host:standbyPort/database}, without parameters: add
     * {@code targetServerType=primary} for a driver that follows the primary through a failover. The ports are
     * those of the pair's first primary and first standby, in that order, whatever failovers happened since.
     */
    String multiHostUrl();

    /**
     * From now on a commit on the primary returns only once the standby has flushed it (synchronous_commit = on,
     * synchronous_standby_names = '*'), so a promoted standby has every committed transaction. While the standby
     * is stopped, commits on the primary wait.
     */
    void replicateSynchronously();

    /**
     * Fails back, the first half: after {@link Standby#promote()} of {@link #standby()}, throws away the old
     * primary (stopped at once if it still runs, its files deleted) and copies the promoted server with pg_basebackup
     * into a new standby of it, on the old primary's port, with the same users; returns once that standby has
     * replayed all the promoted server wrote. Then the roles are swapped: {@link #primary()} returns the promoted
     * server (the same object {@link #standby()} returned before) and {@link #standby()} the new standby, a new
     * object. {@link #multiHostUrl()} does not change. Replication is asynchronous again until
     * {@link #replicateSynchronously()}.
     *
     * @throws IllegalStateException if the standby has not been promoted
     */
    void rebuildOldPrimaryAsStandby();

    /** Stops both servers at once and deletes their files. */
    @Override
    void close();
}
