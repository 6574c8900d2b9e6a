package io.pgmux.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PoolMetersTest {
    private static final String POOL = "app@db.example:5432/orders";
    private final FakePool pool = new FakePool(POOL);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PoolMeters meters = new PoolMeters(new PoolStatistics(pool));

    @Test
    void gaugesFollowThePool() {
        meters.bindTo(registry);
        pool.clients(5).servers(2, 3);
        pool.counters().waitStarted();

        assertThat(registry.get("pgmux.clients").tags("pool", POOL, "state", "open").gauge().value()).isEqualTo(5.0);
        assertThat(registry.get("pgmux.clients").tags("pool", POOL, "state", "waiting").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("pgmux.servers").tags("pool", POOL, "state", "active").gauge().value()).isEqualTo(2.0);
        assertThat(registry.get("pgmux.servers").tags("pool", POOL, "state", "idle").gauge().value()).isEqualTo(3.0);
    }

    @Test
    void timersCountAndSumFromTheCounters() {
        meters.bindTo(registry);
        pool.counters().transaction(1_500);
        pool.counters().transaction(2_500);
        pool.borrowed(700);

        FunctionTimer transactions = registry.get("pgmux.transactions").tags("pool", POOL).functionTimer();
        FunctionTimer wait = registry.get("pgmux.wait").tags("pool", POOL).functionTimer();
        assertThat(transactions.count()).isEqualTo(2.0);
        assertThat(transactions.totalTime(TimeUnit.MICROSECONDS)).isEqualTo(4_000.0);
        assertThat(wait.count()).isEqualTo(1.0);
        assertThat(wait.totalTime(TimeUnit.MICROSECONDS)).isEqualTo(700.0);
    }

    @Test
    void countersCountPinsAndAcquireTimeouts() {
        meters.bindTo(registry);
        pool.counters().pinned();
        pool.counters().pinned();
        pool.counters().acquireTimedOut();

        assertThat(registry.get("pgmux.pins").tags("pool", POOL).functionCounter().count()).isEqualTo(2.0);
        assertThat(registry.get("pgmux.acquire.timeouts").tags("pool", POOL).functionCounter().count()).isEqualTo(1.0);
    }

    @Test
    void closingRemovesEveryMeter() {
        meters.bindTo(registry);
        assertThat(registry.getMeters()).hasSize(MeterDefinition.ALL.size());

        meters.close();

        assertThat(registry.getMeters()).isEmpty();
    }
}
