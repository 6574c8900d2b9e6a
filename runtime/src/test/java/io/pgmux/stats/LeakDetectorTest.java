package io.pgmux.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pgmux.config.PgmuxConfig;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class LeakDetectorTest {
    private static final String POOL = "app@db.example:5432/orders";
    private final FakePool pool = new FakePool(POOL);
    private final PoolStatistics stats = new PoolStatistics(pool);
    private final Recorder lines = new Recorder();
    private final LeakDetector detector = new LeakDetector(1_000, lines);

    /** What the detector would log. */
    static final class Recorder implements LeakDetector.Sink {
        final List<String> warnings = new CopyOnWriteArrayList<>();
        final List<Throwable> stacks = new CopyOnWriteArrayList<>();
        final List<String> releases = new CopyOnWriteArrayList<>();

        @Override
        public void leaked(String message, Throwable openedAt) {
            warnings.add(message);
            stacks.add(openedAt);
        }

        @Override
        public void released(String message) {
            releases.add(message);
        }
    }

    private void holding(long id, long heldMillis) {
        pool.holders.removeIf(h -> h.id() == id);
        pool.holders.add(new HolderInfo(id, heldMillis, "in transaction", "worker-1", FakePool.openedAt()));
    }

    @Test
    void aHolderUnderTheThresholdIsNotReported() {
        holding(7, 999);

        detector.check(stats);

        assertThat(lines.warnings).isEmpty();
    }

    @Test
    void aHolderOverTheThresholdIsReportedOnceWithWhereItWasOpened() {
        holding(7, 1_200);
        detector.check(stats);
        holding(7, 2_400);
        detector.check(stats);
        holding(7, 9_000);
        detector.check(stats);

        assertThat(lines.warnings).hasSize(1);
        assertThat(lines.warnings.get(0)).contains("pgmux pool " + POOL, "#7", "1200 ms", "in transaction", "worker-1",
                "pgmux.leakThresholdMs=1000");
        assertThat(lines.stacks.get(0).getStackTrace()).extracting(StackTraceElement::getClassName)
                .contains("com.acme.orders.OrderRepository");
        assertThat(lines.releases).isEmpty();
    }

    @Test
    void aReportedHolderThatReleasesIsReportedBack() {
        holding(7, 1_500);
        detector.check(stats);
        pool.holders.clear();
        detector.check(stats);
        detector.check(stats);

        assertThat(lines.releases).hasSize(1);
        assertThat(lines.releases.get(0)).contains("#7", "released", "1500 ms");
    }

    @Test
    void aReportedHolderThatReleasedAndBorrowedAgainBetweenChecksIsReportedBack() {
        holding(7, 1_500);
        detector.check(stats);
        holding(7, 20);
        detector.check(stats);

        assertThat(lines.releases).hasSize(1);
        assertThat(lines.warnings).hasSize(1);
    }

    @Test
    void aHolderWithoutACapturedStackIsReportedWithoutOne() {
        pool.holders.add(new HolderInfo(3, 5_000, "pinned", "worker-2", null));

        detector.check(stats);

        assertThat(lines.warnings.get(0)).contains("Where it was opened is not known");
        assertThat(lines.stacks.get(0)).isNull();
    }

    @Test
    void statisticsLookForLeaksOnTheirOwn() throws Exception {
        Recorder recorder = new Recorder();
        PgmuxConfig config = PgmuxConfig.defaults().with("jmx", "false").with("leakThresholdMs", "20");
        try (Statistics statistics = new Statistics(config, ManagementFactory.getPlatformMBeanServer(), recorder)) {
            statistics.poolOpened(pool, null);
            holding(5, 60_000);

            await().until(() -> recorder.warnings.size() == 1);
            pool.holders.clear();
            await().until(() -> recorder.releases.size() == 1);

            assertThat(recorder.warnings).hasSize(1);
        }
    }
}
