package io.pgmux.standby;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WalHistoryTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void positionsReadAsPostgresWritesThem() {
        assertThat(Lsn.parse("0/16B3748")).isEqualTo(0x16B3748L);
        assertThat(Lsn.parse("16/B374D848")).isEqualTo((0x16L << 32) | 0xB374D848L);
        assertThat(Lsn.format(Lsn.parse("16/B374D848"))).isEqualTo("16/B374D848");
        assertThat(Lsn.parse(null)).isEqualTo(Lsn.NONE);
    }

    @Test
    void noSampleMeansTheLagIsUnknown() {
        assertThat(new WalHistory().lagMillis(100, 0)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aStandbyAtTheNewestPositionHasNoLagHoweverOldThatPositionIs() {
        WalHistory history = new WalHistory();
        history.record(0, 1000);
        // an idle primary: a commit timestamp would say 60 s behind
        assertThat(history.lagMillis(1000, 60 * SECOND)).isZero();
    }

    @Test
    void aStandbyBetweenTwoSamplesIsAsFarBehindAsThePrimaryWasWhenItPassedThatPosition() {
        WalHistory history = new WalHistory();
        history.record(0, 1000);
        history.record(SECOND, 2000);
        history.record(2 * SECOND, 3000);
        // the primary passed 2500 half-way between 1 s and 2 s
        assertThat(history.lagMillis(2500, 2 * SECOND)).isEqualTo(500);
        assertThat(history.lagMillis(1000, 2 * SECOND)).isEqualTo(2000);
    }

    @Test
    void aStandbyBehindEverySampleIsAtLeastAsFarBehindAsTheOldest() {
        WalHistory history = new WalHistory();
        for (int i = 0; i < 300; i++) {
            history.record(i * SECOND, 1000L + i);
        }
        // 256 samples kept: the oldest is from 44 s
        assertThat(history.lagMillis(10, 300 * SECOND)).isEqualTo(256_000);
    }

    @Test
    void aPositionGoingBackStartsANewHistory() {
        WalHistory history = new WalHistory();
        history.record(0, 5000);
        history.record(SECOND, 100);
        assertThat(history.lagMillis(100, 2 * SECOND)).isZero();
        assertThat(history.lagMillis(50, 2 * SECOND)).isEqualTo(1000);
    }
}
