package io.pgmux.logical;

import io.pgmux.pool.DriverDefaults;
import io.pgmux.pool.ServerConnection;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What each method of the driver's own interfaces does on pgmux's objects (see {@link DriverInterfaces}), as on
 * a plain connection, holding a server connection only where it must:
 * <ul>
 * <li>pin, then call the driver's connection: the COPY, large object, fastpath and replication APIs,
 *     {@code addDataType}, and any method this class does not know (it may keep session state);</li>
 * <li>the held server connection, or one borrowed for the call: {@code getBackendPID} (backend identity may
 *     change between transactions), {@code getParameterStatus(es)}, {@code createArrayOf};</li>
 * <li>no server connection: {@code escapeIdentifier}, {@code escapeLiteral}, the settings
 *     ({@code set/getPrepareThreshold}, {@code DefaultFetchSize}, {@code Autosave}, {@code AdaptiveFetch}, ...,
 *     recorded in {@link DriverSettings}), {@code getPreferQueryMode}, {@code cancelQuery} with nothing running,
 *     and {@code getNotifications} unless the connection is pinned (LISTEN pins): without a LISTEN the driver
 *     would receive nothing either, so it answers none after waiting as long as the driver would.</li>
 * </ul>
 */
final class DriverCalls implements InvocationHandler {
    static final DriverCalls INSTANCE = new DriverCalls();
    private static final long WAIT_SLICE_MS = 50;

    private DriverCalls() {
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (proxy instanceof LogicalConnection) {
            return onConnection((LogicalConnection) proxy, method, args);
        }
        if (proxy instanceof LogicalStatement) {
            return onStatement((LogicalStatement) proxy, method, args);
        }
        return onMetaData((DetachedResultSetMetaData) proxy, method, args);
    }

    // ---- PGConnection ---------------------------------------------------------------------------------

    private static Object onConnection(LogicalConnection c, Method method, Object[] args) throws SQLException {
        switch (method.getName()) {
            case "escapeIdentifier":
                return escapeIdentifier(c, method, (String) args[0]);
            case "escapeLiteral":
                return escapeLiteral(c, method, (String) args[0]);
            case "getNotifications":
                return notifications(c, method, args);
            case "getBackendPID":
            case "getParameterStatus":
            case "createArrayOf":
                return onHeldOrBorrowed(c, method, args);
            case "getParameterStatuses":
                return copyOf(onHeldOrBorrowed(c, method, args));
            case "cancelQuery":
                ServerConnection running = c.heldServer();
                return running == null ? null : DriverSettings.invoke(method, running.driverConnection(), args);
            case "getPreferQueryMode":
                return setting(c, method, args, "PreferQueryMode");
            case "getCopyAPI":
            case "getLargeObjectAPI":
            case "getFastpathAPI":
            case "getReplicationAPI":
            case "addDataType":
                return pinned(c, method, args);
            default:
                break;
        }
        String property = DriverSettings.propertyOf(method);
        if (property != null && isSetting(method, property)) {
            setSetting(c, method, property, args[0]);
            return null;
        }
        property = DriverSettings.propertyOfGetter(method);
        if (property != null && isSetting(method, property)) {
            return setting(c, method, args, property);
        }
        return pinned(c, method, args);
    }

    /** A setter or getter of a setting: a {@code getX}/{@code isX} with a {@code setX} of its type beside it. */
    private static boolean isSetting(Method method, String property) {
        Class<?> driverInterface = method.getDeclaringClass();
        Method getter = method;
        if (method.getParameterCount() != 0) {
            getter = null;
            for (String prefix : new String[] {"get", "is"}) {
                try {
                    getter = driverInterface.getMethod(prefix + property);
                    break;
                } catch (NoSuchMethodException e) {
                    // try the other form
                }
            }
        }
        return getter != null && DriverDefaults.isSetting(driverInterface, getter);
    }

    /** The driver's map is a live view of its server connection, which may serve someone else next. */
    private static Object copyOf(Object statuses) {
        if (!(statuses instanceof Map)) {
            return statuses;
        }
        TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<?, ?> e : ((Map<?, ?>) statuses).entrySet()) {
            copy.put(String.valueOf(e.getKey()), e.getValue() == null ? null : String.valueOf(e.getValue()));
        }
        return Collections.unmodifiableMap(copy);
    }

    /** Pins (SPEC section 4, with pgmux.pinning and the pin target) and calls the driver's connection. */
    private static Object pinned(LogicalConnection c, Method method, Object[] args) throws SQLException {
        return DriverSettings.invoke(method, c.pinnedDriverConnection(method.getName()), args);
    }

    /** Calls the driver's connection held now, or one borrowed for the length of the call. */
    private static Object onHeldOrBorrowed(LogicalConnection c, Method method, Object[] args) throws SQLException {
        ServerConnection s = c.holdForCall();
        try {
            return DriverSettings.invoke(method, s.driverConnection(), args);
        } catch (SQLException e) {
            s.failed(e);
            throw e;
        } finally {
            c.unhold();
        }
    }

    private static Object escapeIdentifier(LogicalConnection c, Method method, String identifier) throws SQLException {
        ServerConnection held = c.heldServer();
        if (held == null) {
            String escaped = c.driverInterfaces().escapeIdentifier(identifier);
            if (escaped != null) {
                return escaped;
            }
        }
        return onHeldOrBorrowed(c, method, new Object[] {identifier});
    }

    /** Escaped as the held server connection would, or with the pool's standard_conforming_strings. */
    private static Object escapeLiteral(LogicalConnection c, Method method, String literal) throws SQLException {
        ServerConnection held = c.heldServer();
        if (held == null) {
            String escaped = c.driverInterfaces().escapeLiteral(literal,
                    c.pool().driverDefaults().standardConformingStrings());
            if (escaped != null) {
                return escaped;
            }
        }
        return onHeldOrBorrowed(c, method, new Object[] {literal});
    }

    private static void setSetting(LogicalConnection c, Method setter, String property, Object value) throws SQLException {
        if (property.equals(DriverSettings.DEFAULT_FETCH_SIZE) && value instanceof Integer && (Integer) value < 0) {
            throw new SQLException("Fetch size must be a value greater than or equal to 0.", "22023");
        }
        c.recordDriverSetting(property, setter, value);
    }

    /** The value the app set, else what a fresh server connection of the pool has, else the held or a borrowed one's. */
    private static Object setting(LogicalConnection c, Method getter, Object[] args, String property) throws SQLException {
        DriverSettings settings = c.driverSettingsIfAny();
        if (settings != null && settings.has(property)) {
            return settings.get(property);
        }
        DriverDefaults defaults = c.pool().driverDefaults();
        if (defaults.has(getter.getName())) {
            return defaults.get(getter.getName());
        }
        return onHeldOrBorrowed(c, getter, args);
    }

    /**
     * Notifications arrive only on a session that LISTENs, and LISTEN pins: a pinned connection asks its driver
     * connection; otherwise there are none, after waiting as long as the driver would (0: until closed).
     */
    private static Object notifications(LogicalConnection c, Method method, Object[] args) throws SQLException {
        c.checkOpen();
        int timeoutMillis = args == null || args.length == 0 ? -1 : (Integer) args[0];
        ServerConnection s = c.pinnedServer();
        if (s != null) {
            c.waitingOn(s);
            try {
                return DriverSettings.invoke(method, s.driverConnection(), args);
            } catch (SQLException e) {
                if (c.isClosed()) {
                    // closed from another thread while waiting: the driver's own connection ends its wait the same way
                    throw new SQLException("This connection has been closed.", "08003", e);
                }
                s.failed(e);
                throw e;
            } finally {
                c.waitingOn(null);
            }
        }
        if (timeoutMillis >= 0) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            try {
                while (!c.isClosed()) {
                    long remainingMs = timeoutMillis == 0 ? WAIT_SLICE_MS
                            : TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (remainingMs <= 0) {
                        break;
                    }
                    Thread.sleep(Math.min(WAIT_SLICE_MS, remainingMs));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            c.checkOpen();
        }
        return Array.newInstance(method.getReturnType().getComponentType(), 0);
    }

    // ---- PGStatement ----------------------------------------------------------------------------------

    private static Object onStatement(LogicalStatement st, Method method, Object[] args) throws SQLException {
        DriverInterfaces driver = st.connection.driverInterfaces();
        switch (method.getName()) {
            case "getLastOID":
                st.checkOpen();
                Statement running = st.physical();
                return running != null && driver.isDriverStatement(running) ? driver.lastOid(running) : st.lastOid;
            case "isUseServerPrepare":
                return useServerPrepare(st, driver);
            case "setUseServerPrepare":
                st.checkOpen();
                st.recordDriverSetting(DriverSettings.PREPARE_THRESHOLD,
                        statementSetter(method, "setPrepareThreshold", int.class), (Boolean) args[0] ? 1 : 0);
                return null;
            case "getPrepareThreshold":
                return prepareThreshold(st);
            default:
                break;
        }
        String property = DriverSettings.propertyOf(method);
        if (property != null) {
            if (declaresSqlException(method)) {
                st.checkOpen();
            }
            st.recordDriverSetting(property, method, args[0]);
            return null;
        }
        property = DriverSettings.propertyOfGetter(method);
        DriverSettings settings = st.driverSettings;
        if (property != null && settings != null && settings.has(property)) {
            return settings.get(property);
        }
        if (property != null) {
            // a statement starts with its connection's value, as the driver's does
            Class<?> connectionInterface = driver.connectionInterface;
            try {
                Method connectionGetter = connectionInterface.getMethod(method.getName());
                if (isSetting(connectionGetter, property)) {
                    return setting(st.connection, connectionGetter, null, property);
                }
            } catch (NoSuchMethodException e) {
                // not a connection setting
            }
        }
        Statement running = st.physical();
        if (running != null && driver.isDriverStatement(running)) {
            return DriverSettings.invoke(method, running, args);
        }
        throw new SQLFeatureNotSupportedException("pgmux cannot answer " + method.getDeclaringClass().getName() + "."
                + method.getName() + " on a statement that is not running: each execution uses a new statement of the"
                + " driver.", "0A000");
    }

    private static Method statementSetter(Method sibling, String name, Class<?> type) throws SQLException {
        try {
            return sibling.getDeclaringClass().getMethod(name, type);
        } catch (NoSuchMethodException e) {
            throw new SQLFeatureNotSupportedException("The driver's " + sibling.getDeclaringClass().getName()
                    + " has no " + name + ".", "0A000");
        }
    }

    private static int prepareThreshold(LogicalStatement st) throws SQLException {
        DriverSettings settings = st.driverSettings;
        if (settings != null && settings.has(DriverSettings.PREPARE_THRESHOLD)) {
            int threshold = (Integer) settings.get(DriverSettings.PREPARE_THRESHOLD);
            return threshold < 0 ? 1 : threshold;
        }
        Object threshold = connectionPrepareThreshold(st.connection);
        return threshold instanceof Integer ? (Integer) threshold : 0;
    }

    private static Object connectionPrepareThreshold(LogicalConnection c) throws SQLException {
        try {
            return onConnection(c, c.driverInterfaces().connectionInterface.getMethod("getPrepareThreshold"), null);
        } catch (NoSuchMethodException e) {
            return 0;
        }
    }

    /**
     * The running driver statement's answer; after it, the answer its last execution gave; before any, whether the
     * first execution would use a server-side statement. Never where the target forbids them.
     */
    private static boolean useServerPrepare(LogicalStatement st, DriverInterfaces driver) throws SQLException {
        if (!(st instanceof LogicalPreparedStatement) || !DriverSettings.serverPrepareAllowed(st.connection.pool())) {
            return false;
        }
        Statement running = st.physical();
        if (running != null && driver.isDriverStatement(running)) {
            return driver.usesServerPrepare(running);
        }
        if (st.executedOnce) {
            return st.usedServerPrepare;
        }
        int threshold = prepareThreshold(st);
        return threshold == 1;
    }

    private static boolean declaresSqlException(Method method) {
        for (Class<?> type : method.getExceptionTypes()) {
            if (type.isAssignableFrom(SQLException.class)) {
                return true;
            }
        }
        return false;
    }

    // ---- PGResultSetMetaData --------------------------------------------------------------------------

    private static Object onMetaData(DetachedResultSetMetaData md, Method method, Object[] args) throws SQLException {
        int column = (Integer) args[0];
        switch (method.getName()) {
            case "getBaseColumnName":
                return md.baseColumnName(column);
            case "getBaseTableName":
                return md.baseTableName(column);
            case "getBaseSchemaName":
                return md.baseSchemaName(column);
            case "getFormat":
                return md.format(column);
            default:
                throw new SQLFeatureNotSupportedException("pgmux copies result-set metadata off the server connection and"
                        + " does not know " + method.getDeclaringClass().getName() + "." + method.getName() + ".", "0A000");
        }
    }
}
