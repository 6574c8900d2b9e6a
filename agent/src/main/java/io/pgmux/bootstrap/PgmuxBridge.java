package io.pgmux.bootstrap;

import java.util.Properties;

/**
 * What the inlined advice calls. It lives on the bootstrap class path so that a driver in any class loader (the
 * app's, a fat jar's, a servlet container's) can resolve it, and it has no dependencies for the same reason.
 */
public final class PgmuxBridge {
    private static volatile ConnectHandler handler;

    /** How many advised connects (or pass-through regions) this thread is inside: only the outermost one acts. */
    private static final ThreadLocal<int[]> DEPTH = new ThreadLocal<>();
    private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();

    private PgmuxBridge() {
    }

    /** Installs the handler; {@code null} leaves every connect untouched from then on. */
    public static void install(ConnectHandler newHandler) {
        handler = newHandler;
    }

    public static ConnectHandler installed() {
        return handler;
    }

    /**
     * Called on entry to every advised {@code Driver.connect}. A connect nested inside one that pgmux already handles
     * (a wrapper driver delegating, the server connections pgmux opens itself) passes through, so that one app call
     * yields exactly one logical connection.
     *
     * @return the replacement connection, or {@code null} to run the driver's own connect
     */
    public static Object connect(Object driver, String url, Properties info) throws Exception {
        ConnectHandler current = handler;
        if (current == null) {
            return null;
        }
        int[] depth = depth();
        if (depth[0] > 0) {
            return null;
        }
        depth[0]++;
        try {
            return current.connect(driver, url, info);
        } finally {
            depth[0]--;
        }
    }

    /**
     * Called on entry to {@code DriverManager.getConnection(url)} and {@code (url, user, password)}: a repeat of an
     * earlier app connect with the same arguments, for a caller whose class loader DriverManager checks drivers
     * against as it did for the earlier one, is served at once.
     *
     * @param caller DriverManager's caller, whose class loader (else the thread's context class loader) decides
     *        which drivers DriverManager may use
     * @return the logical connection, or {@code null} to run DriverManager
     */
    public static Object knownConnect(String url, String user, String password, Class<?> caller) {
        ConnectHandler current = handler;
        if (current == null || url == null || depth()[0] > 0) {
            return null;
        }
        try {
            return current.knownConnect(url, user, password, driverManagerScope(caller));
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** Called where DriverManager returned a connection to the app: the handler remembers logical ones. */
    public static void connected(Object connection, String url, String user, String password, Class<?> caller) {
        ConnectHandler current = handler;
        if (current == null || depth()[0] > 0) {
            return;
        }
        try {
            current.connected(connection, url, user, password, driverManagerScope(caller));
        } catch (RuntimeException | LinkageError e) {
            // remembering is an optimisation: the app has its connection
        }
    }

    /** As {@link #knownConnect(String, String, String, Class)}, for {@code DriverManager.getConnection(url, info)}. */
    public static Object knownConnect(String url, Properties info, Class<?> caller) {
        ConnectHandler current = handler;
        if (current == null || url == null || depth()[0] > 0) {
            return null;
        }
        try {
            return current.knownConnect(url, info, driverManagerScope(caller));
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** As {@link #connected(Object, String, String, String, Class)}, for a connect with a Properties. */
    public static void connected(Object connection, String url, Properties info, Class<?> caller) {
        ConnectHandler current = handler;
        if (current == null || depth()[0] > 0) {
            return;
        }
        try {
            current.connected(connection, url, info, driverManagerScope(caller));
        } catch (RuntimeException | LinkageError e) {
            // remembering is an optimisation: the app has its connection
        }
    }

    /**
     * Called on entry to {@code getConnection(user, password)} of a driver's data source ({@code declaring} being
     * the class that declares it, DriverManager's caller within).
     *
     * @return the logical connection, or {@code null} to run the data source's own code
     */
    public static Object knownDataSourceConnect(Object dataSource, String user, String password, Class<?> declaring) {
        ConnectHandler current = handler;
        if (current == null || depth()[0] > 0) {
            return null;
        }
        try {
            return current.knownDataSourceConnect(dataSource, user, password, driverManagerScope(declaring));
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    public static void dataSourceConnected(Object dataSource, Object connection) {
        ConnectHandler current = handler;
        if (current == null || depth()[0] > 0) {
            return;
        }
        try {
            current.dataSourceConnected(dataSource, connection);
        } catch (RuntimeException | LinkageError e) {
            // remembering is an optimisation: the app has its connection
        }
    }

    /** Called when a setter of a driver's data source returns. */
    public static void dataSourceChanged(Object dataSource) {
        ConnectHandler current = handler;
        if (current == null) {
            return;
        }
        try {
            current.dataSourceChanged(dataSource);
        } catch (RuntimeException | LinkageError e) {
            // never fail the app's call
        }
    }

    /** Called when {@code DriverManager.deregisterDriver} returns. */
    public static void driverDeregistered() {
        ConnectHandler current = handler;
        if (current == null) {
            return;
        }
        try {
            current.driverDeregistered();
        } catch (RuntimeException | LinkageError e) {
            // never fail the app's call
        }
    }

    /** The class loader DriverManager checks a driver's visibility from, for a call from {@code caller}. */
    private static ClassLoader driverManagerScope(Class<?> caller) {
        ClassLoader loader = caller == null ? null : caller.getClassLoader();
        if (loader == null || loader == PLATFORM) {
            loader = Thread.currentThread().getContextClassLoader();
        }
        return loader;
    }

    /**
     * Starts a region whose connects must stay real connections (an XA connection needs the driver's own session).
     * Every call must be paired with {@link #exitPassThrough()}.
     */
    public static void enterPassThrough() {
        depth()[0]++;
    }

    public static void exitPassThrough() {
        depth()[0]--;
    }

    // no lambda (ThreadLocal.withInitial): it would cost the JVM a method-handle bootstrap at start-up
    private static int[] depth() {
        int[] depth = DEPTH.get();
        if (depth == null) {
            depth = new int[1];
            DEPTH.set(depth);
        }
        return depth;
    }
}
