package io.pgmux.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PoolStatisticsTest {
    private final FakePool pool = new FakePool("app@db.example:5432/orders");
    private final PoolStatistics stats = new PoolStatistics(pool);

    @Test
    void beforeTheFirstPeriodEndsAveragesCoverEverythingSinceThePoolOpened() {
        pool.counters().transaction(1_000);
        pool.counters().transaction(2_000);

        assertThat(stats.avgTransactionMicros()).isEqualTo(1_500);
    }

    @Test
    void averagesCoverTheLastCompletePeriodOnly() {
        pool.counters().transaction(10_000);
        pool.counters().query(10_000);
        pool.borrowed(4_000);
        stats.roll();
        pool.counters().transaction(100);
        pool.counters().transaction(300);
        pool.counters().query(50);
        pool.borrowed(10);
        pool.borrowed(30);
        stats.roll();
        pool.counters().transaction(99_999);

        assertThat(stats.avgTransactionMicros()).isEqualTo(200);
        assertThat(stats.avgQueryMicros()).isEqualTo(50);
        assertThat(stats.avgWaitMicros()).isEqualTo(20);
        assertThat(stats.totalTransactions()).isEqualTo(4);
    }

    @Test
    void aPeriodWithoutTransactionsAveragesZero() {
        pool.counters().transaction(500);
        stats.roll();
        stats.roll();

        assertThat(stats.avgTransactionMicros()).isZero();
        assertThat(stats.avgWaitMicros()).isZero();
    }

    @Test
    void maxWaitCoversThisAndTheLastPeriod() {
        pool.borrowed(9_000);
        stats.roll();
        pool.borrowed(3_000);
        assertThat(stats.maxWaitMillis()).isEqualTo(9);

        stats.roll();
        assertThat(stats.maxWaitMillis()).isEqualTo(3);

        stats.roll();
        assertThat(stats.maxWaitMillis()).isZero();
    }

    @Test
    void multiplexingRatioIsClientsOpenPerOpenServerConnection() {
        pool.clients(30).servers(2, 3);

        assertThat(stats.multiplexingRatio()).isEqualTo(6.0);
    }

    @Test
    void multiplexingRatioIsZeroWithNoServerConnectionOpen() {
        pool.clients(4).servers(0, 0);

        assertThat(stats.multiplexingRatio()).isZero();
    }
}
