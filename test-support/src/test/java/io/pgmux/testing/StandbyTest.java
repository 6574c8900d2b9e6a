package io.pgmux.testing;

import static io.pgmux.testing.TestDatabaseTest.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestDatabaseExtension.class)
class StandbyTest {

    private final TestDatabase db;

    StandbyTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeAll
    static void onlyForLocalProcesses(TestDatabase db) {
        org.junit.jupiter.api.Assumptions.assumeTrue(db instanceof LocalTestDatabase, "standbys need local PostgreSQL programs");
    }

    @Test
    void rowInsertedOnThePrimaryAppearsOnTheStandby() throws SQLException {
        Standby standby = db.standby();
        execOnPrimary("CREATE TABLE replicated (id int); INSERT INTO replicated VALUES (42)");

        standby.awaitReplayed();

        try (Connection connection = standby.connect()) {
            assertThat(query(connection, "SELECT id FROM replicated")).isEqualTo("42");
            assertThat(query(connection, "SELECT pg_is_in_recovery()")).isEqualTo("t");
        }
    }

    @Test
    void standbyRefusesWritesAsReadOnly() throws SQLException {
        Standby standby = db.standby();
        execOnPrimary("CREATE TABLE read_only_on_standby (id int)");
        standby.awaitReplayed();

        try (Connection connection = standby.connect(); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute("INSERT INTO read_only_on_standby VALUES (1)"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25006"));
        }
    }

    @Test
    void applyDelayHidesAFreshRowForThatLongThenShowsIt() throws SQLException {
        Standby standby = db.standby();
        execOnPrimary("CREATE TABLE delayed (id int)");
        standby.awaitReplayed();
        standby.setApplyDelay(Duration.ofSeconds(2));
        try (Connection connection = standby.connect()) {
            long committed = System.nanoTime();
            execOnPrimary("INSERT INTO delayed VALUES (1)");

            sleep(Duration.ofMillis(1500));
            assertThat(query(connection, "SELECT count(*) FROM delayed")).isEqualTo("0");
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> query(connection, "SELECT count(*) FROM delayed").equals("1"));
            assertThat(Duration.ofNanos(System.nanoTime() - committed)).isBetween(Duration.ofMillis(1900), Duration.ofSeconds(5));
        } finally {
            standby.setApplyDelay(Duration.ZERO);
        }
        execOnPrimary("INSERT INTO delayed VALUES (2)");
        standby.awaitReplayed();
        try (Connection connection = standby.connect()) {
            assertThat(query(connection, "SELECT count(*) FROM delayed")).isEqualTo("2");
        }
    }

    @Test
    void stoppedStandbyRefusesConnectionsThenStartsAndCatchesUp() throws SQLException {
        Standby standby = db.standby();
        execOnPrimary("CREATE TABLE while_down (id int)");

        standby.stop();
        assertThat(standby.isRunning()).isFalse();
        assertThatThrownBy(() -> standby.connect().close()).isInstanceOf(SQLException.class);
        execOnPrimary("INSERT INTO while_down VALUES (7)");
        standby.start();

        standby.awaitReplayed();
        try (Connection connection = standby.connect()) {
            assertThat(query(connection, "SELECT id FROM while_down")).isEqualTo("7");
        }
    }

    @Test
    void standbyAliasOfPgbouncerReachesTheStandby() throws SQLException {
        Standby standby = db.standby();
        String url = "jdbc:postgresql://" + db.host() + ':' + db.pgbouncerPort() + '/' + db.pgbouncerStandbyDatabase();

        try (Connection connection = DriverManager.getConnection(url, db.user(), db.password())) {
            assertThat(query(connection, "SELECT pg_is_in_recovery()")).isEqualTo("t");
            assertThat(query(connection, "SELECT current_setting('port')")).isEqualTo(Integer.toString(standby.port()));
        }
    }

    @Test
    void promotedSharedStandbyIsReplacedByAFreshOneOnTheSamePort() throws SQLException {
        Standby promoted = db.standby();
        promoted.promote();
        assertThat(promoted.isStandby()).isFalse();
        assertThat(promoted.isInRecovery()).isFalse();

        Standby fresh = db.standby();

        assertThat(fresh).isNotSameAs(promoted);
        assertThat(fresh.port()).isEqualTo(promoted.port());
        assertThat(fresh.isInRecovery()).isTrue();
        try (Connection primary = db.superuserConnection()) {
            // the promoted copy's slot is gone, else the primary would keep WAL for it for ever
            assertThat(query(primary, "SELECT count(*) FROM pg_replication_slots")).isEqualTo("1");
        }
        execOnPrimary("CREATE TABLE after_promotion (id int); INSERT INTO after_promotion VALUES (3)");
        fresh.awaitReplayed();
        try (Connection connection = fresh.connect()) {
            assertThat(query(connection, "SELECT id FROM after_promotion")).isEqualTo("3");
        }
    }

    @Test
    void standbyOfAPrivatePairHasTheSynchronousCommitsOfItsKilledPrimaryAndAcceptsWritesOncePromoted() throws SQLException {
        try (ReplicatedPair pair = db.newReplicatedPair()) {
            pair.replicateSynchronously();
            try (Connection primary = pair.primary().connect(); Statement statement = primary.createStatement()) {
                statement.execute("CREATE TABLE ledger (id int)");
                statement.execute("INSERT INTO ledger VALUES (1)");
            }

            pair.primary().kill();
            assertThat(pair.primary().isRunning()).isFalse();
            pair.standby().promote();

            assertThat(pair.standby().isStandby()).isFalse();
            try (Connection connection = DriverManager.getConnection(pair.multiHostUrl() + "?targetServerType=primary",
                    db.user(), db.password()); Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO ledger VALUES (2)");
                assertThat(query(connection, "SELECT string_agg(id::text, ',' ORDER BY id) FROM ledger")).isEqualTo("1,2");
                assertThat(query(connection, "SELECT current_setting('port')")).isEqualTo(Integer.toString(pair.standby().port()));
            }
        }
    }

    @Test
    void privatePairFailsOverAndBackKeepingEveryRowCommittedBeforeEachStep() throws SQLException {
        try (ReplicatedPair pair = db.newReplicatedPair()) {
            String url = pair.multiHostUrl() + "?targetServerType=primary";
            int firstPort = pair.primary().port();
            int secondPort = pair.standby().port();
            assertThatThrownBy(pair::rebuildOldPrimaryAsStandby).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("has not been promoted");
            pair.replicateSynchronously();
            insertThroughUrl(url, "CREATE TABLE ledger (id int); INSERT INTO ledger VALUES (1)");

            pair.primary().kill();
            pair.standby().promote();
            insertThroughUrl(url, "INSERT INTO ledger VALUES (2)");
            PostgresNode promoted = pair.standby();
            pair.rebuildOldPrimaryAsStandby();

            assertThat(pair.primary()).isSameAs(promoted);
            assertThat(pair.primary().port()).isEqualTo(secondPort);
            assertThat(pair.standby().port()).isEqualTo(firstPort);
            assertThat(pair.standby().isStandby()).isTrue();
            assertThat(pair.multiHostUrl() + "?targetServerType=primary").isEqualTo(url);
            pair.replicateSynchronously();
            insertThroughUrl(url, "INSERT INTO ledger VALUES (3)");
            try (Connection standby = pair.standby().connect()) {
                // synchronous: flushed on the standby before the commit returned, visible once replayed
                pair.standby().awaitReplayed();
                assertThat(query(standby, "SELECT string_agg(id::text, ',' ORDER BY id) FROM ledger")).isEqualTo("1,2,3");
                assertThat(query(standby, "SELECT pg_is_in_recovery()")).isEqualTo("t");
            }

            pair.primary().kill();
            pair.standby().promote();
            try (Connection connection = DriverManager.getConnection(url, db.user(), db.password());
                 Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO ledger VALUES (4)");
                assertThat(query(connection, "SELECT string_agg(id::text, ',' ORDER BY id) FROM ledger")).isEqualTo("1,2,3,4");
                assertThat(query(connection, "SELECT current_setting('port')")).isEqualTo(Integer.toString(firstPort));
            }
        }
    }

    private void insertThroughUrl(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, db.user(), db.password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Test
    void killedPrimaryOfAPrivatePairStartsAgainAndItsStandbyFollowsIt() throws SQLException {
        try (ReplicatedPair pair = db.newReplicatedPair()) {
            Connection open = pair.primary().connect();

            pair.primary().kill();

            assertThatThrownBy(() -> query(open, "SELECT 1")).isInstanceOf(SQLException.class);
            open.close();
            pair.primary().start();
            try (Connection primary = pair.primary().connect(); Statement statement = primary.createStatement()) {
                statement.execute("CREATE TABLE after_crash (id int); INSERT INTO after_crash VALUES (5)");
            }
            pair.standby().awaitReplayed();
            try (Connection standby = pair.standby().connect()) {
                assertThat(query(standby, "SELECT id FROM after_crash")).isEqualTo("5");
            }
        }
    }

    @Test
    void secondPgbouncerServesQueriesUntilKilledAndAgainOnceStarted() throws SQLException {
        try (PgBouncer second = db.newPgBouncer()) {
            assertThat(second.port()).isNotEqualTo(db.pgbouncerPort());
            Connection open = second.connect(PoolMode.TRANSACTION);
            assertThat(query(open, "SELECT current_user")).isEqualTo(db.user());

            second.kill();

            assertThat(second.isRunning()).isFalse();
            assertThatThrownBy(() -> query(open, "SELECT 1")).isInstanceOf(SQLException.class);
            open.close();
            assertThatThrownBy(() -> second.connect(PoolMode.TRANSACTION).close()).isInstanceOf(SQLException.class);
            try (Connection shared = db.connectThroughPgbouncer(PoolMode.TRANSACTION)) {
                assertThat(query(shared, "SELECT 1")).isEqualTo("1");
            }
            second.start();
            try (Connection connection = second.connect(PoolMode.SESSION)) {
                assertThat(query(connection, "SELECT 1")).isEqualTo("1");
            }
        }
    }

    private void execOnPrimary(String sql) throws SQLException {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
