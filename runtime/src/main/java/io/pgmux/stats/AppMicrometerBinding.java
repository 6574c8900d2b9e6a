package io.pgmux.stats;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meters of {@link MeterDefinition#ALL} on the app's own Micrometer global registry
 * ({@code Metrics.globalRegistry} as the app's class loader sees it). pgmux's Micrometer is relocated inside the
 * agent, so the app's is a different set of classes: everything goes through reflection, and the callbacks handed
 * over are JDK function types that both sides share.
 */
final class AppMicrometerBinding {
    private static final Logger log = LoggerFactory.getLogger(AppMicrometerBinding.class);
    /**
     * Built at run time: the shading of the agent rewrites string constants that name relocated packages,
     * which would point these look-ups at pgmux's own copy.
     */
    private static final String INSTRUMENT = String.join(".", "io", "micrometer", "core", "instrument") + ".";

    private final Object registry;
    private final Method gaugeBuilder;
    private final Method counterBuilder;
    private final Method timerBuilder;
    private final Class<?> registryType;
    private final Method remove;
    private final Map<PoolStatistics, List<Object>> meters = new IdentityHashMap<>();

    private AppMicrometerBinding(ClassLoader loader) throws ReflectiveOperationException {
        Class<?> metrics = Class.forName(INSTRUMENT + "Metrics", true, loader);
        registryType = Class.forName(INSTRUMENT + "MeterRegistry", false, loader);
        Class<?> meterType = Class.forName(INSTRUMENT + "Meter", false, loader);
        registry = metrics.getField("globalRegistry").get(null);
        gaugeBuilder = Class.forName(INSTRUMENT + "Gauge", false, loader)
                .getMethod("builder", String.class, Object.class, ToDoubleFunction.class);
        counterBuilder = Class.forName(INSTRUMENT + "FunctionCounter", false, loader)
                .getMethod("builder", String.class, Object.class, ToDoubleFunction.class);
        timerBuilder = Class.forName(INSTRUMENT + "FunctionTimer", false, loader)
                .getMethod("builder", String.class, Object.class, ToLongFunction.class, ToDoubleFunction.class, TimeUnit.class);
        remove = registryType.getMethod("remove", meterType);
    }

    /**
     * The app's global registry as {@code loader} sees it, or null where the app has no Micrometer (the usual
     * case, not worth more than a debug line) or one too old to have these builders (1.1 and later have them).
     */
    static AppMicrometerBinding find(ClassLoader loader) {
        if (loader == null) {
            return null;
        }
        try {
            return new AppMicrometerBinding(loader);
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            log.debug("pgmux: no Micrometer on the app's class path ({}); app meters not bound", e.getMessage());
            return null;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            log.info("pgmux: the app's Micrometer cannot take pgmux meters ({}); they stay on JMX and Prometheus only", e.toString());
            return null;
        }
    }

    /** Registers the pool's meters; a failure is logged and leaves the app's registry as it was. */
    synchronized boolean bind(PoolStatistics stats) {
        if (meters.containsKey(stats)) {
            return true;
        }
        List<Object> registered = new ArrayList<>();
        try {
            for (MeterDefinition d : MeterDefinition.ALL) {
                registered.add(register(d, stats));
            }
            meters.put(stats, registered);
            return true;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
            log.info("pgmux pool {}: could not register meters on the app's Micrometer ({}); they stay on JMX and Prometheus only",
                    stats.name(), cause);
            removeAll(registered);
            return false;
        }
    }

    private Object register(MeterDefinition d, PoolStatistics stats) throws ReflectiveOperationException {
        Object builder;
        switch (d.kind) {
            case GAUGE:
                builder = gaugeBuilder.invoke(null, d.name, stats, d.value);
                // the app's registry holds gauges weakly by default; pgmux keeps stats alive only while the pool is open
                call(builder, "strongReference", new Class<?>[] {boolean.class}, true);
                break;
            case COUNTER:
                builder = counterBuilder.invoke(null, d.name, stats, d.value);
                break;
            case TIMER:
                builder = timerBuilder.invoke(null, d.name, stats, d.count, d.totalMicros, TimeUnit.MICROSECONDS);
                break;
            default:
                throw new IllegalStateException("unknown meter kind " + d.kind);
        }
        call(builder, "tags", new Class<?>[] {String[].class}, (Object) d.tagsFor(stats));
        call(builder, "description", new Class<?>[] {String.class}, d.description);
        return builder.getClass().getMethod("register", registryType).invoke(builder, registry);
    }

    private static void call(Object builder, String method, Class<?>[] types, Object... args) throws ReflectiveOperationException {
        builder.getClass().getMethod(method, types).invoke(builder, args);
    }

    /** Removes the pool's meters from the app's registry. */
    synchronized void unbind(PoolStatistics stats) {
        List<Object> registered = meters.remove(stats);
        if (registered != null) {
            removeAll(registered);
        }
    }

    private void removeAll(List<Object> registered) {
        for (Object meter : registered) {
            try {
                remove.invoke(registry, meter);
            } catch (ReflectiveOperationException | RuntimeException e) {
                log.debug("pgmux: could not remove meter {} from the app's Micrometer", meter, e);
            }
        }
    }

    /** The registry bound to, for tests and for telling two loaders that see the same Micrometer apart. */
    Object registry() {
        return registry;
    }
}
