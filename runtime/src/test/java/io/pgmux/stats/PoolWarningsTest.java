package io.pgmux.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PoolWarningsTest {
    private static final String POOL = "app@db.example:5432/orders";
    private final FakePool pool = new FakePool(POOL);
    private final PoolStatistics stats = new PoolStatistics(pool);
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final PoolWarnings warnings = new PoolWarnings(lines::add, clock::get);

    private void timeouts(int n) {
        for (int i = 0; i < n; i++) {
            pool.counters().acquireTimedOut();
        }
    }

    private void reserveBorrows(int n) {
        for (int i = 0; i < n; i++) {
            pool.counters().reserveTaken();
        }
    }

    @Test
    void aPoolWithoutTimeoutsOrReserveUseIsNotReported() {
        pool.borrowed(10);

        warnings.check(stats);

        assertThat(lines).isEmpty();
    }

    @Test
    void theFirstAcquireTimeoutIsReportedAtTheNextLookWithWhatToChange() {
        timeouts(1);

        warnings.check(stats);

        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("pgmux pool " + POOL, "1 borrow found no server connection", "pgmux.pool.size",
                "pgmux.pool.acquireTimeoutMs");
    }

    @Test
    void furtherTimeoutsWithinTheQuietTimeAreCountedIntoOneLaterLine() {
        timeouts(1);
        warnings.check(stats);
        timeouts(5);
        clock.addAndGet(PoolWarnings.QUIET_MS - 1);
        warnings.check(stats);

        assertThat(lines).hasSize(1);

        clock.addAndGet(1);
        timeouts(2);
        warnings.check(stats);

        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).contains("7 borrows found no server connection", "in the last 60 s");
    }

    @Test
    void reserveUseIsReportedOncePerQuietTimeNotPerBorrow() {
        reserveBorrows(3);
        warnings.check(stats);
        reserveBorrows(40);
        warnings.check(stats);
        warnings.check(stats);

        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("pgmux pool " + POOL, "the reserve served 3 borrows", "3 in use now");

        clock.addAndGet(PoolWarnings.QUIET_MS);
        warnings.check(stats);

        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).contains("the reserve served 40 borrows in the last 60 s");
    }

    @Test
    void aPoolThatStaysCalmAfterAWarningIsNotReportedAgain() {
        reserveBorrows(1);
        warnings.check(stats);
        clock.addAndGet(10 * PoolWarnings.QUIET_MS);
        warnings.check(stats);

        assertThat(lines).hasSize(1);
    }
}
