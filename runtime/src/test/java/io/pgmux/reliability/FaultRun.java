package io.pgmux.reliability;

import static org.awaitility.Awaitility.await;

import io.pgmux.PgmuxDataSource;
import io.pgmux.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * One fault under load: 200 logical connections (50 of them idle throughout), 50 threads; the fault strikes once
 * every thread has committed, and the run goes on until every thread has committed twice more after it ended.
 */
final class FaultRun {
    static final int LOGICAL = 200;
    static final int IDLE = 50;
    static final int THREADS = 50;

    final FaultLoad load;
    final FaultLoad.Outcome outcome;
    /** Errors of operations that began once every thread had committed again after the fault. */
    final List<FaultLoad.AppError> afterRecovery;
    /** Failures of the connections that stayed idle through the fault, used once after it. */
    final List<SQLException> idleConnectionFailures;

    private FaultRun(FaultLoad load, FaultLoad.Outcome outcome, List<FaultLoad.AppError> afterRecovery,
                     List<SQLException> idleConnectionFailures) {
        this.load = load;
        this.outcome = outcome;
        this.afterRecovery = afterRecovery;
        this.idleConnectionFailures = idleConnectionFailures;
    }

    static FaultRun of(TestDatabase db, PgmuxDataSource ds, Runnable fault) throws Exception {
        FaultLoad load = new FaultLoad(ds, LOGICAL, IDLE, THREADS);
        try {
            long begin = System.nanoTime();
            load.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> load.everyThreadCommittedSince(begin));
            fault.run();
            long faultEnded = System.nanoTime();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.everyThreadCommittedSince(faultEnded));
            long recovered = System.nanoTime();
            await().atMost(Duration.ofSeconds(30)).until(() -> load.everyThreadCommittedSince(recovered));
            load.stop();
            List<SQLException> idleFailures = load.useIdleConnections();
            FaultLoad.Outcome outcome;
            try (Connection check = db.connect()) {
                outcome = load.outcome(check);
            }
            FaultRun run = new FaultRun(load, outcome, load.errorsSince(recovered), idleFailures);
            System.out.println("[fault run] " + outcome + ", statements " + load.statements.get());
            load.errors.stream().collect(java.util.stream.Collectors.toMap(e -> String.valueOf(e.sqlState), e -> e, (a, b) -> a))
                    .values().forEach(e -> System.out.println("[fault run]   e.g. " + e));
            return run;
        } finally {
            load.close();
        }
    }

    /** SQLStates that say the connection was lost or could not be had: what an app retries on. */
    static boolean isConnectionFailure(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("57P0"));
    }
}
