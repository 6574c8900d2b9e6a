package io.pgmux.sample;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    @Test
    void keepsLatenciesBelow128MicrosecondsExact() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int micros = 1; micros <= 100; micros++) {
            histogram.recordNanos(micros * 1_000L);
        }

        assertThat(histogram.count()).isEqualTo(100);
        assertThat(histogram.percentileMicros(0.50)).isEqualTo(50);
        assertThat(histogram.percentileMicros(0.99)).isEqualTo(99);
        assertThat(histogram.maxMicros()).isEqualTo(100);
    }

    @Test
    void reportsLargerLatenciesWithinTwoPercent() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 0; i < 99; i++) {
            histogram.recordNanos(2_000_000L); // 2 ms
        }
        histogram.recordNanos(750_000_000L); // 750 ms

        assertThat(histogram.percentileMicros(0.50)).isBetween(1_960L, 2_000L);
        assertThat(histogram.percentileMicros(0.995)).isBetween(735_000L, 750_000L);
    }

    @Test
    void bucketStartsRoundTripThroughTheirIndex() {
        for (int index = 0; index < 3000; index++) {
            assertThat(LatencyHistogram.index(LatencyHistogram.lowestValue(index))).isEqualTo(index);
        }
    }

    @Test
    void mergingAddsCountsAndKeepsTheLargerMaximum() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        a.recordNanos(5_000L);
        b.recordNanos(9_000L);
        b.recordNanos(9_000L);

        a.add(b);

        assertThat(a.count()).isEqualTo(3);
        assertThat(a.maxMicros()).isEqualTo(9);
        assertThat(a.percentileMicros(0.5)).isEqualTo(9);
    }
}
