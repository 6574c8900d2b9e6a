package io.pgmux.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Repeat connects through DriverManager and PGSimpleDataSource are served at entry, without DriverManager or the data
 * source's own code; everything that is not a repeat (changed settings, another caller's class loader, a deregistered
 * driver) connects as without the agent, with the driver's own errors.
 */
@ExtendWith(TestDatabaseExtension.class)
class RepeatConnectsIT {
    private static final String REPLICATOR = "pgmux_repeat_replicator";
    private static final String REPLICATOR_PASSWORD = "replicator";

    @Test
    void repeatsAreServedAtEntryAndEverythingElseConnectsAsWithoutTheAgent(TestDatabase db) throws Exception {
        db.execAsSuperuser("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + REPLICATOR + "') THEN"
                + " CREATE ROLE " + REPLICATOR + " LOGIN REPLICATION PASSWORD '" + REPLICATOR_PASSWORD + "'; END IF; END $$; GRANT CONNECT ON DATABASE " + db.database() + " TO " + REPLICATOR);
        Map<String, String> with = steps(run(ChildJvm.withAgent(null), db));
        Map<String, String> without = steps(run(ChildJvm.withoutAgent(), db));

        // five connects each: the first of a key takes the full path, the other four are repeats
        assertThat(repeats(with, "drivermanager")).isEqualTo(4);
        assertThat(repeats(with, "drivermanager properties")).isEqualTo(8);
        // (the agent's own pgmux.applicationName wins over the property: only whether it connects is compared)
        assertThat(outcome(with, "drivermanager changed properties")).startsWith("ok");
        assertThat(repeats(with, "drivermanager changed properties")).isEqualTo(8);
        assertThat(outcome(with, "drivermanager password in defaults")).startsWith("failed 28P01");
        assertThat(repeats(with, "drivermanager password in defaults")).isEqualTo(8);
        assertThat(repeats(with, "datasource") - repeats(with, "drivermanager wrong password")).isBetween(4L, 5L);
        // a changed setting is no repeat, and is authenticated for real
        assertThat(outcome(with, "datasource changed password")).startsWith("failed 28P01");
        assertThat(repeats(with, "datasource changed password")).isEqualTo(repeats(with, "datasource"));
        assertThat(outcome(with, "datasource changed database")).startsWith("ok");
        assertThat(repeats(with, "datasource changed database")).isEqualTo(repeats(with, "datasource"));
        assertThat(outcome(with, "datasource changed property")).isEqualTo("ok changed_property");
        assertThat(repeats(with, "datasource changed property")).isEqualTo(repeats(with, "datasource"));
        assertThat(outcome(with, "datasource changed property again")).isEqualTo("ok changed_property");
        assertThat(repeats(with, "datasource changed property again")).isEqualTo(repeats(with, "datasource") + 1);
        assertThat(outcome(with, "drivermanager wrong password")).startsWith("failed 28P01");
        assertThat(outcome(with, "datasource user argument wrong password")).startsWith("failed 28P01");
        // a caller that cannot see the driver, and a deregistered driver: DriverManager's own answer
        assertThat(outcome(with, "isolated caller")).startsWith("failed 08001 No suitable driver found for");
        assertThat(outcome(with, "deregistered")).startsWith("failed 08001 No suitable driver found for");
        for (String step : List.of("drivermanager password in defaults",
                "drivermanager wrong password", "datasource changed password",
                "datasource changed property", "datasource changed database", "datasource user argument wrong password",
                "isolated caller", "deregistered")) {
            assertThat(outcome(with, step)).as(step).isEqualTo(outcome(without, step));
        }
        assertThat(repeats(with, "deregistered")).isEqualTo(repeats(with, "isolated caller"));
        // replication sessions are the driver's own, every time
        for (String step : List.of("replication 0", "replication 1", "replication url 0", "replication url 1")) {
            assertThat(outcome(with, step)).as(step).isEqualTo("ok org.postgresql.jdbc.PgConnection identified true");
            assertThat(outcome(without, step)).as(step).isEqualTo(outcome(with, step));
        }
        assertThat(repeats(with, "replication url 1")).isEqualTo(repeats(with, "datasource user argument wrong password"));
    }

    private static ChildJvm.Result run(ChildJvm jvm, TestDatabase db) throws Exception {
        String testClasses = Paths.get(RepeatConnectsMain.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI()).toString();
        String pgjdbc = Paths.get(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI()).toString();
        ChildJvm.Result result = jvm.mainClass(List.of(testClasses, pgjdbc), RepeatConnectsMain.class,
                db.jdbcUrl(), db.user(), db.password(), testClasses, REPLICATOR, REPLICATOR_PASSWORD).run();
        assertThat(result.exitCode).as("%s", result).isZero();
        return result;
    }

    /** Step name to "outcome | repeats=N". */
    private static Map<String, String> steps(ChildJvm.Result result) {
        Map<String, String> steps = new LinkedHashMap<>();
        for (String line : result.stdout.split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                steps.put(line.substring(0, colon), line.substring(colon + 2));
            }
        }
        assertThat(steps).as("%s", result).containsKey("deregistered");
        return steps;
    }

    private static String outcome(Map<String, String> steps, String step) {
        String line = steps.get(step);
        return line.substring(0, line.lastIndexOf(" | repeats="));
    }

    private static long repeats(Map<String, String> steps, String step) {
        String line = steps.get(step);
        return Long.parseLong(line.substring(line.lastIndexOf("=") + 1));
    }
}
