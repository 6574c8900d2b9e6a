package io.pgmux.pool;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.pgmux.config.PgmuxConfig;
import io.pgmux.session.SessionApplier;
import io.pgmux.session.SessionState;
import io.pgmux.stats.HolderInfo;
import io.pgmux.stats.ManagedPool;
import io.pgmux.stats.PoolCounters;
import java.lang.ref.Reference;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server connections of one pool key: a HikariCP pool of {@code pgmux.pool.size} and a reserve pool of
 * {@code pgmux.pool.reserve} for waits longer than {@code reserveTimeoutMs} and for threads that already hold
 * a server connection of this pool (nested logical connections, which would otherwise deadlock).
 */
public final class ServerPool implements ManagedPool, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServerPool.class);
    /** Counts the ALTER DATABASE|ROLE ... SET statements run through pgmux in this JVM. */
    private static final AtomicLong SESSION_DEFAULTS_CHANGES = new AtomicLong();
    private static final long ANSWERED_RESOLUTION_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** A busy pool whose server connections came back healthy this recently needs no check of its own for isValid. */
    private static final long ANSWERED_RECENTLY_MS = 1000;
    /** How long a waiter blocks on the main pool before it looks at the reserve again. */
    private static final long WAIT_SLICE_MS = 100;
    /** How often a borrow tries the hosts again while it waits for a new primary or another pooler. */
    private static final long FAILOVER_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Pins are counted per SQL shape up to this many shapes; later shapes count under {@link #OTHER_SHAPES}. */
    static final int PIN_SHAPES = 64;
    static final String OTHER_SHAPES = "(other statements)";

    private final PoolKey key;
    private final String name;
    private final PgmuxConfig config;
    private final HikariDataSource main;
    private final HikariPool mainPool;
    private final HikariDataSource reserve;
    private final HikariPool reservePool;
    private final Semaphore reservePermits;
    private final PoolCounters counters = new PoolCounters();
    /** How long borrows wait for a server where several hosts may serve (failover, several poolers); 0: not at all. */
    private final long failoverWaitNanos;
    /** A new server connection found no host of the pool serving, and none has opened since. */
    private final java.util.concurrent.atomic.AtomicBoolean outage = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean closed;
    private final SessionApplier applier;
    /** Replaced, never changed, where ALTER ... SET changed the defaults of new sessions. */
    private volatile SessionState defaults;
    /** {@link #SESSION_DEFAULTS_CHANGES} when {@link #defaults} were read. */
    private volatile long defaultsRead;
    private final Class<?> driverConnectionClass;
    /** Set once in {@link #open}, before the pool is published. */
    private DriverDefaults driverDefaults = DriverDefaults.NONE;
    private final ConcurrentHashMap<Connection, ServerConnection> servers = new ConcurrentHashMap<>();
    /** Borrows waiting for a main-pool connection, served in arrival order. */
    private final WaitQueue waits = new WaitQueue();
    /** Raised by {@link #reconnect} and a shrinking {@link #resize}: connections taken before are not handed on. */
    private volatile int generation;
    /** HikariCP's own max lifetime (0: none), for connections passed from holder to holder without its bag. */
    private final long maxLifetimeNanos;
    private final ThreadLocal<AtomicInteger> heldByThread = ThreadLocal.withInitial(AtomicInteger::new);
    private final long acquireTimeoutNanos;
    private final long reserveTimeoutMs;
    private final AtomicLong clientIds = new AtomicLong();
    private final ConcurrentHashMap<String, java.sql.ResultSetMetaData> resultShapes = new ConcurrentHashMap<>();
    private final Object pauseLock = new Object();
    private volatile boolean paused;
    private final String loginRole;
    private final ConcurrentHashMap<String, LongAdder> pinShapes = new ConcurrentHashMap<>();
    private volatile PinTarget pinTarget;
    private volatile ReadRouter readRouter;
    private volatile ReplicaStatus replicaStatus = ReplicaStatus.PRIMARY;
    private final io.pgmux.session.SqlClassifier classifier;
    private final DriverDataSource dataSource;
    /** Open logical connections; {@link #RETIRED} once the pool closes for good, so that no connect enters it. */
    private final AtomicInteger clients = new AtomicInteger();
    private static final int RETIRED = Integer.MIN_VALUE;
    /** When the last logical connection left: the idle time counts from here. */
    private volatile long lastUsedNanos = System.nanoTime();
    private volatile DatabaseRelease databaseRelease;

    private final int defaultFetchSize;
    /** When a server connection last came back healthy from a borrow: proof that the server answered then. */
    private volatile long lastAnsweredNanos = System.nanoTime() - TimeUnit.DAYS.toNanos(1);
    /** Borrows opening a server connection on their own thread right now. */
    private final AtomicInteger openingForBorrows = new AtomicInteger();

    private ServerPool(PoolKey key, PgmuxConfig config, DriverDataSource dataSource, HikariDataSource main,
                       HikariDataSource reserve, SessionApplier applier, SessionState defaults,
                       Class<?> driverConnectionClass, String loginRole, int defaultFetchSize) {
        this.key = key;
        this.dataSource = dataSource;
        this.defaultFetchSize = defaultFetchSize;
        this.name = key.name();
        this.config = config;
        this.main = main;
        this.mainPool = (HikariPool) main.getHikariPoolMXBean();
        this.reserve = reserve;
        this.reservePool = reserve == null ? null : (HikariPool) reserve.getHikariPoolMXBean();
        this.reservePermits = reserve == null ? null : new Semaphore(config.poolReserve());
        this.applier = applier;
        this.defaults = defaults;
        this.driverConnectionClass = driverConnectionClass;
        this.acquireTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(config.poolAcquireTimeoutMs());
        this.reserveTimeoutMs = config.poolReserveTimeoutMs();
        this.maxLifetimeNanos = TimeUnit.MILLISECONDS.toNanos(main.getMaxLifetime());
        this.loginRole = loginRole;
        this.classifier = new io.pgmux.session.SqlClassifier(config.trackedParameters());
        // with one host there is nobody to wait for: a failure is the driver's own, at once (SPEC section 3)
        this.failoverWaitNanos = key.target().indexOf(',') >= 0
                ? TimeUnit.MILLISECONDS.toNanos(config.failoverWaitMs()) : 0;
    }

    /** Tells what SQL does to the session, with this pool's tracked parameters. */
    public io.pgmux.session.SqlClassifier classifier() {
        return classifier;
    }

    /**
     * Opens the pool and one server connection right away, on the calling (app's) thread and before HikariCP
     * touches it: wrong credentials, an unknown database or an unreachable server fail here with the driver's own
     * SQLException at the driver's own cost, and the defaults are the driver's (readOnly, fetch size...), not
     * HikariCP's. That connection then becomes the pool's first.
     */
    public static ServerPool open(PoolKey key, DriverDataSource servers, PgmuxConfig config, SessionApplier applier)
            throws SQLException {
        long defaultsRead = SESSION_DEFAULTS_CHANGES.get();
        Connection first = servers.open();
        SessionState defaults;
        Class<?> driverConnectionClass;
        String loginRole;
        int defaultFetchSize;
        DriverDefaults driverDefaults;
        try {
            defaults = readDefaults(first);
            driverConnectionClass = first.getClass();
            DriverRules.learn(first);
            driverDefaults = DriverDefaults.of(first);
            loginRole = sessionUser(first);
            try (Statement st = first.createStatement()) {
                defaultFetchSize = st.getFetchSize();
            }
        } catch (SQLException | RuntimeException e) {
            closeQuietly(first);
            throw e;
        }
        servers.handOver(first);
        HikariConfig mainConfig = hikariConfig(key.name(), servers, config, defaults.readOnly);
        mainConfig.setMaximumPoolSize(config.poolSize());
        mainConfig.setMinimumIdle(Math.min(config.poolMinIdle(), config.poolSize()));
        // HikariCP replaces an idle timeout under 10 s by its default; pgmux closes whole idle pools itself
        mainConfig.setIdleTimeout(config.poolIdleTimeoutMs() == 0 ? 0 : Math.max(10_000, config.poolIdleTimeoutMs()));
        // the first connection is open already: HikariCP's own check would only add its 1 s sleep to a failure
        mainConfig.setInitializationFailTimeout(-1);
        HikariDataSource main;
        try {
            main = new HikariDataSource(mainConfig);
        } catch (RuntimeException e) {
            servers.closeHandedOver();
            throw driverFailure(e, key);
        }
        HikariDataSource reserve = null;
        try {
            // the pool takes the connection handed over now, rather than leave it outside its counts
            main.getConnection().close();
            if (config.poolReserve() > 0) {
                HikariConfig reserveConfig = hikariConfig(key.name() + " reserve", servers, config, defaults.readOnly);
                reserveConfig.setMaximumPoolSize(config.poolReserve());
                reserveConfig.setMinimumIdle(0);
                // HikariCP's shortest idle timeout: the reserve shrinks back soon after the rush
                reserveConfig.setIdleTimeout(10_000);
                reserveConfig.setInitializationFailTimeout(-1);
                reserve = new HikariDataSource(reserveConfig);
            }
            ServerPool pool = new ServerPool(key, config, servers, main, reserve, applier, defaults,
                    driverConnectionClass, loginRole, defaultFetchSize);
            servers.servesFor(pool);
            pool.driverDefaults = driverDefaults;
            pool.defaultsRead = defaultsRead;
            return pool;
        } catch (SQLException | RuntimeException e) {
            main.close();
            if (reserve != null) {
                reserve.close();
            }
            servers.closeHandedOver();
            throw e;
        }
    }

    /** The session state of a new server connection, read from the driver's connection before HikariCP sets it up. */
    private static SessionState readDefaults(Connection raw) throws SQLException {
        SessionState defaults = new SessionState();
        defaults.autoCommit = raw.getAutoCommit();
        defaults.isolation = raw.getTransactionIsolation();
        defaults.readOnly = raw.isReadOnly();
        defaults.schema = raw.getSchema();
        defaults.catalog = raw.getCatalog();
        defaults.holdability = raw.getHoldability();
        defaults.networkTimeoutMillis = raw.getNetworkTimeout();
        defaults.applicationName = raw.getClientInfo("ApplicationName");
        return defaults;
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            log.debug("pgmux: closing a server connection that could not be set up failed", e);
        }
    }

    private static String sessionUser(Connection raw) throws SQLException {
        try (Statement st = raw.createStatement(); java.sql.ResultSet rs = st.executeQuery("SELECT session_user")) {
            rs.next();
            return rs.getString(1);
        } finally {
            if (!raw.getAutoCommit()) {
                raw.rollback();
            }
        }
    }

    private static HikariConfig hikariConfig(String poolName, DriverDataSource servers, PgmuxConfig config,
                                             boolean readOnly) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName(poolName);
        hc.setDataSource(servers);
        hc.setAutoCommit(true);
        // HikariCP would set its own default on every new connection: keep the driver's (readOnly=true in the URL)
        hc.setReadOnly(readOnly);
        hc.setConnectionTimeout(Math.max(250, config.poolAcquireTimeoutMs()));
        hc.setMaxLifetime(config.poolMaxLifetimeMs());
        hc.setRegisterMbeans(false);
        return hc;
    }

    private static SQLException driverFailure(RuntimeException e, PoolKey key) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException) {
                return (SQLException) t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return new SQLException("Cannot open a server connection for pool " + key.name() + ": " + e.getMessage(), "08001", e);
    }

    /**
     * Takes a server connection for the calling logical connection and brings it to {@code wanted}.
     *
     * @throws SQLTransientConnectionException (08001) after {@code pgmux.pool.acquireTimeoutMs}
     */
    public ServerConnection borrow(SessionState wanted, ServerHolder holder) throws SQLException {
        if (failoverWaitNanos == 0) {
            return borrow(wanted, holder, 0);
        }
        long deadline = 0;
        for (;;) {
            try {
                return borrow(wanted, holder, 0);
            } catch (SQLException e) {
                deadline = awaitServer(e, deadline);
            }
        }
    }

    /**
     * A new server connection failed with {@code e}: where no host of a multi-host pool serves (the primary lost and
     * no standby promoted yet, every pooler down), an outage begins.
     */
    void connectFailed(SQLException e) {
        if (failoverWaitNanos > 0 && ServerLoss.isLoss(e) && !outage.get() && outage.compareAndSet(false, true)) {
            log.warn("pgmux pool {}: no server of {} serves ({}: {}); borrows and connects wait up to {} ms"
                    + " (pgmux.failover.waitMs) for one", name, key.target(), e.getSQLState(), e.getMessage(),
                    TimeUnit.NANOSECONDS.toMillis(failoverWaitNanos));
        }
    }

    /** A new server connection opened: it ends an outage, which counts as a failover. */
    void connected() {
        if (outage.get() && outage.compareAndSet(true, false)) {
            counters.failedOver();
            log.info("pgmux pool {}: a server of {} serves again", name, key.target());
        }
    }

    /**
     * After {@code e}, waits a little for one of the pool's hosts to serve (a new primary, another pooler) and returns
     * the deadline of that wait; rethrows {@code e} where it is no server loss, the pool has one host, or the deadline
     * (0: none yet, starts now) has passed.
     */
    private long awaitServer(SQLException e, long deadline) throws SQLException {
        if (failoverWaitNanos == 0 || !ServerLoss.isLoss(e) || closed) {
            throw e;
        }
        long now = System.nanoTime();
        if (deadline == 0) {
            deadline = now + failoverWaitNanos;
        }
        if (now - deadline >= 0) {
            throw e;
        }
        LockSupport.parkNanos(Math.min(FAILOVER_RETRY_NANOS, deadline - now));
        if (Thread.interrupted()) {
            Thread.currentThread().interrupt();
            throw e;
        }
        return deadline;
    }

    private ServerConnection borrow(SessionState wanted, ServerHolder holder, int brokenFound) throws SQLException {
        AtomicInteger depth = heldByThread.get();
        boolean nested = depth.get() > 0;
        long start = System.nanoTime();
        // read before taking from HikariCP: a reconnect() after this retires what is taken (see due())
        int generation = this.generation;
        counters.waitStarted();
        Connection pooled;
        boolean fromReserve = false;
        boolean handed = false;
        try {
            if (paused) {
                awaitResume(start);
            }
            pooled = null;
            SQLException lastFailure = null;
            // a borrow that finds others waiting past the bound queues behind them (one volatile read while nobody waits)
            if (waits.isEmpty() || !waits.headOverdue()) {
                Connection opened = null;
                boolean opening = startOpening();
                try {
                    if (opening) {
                        try {
                            opened = openForBorrow(start);
                        } catch (SQLException e) {
                            if (mainPool.getActiveConnections() == 0) {
                                // no server connection would come back to wait for: the driver's own error, now
                                throw e;
                            }
                            lastFailure = e;
                        }
                    }
                    try {
                        if (opened != null) {
                            // HikariCP takes the connection handed over as its next open: wait for that one
                            pooled = take(mainPool, Math.min(reserveTimeoutMs, TimeUnit.NANOSECONDS.toMillis(acquireTimeoutNanos)));
                        } else if (!nested || mainPool.getIdleConnections() > 0) {
                            pooled = take(mainPool, 0);
                        }
                    } catch (SQLException e) {
                        if (mainPool.poolState == HikariPool.POOL_SHUTDOWN) {
                            throw e;
                        }
                        // the pool could not open a connection: wait on, and report it with the acquire timeout (SPEC section 3)
                        lastFailure = e;
                        stopIfInterrupted(e);
                    }
                } finally {
                    if (opened != null && dataSource.takeBack(opened)) {
                        // another server connection came back first
                        closeQuietly(opened);
                    }
                    if (opening) {
                        openingForBorrows.decrementAndGet();
                    }
                }
            }
            if (pooled == null) {
                WaitQueue.Waiter w = waits.join();
                pooled = awaitTurn(w, start, nested, lastFailure);
                fromReserve = w.fromReserve;
                handed = pooled == w.handed;
            }
        } catch (SQLException e) {
            if (e.getSQLState() == null && Thread.currentThread().isInterrupted()) {
                throw new SQLException("Interrupted while waiting for a server connection of pgmux pool " + name
                        + "; the thread's interrupt flag stays set", "08001", e);
            }
            throw e;
        } finally {
            counters.waitEnded();
        }
        counters.waited((System.nanoTime() - start) / 1000);
        if (fromReserve) {
            counters.reserveTaken();
        }
        ServerConnection server = serverOf(pooled, handed);
        if (!handed) {
            server.generation = generation;
        }
        server.pooled = pooled;
        server.fromReserve = fromReserve;
        server.holderDepth = depth;
        server.borrowedAtNanos = System.nanoTime();
        server.holderThread = Thread.currentThread().getName();
        server.borrowed.set(true);
        server.holder = holder.reference();
        depth.incrementAndGet();
        counters.clientActive();
        try {
            applier.apply(wanted, server.current, server.raw, pooled, false);
        } catch (SQLException e) {
            server.failed(e);
            release(server);
            if (server.isClosed() && brokenFound < config.poolSize() + config.poolReserve()) {
                // it broke while idle, and only pgmux's own settings were sent: safe to take another
                log.debug("pgmux pool {}: a server connection was found broken at borrow ({}); taking another", name,
                        e.getSQLState());
                return borrow(wanted, holder, brokenFound + 1);
            }
            throw e;
        }
        return server;
    }

    /**
     * True where this borrow should open a server connection itself: none is idle, and the pool has room for one
     * more besides those that other borrows are opening now and the one HikariCP may be opening on its own thread
     * (for a waiter, or for minIdle), so that the server connections never exceed the pool's size.
     */
    private boolean startOpening() {
        while (true) {
            int opening = openingForBorrows.get();
            // the total first: it costs nothing, and a busy pool is usually full
            if (mainPool.getTotalConnections() + opening + 1 >= poolSize() || mainPool.getIdleConnections() > 0) {
                return false;
            }
            if (openingForBorrows.compareAndSet(opening, opening + 1)) {
                return true;
            }
        }
    }

    /**
     * Waits in {@link #waits} until a released connection is handed over, or, as the head, until HikariCP has one
     * (a new one, or one returned to it) or the reserve may be used. Sets {@code w.fromReserve}.
     */
    private Connection awaitTurn(WaitQueue.Waiter w, long start, boolean nested, SQLException failure) throws SQLException {
        SQLException lastFailure = failure;
        Connection pooled = null;
        try {
            for (;;) {
                Connection handed = w.handed;
                if (handed != null) {
                    return pooled = handed;
                }
                if (mainPool.poolState == HikariPool.POOL_SHUTDOWN) {
                    throw new SQLTransientConnectionException("pgmux pool " + name + " was closed while this borrow"
                            + " waited for a server connection", "08003");
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new SQLException("Interrupted while waiting for a server connection of pgmux pool " + name
                            + "; the thread's interrupt flag stays set", "08001");
                }
                long now = System.nanoTime();
                long remainingMs = TimeUnit.NANOSECONDS.toMillis(start + acquireTimeoutNanos - now);
                if (remainingMs <= 0) {
                    throw acquireTimeout(lastFailure);
                }
                boolean head = waits.isHead(w);
                long untilReserveMs = reserveTimeoutMs - TimeUnit.NANOSECONDS.toMillis(now - start);
                // nested borrows take from the reserve at once: their thread holds what the queue may wait for
                boolean reserveAllowed = nested || (head && untilReserveMs <= 0);
                if (reservePool != null && reserveAllowed && reservePermits.tryAcquire()) {
                    try {
                        pooled = reservePool.getConnection(remainingMs);
                        w.fromReserve = true;
                        return pooled;
                    } catch (SQLException e) {
                        reservePermits.release();
                        lastFailure = e;
                        stopIfInterrupted(e);
                    }
                }
                long sliceMs = Math.min(remainingMs, WAIT_SLICE_MS);
                if (head) {
                    if (reserveAllowed && (reservePool == null || reservePermits.availablePermits() == 0)) {
                        lookForDroppedHolders(start);
                    }
                    reclaimDropped();
                    if (reservePool != null && untilReserveMs > 0) {
                        sliceMs = Math.min(sliceMs, untilReserveMs);
                    }
                    long untilOverdueNanos = WaitQueue.untilOverdue(w);
                    if (untilOverdueNanos > 0) {
                        // not yet owed a release: take what HikariCP has now, else look again once overdue
                        if (mainCanServe()) {
                            try {
                                pooled = take(mainPool, 0);
                            } catch (SQLException e) {
                                lastFailure = e;
                                stopIfInterrupted(e);
                            }
                            if (pooled != null) {
                                return pooled;
                            }
                        }
                        LockSupport.parkNanos(this, Math.min(untilOverdueNanos, TimeUnit.MILLISECONDS.toNanos(sliceMs)));
                        continue;
                    }
                    if (mainCanServe() && waits.startFetching(w)) {
                        try {
                            pooled = take(mainPool, sliceMs);
                        } catch (SQLException e) {
                            // the pool could not open a connection, perhaps under pgmux.maxServerConnections: wait on
                            lastFailure = e;
                            stopIfInterrupted(e);
                        } finally {
                            waits.stopFetching(w);
                        }
                        if (pooled != null) {
                            return pooled;
                        }
                        continue;
                    }
                }
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(Math.max(1, sliceMs)));
            }
        } finally {
            // a waiter served by a hand-off was taken out of the queue by the releasing thread
            if (pooled == null || pooled != w.handed) {
                Connection late = waits.leave(w);
                if (late != null && late != pooled) {
                    // handed over while this borrow took another, timed out or was interrupted
                    passOn(late);
                }
            }
        }
    }

    /**
     * Opens the server connection a borrow needs on the borrowing thread, with whatever connect context is bound to
     * it (a {@code Subject.doAs} login, the driver's connect executor), and hands it to the pool, which takes it as
     * its next open, the one this borrow waits for.
     */
    private Connection openForBorrow(long startNanos) throws SQLException {
        long remainingNanos = startNanos + acquireTimeoutNanos - System.nanoTime();
        Connection opened = dataSource.open((int) Math.max(1, TimeUnit.NANOSECONDS.toSeconds(remainingNanos + 999_999_999L)));
        dataSource.handOver(opened);
        return opened;
    }

    /** HikariCP has an idle connection, or may open one: the head of the queue waits there. */
    private boolean mainCanServe() {
        return mainPool.getIdleConnections() > 0 || mainPool.getTotalConnections() < poolSize();
    }

    /** A main-pool connection that nobody holds: to the longest waiter, else back to HikariCP. */
    private void passOn(Connection pooled) {
        if (!waits.handOff(pooled)) {
            try {
                pooled.close();
            } catch (SQLException e) {
                log.debug("pgmux pool {}: returning a server connection failed", name, e);
            }
            waits.wakeHead();
        }
    }

    /**
     * A connection passed from holder to holder never goes back to HikariCP, which retires connections only there:
     * one that HikariCP would have retired by now (max lifetime, reconnect, resize) goes back instead of on.
     */
    private boolean due(ServerConnection server) {
        return server.generation != generation
                || (maxLifetimeNanos > 0 && System.nanoTime() - server.firstUsedNanos >= maxLifetimeNanos);
    }

    /** An interrupted thread stops waiting: HikariCP would answer every further try at once, without SQLState. */
    private static void stopIfInterrupted(SQLException e) throws SQLException {
        if (Thread.currentThread().isInterrupted()) {
            throw e;
        }
    }

    private void awaitResume(long start) throws SQLException {
        synchronized (pauseLock) {
            while (paused) {
                long remainingMs = TimeUnit.NANOSECONDS.toMillis(start + acquireTimeoutNanos - System.nanoTime());
                if (remainingMs <= 0) {
                    throw acquireTimeout(new SQLException("pool " + name + " is paused", "08001"));
                }
                try {
                    pauseLock.wait(remainingMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("Interrupted while waiting for paused pool " + name + " to resume", "08001", e);
                }
            }
        }
    }

    /** A connection from {@code pool} within {@code timeoutMs}, or null where none came in time. */
    private static Connection take(HikariPool pool, long timeoutMs) throws SQLException {
        try {
            return pool.getConnection(timeoutMs);
        } catch (SQLTransientConnectionException e) {
            if (pool.poolState == HikariPool.POOL_SHUTDOWN) {
                throw e;
            }
            if (e.getCause() instanceof SQLException) {
                // the pool could not open connections: keep waiting, and report it if time runs out
                throw (SQLException) e.getCause();
            }
            return null;
        }
    }

    private ServerConnection serverOf(Connection pooled, boolean handed) throws SQLException {
        Connection raw = pooled.unwrap(Connection.class);
        ServerConnection server = servers.get(raw);
        if (server == null) {
            if (servers.size() > 2 * (config.poolSize() + config.poolReserve()) + 8) {
                servers.values().removeIf(ServerConnection::isClosed);
            }
            server = new ServerConnection(this, raw, defaults.copy());
            servers.put(raw, server);
        }
        if (!handed) {
            // the pool resets the network timeout it saw changed when the connection comes back
            server.current.networkTimeoutMillis = defaults.networkTimeoutMillis;
        }
        return server;
    }

    private SQLTransientConnectionException acquireTimeout(SQLException lastFailure) {
        counters.acquireTimedOut();
        String message = "pgmux pool " + name + ": no server connection within " + config.poolAcquireTimeoutMs()
                + " ms (active " + mainPool.getActiveConnections() + ", idle " + mainPool.getIdleConnections()
                + ", waiting " + counters.clientsWaiting() + ", reserve in use " + counters.reserveInUse() + " of "
                + config.poolReserve() + "). Raise pgmux.pool.size (now " + config.poolSize()
                + ") or pgmux.pool.acquireTimeoutMs, or look for a leak: logical connections that keep a transaction"
                + " open or leave result sets unread hold their server connection"
                + (lastFailure == null ? "." : ". Last failure: " + lastFailure.getMessage())
                + capReached();
        return new AcquireTimeout(message, lastFailure);
    }

    /** No server connection within the acquire timeout: a busy pool, not by itself a lost server. */
    static final class AcquireTimeout extends SQLTransientConnectionException {
        private static final long serialVersionUID = 1L;

        AcquireTimeout(String message, SQLException lastFailure) {
            super(message, "08001", lastFailure);
        }
    }

    private String capReached() {
        ServerConnectionCap cap = dataSource.cap();
        return cap == null || cap.inUse() < cap.max() ? ""
                : " pgmux.maxServerConnections is reached: " + cap.inUse() + " server connections across all pools. "
                + cap.advice();
    }

    /**
     * Gives a server connection back. A connection whose session pgmux cannot vouch for is reset with
     * {@code DISCARD ALL} or closed; a broken one is closed.
     */
    public void release(ServerConnection server) {
        if (server.borrowed.compareAndSet(true, false)) {
            giveBack(server);
        }
    }

    /**
     * Takes back the server connections of logical connections that the app dropped without closing, once the
     * garbage collector has found them unreachable: each is closed, which ends its open transaction, as the driver
     * closes a real connection it finds unreachable. Only borrows that have to wait look: that is when it matters.
     */
    private int reclaimDropped() {
        int reclaimed = 0;
        for (ServerConnection server : servers.values()) {
            Reference<ServerHolder> holder = server.holder;
            if (holder != null && holder.get() == null && server.borrowed.compareAndSet(true, false)) {
                log.warn("pgmux pool {}: a logical connection used on thread {} was dropped without close() while"
                        + " it held a server connection ({} ms); that server connection is closed, rolling back any"
                        + " open transaction, and replaced. Close connections in finally blocks or try-with-resources.",
                        name, server.holderThread, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - server.borrowedAtNanos));
                counters.clientClosed();
                leave();
                server.evictOnRelease();
                giveBack(server);
                reclaimed++;
            }
        }
        return reclaimed;
    }

    /**
     * A borrow has waited past {@code reserveTimeoutMs} with the reserve used up: a holder the app dropped without
     * closing may be what it waits for, and the garbage collector may not run on its own for a long while.
     */
    private void lookForDroppedHolders(long waitStartNanos) {
        if (DroppedHolderSearch.collectGarbage()) {
            int reclaimed = reclaimDropped();
            log.info("pgmux pool {}: a borrow waited {} ms with the reserve used up; a garbage collection looked for"
                    + " logical connections dropped without close() that held a server connection: {} taken back",
                    name, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - waitStartNanos), reclaimed);
        }
    }

    private void giveBack(ServerConnection server) {
        // everything of this borrow is read before the connection goes back: another thread may take it at once
        Connection pooled = server.pooled;
        boolean fromReserve = server.fromReserve;
        AtomicInteger depth = server.holderDepth;
        server.pooled = null;
        server.fromReserve = false;
        server.holderDepth = null;
        server.holder = null;
        if (applier.perTransaction()) {
            // SET LOCAL values ended with the transaction
            server.current.tracked.copyFrom(defaults.tracked);
        }
        boolean evict = server.takeEvictOnRelease();
        if (!evict && server.takeResetOnRelease()) {
            evict = !discardAll(server);
        }
        if (evict) {
            servers.remove(server.raw);
            (fromReserve ? reserve : main).evictConnection(pooled);
        } else {
            long now = System.nanoTime();
            // written at most every few milliseconds: every release would contend for it
            if (now - lastAnsweredNanos > ANSWERED_RESOLUTION_NANOS) {
                lastAnsweredNanos = now;
            }
        }
        try {
            // while borrows wait past the bound, a sound main-pool connection goes straight to the longest waiter
            if (waits.isEmpty() || evict || fromReserve || server.isClosed() || due(server) || !waits.handOff(pooled)) {
                pooled.close();
                if (!fromReserve && !waits.isEmpty()) {
                    waits.wakeOverdueHead();
                }
            }
        } catch (SQLException e) {
            log.debug("pgmux pool {}: closing a released server connection failed", name, e);
        } catch (RuntimeException e) {
            if (!evict) {
                throw e;
            }
            // HikariCP resets settings changed through its handle (network timeout, read-only...) on the
            // connection it has just closed for the eviction: there is nothing left to reset
            log.debug("pgmux pool {}: closing the handle of an evicted server connection failed", name, e);
        } finally {
            if (fromReserve) {
                reservePermits.release();
                counters.reserveReturned();
                if (!waits.isEmpty()) {
                    // a waiter past reserveTimeoutMs may take the reserve now
                    waits.wakeHead();
                }
            }
            depth.decrementAndGet();
            counters.clientIdle();
        }
    }

    private boolean discardAll(ServerConnection server) {
        try {
            if (!server.raw.getAutoCommit()) {
                // DISCARD ALL cannot run inside the transaction block the driver would open
                server.raw.rollback();
                server.raw.setAutoCommit(true);
                server.current.autoCommit = true;
            }
            try (Statement s = server.raw.createStatement()) {
                // a transaction the app began in SQL is unknown to the driver: end it first
                s.execute("ROLLBACK");
                s.execute("DISCARD ALL");
            }
            server.current.copyServerSideFrom(defaults);
            return true;
        } catch (SQLException e) {
            log.warn("pgmux pool {}: DISCARD ALL failed on a released server connection; closing it instead", name, e);
            return false;
        }
    }

    /**
     * True where a server connection of this pool answers within {@code timeoutSeconds}, or where that is 0 within
     * {@code networkTimeoutMillis}, as the driver's {@code isValid} bounds its wait; where both are 0, within the
     * acquire timeout. Takes an idle connection (from the reserve where the pool is busy) and gives it back. A pool
     * with no idle server connection whose server connections came back from use within the last second has just
     * shown that the server answers: an app pool that tests every connection it lends (c3p0) must neither double the
     * demand on a busy pool nor make it open connections only to be checked.
     */
    public boolean canServe(int timeoutSeconds, int networkTimeoutMillis) {
        long timeoutMs = timeoutSeconds > 0 ? TimeUnit.SECONDS.toMillis(timeoutSeconds) : Long.MAX_VALUE;
        if (networkTimeoutMillis > 0) {
            timeoutMs = Math.min(timeoutMs, networkTimeoutMillis);
        }
        if (timeoutMs == Long.MAX_VALUE) {
            timeoutMs = config.poolAcquireTimeoutMs();
        }
        boolean noneIdle = mainPool.getIdleConnections() == 0;
        if (noneIdle && TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastAnsweredNanos)
                < Math.min(timeoutMs, ANSWERED_RECENTLY_MS)) {
            return true;
        }
        boolean busy = noneIdle && mainPool.getTotalConnections() >= poolSize();
        if (busy && reservePool != null && reservePermits.tryAcquire()) {
            try {
                return ServerCheck.answers(reservePool, timeoutMs);
            } finally {
                reservePermits.release();
            }
        }
        return ServerCheck.answers(mainPool, timeoutMs);
    }

    /** Reads pgmux's own query's one row. */
    public interface RowReader<T> {
        T read(java.sql.ResultSet row) throws SQLException;
    }

    /**
     * Runs pgmux's own one-row query on a server connection of the main pool, waiting at most {@code timeoutMs} for
     * the connection and for the answer; not an app's borrow, so not counted as one.
     */
    public <T> T ask(String sql, int timeoutMs, RowReader<T> reader) throws SQLException {
        return ServerQuery.ask(mainPool, sql, timeoutMs, reader);
    }

    /** Routes reads to standbys for this (primary) pool; null where no standby is configured. */
    public ReadRouter readRouter() {
        return readRouter;
    }

    /** Set once, when the pool is first used with standbys configured. */
    public synchronized ReadRouter readRouter(java.util.function.Supplier<ReadRouter> make) {
        if (readRouter == null) {
            readRouter = make.get();
        }
        return readRouter;
    }

    /** What this pool's MBean says of its place in replication; a primary's own where nobody set another. */
    public ReplicaStatus replicaStatus() {
        return replicaStatus;
    }

    public void replicaStatus(ReplicaStatus status) {
        this.replicaStatus = status;
    }

    @Override
    public String role() {
        return replicaStatus.role();
    }

    @Override
    public boolean healthy() {
        return replicaStatus.healthy();
    }

    @Override
    public long replicationLagMillis() {
        return replicaStatus.replicationLagMillis();
    }

    /** The role this pool's server connections log in as ({@code session_user}). */
    public String loginRole() {
        return loginRole;
    }

    /** Where pinned logical connections go instead of this pool; empty where they pin their own server connection. */
    public Optional<PinTarget> pinTarget() {
        return Optional.ofNullable(pinTarget);
    }

    public void pinTarget(PinTarget target) {
        this.pinTarget = target;
    }

    /**
     * Counts a pin caused by SQL of {@code shape} (see {@code SqlClassifier.shapeOf}); true the first time
     * this shape pins, so that it is logged once. At most {@value #PIN_SHAPES} shapes are kept apart.
     */
    public boolean pinnedBy(String shape) {
        LongAdder count = pinShapes.get(shape);
        boolean first = false;
        if (count == null) {
            String key = pinShapes.size() < PIN_SHAPES ? shape : OTHER_SHAPES;
            LongAdder created = new LongAdder();
            count = pinShapes.putIfAbsent(key, created);
            if (count == null) {
                count = created;
                first = key.equals(shape);
            }
        }
        count.increment();
        return first;
    }

    /** Pins so far by the SQL shape that caused them, most frequent first. */
    public Map<String, Long> pinShapes() {
        List<Map.Entry<String, LongAdder>> entries = new ArrayList<>(pinShapes.entrySet());
        entries.sort((a, b) -> Long.compare(b.getValue().sum(), a.getValue().sum()));
        Map<String, Long> shapes = new LinkedHashMap<>();
        for (Map.Entry<String, LongAdder> e : entries) {
            shapes.put(e.getKey(), e.getValue().sum());
        }
        return shapes;
    }

    /** The class of the driver's connections, to answer {@code isWrapperFor} without borrowing. */
    public Class<?> driverConnectionClass() {
        return driverConnectionClass;
    }

    /** What a fresh server connection answers to the driver's own getters (pgjdbc's PGConnection). */
    public DriverDefaults driverDefaults() {
        return driverDefaults;
    }

    /** The fetch size of the driver's new statements ({@code defaultRowFetchSize}). */
    public int defaultFetchSize() {
        return defaultFetchSize;
    }

    /** The session state of a fresh server connection: what a new logical connection starts with. */
    public SessionState defaults() {
        return defaults;
    }

    /**
     * Notes that SQL run through pgmux changed the defaults of new sessions ({@code ALTER DATABASE|ROLE ... SET}):
     * every pool re-reads its defaults before its next new logical connection.
     */
    public static void sessionDefaultsChanged() {
        SESSION_DEFAULTS_CHANGES.incrementAndGet();
    }

    /** True where new sessions may have other defaults than {@link #defaults()} says. */
    public boolean defaultsStale() {
        return defaultsRead != SESSION_DEFAULTS_CHANGES.get();
    }

    /**
     * Where {@link #defaultsStale()}: replaces the server connections (idle ones now, held ones when they come back),
     * whose sessions keep the defaults they started with, and reads the defaults of a new session, so that new
     * logical connections start as a new driver connection would. Logical connections already open keep theirs,
     * as the driver's connections do.
     */
    public void refreshDefaultsIfStale() throws SQLException {
        if (!defaultsStale()) {
            return;
        }
        synchronized (this) {
            long changes = SESSION_DEFAULTS_CHANGES.get();
            if (defaultsRead == changes) {
                return;
            }
            reconnect();
            try (Connection fresh = dataSource.open()) {
                SessionState read = readDefaults(fresh);
                read.tracked.copyFrom(defaults.tracked);
                defaults = read;
            }
            defaultsRead = changes;
            log.info("pgmux pool {}: defaults of new sessions changed (ALTER ... SET); server connections replaced",
                    name);
        }
    }

    public SessionApplier applier() {
        return applier;
    }

    public PgmuxConfig config() {
        return config;
    }

    public PoolKey key() {
        return key;
    }

    /** {@code user@host:port/database}. */
    public String name() {
        return name;
    }

    public PoolCounters counters() {
        return counters;
    }

    /** The main HikariCP pool (its MXBean has active, idle, total and waiting counts). */
    public HikariDataSource hikari() {
        return main;
    }

    /** The reserve HikariCP pool, where {@code pgmux.pool.reserve} is above 0. */
    public Optional<HikariDataSource> reserve() {
        return Optional.ofNullable(reserve);
    }

    public int serversActive() {
        return mainPool.getActiveConnections() + (reservePool == null ? 0 : reservePool.getActiveConnections());
    }

    public int serversIdle() {
        return mainPool.getIdleConnections() + (reservePool == null ? 0 : reservePool.getIdleConnections());
    }

    public int serversTotal() {
        return mainPool.getTotalConnections() + (reservePool == null ? 0 : reservePool.getTotalConnections());
    }

    /**
     * Column facts of results seen recently, by search path and SQL: copying them from the driver is the
     * costliest part of releasing a server connection after an autocommit query, and most queries repeat.
     */
    public ConcurrentHashMap<String, java.sql.ResultSetMetaData> resultShapes() {
        return resultShapes;
    }

    /** A new logical connection's id, unique within this pool. */
    public long nextClientId() {
        return clientIds.incrementAndGet();
    }

    @Override
    public int poolSize() {
        return main.getHikariConfigMXBean().getMaximumPoolSize();
    }

    @Override
    public boolean paused() {
        return paused;
    }

    /** New borrows wait (up to the acquire timeout); logical connections holding a server connection go on. */
    @Override
    public void pause() {
        paused = true;
    }

    @Override
    public void resume() {
        synchronized (pauseLock) {
            paused = false;
            pauseLock.notifyAll();
        }
    }

    /** Idle server connections are closed at once, held ones when they come back. */
    @Override
    public void reconnect() {
        mainPool.softEvictConnections();
        if (reservePool != null) {
            reservePool.softEvictConnections();
        }
        generation++;
    }

    @Override
    public void resize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("pool size must be at least 1, was " + size);
        }
        var hikariConfig = main.getHikariConfigMXBean();
        boolean shrinking = size < hikariConfig.getMaximumPoolSize();
        if (size < hikariConfig.getMinimumIdle()) {
            hikariConfig.setMinimumIdle(size);
        }
        hikariConfig.setMaximumPoolSize(size);
        if (shrinking) {
            // HikariCP keeps connections above a lowered maximum until they time out: replace them all (idle ones
            // now, held ones as they come back), and it opens no more than the new size again
            mainPool.softEvictConnections();
            generation++;
        }
    }

    @Override
    public List<HolderInfo> holders() {
        List<HolderInfo> holders = new ArrayList<>();
        long now = System.nanoTime();
        for (ServerConnection server : servers.values()) {
            Reference<ServerHolder> reference = server.holder;
            ServerHolder holder = reference == null ? null : reference.get();
            if (holder != null) {
                holders.add(new HolderInfo(holder.id(), TimeUnit.NANOSECONDS.toMillis(now - server.borrowedAtNanos),
                        holder.holdingState(), server.holderThread, holder.openedAt()));
            }
        }
        return holders;
    }

    // ---- lifecycle: a pool lives while logical connections use it (SPEC section 10) ---------------------

    /**
     * A logical connection opens on this pool; false where the pool has retired, and the caller must open a new
     * one. A CAS, no lock: a retiring pool and a connect cannot both win.
     */
    public boolean enter() {
        for (;;) {
            int n = clients.get();
            if (n < 0) {
                return false;
            }
            if (clients.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** A logical connection that {@link #enter entered} closed, or was dropped and taken back. */
    public void leave() {
        // written before the count drops: whoever sees the count at 0 sees since when
        lastUsedNanos = System.nanoTime();
        clients.decrementAndGet();
    }

    /**
     * Retires the pool where no logical connection is open and none has been for {@code idleNanos}: no connect
     * enters it after. The caller closes it.
     */
    public boolean retireIfIdle(long idleNanos) {
        return clients.get() == 0 && System.nanoTime() - lastUsedNanos >= idleNanos && clients.compareAndSet(0, RETIRED);
    }

    /**
     * True where a repeat connect must log in for real first ({@link #login}): the pool has no server connection
     * that would show that PostgreSQL still accepts these credentials, or nobody has used it for {@code idleNanos}.
     */
    public boolean needsLogin(long idleNanos) {
        return serversTotal() == 0 || (clients.get() == 0 && System.nanoTime() - lastUsedNanos >= idleNanos);
    }

    /**
     * Opens and closes one server connection with the pool's credentials on the calling thread, so that a
     * changed password, NOLOGIN or a dropped role fail the app's connect with the driver's own SQLException.
     */
    public void login() throws SQLException {
        long deadline = 0;
        for (;;) {
            try {
                dataSource.login().close();
                return;
            } catch (SQLException e) {
                // a connect during a failover waits for the new primary as a borrow does
                deadline = awaitServer(e, deadline);
            }
        }
    }

    /**
     * Closes one idle server connection, of the reserve first; false where none is idle. Makes room under
     * {@code pgmux.maxServerConnections} for a pool whose borrow waits.
     */
    public boolean closeIdleServerConnection() {
        return closeIdle(reservePool, reserve) || closeIdle(mainPool, main);
    }

    private static boolean closeIdle(HikariPool pool, HikariDataSource source) {
        if (pool == null || pool.getIdleConnections() == 0) {
            return false;
        }
        Connection idle;
        try {
            // taking it marks it in use, so that no borrower gets it while it closes
            idle = pool.getConnection(0);
        } catch (SQLException e) {
            return false;
        }
        source.evictConnection(idle);
        try {
            idle.close();
        } catch (SQLException e) {
            log.debug("pgmux: closing an evicted idle server connection failed", e);
        }
        return true;
    }

    /** Where {@link #releaseDatabaseInUse} closes idle server connections: every pool of the same pgmux. */
    public void databaseRelease(DatabaseRelease release) {
        this.databaseRelease = release;
    }

    /**
     * After a statement failed with {@code e}: where it is 55006 (a database "is being accessed by other users",
     * as DROP DATABASE reports it), closes the pools of that database that no logical connection uses, and their
     * server connections. True where it closed any: the statement may then run once more.
     */
    public boolean releaseDatabaseInUse(SQLException e) {
        DatabaseRelease release = databaseRelease;
        String database = release == null ? null : DatabaseRelease.databaseInUse(e);
        return database != null && release.closeIdleConnectionsTo(database);
    }

    /**
     * Before {@code sql} runs: where it is {@code DROP DATABASE}, closes the pools of that database that no logical
     * connection uses first, so that PostgreSQL does not wait 5 s for their sessions and then refuse with 55006.
     */
    public void releaseDatabaseDroppedBy(String sql) {
        DatabaseRelease release = databaseRelease;
        String database = release == null ? null : DatabaseRelease.databaseDroppedBy(sql);
        if (database != null) {
            release.closeIdleConnectionsTo(database);
        }
    }

    @Override
    public void close() {
        closed = true;
        ReadRouter router = readRouter;
        if (router != null) {
            router.close();
        }
        resume();
        main.close();
        if (reserve != null) {
            reserve.close();
        }
        dataSource.closeHandedOver();
        waits.wakeAll();
        servers.clear();
    }

    @Override
    public String toString() {
        return name;
    }
}
