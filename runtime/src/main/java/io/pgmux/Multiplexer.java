package io.pgmux;

import io.pgmux.config.ConfigException;
import io.pgmux.config.HostAndPort;
import io.pgmux.config.PgmuxConfig;
import io.pgmux.config.StandbyAddress;
import io.pgmux.config.TargetMode;
import io.pgmux.logical.LogicalConnection;
import io.pgmux.pool.DriverDataSource;
import io.pgmux.pool.JdbcUrl;
import io.pgmux.pool.PinTarget;
import io.pgmux.pool.PoolKey;
import io.pgmux.pool.ServerConnectionCap;
import io.pgmux.pool.ServerPool;
import io.pgmux.session.SessionApplier;
import io.pgmux.standby.StandbyRouter;
import io.pgmux.session.SessionLevelApplier;
import io.pgmux.session.TransactionLevelApplier;
import io.pgmux.stats.Statistics;
import java.io.IOException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns app connections into logical connections over pools of server connections, one pool per
 * {@link PoolKey} (SPEC section 1). The agent keeps one for the whole JVM; each {@link PgmuxDataSource}
 * has its own.
 */
public final class Multiplexer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Multiplexer.class);
    /**
     * A repeat connect to a pool nobody has used for this long logs in for real once (SPEC section 2): PostgreSQL
     * checks credentials only at login, so a pool must not stretch an old login past a pause of its app. The gaps
     * between connects of an app that connects per request are far shorter, so a busy app pays no extra login.
     */
    static final long LOGIN_AGAIN_AFTER_IDLE_MS = 2_000;
    private static final long LOGIN_AGAIN_AFTER_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(LOGIN_AGAIN_AFTER_IDLE_MS);

    private final PgmuxConfig config;
    private final SessionApplier applier = new SessionLevelApplier();
    private final SessionApplier transactionApplier = new TransactionLevelApplier();
    /** Pin-target pools open no idle connections of their own: most apps never pin. */
    private final PgmuxConfig pinPoolConfig;
    private final PgmuxConfig standbyPoolConfig;
    private final ConcurrentHashMap<PoolKey, CompletableFuture<ServerPool>> pools = new ConcurrentHashMap<>();
    private final KnownConnects known = new KnownConnects();
    private final KnownAppConnects appConnects = new KnownAppConnects();
    /** App-level connects with a Properties ({@code DriverManager.getConnection(url, info)}), by caller scope. */
    private final KnownConnects appPropertiesConnects = new KnownConnects();
    /** Every pool opened and not closed yet, including those whose key was dropped while still in use. */
    private final Set<ServerPool> live = ConcurrentHashMap.newKeySet();
    /** {@code pgmux.maxServerConnections}; null where unset. */
    private final ServerConnectionCap cap;
    private final Statistics statistics;
    /** Closes pools idle for {@code pgmux.pool.idleTimeoutMs}; null where that is 0 (never). */
    private final ScheduledFuture<?> idleSweep;
    private volatile boolean closed;

    /**
     * Starts the statistics too (SPEC section 7): MBeans where {@code pgmux.jmx}, the Prometheus endpoint where
     * {@code pgmux.metrics.port} is set, leak warnings where {@code pgmux.leakThresholdMs} is above 0.
     *
     * @throws IllegalStateException where {@code pgmux.metrics.port} cannot be bound and {@code pgmux.strict=true}
     */
    public Multiplexer(PgmuxConfig config) {
        this.config = config;
        this.pinPoolConfig = pinPoolConfig(config);
        this.standbyPoolConfig = standbyPoolConfig(config);
        try {
            this.statistics = Statistics.start(config);
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage() + ". pgmux.strict=true: not starting; free the port, choose"
                    + " another pgmux.metrics.port, or set pgmux.strict=false to run without the endpoint.", e);
        }
        this.cap = config.maxServerConnections() == 0 ? null
                : new ServerConnectionCap(config.maxServerConnections(), config.poolAcquireTimeoutMs(), () -> live);
        long idleMs = config.poolIdleTimeoutMs();
        this.idleSweep = idleMs == 0 ? null
                : statistics.every(Math.max(50, Math.min(idleMs / 4, 5_000)), "closing idle pools", this::closeIdlePools);
    }

    public PgmuxConfig config() {
        return config;
    }

    /** True where an app connection to {@code url} becomes a logical connection (pgmux.include/exclude). */
    public boolean intercepts(String url) {
        return config.enabled() && url != null && config.matches(url);
    }

    /**
     * A logical connection whose server connections come from {@code driver}. The first connect of a pool
     * key opens a server connection right away, so that wrong credentials, an unknown database or an
     * unreachable server fail here with the driver's own SQLException and SQLState.
     */
    public Connection connect(Driver driver, String url, Properties info) throws SQLException {
        Connection repeat = connectIfKnown(driver, url, info);
        if (repeat != null) {
            return repeat;
        }
        if (closed) {
            throw new SQLException("pgmux is closed: no new connections to " + url, "08003");
        }
        JdbcUrl parsed = JdbcUrl.parse(url, info);
        if (isReplication(parsed)) {
            return driver.connect(url, info);
        }
        String target = config.targetHosts().orElse(null);
        PoolKey key = PoolKey.of(parsed, target, driver.getClass());
        boolean transactionMode = target != null && config.targetMode() == TargetMode.TRANSACTION;
        ServerPool pool = enteredPool(key, driver, parsed, info, target, transactionMode);
        if (transactionMode && pool.pinTarget().isEmpty()) {
            String pinHost = pinTargetOf(parsed, target);
            if (pinHost != null) {
                PoolKey pinKey = PoolKey.of(parsed, pinHost, driver.getClass());
                pool.pinTarget(new PinTarget() {
                    @Override
                    public String hostAndPort() {
                        return pinHost;
                    }

                    @Override
                    public ServerPool pool() throws SQLException {
                        return enteredPool(pinKey, driver, parsed, info, pinHost, false);
                    }
                });
            }
        }
        if (!config.standbys().isEmpty() && pool.readRouter() == null && !isStandby(key)) {
            pool.readRouter(() -> StandbyRouter.start(pool, config,
                    standby -> standbyPool(standby, driver, parsed, info, transactionMode)));
        }
        known.remember(driver, url, info, pool);
        pool.refreshDefaultsIfStale();
        return LogicalConnection.open(pool);
    }

    /** True for a pool of one of the {@code pgmux.standby} servers, which routes no reads of its own. */
    private boolean isStandby(PoolKey key) {
        for (StandbyAddress standby : config.standbys()) {
            // a pooler may serve primary and standby on one port, under two database names
            if (standby.hostAndPort().toString().equalsIgnoreCase(key.target())
                    && standby.database().orElse(key.database()).equals(key.database())) {
                return true;
            }
        }
        return false;
    }

    /** The pool of a primary pool's connect at {@code standby}, entered once for that primary pool's router. */
    private ServerPool standbyPool(StandbyAddress standby, Driver driver, JdbcUrl url, Properties info,
                                   boolean transactionMode) throws SQLException {
        String server = standby.hostAndPort().toString();
        JdbcUrl moved = url.atServer(server, standby.database().orElse(url.database()), info);
        PoolKey key = PoolKey.of(moved, server, driver.getClass());
        return enteredPool(key, driver, moved, moved.properties(), server, transactionMode);
    }

    /**
     * The pool of {@code key}, entered for one logical connection ({@link ServerPool#enter}); a pool that retired
     * meanwhile is forgotten and a new one opened. A pool idle for {@link #LOGIN_AGAIN_AFTER_IDLE_MS} logs in again
     * first, and is forgotten where that fails.
     */
    private ServerPool enteredPool(PoolKey key, Driver driver, JdbcUrl url, Properties info, String target,
                                   boolean transactionMode) throws SQLException {
        for (;;) {
            ServerPool pool = poolFor(key, driver, url, info, target, transactionMode);
            if (pool.needsLogin(LOGIN_AGAIN_AFTER_IDLE_NANOS)) {
                loginAgain(pool);
            }
            if (pool.enter()) {
                return pool;
            }
            forget(pool);
        }
    }

    /** Logs in once with the pool's credentials; where PostgreSQL refuses now, the pool is forgotten. */
    private void loginAgain(ServerPool pool) throws SQLException {
        try {
            pool.login();
        } catch (SQLException e) {
            log.info("pgmux pool {}: logging in again after it was idle failed ({}: {}); the pool is closed once no"
                    + " logical connection uses it", pool.name(), e.getSQLState(), e.getMessage());
            forget(pool);
            if (pool.retireIfIdle(0)) {
                closeRetired(pool);
            }
            throw e;
        }
    }

    /**
     * True for a connect that must stay the driver's own connection: a replication connect ({@code replication=database}
     * or {@code true}, as CDC tools such as Debezium open) speaks the walsender protocol to one server session.
     */
    private static boolean isReplication(JdbcUrl url) {
        // the driver treats any value as a replication connect
        return url.properties().getProperty("replication") != null;
    }

    /**
     * A logical connection where an earlier {@link #connect} with the same driver, URL and properties succeeded;
     * null otherwise. Such a repeat needs neither the driver's {@code acceptsURL} nor {@link #intercepts}: the
     * earlier connect passed both.
     */
    public Connection connectIfKnown(Driver driver, String url, Properties info) {
        ServerPool pool = closed ? null : known.poolOf(driver, url, info);
        if (pool == null || pool.needsLogin(LOGIN_AGAIN_AFTER_IDLE_NANOS) || pool.defaultsStale()) {
            // logging in again can fail with the driver's error: the full connect does it
            return null;
        }
        if (!pool.enter()) {
            known.forget(pool);
            return null;
        }
        return LogicalConnection.open(pool);
    }

    /**
     * A logical connection where an earlier app-level connect (DriverManager, a driver's data source) with the same
     * URL, user, password and {@code scope} was {@link #rememberConnect remembered}; null otherwise, and where the
     * pool has to log in again first (the full connect does that, with the driver's errors).
     *
     * @param scope what decides, besides the arguments, which driver serves the connect: DriverManager's caller class
     *        loader
     */
    public Connection connectIfKnown(String url, String user, String password, Object scope) {
        return enterRemembered(closed || url == null ? null : appConnects.poolOf(url, user, password, scope));
    }

    /**
     * As {@link #connectIfKnown(String, String, String, Object)}, for a connect with a {@code Properties}: read as the
     * driver reads it (its defaults included), since the app may change it between connects.
     */
    public Connection connectIfKnown(String url, Properties info, Object scope) {
        return enterRemembered(closed || url == null ? null : appPropertiesConnects.poolOf(scope, url, info));
    }

    private Connection enterRemembered(ServerPool pool) {
        if (pool == null || pool.needsLogin(LOGIN_AGAIN_AFTER_IDLE_NANOS) || pool.defaultsStale()) {
            return null;
        }
        if (!pool.enter()) {
            appConnects.forget(pool);
            appPropertiesConnects.forget(pool);
            return null;
        }
        return LogicalConnection.open(pool);
    }

    /**
     * Remembers that an app-level connect with these arguments returned {@code connection}, where that is a logical
     * connection of this multiplexer itself (not one a wrapper driver wrapped), so that a repeat is served by
     * {@link #connectIfKnown(String, String, String, Object)}.
     */
    public void rememberConnect(Connection connection, String url, String user, String password, Object scope) {
        if (closed || url == null || connection == null || !(connection instanceof LogicalConnection)) {
            return;
        }
        ServerPool pool = ((LogicalConnection) connection).pool();
        if (!isCurrent(pool)) {
            return;
        }
        appConnects.remember(url, user, password, scope, pool);
        if (!isCurrent(pool)) {
            // forgotten meanwhile: forget(pool) may have run before the line above
            appConnects.forget(pool);
        }
    }

    /** As {@link #rememberConnect(Connection, String, String, String, Object)}, for a connect with a Properties. */
    public void rememberConnect(Connection connection, String url, Properties info, Object scope) {
        if (closed || url == null || connection == null || !(connection instanceof LogicalConnection)) {
            return;
        }
        ServerPool pool = ((LogicalConnection) connection).pool();
        if (!isCurrent(pool)) {
            return;
        }
        appPropertiesConnects.remember(scope, url, info, pool);
        if (!isCurrent(pool)) {
            appPropertiesConnects.forget(pool);
        }
    }

    /** Forgets every app-level connect remembered: a driver was deregistered, so a repeat must ask DriverManager. */
    public void forgetAppConnects() {
        appConnects.clear();
        appPropertiesConnects.clear();
    }

    /** True where {@code pool} is the one a new connect of its key goes to (not retired, not forgotten). */
    private boolean isCurrent(ServerPool pool) {
        CompletableFuture<ServerPool> slot = pools.get(pool.key());
        return slot != null && slot.isDone() && !slot.isCompletedExceptionally() && slot.join() == pool
                && live.contains(pool);
    }

    /**
     * Where pinned sessions of a transaction-mode pool go: {@code pgmux.pin.target}, else the host:port of the
     * app's own URL; null where that is the pooler itself (pins then fail).
     */
    private String pinTargetOf(JdbcUrl url, String pooler) {
        String pin = config.pinTarget().map(HostAndPort::toString).orElse(url.hosts());
        for (String one : pooler.split(",")) {
            if (pin.equalsIgnoreCase(one)) {
                return null;
            }
        }
        return pin.equalsIgnoreCase(pooler) ? null : pin;
    }

    private ServerPool poolFor(PoolKey key, Driver driver, JdbcUrl url, Properties info, String target,
                               boolean transactionMode) throws SQLException {
        CompletableFuture<ServerPool> pool = pools.get(key);
        if (pool == null) {
            CompletableFuture<ServerPool> mine = new CompletableFuture<>();
            pool = pools.putIfAbsent(key, mine);
            if (pool == null) {
                return open(key, mine, driver, url, info, target, transactionMode);
            }
        }
        try {
            return pool.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException) {
                SQLException failure = (SQLException) cause;
                throw new SQLException(failure.getMessage(), failure.getSQLState(), failure.getErrorCode(), failure);
            }
            throw e;
        }
    }

    private ServerPool open(PoolKey key, CompletableFuture<ServerPool> slot, Driver driver, JdbcUrl url, Properties info,
                            String target, boolean transactionMode) throws SQLException {
        try {
            Properties serverProperties = new Properties();
            if (info != null) {
                for (String name : info.stringPropertyNames()) {
                    serverProperties.setProperty(name, info.getProperty(name));
                }
            }
            if (!url.properties().containsKey("ApplicationName")) {
                // the app's own name, from its URL or its properties, always wins
                config.applicationName().ifPresent(name -> serverProperties.setProperty("ApplicationName", name));
            }
            if (serverProperties.containsKey("ApplicationName") && !url.properties().containsKey("assumeMinServerVersion")) {
                // the driver then sends the name in the startup packet, where a pooler's SHOW CLIENTS looks for it
                serverProperties.setProperty("assumeMinServerVersion", "9.0");
            }
            String serverUrl = target == null ? url.url() : url.withHost(target);
            if (target != null && config.targets().size() > 1) {
                // each new server connection goes to one of the poolers at random, skipping one that refused lately
                serverProperties.setProperty("loadBalanceHosts", "true");
                serverUrl = JdbcUrl.withoutParameters(serverUrl, List.of("loadBalanceHosts"));
            }
            if (transactionMode && !config.targetPreparedStatements()) {
                // named server statements would be looked for on whichever backend serves the next transaction;
                // a prepareThreshold in the app's URL would win over the property
                serverProperties.setProperty("prepareThreshold", "0");
                serverUrl = JdbcUrl.withoutParameters(serverUrl, List.of("prepareThreshold"));
            }
            boolean pinPool = config.targetMode() == TargetMode.TRANSACTION && !transactionMode;
            ServerPool pool = ServerPool.open(key, new DriverDataSource(driver, serverUrl, serverProperties, cap),
                    pinPool ? pinPoolConfig : isStandby(key) ? standbyPoolConfig : config,
                    transactionMode ? transactionApplier : applier);
            pool.databaseRelease(this::closeIdleConnectionsTo);
            // on the app's thread: its meters go to the Micrometer the app sees, where it has one
            statistics.poolOpened(pool, appClassLoader(driver));
            live.add(pool);
            slot.complete(pool);
            if (closed) {
                live.remove(pool);
                statistics.poolClosed(pool);
                pool.close();
            }
            return pool;
        } catch (SQLException | RuntimeException e) {
            // a failed first connect leaves no pool behind: the next connect authenticates again
            pools.remove(key, slot);
            slot.completeExceptionally(e);
            throw e;
        }
    }

    private static ClassLoader appClassLoader(Driver driver) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : driver.getClass().getClassLoader();
    }

    /**
     * A standby is optional: a read waits for one of its server connections at most {@code standby.maxLagMs} (and at
     * least 250 ms), then the primary serves it, rather than wait out the acquire timeout for a standby gone away.
     */
    private static PgmuxConfig standbyPoolConfig(PgmuxConfig config) {
        long wait = Math.max(250, Math.min(config.poolAcquireTimeoutMs(), config.standbyMaxLagMs()));
        try {
            return config.with("pool.acquireTimeoutMs", String.valueOf(wait));
        } catch (ConfigException e) {
            throw new IllegalStateException("pgmux.pool.acquireTimeoutMs=" + wait + " must be valid", e);
        }
    }

    private static PgmuxConfig pinPoolConfig(PgmuxConfig config) {
        try {
            return config.with("pool.minIdle", "0");
        } catch (ConfigException e) {
            throw new IllegalStateException("pgmux.pool.minIdle=0 must be valid", e);
        }
    }

    /** True on a thread that is opening one of pgmux's own server connections: never intercept it. */
    public static boolean isOpeningServerConnection() {
        return DriverDataSource.isOpening();
    }

    /** The pools open now: name, counters and the HikariCP pools behind each. */
    public Collection<ServerPool> pools() {
        return new ArrayList<>(live);
    }

    /** Closes the pools that no logical connection has used for {@code pgmux.pool.idleTimeoutMs}. */
    private void closeIdlePools() {
        long idleNanos = TimeUnit.MILLISECONDS.toNanos(config.poolIdleTimeoutMs());
        for (ServerPool pool : live) {
            if (pool.retireIfIdle(idleNanos)) {
                log.debug("pgmux pool {}: unused for {} ms (pgmux.pool.idleTimeoutMs); closing it and its server"
                        + " connections", pool.name(), config.poolIdleTimeoutMs());
                closeRetired(pool);
            }
        }
    }

    /**
     * Lets {@code database} go for a statement that needs it to itself (DROP DATABASE): closes every pool of it, of
     * any user, that no logical connection uses. A pool with an open logical connection stays: that is a session of
     * the app's, and PostgreSQL refuses as it would without pgmux. True where a pool was closed.
     */
    private boolean closeIdleConnectionsTo(String database) {
        boolean closedAny = false;
        for (ServerPool pool : live) {
            if (pool.key().database().equals(database) && pool.retireIfIdle(0)) {
                log.info("pgmux pool {}: closed with its idle server connections, which kept database \"{}\" in use"
                        + " for a statement that needs it to itself", pool.name(), database);
                closeRetired(pool);
                closedAny = true;
            }
        }
        return closedAny;
    }

    /** No connect finds {@code pool} again; its open logical connections keep using it until they close. */
    private void forget(ServerPool pool) {
        CompletableFuture<ServerPool> slot = pools.get(pool.key());
        if (slot != null && slot.isDone() && !slot.isCompletedExceptionally() && slot.join() == pool) {
            pools.remove(pool.key(), slot);
        }
        known.forget(pool);
        appConnects.forget(pool);
        appPropertiesConnects.forget(pool);
    }

    /** Closes a pool that {@link ServerPool#retireIfIdle retired}: no logical connection can enter it. */
    private void closeRetired(ServerPool pool) {
        forget(pool);
        live.remove(pool);
        statistics.poolClosed(pool);
        pool.close();
    }

    /** The MBeans, meters and endpoint of these pools; the agent registers its own MBean here. */
    public Statistics statistics() {
        return statistics;
    }

    /**
     * Closes every pool and its server connections, and the statistics; logical connections still open fail on
     * their next borrow.
     */
    @Override
    public void close() {
        closed = true;
        if (idleSweep != null) {
            idleSweep.cancel(false);
        }
        for (ServerPool pool : pools()) {
            live.remove(pool);
            statistics.poolClosed(pool);
            pool.close();
        }
        pools.clear();
        known.clear();
        appConnects.clear();
        appPropertiesConnects.clear();
        statistics.close();
    }
}
