package io.pgmux.pool;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * What a fresh server connection of a pool answers to the driver's own getters (pgjdbc's {@code PGConnection}):
 * its settings ({@code getPrepareThreshold}, {@code getAutosave}, ...: each getter with a matching setter),
 * {@code getPreferQueryMode}, and whether the server has {@code standard_conforming_strings} on. A logical
 * connection answers from these, without a server connection, until the app sets its own values. Read by
 * reflection: the driver is the app's and may live in a class loader pgmux cannot see.
 */
public final class DriverDefaults {
    static final String DRIVER_INTERFACE = "org.postgresql.PGConnection";
    static final DriverDefaults NONE = new DriverDefaults(Collections.emptyMap(), true);

    private final Map<String, Object> byGetter;
    private final boolean standardConformingStrings;
    private final int defaultFetchSize;

    private DriverDefaults(Map<String, Object> byGetter, boolean standardConformingStrings) {
        this.byGetter = byGetter;
        this.standardConformingStrings = standardConformingStrings;
        Object fetchSize = byGetter.get("getDefaultFetchSize");
        this.defaultFetchSize = fetchSize instanceof Integer ? (Integer) fetchSize : 0;
    }

    /** Reads the defaults off {@code raw}, the driver's own connection; nothing where it is not pgjdbc's. */
    static DriverDefaults of(Connection raw) {
        Class<?> driverInterface;
        try {
            driverInterface = Class.forName(DRIVER_INTERFACE, false, raw.getClass().getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return NONE;
        }
        if (!driverInterface.isInstance(raw)) {
            return NONE;
        }
        Map<String, Object> values = new HashMap<>();
        for (Method getter : driverInterface.getMethods()) {
            if (getter.getParameterCount() == 0 && !Modifier.isStatic(getter.getModifiers())
                    && (isSetting(driverInterface, getter) || getter.getName().equals("getPreferQueryMode"))) {
                try {
                    values.put(getter.getName(), getter.invoke(raw));
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // a getter this driver version cannot answer here: the logical connection asks a server connection
                }
            }
        }
        boolean conforming = true;
        try {
            Object status = driverInterface.getMethod("getParameterStatus", String.class)
                    .invoke(raw, "standard_conforming_strings");
            conforming = status == null || "on".equalsIgnoreCase(status.toString());
        } catch (ReflectiveOperationException | RuntimeException e) {
            // older drivers: PostgreSQL has had it on by default since 9.1
        }
        return new DriverDefaults(Collections.unmodifiableMap(values), conforming);
    }

    /** A getter {@code getX}/{@code isX} with a one-argument {@code setX} beside it. */
    public static boolean isSetting(Class<?> driverInterface, Method getter) {
        String name = getter.getName();
        String property = name.startsWith("get") ? name.substring(3) : name.startsWith("is") ? name.substring(2) : null;
        if (property == null || property.isEmpty()) {
            return false;
        }
        try {
            driverInterface.getMethod("set" + property, getter.getReturnType());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** True where {@code getter} was read. */
    public boolean has(String getter) {
        return byGetter.containsKey(getter);
    }

    /** The value {@code getter} gave on a fresh server connection (null where it was not read). */
    public Object get(String getter) {
        return byGetter.get(getter);
    }

    /** The fetch size the driver's new statements start with ({@code defaultRowFetchSize}); 0 where unknown. */
    public int defaultFetchSize() {
        return defaultFetchSize;
    }

    /** How the driver escapes literals ({@code escapeLiteral}) on this pool's server connections. */
    public boolean standardConformingStrings() {
        return standardConformingStrings;
    }
}
