package io.pgmux.stats;

import java.util.List;

/**
 * What the statistics (MBeans, meters, the Prometheus endpoint, leak warnings) read from and do to one pool.
 * Reads are called from monitoring threads at any time and must not block on the pool's work.
 */
public interface ManagedPool {
    /** {@code user@host:port/database}; never a password. */
    String name();

    /** The clients' side: logical connections open, holding, waiting, pinned; totals of work done. */
    PoolCounters counters();

    /** Server connections lent to logical connections right now (main pool and reserve). */
    int serversActive();

    /** Open server connections nobody holds (main pool and reserve). */
    int serversIdle();

    /** Open server connections (main pool and reserve). */
    int serversTotal();

    /** The configured number of server connections of the main pool (after any {@link #resize}). */
    int poolSize();

    boolean paused();

    /** Lets running transactions finish and holds new borrows until {@link #resume()}. */
    void pause();

    void resume();

    /** Replaces every server connection: idle ones at once, held ones when they are released. */
    void reconnect();

    /** Changes the number of server connections of the main pool. */
    void resize(int size);

    /** The logical connections holding a server connection right now, a snapshot. */
    List<HolderInfo> holders();

    /** {@code primary} or {@code standby} (a pool of a {@code pgmux.standby} server). */
    String role();

    /** A standby that gets reads now; a primary is always healthy. */
    boolean healthy();

    /** A standby's replay lag behind the primary, by LSN, ms; 0 for a primary. */
    long replicationLagMillis();
}
