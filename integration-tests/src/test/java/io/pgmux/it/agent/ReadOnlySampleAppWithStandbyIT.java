package io.pgmux.it.agent;

import static io.pgmux.it.agent.SampleApps.POOL_SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pgmux.testing.Standby;
import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sample app's {@code --read-only} reads run as {@code @Transactional(readOnly = true)} transactions do: with the
 * agent and {@code pgmux.standby}, the standby commits them; the same reads without the flag stay on the primary.
 */
@ExtendWith(TestDatabaseExtension.class)
class ReadOnlySampleAppWithStandbyIT {

    private static final int REQUESTS = 600;

    @BeforeAll
    static void createSchemaAndReplicateIt(TestDatabase db) throws Exception {
        Standby standby = db.standby();
        SampleApps.initSchema(db);
        standby.awaitReplayed();
    }

    @Test
    void readOnlyReadsAreCommittedOnTheStandby(TestDatabase db) throws Exception {
        long committed = standbyCommitsDuring(db, "--read-only");

        assertThat(committed).isGreaterThanOrEqualTo(REQUESTS);
    }

    @Test
    void theSameReadsWithoutTheFlagStayOnThePrimary(TestDatabase db) throws Exception {
        long committed = standbyCommitsDuring(db);

        // only the standby monitor's lag checks, about one a second
        assertThat(committed).isLessThan(REQUESTS / 4);
    }

    /** Transactions the standby committed in the test database while the app ran, once its backends have ended. */
    private static long standbyCommitsDuring(TestDatabase db, String... flags) throws Exception {
        Standby standby = db.standby();
        long before = standbyCommits(standby);
        String[] arguments = SampleApps.appArguments(db, "drivermanager", "--threads", "8", "--mode", "read",
                "--requests", Integer.toString(REQUESTS));
        String[] all = Stream.concat(Arrays.stream(arguments), Arrays.stream(flags)).toArray(String[]::new);
        ChildJvm.Result run = ChildJvm.withAgent(POOL_SETTINGS)
                .systemProperty("pgmux.standby", standby.host() + ":" + standby.port())
                .sampleApp(all)
                .run();
        assertThat(run.exitCode).as("%s", run).isZero();
        assertThat(run.field("errors")).as("%s", run).isZero();
        assertThat(run.field("requests")).as("%s", run).isEqualTo(REQUESTS);
        // a backend reports its counts when it ends at the latest: wait until the child's have
        await().atMost(Duration.ofSeconds(15)).until(() -> standbyBackends(standby) == 0);
        return standbyCommits(standby) - before;
    }

    private static long standbyCommits(Standby standby) throws SQLException {
        return longOf(standby, "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
    }

    private static long standbyBackends(Standby standby) throws SQLException {
        return longOf(standby, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND backend_type = 'client backend' AND pid <> pg_backend_pid()");
    }

    private static long longOf(Standby standby, String sql) throws SQLException {
        try (Connection connection = standby.superuserConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
