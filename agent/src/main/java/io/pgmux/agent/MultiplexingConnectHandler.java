package io.pgmux.agent;

import io.pgmux.Multiplexer;
import io.pgmux.bootstrap.ConnectHandler;
import io.pgmux.config.PgmuxConfig;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the app's driver connects into logical connections of the JVM's one {@link Multiplexer}, created at the first
 * connect so that an app that never touches JDBC pays nothing for it.
 */
final class MultiplexingConnectHandler implements ConnectHandler {
    private final PgmuxConfig config;
    private final AtomicBoolean internalErrorReported = new AtomicBoolean();
    private volatile Multiplexer multiplexer;

    MultiplexingConnectHandler(PgmuxConfig config) {
        this.config = config;
    }

    @Override
    public Object connect(Object driver, String url, Properties info) throws SQLException {
        // pgmux's own server connections, and URLs outside pgmux.include / inside pgmux.exclude, stay real
        if (Multiplexer.isOpeningServerConnection() || !config.matches(url) || !(driver instanceof Driver)
                || !accepts((Driver) driver, url)) {
            return null;
        }
        try {
            Multiplexer current = multiplexer();
            if (!current.intercepts(url)) {
                return null;
            }
            return current.connect((Driver) driver, url, info);
        } catch (SQLException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            // a fault of pgmux, not of the app's database: the app keeps working on a real connection
            if (internalErrorReported.compareAndSet(false, true)) {
                log().error("pgmux failed to open a logical connection for {}; connecting without pgmux instead "
                        + "(reported once; later failures are logged at debug)", url, e);
            } else {
                log().debug("pgmux failed to open a logical connection for {}; connecting without pgmux", url, e);
            }
            return null;
        }
    }

    /**
     * DriverManager offers every URL to every registered driver in turn; only the driver that takes the URL may
     * serve it, the others must answer null as they would without the agent.
     */
    private static boolean accepts(Driver driver, String url) {
        try {
            return driver.acceptsURL(url);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Looked up when needed: SLF4J then starts with the runtime, after the JVM's start-up. */
    private static Logger log() {
        return LoggerFactory.getLogger(MultiplexingConnectHandler.class);
    }

    private Multiplexer multiplexer() {
        Multiplexer current = multiplexer;
        if (current == null) {
            synchronized (this) {
                current = multiplexer;
                if (current == null) {
                    current = new Multiplexer(config);
                    multiplexer = current;
                }
            }
        }
        return current;
    }
}
