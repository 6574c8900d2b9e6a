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
}
