package io.pgmux.stats;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pgmux.config.PgmuxConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything pgmux reports about its pools (SPEC section 7): MBeans where {@code pgmux.jmx} is on, Micrometer meters
 * on the app's global registry where the app has Micrometer, the Prometheus endpoint where {@code pgmux.metrics.port}
 * is set, and leak warnings where {@code pgmux.leakThresholdMs} is above 0. One per agent or {@code PgmuxDataSource}.
 */
public final class Statistics implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Statistics.class);

    /** Where MBeans go; null where {@code pgmux.jmx=false}. Looked up at the first registration, not at start-up. */
    private final Supplier<MBeanServer> mbeanServer;
    private JmxRegistration jmx;
    private final PrometheusMeterRegistry prometheus;
    private final PrometheusEndpoint endpoint;
    private final LeakDetector leaks;
    private final PoolWarnings warnings;
    private final Map<ManagedPool, Watched> pools = new ConcurrentHashMap<>();
    private final Map<ClassLoader, Optional<AppMicrometerBinding>> appBindings = new IdentityHashMap<>();
    private final ScheduledFuture<?> periods;
    private final ScheduledFuture<?> warningChecks;
    private final ScheduledFuture<?> leakChecks;
    private final AtomicBoolean closed = new AtomicBoolean();

    Statistics(PgmuxConfig config, MBeanServer mbeanServer, LeakDetector.Sink leakSink) throws IOException {
        this(config, () -> mbeanServer, leakSink, PoolWarnings.LOG);
    }

    Statistics(PgmuxConfig config, Supplier<MBeanServer> mbeanServer, LeakDetector.Sink leakSink, PoolWarnings.Sink warningSink)
            throws IOException {
        this.mbeanServer = config.jmx() ? mbeanServer : null;
        PrometheusMeterRegistry registry = null;
        PrometheusEndpoint served = null;
        if (config.metricsPort() > 0) {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            try {
                served = PrometheusEndpoint.start(config.metricsHost(), config.metricsPort(), registry);
                log.info("pgmux: Prometheus metrics at http://{}:{}{}", config.metricsHost(), served.address().getPort(),
                        PrometheusEndpoint.PATH);
            } catch (IOException e) {
                registry.close();
                if (config.strict()) {
                    throw e;
                }
                // monitoring must not take the app down: say so loudly and run without the endpoint
                log.error("{}. pgmux runs on without Prometheus metrics (MBeans and Micrometer still report); set"
                        + " pgmux.strict=true to stop start-up instead.", e.getMessage());
                registry = null;
            }
        }
        this.prometheus = registry;
        this.endpoint = served;
        this.leaks = config.leakThresholdMs() > 0 ? new LeakDetector(config.leakThresholdMs(), leakSink) : null;
        this.warnings = new PoolWarnings(warningSink, System::currentTimeMillis);
        this.periods = StatsScheduler.every(PoolStatistics.PERIOD_MS, "closing a stats period", () -> {
            for (Watched w : pools.values()) {
                w.stats.roll();
            }
        });
        this.warningChecks = StatsScheduler.every(PoolWarnings.CHECK_INTERVAL_MS, "looking for pools short of server connections", () -> {
            for (Watched w : pools.values()) {
                warnings.check(w.stats);
            }
        });
        this.leakChecks = leaks == null ? null : StatsScheduler.every(leaks.checkIntervalMs(), "looking for leaked connections", () -> {
            for (Watched w : pools.values()) {
                leaks.check(w.stats);
            }
        });
    }

    /**
     * Starts what {@code config} asks for: MBeans on the platform MBean server (JConsole), the Prometheus endpoint.
     *
     * A metrics address that cannot be bound is logged as an error and left out, unless {@code pgmux.strict=true}.
     *
     * @throws IOException where {@code pgmux.metrics.host:port} cannot be bound and {@code pgmux.strict=true}; the
     *         message names the settings
     */
    public static Statistics start(PgmuxConfig config) throws IOException {
        // the platform MBean server is created at the first MBean: an agent may start this before the app has set up
        // its logging, which the MBean server's creation would otherwise settle
        return new Statistics(config, ManagementFactory::getPlatformMBeanServer, LeakDetector.LOG, PoolWarnings.LOG);
    }

    /** Registers {@code io.pgmux:type=Agent} (an agent only: a {@code PgmuxDataSource} has pools but no agent). */
    public void registerAgent(AgentMBean agent) {
        JmxRegistration mbeans = jmx();
        if (mbeans == null) {
            return;
        }
        try {
            mbeans.registerAgent(agent);
        } catch (JMException | RuntimeException e) {
            log.warn("pgmux: could not register the Agent MBean ({}); statistics stay available through pools and meters", e.toString());
        }
    }

    /**
     * Starts reporting a newly opened pool; its app meters go to the Micrometer that the calling thread's context
     * class loader sees (the app's, where the pool opens on the app's first connect).
     */
    public void poolOpened(ManagedPool pool) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        poolOpened(pool, context != null ? context : ClassLoader.getSystemClassLoader());
    }

    /** Starts reporting a newly opened pool, its app meters on the Micrometer {@code appClassLoader} sees (null: none). */
    public void poolOpened(ManagedPool pool, ClassLoader appClassLoader) {
        Objects.requireNonNull(pool, "pool");
        Watched w = new Watched(new PoolStatistics(pool));
        if (pools.putIfAbsent(pool, w) != null) {
            return;
        }
        JmxRegistration mbeans = jmx();
        if (mbeans != null) {
            try {
                w.objectName = mbeans.registerPool(w.stats);
            } catch (JMException | RuntimeException e) {
                log.warn("pgmux pool {}: could not register its MBean ({}); its meters still report", w.stats.name(), e.toString());
            }
        }
        if (prometheus != null) {
            w.meters.bindTo(prometheus);
        }
        AppMicrometerBinding app = appBinding(appClassLoader);
        if (app != null && app.bind(w.stats)) {
            w.app = app;
        }
    }

    /** The MBean registration, created at its first use; null where {@code pgmux.jmx=false}. */
    private synchronized JmxRegistration jmx() {
        if (jmx == null && mbeanServer != null) {
            jmx = new JmxRegistration(mbeanServer.get());
        }
        return jmx;
    }

    private AppMicrometerBinding appBinding(ClassLoader loader) {
        if (loader == null) {
            return null;
        }
        synchronized (appBindings) {
            return appBindings.computeIfAbsent(loader, l -> Optional.ofNullable(AppMicrometerBinding.find(l))).orElse(null);
        }
    }

    /** Stops reporting a closed pool: its MBean and meters go away. */
    public void poolClosed(ManagedPool pool) {
        Watched w = pools.remove(pool);
        if (w != null) {
            forget(w);
        }
    }

    private void forget(Watched w) {
        if (w.objectName != null) {
            jmx().unregister(w.objectName);
        }
        w.meters.close();
        if (w.app != null) {
            w.app.unbind(w.stats);
        }
        warnings.forget(w.stats);
        if (leaks != null) {
            leaks.forget(w.stats);
        }
    }

    /**
     * Runs {@code task} every {@code periodMs} on the statistics' daemon thread until the returned future is
     * cancelled; a failure is logged and the next run happens as planned.
     */
    public ScheduledFuture<?> every(long periodMs, String what, Runnable task) {
        return StatsScheduler.every(periodMs, what, task);
    }

    /** Where the Prometheus endpoint listens, where {@code pgmux.metrics.port} is set. */
    public Optional<InetSocketAddress> metricsAddress() {
        return endpoint == null ? Optional.empty() : Optional.of(endpoint.address());
    }

    /** The Prometheus text of the meters, where {@code pgmux.metrics.port} is set. */
    Optional<String> scrape() {
        return prometheus == null ? Optional.empty() : Optional.of(prometheus.scrape());
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        periods.cancel(false);
        warningChecks.cancel(false);
        if (leakChecks != null) {
            leakChecks.cancel(false);
        }
        for (ManagedPool pool : pools.keySet()) {
            poolClosed(pool);
        }
        JmxRegistration mbeans;
        synchronized (this) {
            mbeans = jmx;
        }
        if (mbeans != null) {
            mbeans.close();
        }
        if (endpoint != null) {
            endpoint.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
    }

    /** What is reported for one pool, to undo it when the pool closes. */
    private static final class Watched {
        final PoolStatistics stats;
        final PoolMeters meters;
        volatile ObjectName objectName;
        volatile AppMicrometerBinding app;

        Watched(PoolStatistics stats) {
            this.stats = stats;
            this.meters = new PoolMeters(stats);
        }
    }
}
