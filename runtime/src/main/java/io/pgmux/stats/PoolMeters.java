package io.pgmux.stats;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The meters of {@link MeterDefinition#ALL} for one pool, on pgmux's own Micrometer registries. */
final class PoolMeters implements MeterBinder, AutoCloseable {
    private final PoolStatistics stats;
    private final List<Bound> bound = new ArrayList<>();

    PoolMeters(PoolStatistics stats) {
        this.stats = stats;
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        for (MeterDefinition d : MeterDefinition.ALL) {
            bound.add(new Bound(registry, register(d, registry)));
        }
    }

    private Meter register(MeterDefinition d, MeterRegistry registry) {
        String[] tags = d.tagsFor(stats);
        switch (d.kind) {
            case GAUGE:
                return Gauge.builder(d.name, stats, d.value).tags(tags).description(d.description)
                        .strongReference(true).register(registry);
            case COUNTER:
                return FunctionCounter.builder(d.name, stats, d.value).tags(tags).description(d.description).register(registry);
            case TIMER:
                return FunctionTimer.builder(d.name, stats, d.count, d.totalMicros, TimeUnit.MICROSECONDS)
                        .tags(tags).description(d.description).register(registry);
            default:
                throw new IllegalStateException("unknown meter kind " + d.kind);
        }
    }

    /** Removes this pool's meters from every registry it was bound to. */
    @Override
    public synchronized void close() {
        for (Bound b : bound) {
            b.registry.remove(b.meter);
        }
        bound.clear();
    }

    private static final class Bound {
        final MeterRegistry registry;
        final Meter meter;

        Bound(MeterRegistry registry, Meter meter) {
            this.registry = registry;
            this.meter = meter;
        }
    }
}
