package io.pgmux.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Replication connects (Debezium and other CDC tools) stay the driver's own with the agent, and are counted. */
@ExtendWith(TestDatabaseExtension.class)
class ReplicationPassThroughIT {
    private static final String ROLE = "pgmux_replicator";
    private static final String PASSWORD = "replicate-me";

    @BeforeAll
    static void replicationRole(TestDatabase db) {
        db.execAsSuperuser("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + ROLE + "') THEN"
                + " CREATE ROLE " + ROLE + " LOGIN REPLICATION PASSWORD '" + PASSWORD + "'; END IF; END $$");
        db.execAsSuperuser("GRANT CONNECT ON DATABASE " + db.database() + " TO " + ROLE);
    }

    @Test
    void replicationConnectsRunIdentifySystemAsWithoutTheAgentAndCountAsPassedThrough(TestDatabase db)
            throws Exception {
        ChildJvm.Result plain = app(ChildJvm.withoutAgent(), db).run();
        assertThat(plain.exitCode).as("%s", plain).isZero();
        String logical = line(plain, "logical: ");
        String physical = line(plain, "physical: ");

        ChildJvm.Result withAgent = app(ChildJvm.withAgent("pool.minIdle=0"), db).run();

        assertThat(withAgent.exitCode).as("%s", withAgent).isZero();
        assertThat(line(withAgent, "logical: ")).isEqualTo(logical);
        assertThat(line(withAgent, "physical: ")).isEqualTo(physical);
        assertThat(line(withAgent, "passed through: ")).isEqualTo("2");
        assertThat(line(withAgent, "intercepted: ")).isEqualTo("0");
    }

    private static ChildJvm app(ChildJvm jvm, TestDatabase db) throws Exception {
        String testClasses = Paths.get(ReplicationConnectMain.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI()).toString();
        String pgjdbc = Paths.get(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI()).toString();
        return jvm.mainClass(List.of(testClasses, pgjdbc), ReplicationConnectMain.class, db.jdbcUrl(), ROLE, PASSWORD);
    }

    private static String line(ChildJvm.Result result, String prefix) {
        for (String line : result.stdout.split("\\R")) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length());
            }
        }
        throw new AssertionError("no line starting with '" + prefix + "' in " + result);
    }
}
