package io.pgmux.stats;

/** {@code io.pgmux:type=Pool,name=user@host:port/database}: one pool, named after PgBouncer's SHOW POOLS and SHOW STATS. */
@Description("A pgmux pool: logical connections (clients) multiplexed over server connections to one target, database and user")
public interface PoolMBean {
    @Description("Logical connections open (the app's connections), holding a server connection or not")
    long getClientsOpen();

    @Description("Logical connections holding a server connection now (PgBouncer cl_active)")
    long getClientsActive();

    @Description("Logical connections waiting for a server connection now (PgBouncer cl_waiting)")
    long getClientsWaiting();

    @Description("Logical connections pinned to their server connection until they close")
    long getClientsPinned();

    @Description("Server connections lent to logical connections now, reserve included (PgBouncer sv_active)")
    int getServersActive();

    @Description("Open server connections nobody holds, reserve included (PgBouncer sv_idle)")
    int getServersIdle();

    @Description("Open server connections, reserve included")
    int getServersTotal();

    @Description("Server connections of the main pool (pgmux.pool.size, or the last resize)")
    int getPoolSize();

    @Description("Reserve server connections lent now (pgmux.pool.reserve)")
    long getReserveInUse();

    @Description("Longest completed wait for a server connection in this and the last stats period (60 s), ms")
    long getMaxWaitMillis();

    @Description("Transactions (autocommit statements and explicit transactions) since the pool opened")
    long getTotalTransactions();

    @Description("Statements executed since the pool opened")
    long getTotalQueries();

    @Description("Time logical connections spent waiting for a server connection since the pool opened, microseconds")
    long getTotalWaitMicros();

    @Description("Average transaction time over the last stats period (60 s), microseconds")
    long getAvgTransactionMicros();

    @Description("Average statement time over the last stats period (60 s), microseconds")
    long getAvgQueryMicros();

    @Description("Average wait per borrow of a server connection over the last stats period (60 s), microseconds")
    long getAvgWaitMicros();

    @Description("Times a logical connection pinned its server connection since the pool opened")
    long getTotalPins();

    @Description("Borrows that gave up after pgmux.pool.acquireTimeoutMs since the pool opened")
    long getTotalAcquireTimeouts();

    @Description("ClientsOpen per open server connection (ServersTotal): app connections each server connection stands for; 0 with none open")
    double getMultiplexingRatio();

    @Description("primary, or standby for a pool of a pgmux.standby server")
    String getRole();

    @Description("A standby gets reads only while true: reachable, in recovery and within pgmux.standby.maxLagMs; a primary is always true")
    boolean isHealthy();

    @Description("How far a standby's replay is behind the primary, measured on LSNs, ms; 0 for a primary")
    long getReplicationLagMillis();

    @Description("Read-only transactions and statements of this pool's logical connections sent to a standby")
    long getReadsRoutedToStandby();

    @Description("Read-only transactions and statements the primary served because no standby was healthy or caught up in time")
    long getReadsFellBackToPrimary();

    @Description("Reads that waited for a standby to replay a write this JVM had committed (read your writes)")
    long getReadYourWritesWaits();

    @Description("Times this pool found a new primary after losing its server")
    long getFailovers();

    @Description("True while pause() holds new borrows")
    boolean isPaused();

    @Description("Lets running transactions finish and holds new borrows until resume()")
    void pause();

    @Description("Lets held borrows proceed after pause()")
    void resume();

    @Description("Replaces every server connection: idle ones now, held ones as they are released")
    void reconnect();

    @Description(value = "Sets the number of server connections of the main pool", parameters = "size")
    void resize(int size);

    @Description("Logical connections holding a server connection: id, how long, state, thread, where the app opened it")
    String[] holders();
}
