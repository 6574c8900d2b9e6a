package io.pgmux.agent;

import io.pgmux.Multiplexer;
import io.pgmux.bootstrap.ConnectHandler;
import io.pgmux.config.PgmuxConfig;
import io.pgmux.stats.AgentManagement;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the app's driver connects into logical connections of the JVM's one {@link Multiplexer}, created at the first
 * connect so that an app that never touches JDBC pays nothing for it (at start-up where {@code pgmux.metrics.port} is
 * set, see {@link #start()}). Counts the connects it takes and leaves for {@code io.pgmux:type=Agent}, which it
 * registers at the first connect: JMX is not touched while the JVM starts, before the app may set up its own.
 */
final class MultiplexingConnectHandler implements ConnectHandler {
    private final PgmuxConfig config;
    private final AtomicBoolean internalErrorReported = new AtomicBoolean();
    private final AtomicBoolean agentRegistered = new AtomicBoolean();
    private final LongAdder intercepted = new LongAdder();
    private final LongAdder passedThrough = new LongAdder();
    private volatile Multiplexer multiplexer;

    MultiplexingConnectHandler(PgmuxConfig config) {
        this.config = config;
    }

    @Override
    public Object connect(Object driver, String url, Properties info) throws SQLException {
        // pgmux's own server connections stay real, and uncounted
        if (Multiplexer.isOpeningServerConnection() || !(driver instanceof Driver)) {
            return null;
        }
        try {
            // an app that connects per request repeats one connect: the checks below passed for it before
            Multiplexer started = multiplexer;
            Connection repeat = started == null ? null : started.connectIfKnown((Driver) driver, url, info);
            if (repeat != null) {
                intercepted.increment();
                return repeat;
            }
            if (!accepts((Driver) driver, url)) {
                return null;
            }
            // so do URLs outside pgmux.include / inside pgmux.exclude
            if (!config.matches(url)) {
                passedThrough.increment();
                return null;
            }
            Multiplexer current = multiplexer();
            registerAgentOnce(current);
            // replication connects stay the driver's own, as XA connections do
            if (!current.intercepts(url) || Multiplexer.passesThrough(url, info)) {
                passedThrough.increment();
                return null;
            }
            Connection logical = current.connect((Driver) driver, url, info);
            intercepted.increment();
            return logical;
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
            passedThrough.increment();
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

    /**
     * Creates the multiplexer now rather than at the first connect, so that the Prometheus endpoint answers from
     * start-up and a port that cannot be bound stops a strict start-up.
     *
     * @throws IllegalStateException where {@code pgmux.metrics.port} cannot be bound and {@code pgmux.strict=true}
     */
    void start() {
        multiplexer();
    }

    /** Closes the multiplexer, where one was created: its pools, MBeans and endpoint. */
    void close() {
        Multiplexer current = multiplexer;
        if (current != null) {
            current.close();
        }
    }

    private void registerAgentOnce(Multiplexer current) {
        if (agentRegistered.compareAndSet(false, true)) {
            current.statistics().registerAgent(new AgentManagement(AgentStart.version(), config, current::pools,
                    intercepted, passedThrough));
        }
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
