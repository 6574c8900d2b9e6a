package io.pgmux.pool;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Opens server connections with the app's own {@link Driver} instance. DriverManager is caller-sensitive
 * and would not find a driver loaded by the app's class loader from pgmux's, so HikariCP is fed this
 * instead of a JDBC URL. Marks the opening thread so that pgmux's own connects are never intercepted.
 */
public final class DriverDataSource implements DataSource {
    private static final ThreadLocal<Boolean> OPENING = new ThreadLocal<>();

    private final Driver driver;
    private final String url;
    private final Properties properties;
    private volatile int loginTimeoutSeconds;
    private volatile PrintWriter logWriter;
    /** {@code pgmux.maxServerConnections}; null where there is no cap. */
    private final ServerConnectionCap cap;
    /** The pool these connections are for; null while it opens its first. */
    private volatile ServerPool pool;

    public DriverDataSource(Driver driver, String url, Properties properties) {
        this(driver, url, properties, null);
    }

    public DriverDataSource(Driver driver, String url, Properties properties, ServerConnectionCap cap) {
        this.driver = driver;
        this.url = url;
        this.properties = properties;
        this.cap = cap;
    }

    void servesFor(ServerPool pool) {
        this.pool = pool;
    }

    ServerConnectionCap cap() {
        return cap;
    }

    /** A server connection that someone waits for now: under the cap it makes room rather than fail at once. */
    Connection login() throws SQLException {
        return open(true);
    }

    /** True on a thread inside pgmux's own {@code Driver.connect} for a server connection. */
    public static boolean isOpening() {
        return OPENING.get() != null;
    }

    /**
     * A server connection for HikariCP. Under {@code pgmux.maxServerConnections} it waits for room only where a
     * borrow waits for it; one that would just fill the pool's {@code minIdle} fails at once, so that pools do not
     * take each other's idle connections away to keep their own.
     */
    @Override
    public Connection getConnection() throws SQLException {
        ServerPool served = pool;
        return open(served == null || served.counters().clientsWaiting() > 0);
    }

    private Connection open(boolean needed) throws SQLException {
        if (cap == null) {
            return connect();
        }
        ServerPool served = pool;
        cap.reserve(served, needed);
        Connection connection = null;
        try {
            connection = connect();
            return connection;
        } finally {
            cap.opened(connection);
        }
    }

    private Connection connect() throws SQLException {
        Properties props = properties;
        int loginTimeout = loginTimeoutSeconds;
        if (loginTimeout > 0 && !props.containsKey("loginTimeout")) {
            props = new Properties();
            props.putAll(properties);
            props.setProperty("loginTimeout", Integer.toString(loginTimeout));
        }
        Boolean outer = OPENING.get();
        OPENING.set(Boolean.TRUE);
        try {
            Connection connection = driver.connect(url, props);
            if (connection == null) {
                throw new SQLException("The driver " + driver.getClass().getName() + " does not accept the URL " + url, "08001");
            }
            return connection;
        } finally {
            if (outer == null) {
                OPENING.remove();
            }
        }
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("DriverDataSource.getConnection(String, String): a pgmux pool serves exactly one user");
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeoutSeconds = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("DriverDataSource.getParentLogger(): pgmux logs through SLF4J");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("DriverDataSource does not wrap " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
