package io.pgmux;

import io.pgmux.config.ConfigException;
import io.pgmux.config.PgmuxConfig;
import io.pgmux.pool.ServerPool;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Collection;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * pgmux without the agent (SPEC section 8): a DataSource whose connections are logical connections over
 * its own pools. {@code new PgmuxDataSource(settings)} with the keys of SPEC section 6, then
 * {@link #setUrl}, {@link #setUser}, {@link #setPassword}; {@link #close()} closes its pools.
 */
public class PgmuxDataSource implements DataSource, AutoCloseable {
    private final Multiplexer multiplexer;
    private volatile String url;
    private volatile String user;
    private volatile String password;
    private volatile Driver driver;
    private volatile String driverUrl;
    private volatile PrintWriter logWriter;
    private volatile int loginTimeoutSeconds;

    /**
     * Starts the statistics of SPEC section 7 for this data source's pools (MBeans, Prometheus, Micrometer).
     *
     * @throws IllegalArgumentException naming each bad key or value
     * @throws IllegalStateException where {@code pgmux.metrics.port} cannot be bound and {@code pgmux.strict=true}
     */
    public PgmuxDataSource(Properties pgmuxSettings) {
        PgmuxConfig config;
        try {
            config = PgmuxConfig.fromProperties(pgmuxSettings == null ? new Properties() : pgmuxSettings);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        this.multiplexer = new Multiplexer(config);
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getUrl() {
        return url;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public String getUser() {
        return user;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return getConnection(user, password);
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        String target = url;
        if (target == null) {
            throw new SQLException("PgmuxDataSource has no URL: call setUrl(\"jdbc:postgresql://host:port/database\") first.", "08001");
        }
        Properties info = new Properties();
        if (user != null) {
            info.setProperty("user", user);
        }
        if (password != null) {
            info.setProperty("password", password);
        }
        return multiplexer.connect(driverFor(target), target, info);
    }

    private Driver driverFor(String target) throws SQLException {
        Driver d = driver;
        if (d != null && target.equals(driverUrl)) {
            return d;
        }
        try {
            d = DriverManager.getDriver(target);
        } catch (SQLException notRegistered) {
            d = null;
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            for (Driver candidate : ServiceLoader.load(Driver.class, loader != null ? loader : getClass().getClassLoader())) {
                if (candidate.acceptsURL(target)) {
                    d = candidate;
                    break;
                }
            }
            if (d == null) {
                throw new SQLException("No JDBC driver accepts " + target + ": put the PostgreSQL driver (org.postgresql:postgresql)"
                        + " on the class path.", "08001", notRegistered);
            }
        }
        driverUrl = target;
        driver = d;
        return d;
    }

    /** This data source's pools: name, counters and the HikariCP pools behind each. */
    public Collection<ServerPool> pools() {
        return multiplexer.pools();
    }

    /** Closes this data source's pools and their server connections. */
    @Override
    public void close() {
        multiplexer.close();
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        loginTimeoutSeconds = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("PgmuxDataSource.getParentLogger(): pgmux logs through SLF4J");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("PgmuxDataSource does not wrap " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
