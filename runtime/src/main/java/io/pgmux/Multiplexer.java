package io.pgmux;

import io.pgmux.config.ConfigException;
import io.pgmux.config.HostAndPort;
import io.pgmux.config.PgmuxConfig;
import io.pgmux.config.TargetMode;
import io.pgmux.logical.LogicalConnection;
import io.pgmux.pool.DriverDataSource;
import io.pgmux.pool.JdbcUrl;
import io.pgmux.pool.PinTarget;
import io.pgmux.pool.PoolKey;
import io.pgmux.pool.ServerPool;
import io.pgmux.session.SessionApplier;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns app connections into logical connections over pools of server connections, one pool per
 * {@link PoolKey} (SPEC section 1). The agent keeps one for the whole JVM; each {@link PgmuxDataSource}
 * has its own.
 */
public final class Multiplexer implements AutoCloseable {
    private final PgmuxConfig config;
    private final SessionApplier applier = new SessionLevelApplier();
    private final SessionApplier transactionApplier = new TransactionLevelApplier();
    /** Pin-target pools open no idle connections of their own: most apps never pin. */
    private final PgmuxConfig pinPoolConfig;
    private final ConcurrentHashMap<PoolKey, CompletableFuture<ServerPool>> pools = new ConcurrentHashMap<>();
    private final KnownConnects known = new KnownConnects();
    private final Statistics statistics;
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
        try {
            this.statistics = Statistics.start(config);
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage() + ". pgmux.strict=true: not starting; free the port, choose"
                    + " another pgmux.metrics.port, or set pgmux.strict=false to run without the endpoint.", e);
        }
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
        String target = config.target().map(HostAndPort::toString).orElse(null);
        PoolKey key = PoolKey.of(parsed, target);
        boolean transactionMode = target != null && config.targetMode() == TargetMode.TRANSACTION;
        ServerPool pool = poolFor(key, driver, parsed, info, target, transactionMode);
        if (transactionMode && pool.pinTarget().isEmpty()) {
            String pinHost = pinTargetOf(parsed, target);
            if (pinHost != null) {
                PoolKey pinKey = PoolKey.of(parsed, pinHost);
                pool.pinTarget(new PinTarget() {
                    @Override
                    public String hostAndPort() {
                        return pinHost;
                    }

                    @Override
                    public ServerPool pool() throws SQLException {
                        return poolFor(pinKey, driver, parsed, info, pinHost, false);
                    }
                });
            }
        }
        known.remember(driver, url, info, pool);
        pool.refreshDefaultsIfStale();
        return new LogicalConnection(pool);
    }

    /**
     * True for a connect that must stay the driver's own connection: a replication connect ({@code replication=database}
     * or {@code true}, as CDC tools such as Debezium open) speaks the walsender protocol to one server session.
     * {@link #connect} hands such connects to the driver untouched.
     */
    public static boolean passesThrough(String url, Properties info) {
        try {
            return isReplication(JdbcUrl.parse(url, info));
        } catch (SQLException notPostgres) {
            return false;
        }
    }

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
        return pool == null || pool.defaultsStale() ? null : new LogicalConnection(pool);
    }

    /**
     * Where pinned sessions of a transaction-mode pool go: {@code pgmux.pin.target}, else the host:port of the
     * app's own URL; null where that is the pooler itself (pins then fail).
     */
    private String pinTargetOf(JdbcUrl url, String pooler) {
        String pin = config.pinTarget().map(HostAndPort::toString).orElse(url.hosts());
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
            if (transactionMode && !config.targetPreparedStatements()) {
                // named server statements would be looked for on whichever backend serves the next transaction;
                // a prepareThreshold in the app's URL would win over the property
                serverProperties.setProperty("prepareThreshold", "0");
                serverUrl = JdbcUrl.withoutParameters(serverUrl, List.of("prepareThreshold"));
            }
            boolean pinPool = config.targetMode() == TargetMode.TRANSACTION && !transactionMode;
            ServerPool pool = ServerPool.open(key, new DriverDataSource(driver, serverUrl, serverProperties),
                    pinPool ? pinPoolConfig : config, transactionMode ? transactionApplier : applier);
            // on the app's thread: its meters go to the Micrometer the app sees, where it has one
            statistics.poolOpened(pool, appClassLoader(driver));
            slot.complete(pool);
            if (closed) {
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

    /** The pools opened so far: name, counters and the HikariCP pools behind each. */
    public Collection<ServerPool> pools() {
        List<ServerPool> open = new ArrayList<>();
        for (CompletableFuture<ServerPool> f : pools.values()) {
            if (f.isDone() && !f.isCompletedExceptionally()) {
                open.add(f.join());
            }
        }
        return open;
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
        for (ServerPool pool : pools()) {
            statistics.poolClosed(pool);
            pool.close();
        }
        pools.clear();
        known.clear();
        statistics.close();
    }
}
