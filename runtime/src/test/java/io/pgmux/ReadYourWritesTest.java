package io.pgmux;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmux.testing.Standby;
import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A read-only transaction that starts after a write has committed in this JVM sees that write, whichever logical
 * connection made it, even on a standby that applies commits half a second late (SPEC section 10).
 */
@ExtendWith(TestDatabaseExtension.class)
class ReadYourWritesTest {
    private static final int THREADS = 128;
    private static final int CYCLES_PER_THREAD = 80;

    @Test
    void noneOfTenThousandReadsAfterACommitMissesItOnAStandbyThatAppliesHalfASecondLate(TestDatabase db) throws Exception {
        db.execAsSuperuser("DROP TABLE IF EXISTS ryw_counters; CREATE TABLE ryw_counters (id int PRIMARY KEY, v bigint NOT NULL);"
                + " INSERT INTO ryw_counters SELECT g, 0 FROM generate_series(0, " + (THREADS - 1) + ") g;"
                + " GRANT ALL ON ryw_counters TO " + db.user());
        Standby standby = db.standby();
        standby.awaitReplayed();
        standby.setApplyDelay(Duration.ofMillis(500));
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try (PgmuxDataSource ds = StandbyRoutingTest.withStandby(db, standby, "standby.maxLagMs", "2000")) {
            StandbyRoutingTest.awaitStandbyTakesReads(ds);
            AtomicInteger stale = new AtomicInteger();
            AtomicInteger cycles = new AtomicInteger();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int id = t;
                done.add(threads.submit(() -> {
                    // two logical connections: the reader is not the one that wrote
                    try (Connection writer = ds.getConnection(); Connection reader = ds.getConnection();
                         PreparedStatement update = writer.prepareStatement("UPDATE ryw_counters SET v = ? WHERE id = ?");
                         PreparedStatement select = reader.prepareStatement("SELECT v FROM ryw_counters WHERE id = ?")) {
                        boolean explicit = id % 2 == 0;
                        writer.setAutoCommit(!explicit);
                        reader.setReadOnly(true);
                        reader.setAutoCommit(id % 4 < 2);
                        for (int i = 1; i <= CYCLES_PER_THREAD; i++) {
                            update.setLong(1, i);
                            update.setInt(2, id);
                            update.executeUpdate();
                            if (explicit) {
                                writer.commit();
                            }
                            select.setInt(1, id);
                            try (ResultSet rs = select.executeQuery()) {
                                rs.next();
                                if (rs.getLong(1) != i) {
                                    stale.incrementAndGet();
                                }
                            }
                            if (!reader.getAutoCommit()) {
                                reader.commit();
                            }
                            cycles.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            assertThat(cycles.get()).isEqualTo(THREADS * CYCLES_PER_THREAD).isGreaterThanOrEqualTo(10_000);
            assertThat(stale.get()).as("reads that missed a write committed before they started").isZero();
            var counters = StandbyRoutingTest.primaryPool(ds).counters();
            assertThat(counters.readYourWritesWaits()).as("reads that waited for the standby").isPositive();
            assertThat(counters.readsRoutedToStandby()).as("reads the standby served").isPositive();
        } finally {
            threads.shutdownNow();
            standby.setApplyDelay(Duration.ZERO);
        }
    }
}
