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

    public DriverDataSource(Driver driver, String url, Properties properties) {
        this.driver = driver;
        this.url = url;
        this.properties = properties;
    }

    /** True on a thread inside pgmux's own {@code Driver.connect} for a server connection. */
    public static boolean isOpening() {
        return OPENING.get() != null;
    }

    @Override
    public Connection getConnection() throws SQLException {
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
