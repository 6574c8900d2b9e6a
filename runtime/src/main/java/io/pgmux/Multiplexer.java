package io.pgmux;

import io.pgmux.config.HostAndPort;
import io.pgmux.config.PgmuxConfig;
import io.pgmux.config.TargetMode;
import io.pgmux.logical.LogicalConnection;
import io.pgmux.pool.DriverDataSource;
import io.pgmux.pool.JdbcUrl;
import io.pgmux.pool.PoolKey;
import io.pgmux.pool.ServerPool;
import io.pgmux.session.SessionApplier;
import io.pgmux.session.SessionLevelApplier;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
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
    private final ConcurrentHashMap<PoolKey, CompletableFuture<ServerPool>> pools = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public Multiplexer(PgmuxConfig config) {
        this.config = config;
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
        if (closed) {
            throw new SQLException("pgmux is closed: no new connections to " + url, "08003");
        }
        if (config.targetMode() == TargetMode.TRANSACTION) {
            throw new SQLFeatureNotSupportedException("pgmux.target.mode=transaction is not available in this version of"
                    + " the runtime; set pgmux.target.mode=session or direct, or leave pgmux.target unset.", "0A000");
        }
        JdbcUrl parsed = JdbcUrl.parse(url, info);
        String target = config.target().map(HostAndPort::toString).orElse(null);
        PoolKey key = PoolKey.of(parsed, target);
        return new LogicalConnection(poolFor(key, driver, parsed, info, target));
    }

    private ServerPool poolFor(PoolKey key, Driver driver, JdbcUrl url, Properties info, String target) throws SQLException {
        CompletableFuture<ServerPool> pool = pools.get(key);
        if (pool == null) {
            CompletableFuture<ServerPool> mine = new CompletableFuture<>();
            pool = pools.putIfAbsent(key, mine);
            if (pool == null) {
                return open(key, mine, driver, url, info, target);
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
                            String target) throws SQLException {
        try {
            Properties serverProperties = new Properties();
            if (info != null) {
                for (String name : info.stringPropertyNames()) {
                    serverProperties.setProperty(name, info.getProperty(name));
                }
            }
            config.applicationName().ifPresent(name -> serverProperties.setProperty("ApplicationName", name));
            String serverUrl = target == null ? url.url() : url.withHost(target);
            ServerPool pool = ServerPool.open(key, new DriverDataSource(driver, serverUrl, serverProperties), config, applier);
            slot.complete(pool);
            if (closed) {
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

    /** Closes every pool and its server connections; logical connections still open fail on their next borrow. */
    @Override
    public void close() {
        closed = true;
        for (ServerPool pool : pools()) {
            pool.close();
        }
        pools.clear();
    }
}
