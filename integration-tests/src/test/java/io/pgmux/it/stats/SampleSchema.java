package io.pgmux.it.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmux.it.agent.BackgroundJvm;
import io.pgmux.testing.TestDatabase;
import java.util.List;

/** The sample app's pgbench-like tables, created once per test JVM. */
final class SampleSchema {
    private static boolean created;

    private SampleSchema() {
    }

    static synchronized void ensure(TestDatabase db) throws Exception {
        if (created) {
            return;
        }
        try (BackgroundJvm init = BackgroundJvm.sampleApp(null, List.of(), "drivermanager", "--url", db.jdbcUrl(),
                "--user", db.user(), "--password", db.password(), "--init", "--requests", "0")) {
            assertThat(init.awaitExit(120)).as("%s", init).isZero();
        }
        created = true;
    }
}
