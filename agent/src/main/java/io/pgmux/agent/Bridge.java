package io.pgmux.agent;

import io.pgmux.bootstrap.ConnectHandler;
import io.pgmux.bootstrap.PgmuxBridge;
import io.pgmux.config.PgmuxConfig;

/**
 * The agent's access to the bootstrap bridge. Kept out of {@link AgentStart}, and with no bridge type in its method
 * signatures, so that the bridge classes are resolved only after they are on the bootstrap class path.
 */
final class Bridge {
    private Bridge() {
    }

    private static MultiplexingConnectHandler installed;

    /**
     * @return false where a handler is installed already (the agent was started twice)
     * @throws IllegalStateException where {@code pgmux.metrics.port} cannot be bound and {@code pgmux.strict=true};
     *         nothing stays installed then
     */
    static synchronized boolean installIfAbsent(Class<?> bootstrapBridge, PgmuxConfig config) {
        MultiplexingConnectHandler handler = new MultiplexingConnectHandler(config);
        if (!installIfAbsent(bootstrapBridge, handler)) {
            return false;
        }
        installed = handler;
        if (config.metricsPort() > 0) {
            try {
                handler.start();
            } catch (RuntimeException e) {
                uninstall();
                throw e;
            }
        }
        return true;
    }

    static synchronized boolean installIfAbsent(Class<?> bootstrapBridge, ConnectHandler handler) {
        if (PgmuxBridge.class != bootstrapBridge) {
            throw new IllegalStateException(PgmuxBridge.class.getName() + " was loaded by "
                    + PgmuxBridge.class.getClassLoader() + " instead of the bootstrap class loader: advice in drivers "
                    + "would not reach the agent");
        }
        if (PgmuxBridge.installed() != null) {
            return false;
        }
        PgmuxBridge.install(handler);
        return true;
    }

    static synchronized void uninstall() {
        PgmuxBridge.install(null);
        if (installed != null) {
            installed.close();
            installed = null;
        }
    }
}
