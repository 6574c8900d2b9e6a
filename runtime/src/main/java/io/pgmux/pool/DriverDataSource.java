package io.pgmux.pool;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Opens server connections with the app's own {@link Driver} instance. DriverManager is caller-sensitive
 * and would not find a driver loaded by the app's class loader from pgmux's, so HikariCP is fed this
 * instead of a JDBC URL. Marks the opening thread so that pgmux's own connects are never intercepted.
 *
 * <p>Connections pgmux opens on an app's thread (where the app's thread-bound connect context applies and a failure
 * is the app's to see at once) are handed over here, and HikariCP takes them as its next opens.
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
    private final ConcurrentLinkedQueue<Connection> handedOver = new ConcurrentLinkedQueue<>();

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
        return capped(true, properties);
    }

    /** True on a thread inside pgmux's own {@code Driver.connect} for a server connection. */
    public static boolean isOpening() {
        return OPENING.get() != null;
    }

    /**
     * HikariCP's open: a connection handed over from an app's thread where there is one, else a new one. Under
     * {@code pgmux.maxServerConnections} a new one waits for room only where a borrow waits for it; one that would
     * just fill the pool's {@code minIdle} fails at once, so that pools do not take each other's idle connections
     * away to keep their own.
     */
    @Override
    public Connection getConnection() throws SQLException {
        for (Connection c = handedOver.poll(); c != null; c = handedOver.poll()) {
            if (!c.isClosed()) {
                return c;
            }
        }
        Properties props = properties;
        int loginTimeout = loginTimeoutSeconds;
        if (loginTimeout > 0 && !props.containsKey("loginTimeout")) {
            props = new Properties();
            props.putAll(properties);
            props.setProperty("loginTimeout", Integer.toString(loginTimeout));
        }
        ServerPool served = pool;
        return capped(served == null || served.counters().clientsWaiting() > 0, props);
    }

    /**
     * Opens a server connection on the calling thread, with the driver's own login timeout: what the app's own
     * connect would do, at its cost, with its exception where it fails.
     */
    Connection open() throws SQLException {
        return capped(true, properties);
    }

    /**
     * Opens a server connection on the calling thread within {@code seconds}, where the app set no
     * {@code loginTimeout} of its own: a borrow must not wait longer than its acquire timeout for a server that
     * does not answer.
     */
    Connection open(int seconds) throws SQLException {
        if (properties.containsKey("loginTimeout") || JdbcUrl.hasParameter(url, "loginTimeout")) {
            return capped(true, properties);
        }
        Properties props = new Properties();
        props.putAll(properties);
        props.setProperty("loginTimeout", Integer.toString(Math.max(1, seconds)));
        return capped(true, props);
    }

    /** Lets the pool take {@code connection} as its next open. */
    void handOver(Connection connection) {
        handedOver.add(connection);
    }

    /** Takes {@code connection} back where the pool has not taken it: true where it was still waiting. */
    boolean takeBack(Connection connection) {
        return handedOver.remove(connection);
    }

    /** Closes the connections handed over and not taken: the pool is closing. */
    void closeHandedOver() {
        for (Connection c = handedOver.poll(); c != null; c = handedOver.poll()) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing a connection nobody used: nothing to tell
            }
        }
    }

    private Connection capped(boolean needed, Properties props) throws SQLException {
        if (cap == null) {
            return connect(props);
        }
        cap.reserve(pool, needed);
        Connection connection = null;
        try {
            connection = connect(props);
            return connection;
        } finally {
            cap.opened(connection);
        }
    }

    private Connection connect(Properties props) throws SQLException {
        Boolean outer = OPENING.get();
        OPENING.set(Boolean.TRUE);
        try {
            Connection connection = driver.connect(url, props);
            if (connection == null) {
                throw new SQLException("The driver " + driver.getClass().getName() + " does not accept the URL " + url, "08001");
            }
            ServerPool served = pool;
            if (served != null) {
                served.connected();
            }
            return connection;
        } catch (SQLException e) {
            ServerPool served = pool;
            if (served != null) {
                served.connectFailed(e);
            }
            throw e;
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
