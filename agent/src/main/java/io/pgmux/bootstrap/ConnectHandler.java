package io.pgmux.bootstrap;

import java.util.Properties;

/**
 * Decides what an advised {@code Driver.connect(String, Properties)} returns.
 *
 * <p>Loaded by the bootstrap class loader, which cannot see the {@code java.sql} module: the driver and the
 * connection are therefore typed {@code Object} here; the advice casts them inside the driver's own class.
 */
public interface ConnectHandler {

    /**
     * @return the logical connection to hand the caller instead of the driver's own, or {@code null} to let the
     *         driver connect as it would without the agent
     * @throws Exception the driver's own {@code SQLException} where connecting fails (bad credentials, unknown
     *         database, unreachable target), as the app would see it without the agent
     */
    Object connect(Object driver, String url, Properties info) throws Exception;

    /**
     * A repeat of an app-level connect ({@code DriverManager.getConnection(url)} or {@code (url, user, password)})
     * that an earlier one {@link #connected remembered}, served without running it.
     *
     * @param scope the class loader DriverManager would check the driver's visibility from for this caller
     * @return the logical connection, or {@code null} to let DriverManager connect
     */
    default Object knownConnect(String url, String user, String password, ClassLoader scope) {
        return null;
    }

    /** An app-level DriverManager connect returned {@code connection}: remembers it where it is a logical one. */
    default void connected(Object connection, String url, String user, String password, ClassLoader scope) {
    }

    /**
     * As {@link #knownConnect(String, String, String, ClassLoader)}, for {@code DriverManager.getConnection(url, info)}.
     */
    default Object knownConnect(String url, Properties info, ClassLoader scope) {
        return null;
    }

    /** As {@link #connected(Object, String, String, String, ClassLoader)}, for a connect with a Properties. */
    default void connected(Object connection, String url, Properties info, ClassLoader scope) {
    }

    /**
     * A repeat of {@code getConnection(user, password)} of a driver's data source whose settings have not changed
     * since an earlier one {@link #dataSourceConnected remembered}.
     *
     * @return the logical connection, or {@code null} to let the data source connect
     */
    default Object knownDataSourceConnect(Object dataSource, String user, String password, ClassLoader scope) {
        return null;
    }

    /** {@code getConnection} of a driver's data source returned {@code connection}. */
    default void dataSourceConnected(Object dataSource, Object connection) {
    }

    /** A setter of a driver's data source ran: its earlier connects are no longer repeats. */
    default void dataSourceChanged(Object dataSource) {
    }

    /** {@code DriverManager.deregisterDriver} ran: no earlier connect may be repeated without asking DriverManager. */
    default void driverDeregistered() {
    }
}
