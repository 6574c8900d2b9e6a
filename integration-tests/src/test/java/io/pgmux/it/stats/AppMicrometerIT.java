package io.pgmux.it.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmux.it.agent.BackgroundJvm;
import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An app that has Micrometer finds pgmux's meters on its own global registry, without a line of pgmux code. */
@ExtendWith(TestDatabaseExtension.class)
class AppMicrometerIT {
    private static final int CONNECTIONS = 6;

    /** The app's class path: its own classes, Micrometer with what Micrometer needs, the driver. Not pgmux. */
    private static List<String> appClassPath() throws ClassNotFoundException {
        List<String> classPath = new ArrayList<>();
        classPath.add(BackgroundJvm.classPathOf(MicrometerApp.class));
        for (String type : new String[] {"io.micrometer.core.instrument.Metrics", "io.micrometer.common.KeyValue",
                "io.micrometer.observation.Observation", "org.HdrHistogram.Histogram", "org.LatencyUtils.PauseDetector",
                "org.postgresql.Driver"}) {
            classPath.add(BackgroundJvm.classPathOf(Class.forName(type)));
        }
        return classPath;
    }

    private static Map<String, String> values(String stdout) {
        Map<String, String> values = new HashMap<>();
        for (String line : stdout.split("\\R")) {
            int space = line.lastIndexOf(' ');
            if (space > 0) {
                values.put(line.substring(0, space), line.substring(space + 1));
            }
        }
        return values;
    }

    @Test
    void theAppsGlobalRegistryHasThePoolMeters(TestDatabase db) throws Exception {
        try (BackgroundJvm app = BackgroundJvm.main("pool.size=2,pool.reserve=0", appClassPath(), MicrometerApp.class,
                db.jdbcUrl(), db.user(), db.password(), String.valueOf(CONNECTIONS))) {
            assertThat(app.awaitExit(60)).as("%s", app).isZero();
            Map<String, String> values = values(app.stdout());
            System.out.println("[micrometer] " + values);

            assertThat(Double.parseDouble(values.get("pgmux.clients.open"))).isEqualTo(CONNECTIONS);
            assertThat(Double.parseDouble(values.get("pgmux.clients.active"))).isZero();
            assertThat(Double.parseDouble(values.get("pgmux.clients.waiting"))).isZero();
            assertThat(Double.parseDouble(values.get("pgmux.servers.total"))).isBetween(1.0, 2.0);
            assertThat(Double.parseDouble(values.get("pgmux.servers.active"))).isZero();
            assertThat(Double.parseDouble(values.get("pgmux.transactions.count"))).isEqualTo(CONNECTIONS);
            assertThat(Double.parseDouble(values.get("pgmux.queries.count"))).isEqualTo(CONNECTIONS);
            assertThat(Double.parseDouble(values.get("pgmux.pins"))).isZero();
            assertThat(values.get("pool tag")).isEqualTo(db.user() + "@" + db.host() + ":" + db.postgresPort() + "/" + db.database());
            assertThat(app.stdout() + app.stderr()).doesNotContain(db.password());
        }
    }
}
