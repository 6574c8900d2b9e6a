package io.pgmux.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RunLimitTest {

    @Test
    void withoutWarmupEveryRequestIsMeasuredAndTheBudgetBounds() {
        Worker.RunLimit limit = new Worker.RunLimit(0, null, 2L);
        long start = limit.start(System.nanoTime());

        assertThat(limit.measures(start)).isTrue();
        assertThat(limit.claimRequest()).isTrue();
        assertThat(limit.claimRequest()).isTrue();
        assertThat(limit.claimRequest()).isFalse();
    }

    @Test
    void warmupRequestsAreNeitherMeasuredNorTakenFromTheBudget() {
        Worker.RunLimit limit = new Worker.RunLimit(3600, null, 1L);
        long now = System.nanoTime();
        long measuredFrom = limit.start(now);

        assertThat(measuredFrom - now).isEqualTo(TimeUnit.HOURS.toNanos(1));
        assertThat(limit.measures(now)).isFalse();
        assertThat(limit.measures(measuredFrom)).isTrue();
        for (int i = 0; i < 5; i++) {
            assertThat(limit.claimRequest()).isTrue();
        }
    }

    @Test
    void theDeadlineCountsFromTheEndOfTheWarmup() {
        Worker.RunLimit limit = new Worker.RunLimit(0.2, 0.2, null);
        long start = System.nanoTime();
        limit.start(start);
        long claimed = 0;
        while (limit.claimRequest()) {
            claimed++;
            Thread.onSpinWait();
        }
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(400));
        assertThat(claimed).isPositive();
    }
}
