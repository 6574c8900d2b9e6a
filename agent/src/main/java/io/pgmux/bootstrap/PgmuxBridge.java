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
