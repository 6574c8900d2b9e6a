package io.pgmux.it.agent;

import static io.pgmux.it.agent.SampleApps.POOL_SETTINGS;
import static io.pgmux.it.agent.SampleApps.POOL_SIZE;
import static io.pgmux.it.agent.SampleApps.RESERVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The same agent jar on the newest JDK it supports. */
@ExtendWith(TestDatabaseExtension.class)
class AgentOnJdk25IT {

    @BeforeAll
    static void requireJdk25(TestDatabase db) throws Exception {
        assumeTrue(Files.isExecutable(ChildJvm.JDK_25), "JDK 25 is not installed at " + ChildJvm.JDK_25
                + ": the JDK 25 tests are skipped");
        SampleApps.initSchema(db);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"drivermanager", "hikari", "hold"})
    void appsRunWithoutErrorsOnAtMostPoolSizePlusReserveBackends(String style, TestDatabase db) throws Exception {
        SampleApps.Observed run = SampleApps.observe(db, ChildJvm.withAgent(POOL_SETTINGS)
                .java(ChildJvm.JDK_25)
                .sampleApp(SampleApps.load(db, style)));

        assertThat(run.result.exitCode).as("%s", run).isZero();
        assertThat(run.result.field("errors")).as("%s", run).isZero();
        assertThat(run.result.stderr).as("%s", run).doesNotContain("sun.misc.Unsafe", "could not instrument");
        assertThat(run.peakBackends).as("%s", run).isBetween(1, POOL_SIZE + RESERVE);
    }
}
