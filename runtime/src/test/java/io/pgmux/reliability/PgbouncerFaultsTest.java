package io.pgmux.reliability;

import static io.pgmux.reliability.PostgresFaultsTest.assertSurvived;
import static io.pgmux.reliability.PostgresFaultsTest.stall;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgmux.PgmuxDataSource;
import io.pgmux.testing.PoolMode;
import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Through PgBouncer, in either pooling mode: a restart and a 10 s stall under load. */
@ExtendWith(TestDatabaseExtension.class)
class PgbouncerFaultsTest {

    @ParameterizedTest
    @EnumSource(PoolMode.class)
    void restartFailsOnlyTransactionsInFlightWithAConnectionError(PoolMode mode, TestDatabase db) throws Exception {
        try (PgmuxDataSource ds = DataSources.throughPgbouncer(db, mode, "pool.acquireTimeoutMs", "10000")) {
            FaultRun run = FaultRun.of(db, ds, () -> db.pgbouncer().restart());

            assertSurvived(run);
            assertThat(run.load.errors).allSatisfy(e -> assertThat(FaultRun.isConnectionFailure(e.sqlState)).as("%s", e).isTrue());
        }
    }

    @ParameterizedTest
    @EnumSource(PoolMode.class)
    void stallMakesWaitersTimeOutWith08001ThenAllRecovers(PoolMode mode, TestDatabase db) throws Exception {
        try (PgmuxDataSource ds = DataSources.throughPgbouncer(db, mode, "pool.acquireTimeoutMs", "2000")) {
            FaultRun run = FaultRun.of(db, ds, () -> stall(db.pgbouncer()::pause, db.pgbouncer()::resume));

            assertSurvived(run);
            // statements in flight wait the stall out; only borrows give up, with SPEC section 3's error
            assertThat(run.load.errors).isNotEmpty().allSatisfy(e -> assertThat((Throwable) e.exception).as("%s", e)
                    .isInstanceOf(SQLTransientConnectionException.class)
                    .satisfies(x -> assertThat(e.sqlState).isEqualTo("08001")));
        }
    }
}
