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

/** Settings of the agent as a user gives them: which URLs it takes, and what a mistake does. */
@ExtendWith(TestDatabaseExtension.class)
class AgentConfigurationIT {

    @BeforeAll
    static void createSchema(TestDatabase db) throws Exception {
        SampleApps.initSchema(db);
    }

    @Test
    void anExcludedUrlPassesThroughUntouched(TestDatabase db) throws Exception {
        SampleApps.Observed run = SampleApps.observe(db, ChildJvm.withAgent(POOL_SETTINGS)
                .systemProperty("pgmux.exclude", db.jdbcUrl() + "*")
                .sampleApp(SampleApps.load(db, "hold")));

        assertThat(run.result.exitCode).as("%s", run).isZero();
        assertThat(run.peakBackends).as("%s", run).isGreaterThanOrEqualTo(THREADS);
    }

    @Test
    void aUrlOutsideIncludePassesThroughUntouched(TestDatabase db) throws Exception {
        SampleApps.Observed run = SampleApps.observe(db,
                ChildJvm.withAgent(POOL_SETTINGS + ",include=jdbc:postgresql://db.example.com*")
                        .sampleApp(SampleApps.load(db, "hold")));

        assertThat(run.result.exitCode).as("%s", run).isZero();
        assertThat(run.peakBackends).as("%s", run).isGreaterThanOrEqualTo(THREADS);
    }

    @Test
    void settingsFromSystemPropertiesApply(TestDatabase db) throws Exception {
        SampleApps.Observed run = SampleApps.observe(db, ChildJvm.withAgent(null)
                .systemProperty("pgmux.pool.size", String.valueOf(POOL_SIZE))
                .systemProperty("pgmux.pool.reserve", String.valueOf(RESERVE))
                .systemProperty("pgmux.pool.minIdle", "1")
                .sampleApp(SampleApps.load(db, "hold")));

        assertThat(run.result.exitCode).as("%s", run).isZero();
        assertThat(run.result.stderr).contains("pool.size=" + POOL_SIZE, "pool.reserve=" + RESERVE);
        assertThat(run.peakBackends).as("%s", run).isBetween(1, POOL_SIZE + RESERVE);
    }

    @Test
    void aBadSettingIsReportedAndLeavesTheAppWorkingWithoutMultiplexing(TestDatabase db) throws Exception {
        SampleApps.Observed run = SampleApps.observe(db,
                ChildJvm.withAgent("pool.size=banana").sampleApp(SampleApps.load(db, "hold")));

        assertThat(run.result.exitCode).as("%s", run).isZero();
        assertThat(run.result.field("errors")).isZero();
        assertThat(run.result.stderr)
                .contains("[pgmux] ERROR", "pgmux.pool.size=banana", "a whole number", "untouched");
        assertThat(run.peakBackends).as("%s", run).isGreaterThanOrEqualTo(THREADS);
    }

    @Test
    void anUnknownKeyIsReportedWithTheKnownOnes(TestDatabase db) throws Exception {
        ChildJvm.Result result = ChildJvm.withAgent("pool.sise=4")
                .sampleApp(SampleApps.appArguments(db, "drivermanager", "--requests", "5"))
                .run();

        assertThat(result.exitCode).as("%s", result).isZero();
        assertThat(result.stderr).contains("unknown key pgmux.pool.sise=4", "pgmux.pool.size");
    }

    @Test
    void aBadSettingInStrictModeStopsTheJvmWithTheSameMessage(TestDatabase db) throws Exception {
        ChildJvm.Result result = ChildJvm.withAgent("pool.size=banana,strict=true")
                .sampleApp(SampleApps.load(db, "drivermanager"))
                .run();

        assertThat(result.exitCode).as("%s", result).isNotZero();
        assertThat(result.stderr).contains("pgmux.pool.size=banana", "pgmux.strict=true");
        assertThat(result.stdout).doesNotContain("\"requests\"");
    }

    @Test
    void disabledInstallsNothing(TestDatabase db) throws Exception {
        SampleApps.Observed run = SampleApps.observe(db, ChildJvm.withAgent("enabled=false,pool.size=4")
                .sampleApp(SampleApps.load(db, "hold")));

        assertThat(run.result.exitCode).as("%s", run).isZero();
        assertThat(run.result.stderr).contains("pgmux.enabled=false");
        assertThat(run.peakBackends).as("%s", run).isGreaterThanOrEqualTo(THREADS);
    }
}
