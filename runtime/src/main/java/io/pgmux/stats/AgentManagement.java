package io.pgmux.stats;

import io.pgmux.config.PgmuxConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/** The {@link AgentMBean}: settings, pools and connect counts of the agent. */
public final class AgentManagement implements AgentMBean {
    private final String version;
    private final PgmuxConfig config;
    private final Supplier<? extends Collection<? extends ManagedPool>> pools;
    private final LongAdder intercepted;
    private final LongAdder passedThrough;
    private final LongAdder repeats;

    /**
     * @param pools         the open pools, read on every call
     * @param intercepted   app connects turned into logical connections
     * @param passedThrough app connects left untouched
     */
    public AgentManagement(String version, PgmuxConfig config, Supplier<? extends Collection<? extends ManagedPool>> pools,
                           LongAdder intercepted, LongAdder passedThrough) {
        this(version, config, pools, intercepted, passedThrough, new LongAdder());
    }

    /** @param repeats app connects served as repeats without running DriverManager or the data source */
    public AgentManagement(String version, PgmuxConfig config, Supplier<? extends Collection<? extends ManagedPool>> pools,
                           LongAdder intercepted, LongAdder passedThrough, LongAdder repeats) {
        this.repeats = Objects.requireNonNull(repeats, "repeats");
        this.version = Objects.requireNonNull(version, "version");
        this.config = Objects.requireNonNull(config, "config");
        this.pools = Objects.requireNonNull(pools, "pools");
        this.intercepted = Objects.requireNonNull(intercepted, "intercepted");
        this.passedThrough = Objects.requireNonNull(passedThrough, "passedThrough");
    }

    @Override public String getVersion() { return version; }
    @Override public boolean isEnabled() { return config.enabled(); }

    @Override
    public String getTarget() {
        return config.targetHosts().map(Secrets::mask).orElse("(each app URL's own host:port)");
    }

    @Override
    public String[] getConfiguration() {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, String> e : Secrets.mask(config.describe()).entrySet()) {
            lines.add(e.getKey() + "=" + e.getValue());
        }
        return lines.toArray(new String[0]);
    }

    @Override
    public String[] getPools() {
        List<String> names = new ArrayList<>();
        for (ManagedPool pool : pools.get()) {
            names.add(Secrets.mask(pool.name()));
        }
        return names.toArray(new String[0]);
    }

    @Override public long getInterceptedConnects() { return intercepted.sum(); }
    @Override public long getPassedThroughConnects() { return passedThrough.sum(); }
    @Override public long getRepeatConnects() { return repeats.sum(); }

    @Override
    public void pauseAll() {
        for (ManagedPool pool : pools.get()) {
            pool.pause();
        }
    }

    @Override
    public void resumeAll() {
        for (ManagedPool pool : pools.get()) {
            pool.resume();
        }
    }
}
