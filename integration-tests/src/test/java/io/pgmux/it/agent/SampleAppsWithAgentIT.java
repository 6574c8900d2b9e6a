package io.pgmux.it.agent;

import static io.pgmux.it.agent.SampleApps.POOL_SETTINGS;
import static io.pgmux.it.agent.SampleApps.POOL_SIZE;
import static io.pgmux.it.agent.SampleApps.RESERVE;
import static io.pgmux.it.agent.SampleApps.THREADS;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Unmodified apps, each way real apps get connections, run with {@code -javaagent}: PostgreSQL sees at most
 * pool.size + reserve backends instead of about one per thread.
 */
@ExtendWith(TestDatabaseExtension.class)
class SampleAppsWithAgentIT {

    @BeforeAll
    static void createSchema(TestDatabase db) throws Exception {
        SampleApps.initSchema(db);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"drivermanager", "datasource", "hikari", "hold", "dbcp2", "c3p0"})
    void everyStyleRunsWithoutErrorsOnAtMostPoolSizePlusReserveBackends(String style, TestDatabase db)
            throws Exception {
        SampleApps.Observed run = SampleApps.observe(db,
                ChildJvm.withAgent(POOL_SETTINGS).sampleApp(SampleApps.load(db, style)));

        assertThat(run.result.exitCode).as("%s", run).isZero();
        assertThat(run.result.field("errors")).as("%s", run).isZero();
        assertThat(run.result.field("requests")).as("%s", run).isPositive();
        assertThat(run.peakBackends).as("%s", run).isBetween(1, POOL_SIZE + RESERVE);
    }

    @Test
    void withoutTheAgentHoldingThreadsTakeABackendEach(TestDatabase db) throws Exception {
        SampleApps.Observed run = SampleApps.observe(db, ChildJvm.withoutAgent().sampleApp(SampleApps.load(db, "hold")));

        assertThat(run.result.exitCode).as("%s", run).isZero();
        assertThat(run.peakBackends).as("%s", run).isGreaterThanOrEqualTo(THREADS);
    }

    @Test
    void withoutTheAgentAnAppPoolOfFiftyOpensManyMoreBackends(TestDatabase db) throws Exception {
        // HikariCP fills its 50 connections one by one in the background, at the pace of the machine: a longer run
        // than the others', so that a busy machine still gets well past what the agent's pool needs
        SampleApps.Observed run = SampleApps.observe(db,
                ChildJvm.withoutAgent().sampleApp(SampleApps.load(db, "hikari", 8)));

        assertThat(run.result.exitCode).as("%s", run).isZero();
        assertThat(run.peakBackends).as("%s", run).isGreaterThanOrEqualTo(2 * (POOL_SIZE + RESERVE));
    }

    @Test
    void withoutTheAgentAConnectionPerRequestOpensMoreBackendsThanThePool(TestDatabase db) throws Exception {
        SampleApps.Observed run = SampleApps.observe(db,
                ChildJvm.withoutAgent().sampleApp(SampleApps.load(db, "drivermanager")));

        assertThat(run.result.exitCode).as("%s", run).isZero();
        assertThat(run.peakBackends).as("%s", run).isGreaterThan(POOL_SIZE + RESERVE);
    }
}
