package io.pgmux.agent;

import io.pgmux.agent.logging.StderrLogging;
import io.pgmux.config.ConfigException;
import io.pgmux.config.ConfigSources;
import io.pgmux.config.PgmuxConfig;
import io.pgmux.stats.Secrets;
import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Optional;
import org.slf4j.event.Level;

/**
 * Reads the configuration and installs the bridge and the instrumentation.
 *
 * <p>It must never stop a working app: anything that goes wrong here is logged and leaves the app's connections
 * untouched. The one exception is an invalid configuration with {@code pgmux.strict=true}, which stops start-up.
 *
 * <p>This class names no {@code io.pgmux.bootstrap} type, not even as an argument type (the verifier would load it
 * through the app class loader): those must be defined by the bootstrap loader, which only finds them once
 * {@link BootstrapBridge#inject} has run.
 */
final class AgentStart {
    private AgentStart() {
    }

    /** @return false only where the configuration is invalid and strict mode asks to stop */
    static boolean start(String agentArgs, Instrumentation instrumentation) {
        ConfigSources sources = null;
        try {
            sources = ConfigSources.collect(agentArgs, System.getProperties(), System.getenv());
            PgmuxConfig config = sources.toConfig();
            StderrLogging.setLevel(config.logLevel());
            if (!config.enabled()) {
                StderrLogging.log(Level.INFO, "pgmux.enabled=false: pgmux installs nothing; connections are the driver's own",
                        null);
                return true;
            }
            install(withApplicationName(config), instrumentation);
            return true;
        } catch (MetricsPortUnavailable e) {
            // only strict mode gets here: otherwise the statistics log the port and run on without the endpoint
            StderrLogging.write(Level.ERROR, e.getMessage(), null);
            return false;
        } catch (ConfigException e) {
            if (sources != null && sources.strictRequested()) {
                StderrLogging.write(Level.ERROR, e.getMessage() + "\npgmux.strict=true: stopping start-up. "
                        + "Correct the settings above, or set pgmux.strict=false to run without pgmux instead.", null);
                return false;
            }
            StderrLogging.log(Level.ERROR, e.getMessage() + "\npgmux leaves this app's connections untouched. Correct the "
                    + "settings above (or set pgmux.strict=true to stop start-up on such errors).", null);
            return true;
        } catch (Throwable e) {
            StderrLogging.log(Level.ERROR, "pgmux could not start and leaves this app's connections untouched", e);
            return true;
        }
    }

    private static void install(PgmuxConfig config, Instrumentation instrumentation) throws Exception {
        Class<?> bridge = BootstrapBridge.inject(instrumentation);
        try {
            if (!Bridge.installIfAbsent(bridge, config)) {
                StderrLogging.log(Level.WARN, "pgmux is already running in this JVM; this second start installs nothing", null);
                return;
            }
        } catch (IllegalStateException e) {
            if (config.strict() && config.metricsPort() > 0) {
                throw new MetricsPortUnavailable(e.getMessage());
            }
            throw e;
        }
        try {
            ConnectInstrumentation.install(instrumentation, bridge);
        } catch (Throwable e) {
            Bridge.uninstall();
            throw e;
        }
        StderrLogging.log(Level.INFO, Secrets.mask("pgmux " + version() + " multiplexing " + summary(config)), null);
    }

    private static PgmuxConfig withApplicationName(PgmuxConfig config) throws ConfigException {
        if (config.applicationName().isPresent()) {
            return config;
        }
        Optional<String> name = ApplicationName.fromJavaCommand(System.getProperty("sun.java.command"));
        return name.isPresent() ? config.with("applicationName", name.get()) : config;
    }

    private static String summary(PgmuxConfig config) {
        Map<String, String> settings = config.describe();
        String target = config.targetHosts().map(hosts -> "to " + hosts).orElse("to the host of each app URL");
        return "URLs " + settings.get("pgmux.include")
                + (settings.get("pgmux.exclude").isEmpty() ? "" : " except " + settings.get("pgmux.exclude"))
                + " " + target + " (mode " + settings.get("pgmux.target.mode") + ")"
                + ", pool.size=" + config.poolSize() + ", pool.reserve=" + config.poolReserve()
                + ", pool.minIdle=" + config.poolMinIdle() + ", pinning=" + settings.get("pgmux.pinning")
                + ", applicationName=" + settings.get("pgmux.applicationName");
    }

    /** The Prometheus port of a strict configuration cannot be bound: start-up stops. */
    private static final class MetricsPortUnavailable extends Exception {
        private static final long serialVersionUID = 1L;

        MetricsPortUnavailable(String message) {
            super(message);
        }
    }

    static String version() {
        String version = AgentStart.class.getPackage().getImplementationVersion();
        return version == null ? "(development build)" : version;
    }
}
