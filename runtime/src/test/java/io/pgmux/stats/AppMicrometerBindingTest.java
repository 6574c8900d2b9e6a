package io.pgmux.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Metrics;
import io.pgmux.config.PgmuxConfig;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The app's Micrometer is a different copy of the classes from pgmux's (relocated inside the agent). Here the app's
 * copy is the same micrometer jars loaded again by a child-first class loader, so its classes and its global registry
 * are distinct from the ones pgmux compiles against.
 */
class AppMicrometerBindingTest {
    private static final String POOL = "app@db.example:5432/orders";
    private final FakePool pool = new FakePool(POOL);
    private URLClassLoader app;
    private Object appGlobalRegistry;

    @BeforeEach
    void loadTheAppsOwnMicrometer() throws Exception {
        app = new ChildFirstLoader(new URL[] {jarOf(Metrics.class), jarOf(io.micrometer.common.KeyValue.class),
            jarOf(io.micrometer.observation.Observation.class)}, getClass().getClassLoader());
        Class<?> metrics = app.loadClass("io.micrometer.core.instrument.Metrics");
        assertThat(metrics).isNotSameAs(Metrics.class);
        appGlobalRegistry = metrics.getField("globalRegistry").get(null);
        // as an app does: a concrete registry under the global composite
        Object simple = app.loadClass("io.micrometer.core.instrument.simple.SimpleMeterRegistry").getConstructor().newInstance();
        appGlobalRegistry.getClass().getMethod("add", app.loadClass("io.micrometer.core.instrument.MeterRegistry"))
                .invoke(appGlobalRegistry, simple);
    }

    @AfterEach
    void close() throws Exception {
        app.close();
    }

    private static URL jarOf(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }

    @Test
    void poolMetersAppearInTheAppsGlobalRegistryWithThePoolsValues() throws Exception {
        pool.clients(7).servers(2, 1);
        pool.counters().transaction(3_000);
        pool.counters().pinned();
        AppMicrometerBinding binding = AppMicrometerBinding.find(app);
        assertThat(binding).isNotNull();

        binding.bind(new PoolStatistics(pool));

        assertThat(binding.registry()).isSameAs(appGlobalRegistry);
        assertThat(gauge("pgmux.clients", "open")).isEqualTo(7.0);
        assertThat(gauge("pgmux.servers", "total")).isEqualTo(3.0);
        Object transactions = meter("pgmux.transactions", null);
        Class<?> functionTimer = app.loadClass("io.micrometer.core.instrument.FunctionTimer");
        assertThat(functionTimer.getMethod("count").invoke(transactions)).isEqualTo(1.0);
        assertThat(functionTimer.getMethod("totalTime", TimeUnit.class).invoke(transactions, TimeUnit.MICROSECONDS)).isEqualTo(3_000.0);
        Object pins = meter("pgmux.pins", null);
        assertThat(app.loadClass("io.micrometer.core.instrument.FunctionCounter").getMethod("count").invoke(pins)).isEqualTo(1.0);
        assertThat(names()).hasSize(MeterDefinition.ALL.size());
    }

    @Test
    void gaugesFollowThePoolAfterBinding() throws Exception {
        AppMicrometerBinding.find(app).bind(new PoolStatistics(pool));

        pool.clients(4);

        assertThat(gauge("pgmux.clients", "open")).isEqualTo(4.0);
    }

    @Test
    void unbindingRemovesThePoolsMeters() throws Exception {
        AppMicrometerBinding binding = AppMicrometerBinding.find(app);
        PoolStatistics stats = new PoolStatistics(pool);
        binding.bind(stats);

        binding.unbind(stats);

        assertThat(names()).isEmpty();
    }

    @Test
    void statisticsBindOpenedPoolsToTheMicrometerOfTheGivenLoader() throws Exception {
        try (Statistics statistics = new Statistics(PgmuxConfig.defaults().with("jmx", "false"),
                ManagementFactory.getPlatformMBeanServer(), LeakDetector.LOG)) {
            statistics.poolOpened(pool.clients(2), app);
            assertThat(gauge("pgmux.clients", "open")).isEqualTo(2.0);

            statistics.poolClosed(pool);
            assertThat(names()).isEmpty();
        }
    }

    @Test
    void anAppWithoutMicrometerIsLeftAlone() throws Exception {
        try (URLClassLoader bare = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
            assertThat(AppMicrometerBinding.find(bare)).isNull();
        }
    }

    private double gauge(String name, String state) throws Exception {
        Object gauge = meter(name, state);
        return (double) app.loadClass("io.micrometer.core.instrument.Gauge").getMethod("value").invoke(gauge);
    }

    /** The app registry's meter with this name, pool tag and (where given) state tag. */
    private Object meter(String name, String state) throws Exception {
        Class<?> meterType = app.loadClass("io.micrometer.core.instrument.Meter");
        Class<?> idType = app.loadClass("io.micrometer.core.instrument.Meter$Id");
        for (Object meter : meters()) {
            Object id = meterType.getMethod("getId").invoke(meter);
            String tagState = (String) idType.getMethod("getTag", String.class).invoke(id, "state");
            if (name.equals(idType.getMethod("getName").invoke(id))
                    && POOL.equals(idType.getMethod("getTag", String.class).invoke(id, "pool"))
                    && (state == null || state.equals(tagState))) {
                return meter;
            }
        }
        throw new AssertionError("no meter " + name + " state=" + state + " in the app's registry; it has " + names());
    }

    private Collection<?> meters() throws Exception {
        return (Collection<?>) app.loadClass("io.micrometer.core.instrument.MeterRegistry").getMethod("getMeters").invoke(appGlobalRegistry);
    }

    private List<String> names() throws Exception {
        Class<?> meterType = app.loadClass("io.micrometer.core.instrument.Meter");
        List<String> names = new ArrayList<>();
        for (Object meter : meters()) {
            names.add(meterType.getMethod("getId").invoke(meter).toString());
        }
        return names;
    }

    /** Loads Micrometer from its own jars first, so that its classes are not the test's. */
    private static final class ChildFirstLoader extends URLClassLoader {
        ChildFirstLoader(URL[] urls, ClassLoader parent) {
            super(urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("io.micrometer.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    try {
                        loaded = findClass(name);
                    } catch (ClassNotFoundException notHere) {
                        loaded = super.loadClass(name, false);
                    }
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }
    }
}
