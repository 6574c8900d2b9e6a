package io.pgmux.logical;

import io.pgmux.pool.ServerConnection;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The DatabaseMetaData the app gets: each call is answered by the driver's metadata on a server
 * connection held just for the call; result sets keep it until read to their end or closed.
 * {@code getConnection()} answers the logical connection. Metadata is not on any hot path, so one
 * handler serves all of the interface's methods.
 */
final class LogicalDatabaseMetaData implements InvocationHandler, ResultOwner {
    private final LogicalConnection connection;

    private LogicalDatabaseMetaData(LogicalConnection connection) {
        this.connection = connection;
    }

    static DatabaseMetaData create(LogicalConnection connection) {
        return (DatabaseMetaData) Proxy.newProxyInstance(LogicalDatabaseMetaData.class.getClassLoader(),
                new Class<?>[] {DatabaseMetaData.class}, new LogicalDatabaseMetaData(connection));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (method.getDeclaringClass() == Object.class) {
            switch (name) {
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                default:
                    return "pgmux metadata of " + connection;
            }
        }
        switch (name) {
            case "getConnection":
                connection.checkOpen();
                return connection;
            case "unwrap": {
                Class<?> iface = (Class<?>) args[0];
                if (iface.isInstance(proxy)) {
                    return proxy;
                }
                throw new SQLException("Cannot unwrap to " + iface.getName()
                        + ": pgmux answers metadata from whichever server connection it borrows.", "0A000");
            }
            case "isWrapperFor":
                return ((Class<?>) args[0]).isInstance(proxy);
            default:
                break;
        }
        ServerConnection server = connection.holdForCall();
        boolean handedOver = false;
        try {
            // the driver's own metadata: HikariCP's would take a method the driver does not implement (0A000)
            // for a broken connection
            Object result = method.invoke(server.driverConnection().getMetaData(), args);
            if (result instanceof ResultSet) {
                // the hold passes to the result set; it ends when the result is read or closed
                handedOver = true;
                return new LogicalResultSet(this, (ResultSet) result, true);
            }
            return result;
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException && !(cause instanceof java.sql.SQLFeatureNotSupportedException)) {
                connection.serverFailed((SQLException) cause);
            }
            throw cause;
        } finally {
            if (!handedOver) {
                connection.unhold();
            }
        }
    }

    @Override
    public void resultEnded(LogicalResultSet result) {
        connection.unhold();
    }

    /** Metadata results were not produced by a statement of the app's. */
    @Override
    public Statement logicalStatement() {
        return null;
    }

    @Override
    public String resultShapeKey() {
        return null;
    }

    @Override
    public int resultHoldability() {
        return connection.wanted().holdability;
    }

    @Override
    public LogicalConnection logicalConnection() {
        return connection;
    }
}
