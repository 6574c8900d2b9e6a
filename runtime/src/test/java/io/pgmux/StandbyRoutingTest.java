package io.pgmux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pgmux.pool.ServerPool;
import io.pgmux.testing.Standby;
import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Read-only work goes to a streaming standby (SPEC section 10) and everything else to the primary; a standby that
 * is down, promoted or too far behind gets no reads, and the primary serves them without an error.
 */
@ExtendWith(TestDatabaseExtension.class)
class StandbyRoutingTest {

    static PgmuxDataSource withStandby(TestDatabase db, Standby standby, String... settings) {
        String[] all = new String[settings.length + 2];
        all[0] = "standby";
        all[1] = standby.host() + ":" + standby.port();
        System.arraycopy(settings, 0, all, 2, settings.length);
        return Pools.dataSource(db, all);
    }

    static ServerPool primaryPool(PgmuxDataSource ds) {
        return ds.pools().stream().filter(p -> p.role().equals("primary")).findFirst().orElseThrow();
    }

    static ServerPool standbyPool(PgmuxDataSource ds) {
        return ds.pools().stream().filter(p -> p.role().equals("standby")).findFirst().orElseThrow();
    }

    /** Opens the pools with one connect and waits for the monitor's first check of the standby. */
    static void awaitStandbyTakesReads(PgmuxDataSource ds) throws SQLException {
        ds.getConnection().close();
        await().atMost(Duration.ofSeconds(15))
                .until(() -> ds.pools().stream().anyMatch(p -> p.role().equals("standby") && p.healthy()));
    }

    static boolean inRecovery(Connection c) throws SQLException {
        return Pools.stringOf(c, "SELECT pg_is_in_recovery()").equals("t");
    }

    @Test
    void readOnlyTransactionsGoToTheStandbyAndTheRestToThePrimary(TestDatabase db) throws Exception {
        Standby standby = db.standby();
        try (PgmuxDataSource ds = withStandby(db, standby)) {
            awaitStandbyTakesReads(ds);
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                c.setReadOnly(true);
                assertThat(inRecovery(c)).as("a read-only transaction").isTrue();
                c.commit();
                c.setReadOnly(false);
                assertThat(inRecovery(c)).as("a read-write transaction").isFalse();
                c.commit();
                c.setAutoCommit(true);
                assertThat(inRecovery(c)).as("an autocommit statement of a read-write connection").isFalse();
                c.setReadOnly(true);
                assertThat(inRecovery(c)).as("an autocommit statement of a read-only connection").isTrue();
            }
            assertThat(primaryPool(ds).counters().readsRoutedToStandby()).isEqualTo(2);
            assertThat(primaryPool(ds).counters().readsFellBackToPrimary()).isZero();
        }
    }

    @Test
    void aWriteInARoutedReadOnlyTransactionFailsAsItDoesOnThePrimary(TestDatabase db) throws Exception {
        Standby standby = db.standby();
        String expected;
        try (Connection plain = db.connect()) {
            plain.setReadOnly(true);
            plain.setAutoCommit(false);
            expected = sqlStateOf(plain, "CREATE TEMP TABLE t_ro (x int)");
        }
        try (PgmuxDataSource ds = withStandby(db, standby); Connection c = ds.getConnection()) {
            awaitStandbyTakesReads(ds);
            c.setReadOnly(true);
            c.setAutoCommit(false);
            assertThat(sqlStateOf(c, "CREATE TEMP TABLE t_ro (x int)")).isEqualTo(expected).isEqualTo("25006");
            c.rollback();
        }
    }

    private static String sqlStateOf(Connection c, String sql) {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
            return "none";
        } catch (SQLException e) {
            return e.getSQLState();
        }
    }

    @Test
    void aStoppedStandbyGetsNoReadsThePrimaryServesThemAndItTakesThemAgainOnceBack(TestDatabase db) throws Exception {
        Standby standby = db.standby();
        try (PgmuxDataSource ds = withStandby(db, standby)) {
            awaitStandbyTakesReads(ds);
            standby.stop();
            try {
                long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                int reads = 0;
                while (System.nanoTime() < end) {
                    try (Connection c = ds.getConnection()) {
                        c.setReadOnly(true);
                        // no error: the primary serves, as it would without a standby
                        assertThat(Pools.intOf(c, "SELECT 1")).isEqualTo(1);
                        reads++;
                    }
                }
                assertThat(reads).isPositive();
                assertThat(standbyPool(ds).healthy()).isFalse();
                assertThat(primaryPool(ds).counters().readsFellBackToPrimary()).isPositive();
            } finally {
                standby.start();
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> standbyPool(ds).healthy());
            try (Connection c = ds.getConnection()) {
                c.setReadOnly(true);
                assertThat(inRecovery(c)).isTrue();
            }
        }
    }

    @Test
    void aStandbyFurtherBehindThanMaxLagGetsNoReadsAndItsLagIsShown(TestDatabase db) throws Exception {
        db.execAsSuperuser("DROP TABLE IF EXISTS lag_probe; CREATE TABLE lag_probe (n bigint); INSERT INTO lag_probe VALUES (0);"
                + " GRANT ALL ON lag_probe TO " + db.user());
        Standby standby = db.standby();
        try (PgmuxDataSource ds = withStandby(db, standby, "standby.maxLagMs", "300")) {
            awaitStandbyTakesReads(ds);
            standby.setApplyDelay(Duration.ofMillis(1500));
            try (Connection writer = ds.getConnection()) {
                long end = System.nanoTime() + Duration.ofSeconds(8).toNanos();
                while (System.nanoTime() < end && standbyPool(ds).healthy()) {
                    try (Statement st = writer.createStatement()) {
                        st.executeUpdate("UPDATE lag_probe SET n = n + 1");
                    }
                    Thread.sleep(20);
                }
                assertThat(standbyPool(ds).healthy()).as("a standby 1.5 s behind, over maxLagMs=300").isFalse();
                assertThat(standbyPool(ds).replicationLagMillis()).isGreaterThan(300);
                long before = primaryPool(ds).counters().readsFellBackToPrimary();
                try (Connection c = ds.getConnection()) {
                    c.setReadOnly(true);
                    assertThat(inRecovery(c)).isFalse();
                }
                assertThat(primaryPool(ds).counters().readsFellBackToPrimary()).isEqualTo(before + 1);
            } finally {
                standby.setApplyDelay(Duration.ZERO);
            }
        }
    }

    @Test
    void anIdlePrimaryDoesNotMakeACaughtUpStandbyLag(TestDatabase db) throws Exception {
        Standby standby = db.standby();
        standby.awaitReplayed();
        try (PgmuxDataSource ds = withStandby(db, standby)) {
            awaitStandbyTakesReads(ds);
            // nothing written for three monitor rounds: a replay timestamp would age by as much
            Thread.sleep(3500);
            assertThat(standbyPool(ds).healthy()).isTrue();
            assertThat(standbyPool(ds).replicationLagMillis()).isLessThan(1000);
        }
    }

    @Test
    void poolMBeansShowRoleHealthLagAndTheReadCounters(TestDatabase db) throws Exception {
        Standby standby = db.standby();
        try (PgmuxDataSource ds = withStandby(db, standby)) {
            awaitStandbyTakesReads(ds);
            try (Connection c = ds.getConnection()) {
                c.setReadOnly(true);
                Pools.intOf(c, "SELECT 1");
            }
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName primary = new ObjectName("io.pgmux:type=Pool,name=" + ObjectName.quote(primaryPool(ds).name()));
            ObjectName standbyName = new ObjectName("io.pgmux:type=Pool,name=" + ObjectName.quote(standbyPool(ds).name()));
            assertThat(server.getAttribute(primary, "Role")).isEqualTo("primary");
            assertThat(server.getAttribute(primary, "ReadsRoutedToStandby")).isEqualTo(1L);
            assertThat(server.getAttribute(primary, "ReadsFellBackToPrimary")).isEqualTo(0L);
            // writes of earlier tests in this JVM may make the read wait for the standby: read your writes is JVM-wide
            assertThat((Long) server.getAttribute(primary, "ReadYourWritesWaits")).isBetween(0L, 1L);
            assertThat(server.getAttribute(primary, "Failovers")).isEqualTo(0L);
            assertThat(server.getAttribute(standbyName, "Role")).isEqualTo("standby");
            assertThat(server.getAttribute(standbyName, "Healthy")).isEqualTo(true);
            assertThat((Long) server.getAttribute(standbyName, "ReplicationLagMillis")).isBetween(0L, 1000L);
        }
    }

    @Test
    void aTransactionTheAppOpensReadOnlyInSqlGoesToTheStandby(TestDatabase db) throws Exception {
        Standby standby = db.standby();
        try (PgmuxDataSource ds = withStandby(db, standby); Connection c = ds.getConnection()) {
            awaitStandbyTakesReads(ds);
            try (Statement st = c.createStatement()) {
                st.execute("BEGIN READ ONLY");
                assertThat(inRecovery(c)).as("BEGIN READ ONLY in autocommit").isTrue();
                st.execute("COMMIT");
                st.execute("START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                assertThat(inRecovery(c)).as("START TRANSACTION ... READ ONLY").isTrue();
                st.execute("COMMIT");
                st.execute("BEGIN");
                assertThat(inRecovery(c)).as("BEGIN").isFalse();
                st.execute("COMMIT");
            }
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET TRANSACTION READ ONLY");
                assertThat(inRecovery(c)).as("SET TRANSACTION READ ONLY first in a transaction").isTrue();
                c.commit();
                assertThat(inRecovery(c)).as("the next transaction").isFalse();
                c.commit();
            }
            assertThat(primaryPool(ds).counters().readsRoutedToStandby()).isEqualTo(3);
        }
    }

    @Test
    void autocommitReadsGoToTheStandbyOnlyWhenAskedForAndProvablyReadOnly(TestDatabase db) throws Exception {
        db.execAsSuperuser("DROP SEQUENCE IF EXISTS routing_seq; CREATE SEQUENCE routing_seq;"
                + " GRANT ALL ON SEQUENCE routing_seq TO " + db.user());
        Standby standby = db.standby();
        standby.awaitReplayed();
        try (PgmuxDataSource ds = withStandby(db, standby, "standby.autocommitReads", "true");
             Connection c = ds.getConnection()) {
            awaitStandbyTakesReads(ds);
            assertThat(Pools.stringOf(c, "SELECT current_database() || ':' || pg_is_in_recovery()::text"))
                    .as("pg_is_in_recovery() is not proven to read the same on a standby").endsWith(":false");
            assertThat(Pools.intOf(c, "SELECT count(*) FROM pg_class WHERE relname = 'routing_seq'")).isEqualTo(1);
            assertThat(Pools.intOf(c, "SELECT nextval('routing_seq')::int")).as("nextval writes: the primary").isPositive();
            assertThat(primaryPool(ds).counters().readsRoutedToStandby()).isEqualTo(1);
        }
        try (PgmuxDataSource ds = withStandby(db, standby); Connection c = ds.getConnection()) {
            awaitStandbyTakesReads(ds);
            Pools.intOf(c, "SELECT count(*) FROM pg_class");
            assertThat(primaryPool(ds).counters().readsRoutedToStandby()).as("autocommitReads is off by default").isZero();
        }
    }

    @Test
    void withoutStandbySettingsNothingIsRouted(TestDatabase db) throws Exception {
        try (PgmuxDataSource ds = Pools.dataSource(db); Connection c = ds.getConnection()) {
            c.setReadOnly(true);
            assertThat(inRecovery(c)).isFalse();
            assertThat(Pools.pool(ds).readRouter()).isNull();
            assertThat(Pools.pool(ds).counters().readsFellBackToPrimary()).isZero();
        }
    }

    @Test
    void aBadStandbyAddressFailsAtStartWithTheKeyAndAnExample() {
        assertThatThrownBy(() -> new PgmuxDataSource(props("pgmux.standby", "replica-without-port")))
                .hasMessageContaining("pgmux.standby=replica-without-port")
                .hasMessageContaining("host:port[/database]");
    }

    private static java.util.Properties props(String key, String value) {
        java.util.Properties p = new java.util.Properties();
        p.setProperty(key, value);
        return p;
    }
}
