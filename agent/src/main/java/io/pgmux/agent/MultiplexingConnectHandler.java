package io.pgmux.agent;

import io.pgmux.Multiplexer;
import io.pgmux.bootstrap.ConnectHandler;
import io.pgmux.config.PgmuxConfig;
import io.pgmux.stats.AgentManagement;
import java.lang.reflect.Method;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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
    private final LongAdder repeats = new LongAdder();
    private final DataSourceUrls dataSourceUrls = new DataSourceUrls();
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
            // a replication session streams WAL on its own server session: it stays the driver's
            if (isReplication(url, info)) {
                // counted where people look for it: the Agent MBean exists from the first connect pgmux sees
                registerAgentOnce(multiplexer());
                passedThrough.increment();
                return null;
            }
            // so do URLs outside pgmux.include / inside pgmux.exclude
            if (!config.matches(url)) {
                passedThrough.increment();
                return null;
            }
            Multiplexer current = multiplexer();
            registerAgentOnce(current);
            if (!current.intercepts(url)) {
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

    @Override
    public Object knownConnect(String url, String user, String password, ClassLoader scope) {
        Multiplexer started = multiplexer;
        if (started == null || scope == null || Multiplexer.isOpeningServerConnection()) {
            return null;
        }
        try {
            Connection repeat = started.connectIfKnown(url, user, password, scope);
            if (repeat != null) {
                intercepted.increment();
                repeats.increment();
            }
            return repeat;
        } catch (RuntimeException | LinkageError e) {
            log().debug("pgmux could not serve a repeat connect to {}; DriverManager connects instead", url, e);
            return null;
        }
    }

    @Override
    public void connected(Object connection, String url, String user, String password, ClassLoader scope) {
        Multiplexer started = multiplexer;
        if (started != null && scope != null && connection instanceof Connection) {
            started.rememberConnect((Connection) connection, url, user, password, scope);
        }
    }

    @Override
    public Object knownConnect(String url, Properties info, ClassLoader scope) {
        Multiplexer started = multiplexer;
        if (started == null || scope == null || Multiplexer.isOpeningServerConnection()) {
            return null;
        }
        try {
            Connection repeat = started.connectIfKnown(url, info, scope);
            if (repeat != null) {
                intercepted.increment();
                repeats.increment();
            }
            return repeat;
        } catch (RuntimeException | LinkageError e) {
            log().debug("pgmux could not serve a repeat connect to {}; DriverManager connects instead", url, e);
            return null;
        }
    }

    @Override
    public void connected(Object connection, String url, Properties info, ClassLoader scope) {
        Multiplexer started = multiplexer;
        if (started != null && scope != null && connection instanceof Connection) {
            started.rememberConnect((Connection) connection, url, info, scope);
        }
    }

    @Override
    public Object knownDataSourceConnect(Object dataSource, String user, String password, ClassLoader scope) {
        String url = dataSourceUrls.urlOf(dataSource);
        return url == null ? null : knownConnect(url, user, password, scope);
    }

    /**
     * Remembers the URL of one of pgjdbc's own data sources (another class, a subclass of the app's, may build its
     * URL differently) where its connect went to a pool: DriverManager remembered that pool by the URL.
     */
    @Override
    public void dataSourceConnected(Object dataSource, Object connection) {
        if (multiplexer == null || !(connection instanceof Connection) || dataSourceUrls.urlOf(dataSource) != null
                || !dataSource.getClass().getName().startsWith("org.postgresql.")) {
            return;
        }
        long version = dataSourceUrls.version();
        try {
            Object url = URL_GETTERS.get(dataSource.getClass()).invoke(dataSource);
            if (url instanceof String) {
                dataSourceUrls.remember(dataSource, (String) url, version);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            log().debug("pgmux cannot read the URL of {}; its connects are not repeated", dataSource.getClass(), e);
        }
    }

    @Override
    public void dataSourceChanged(Object dataSource) {
        dataSourceUrls.changed(dataSource);
    }

    @Override
    public void driverDeregistered() {
        Multiplexer started = multiplexer;
        if (started != null) {
            started.forgetAppConnects();
        }
    }

    /** pgjdbc's public {@code getUrl()}, the URL its data source hands DriverManager. */
    private static final ClassValue<Method> URL_GETTERS = new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
            try {
                return type.getMethod("getUrl");
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(type + " has no getUrl()", e);
            }
        }
    };

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

    /** True where the connect asks for a replication session: pgjdbc's {@code replication} property or URL parameter. */
    static boolean isReplication(String url, Properties info) {
        if (info != null && info.getProperty("replication") != null) {
            return true;
        }
        int query = url == null ? -1 : url.indexOf('?');
        if (query < 0) {
            return false;
        }
        for (String parameter : url.substring(query + 1).split("&")) {
            int equals = parameter.indexOf('=');
            String name = equals < 0 ? parameter : parameter.substring(0, equals);
            if (URLDecoder.decode(name, StandardCharsets.UTF_8).equals("replication")) {
                return true;
            }
        }
        return false;
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
                    intercepted, passedThrough, repeats));
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
