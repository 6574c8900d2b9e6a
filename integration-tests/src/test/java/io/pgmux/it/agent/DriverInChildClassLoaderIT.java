package io.pgmux.it.agent;

import static io.pgmux.it.agent.SampleApps.POOL_SETTINGS;
import static io.pgmux.it.agent.SampleApps.POOL_SIZE;
import static io.pgmux.it.agent.SampleApps.RESERVE;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A driver that the app class loader cannot see (fat jar, servlet container) is multiplexed all the same. */
@ExtendWith(TestDatabaseExtension.class)
class DriverInChildClassLoaderIT {
    private static final int CONNECTIONS = 12;

    @Test
    void connectionsOfADriverInASeparateClassLoaderAreLogical(TestDatabase db) throws Exception {
        String pgjdbcJar = Paths.get(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI()).toString();

        SampleApps.Observed run = SampleApps.observe(db, ChildJvm.withAgent(POOL_SETTINGS)
                .mainClass(IsolatedDriverMain.class, pgjdbcJar, db.jdbcUrl(), db.user(), db.password(),
                        String.valueOf(CONNECTIONS), "1500"));

        assertThat(run.result.exitCode).as("%s", run).isZero();
        assertThat(run.result.stdout).contains("driver loader: java.net.URLClassLoader");
        assertThat(run.result.stdout).doesNotContain("connection class: org.postgresql");
        assertThat(run.peakBackends).as("%s", run).isBetween(1, POOL_SIZE + RESERVE);
    }

    @Test
    void withoutTheAgentEachOfThoseConnectionsIsABackend(TestDatabase db) throws Exception {
        String pgjdbcJar = Paths.get(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI()).toString();

        SampleApps.Observed run = SampleApps.observe(db, ChildJvm.withoutAgent()
                .mainClass(IsolatedDriverMain.class, pgjdbcJar, db.jdbcUrl(), db.user(), db.password(),
                        String.valueOf(CONNECTIONS), "1500"));

        assertThat(run.result.exitCode).as("%s", run).isZero();
        assertThat(run.result.stdout).contains("connection class: org.postgresql");
        assertThat(run.peakBackends).as("%s", run).isEqualTo(CONNECTIONS);
    }
}
