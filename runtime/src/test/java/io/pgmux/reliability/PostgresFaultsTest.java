package io.pgmux.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmux.PgmuxDataSource;
import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Straight to PostgreSQL: a fast restart and a 10 s stall under load, survived with nothing lost or shared. */
@ExtendWith(TestDatabaseExtension.class)
class PostgresFaultsTest {

    @Test
    void fastRestartFailsOnlyTransactionsInFlightWithAConnectionError(TestDatabase db) throws Exception {
        try (PgmuxDataSource ds = DataSources.direct(db, "pool.acquireTimeoutMs", "10000")) {
            FaultRun run = FaultRun.of(db, ds, () -> db.postgres().restart());

            assertSurvived(run);
            assertThat(run.load.errors).allSatisfy(e -> assertThat(FaultRun.isConnectionFailure(e.sqlState)).as("%s", e).isTrue());
        }
    }

    @Test
    void stallMakesWaitersTimeOutWith08001ThenAllRecovers(TestDatabase db) throws Exception {
        try (PgmuxDataSource ds = DataSources.direct(db, "pool.acquireTimeoutMs", "2000")) {
            FaultRun run = FaultRun.of(db, ds, () -> stall(db.postgres()::pause, db.postgres()::resume));

            assertSurvived(run);
            // statements in flight wait the stall out; only borrows give up, with SPEC section 3's error
            assertThat(run.load.errors).isNotEmpty().allSatisfy(e -> assertThat((Throwable) e.exception).as("%s", e)
                    .isInstanceOf(SQLTransientConnectionException.class)
                    .satisfies(x -> assertThat(e.sqlState).isEqualTo("08001")));
        }
    }

    static void stall(Runnable pause, Runnable resume) {
        pause.run();
        try {
            TimeUnit.SECONDS.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            resume.run();
        }
    }

    static void assertSurvived(FaultRun run) {
        assertThat(run.outcome.lost()).as("commits the app saw that are not in the database").isZero();
        assertThat(run.outcome.appliedDespiteFailure()).as("failed transactions in the database").isZero();
        assertThat(run.outcome.halfApplied).as("half-applied transactions").isZero();
        assertThat(run.load.sharedBackends.get()).as("server backends held by two logical connections at once").isZero();
        assertThat(run.afterRecovery).as("errors after recovery").isEmpty();
        assertThat(run.idleConnectionFailures).as("failures of logical connections idle through the fault").isEmpty();
    }
}
