package io.pgmux.logical;

import io.pgmux.pool.ServerConnection;
import io.pgmux.pool.ServerPool;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * Settings an app made through the driver's own setters ({@code PGConnection.setPrepareThreshold},
 * {@code setAutosave}, {@code setAdaptiveFetch}, {@code PGStatement.setPrepareThreshold}, ...), recorded on the
 * logical side like the JDBC setters. A logical connection applies its settings to each server connection it holds
 * and puts the server connection's own values back before releasing it, so that no other logical connection
 * inherits them; a logical statement applies its settings to each of the driver's statements it runs.
 * Through a transaction-mode pooler server-side prepared statements stay off, whatever the app sets.
 */
final class DriverSettings {
    static final String PREPARE_THRESHOLD = "PrepareThreshold";
    /** Kept on the logical side only: new statements start with it (a cursor would not survive a wrapped commit). */
    static final String DEFAULT_FETCH_SIZE = "DefaultFetchSize";

    /** By property name ({@code PrepareThreshold}): the setter and the value the app gave it. */
    private final Map<String, Method> setters = new HashMap<>(4);
    private final Map<String, Object> values = new HashMap<>(4);
    /** The held server connection's own values of the settings applied to it, to put back at release. */
    private final Map<String, Object> before = new HashMap<>(4);
    private Connection appliedTo;

    /** The property a one-argument setter sets ({@code setAutosave} -> {@code Autosave}), or null. */
    static String propertyOf(Method method) {
        String name = method.getName();
        return name.startsWith("set") && name.length() > 3 && method.getParameterCount() == 1 ? name.substring(3) : null;
    }

    /** The property a getter reads ({@code getAutosave}, {@code isX}), or null. */
    static String propertyOfGetter(Method method) {
        String name = method.getName();
        if (method.getParameterCount() != 0) {
            return null;
        }
        return name.startsWith("get") && name.length() > 3 ? name.substring(3)
                : name.startsWith("is") && name.length() > 2 ? name.substring(2) : null;
    }

    void record(String property, Method setter, Object value) {
        setters.put(property, setter);
        values.put(property, value);
    }

    boolean has(String property) {
        return values.containsKey(property);
    }

    Object get(String property) {
        return values.get(property);
    }

    /** Server-side prepared statements may be used on {@code pool}'s server connections. */
    static boolean serverPrepareAllowed(ServerPool pool) {
        return !pool.applier().perTransaction() || pool.config().targetPreparedStatements();
    }

    private static boolean appliesToServer(String property, ServerPool pool) {
        return !property.equals(DEFAULT_FETCH_SIZE) && (!property.equals(PREPARE_THRESHOLD) || serverPrepareAllowed(pool));
    }

    /** Brings the held server connection to the recorded settings, remembering its own values. */
    void applyTo(ServerConnection server, ServerPool pool) throws SQLException {
        Connection raw = server.driverConnection();
        if (appliedTo != null && appliedTo != raw) {
            before.clear();
        }
        appliedTo = raw;
        for (Map.Entry<String, Object> e : values.entrySet()) {
            String property = e.getKey();
            if (!appliesToServer(property, pool)) {
                continue;
            }
            Method setter = setters.get(property);
            if (!before.containsKey(property)) {
                before.put(property, invoke(getter(setter, property), raw));
            }
            invoke(setter, raw, e.getValue());
        }
    }

    /** Gives the server connection its own values back before it is released; false where that failed. */
    boolean restore(ServerConnection server) {
        Connection raw = appliedTo;
        appliedTo = null;
        if (raw == null || raw != server.driverConnection() || before.isEmpty()) {
            before.clear();
            return true;
        }
        try {
            for (Map.Entry<String, Object> e : before.entrySet()) {
                invoke(setters.get(e.getKey()), raw, e.getValue());
            }
            return true;
        } catch (SQLException | RuntimeException e) {
            return false;
        } finally {
            before.clear();
        }
    }

    /** Applies a statement's recorded settings to one of the driver's statements about to run. */
    void applyToStatement(Statement driverStatement, ServerPool pool) throws SQLException {
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (!e.getKey().equals(PREPARE_THRESHOLD) || serverPrepareAllowed(pool)) {
                invoke(setters.get(e.getKey()), driverStatement, e.getValue());
            }
        }
    }

    private static Method getter(Method setter, String property) throws SQLException {
        Class<?> type = setter.getDeclaringClass();
        try {
            return type.getMethod("get" + property);
        } catch (NoSuchMethodException e) {
            try {
                return type.getMethod("is" + property);
            } catch (NoSuchMethodException again) {
                throw new SQLException("pgmux cannot read back " + type.getName() + "." + setter.getName()
                        + ": the driver has no getter for it, so its value could not be restored on the server connection",
                        "0A000");
            }
        }
    }

    /** Calls a method of the driver's interfaces on the driver's object, with the driver's own exceptions. */
    static Object invoke(Method method, Object target, Object... args) throws SQLException {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException) {
                throw (SQLException) cause;
            }
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new SQLException(cause.getMessage(), "XX000", cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
