package io.pgmux.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyBinsTest {

    @Test
    void binsAreTenPerDecadeFromTenMicroseconds() {
        assertThat(LatencyBins.bin(10)).isZero();
        assertThat(LatencyBins.bin(1_000)).isEqualTo(20);
        assertThat(LatencyBins.bin(999)).isEqualTo(19);
        assertThat(LatencyBins.lowerMs(20)).isCloseTo(1.0, within(1e-9));
        assertThat(LatencyBins.lowerMs(21)).isCloseTo(Math.pow(10, 0.1), within(1e-9));
    }

    @Test
    void latenciesBeyondTheRangeCountInTheFirstAndLastBin() {
        assertThat(LatencyBins.bin(0)).isZero();
        assertThat(LatencyBins.bin(3)).isZero();
        assertThat(LatencyBins.bin(900_000_000L)).isEqualTo(LatencyBins.BINS - 1);
    }

    @Test
    void repeatsAddUpBinByBin() {
        LatencyBins first = LatencyBins.fromBuckets(new long[][] {{450, 2}, {3_000_000, 1}});
        LatencyBins second = LatencyBins.fromBuckets(new long[][] {{460, 5}});

        LatencyBins sum = first.plus(second);

        assertThat(sum.total()).isEqualTo(8);
        assertThat(sum.count(LatencyBins.bin(450))).isEqualTo(7);
        assertThat(first.total()).isEqualTo(3);
    }
}
