package io.pgmux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmux.testing.PoolMode;
import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** SPEC sections 4 and 5 through PgBouncer in transaction mode: settings go into each transaction. */
@ExtendWith(TestDatabaseExtension.class)
class TransactionModeTest {
    private static PgmuxDataSource ds;

    @BeforeAll
    static void open(TestDatabase db) throws SQLException {
        Properties p = new Properties();
        p.setProperty("pgmux.target", db.host() + ":" + db.pgbouncerPort());
        p.setProperty("pgmux.pool.size", "2");
        p.setProperty("pgmux.pool.minIdle", "0");
        p.setProperty("pgmux.pinning", "pin");
        ds = new PgmuxDataSource(p);
        ds.setUrl(db.pgbouncerUrl(PoolMode.TRANSACTION));
        ds.setUser(db.user());
        ds.setPassword(db.password());
        try (Connection c = ds.getConnection()) {
            c.createStatement().execute("CREATE SCHEMA IF NOT EXISTS tx_elsewhere");
            c.createStatement().execute("CREATE TABLE IF NOT EXISTS tx_elsewhere.marker (v int)");
        }
    }

    @AfterAll
    static void close() {
        ds.close();
    }

    @Test
    void onePreparedStatementRunsManyTimesFromManyThreads() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(threads.submit(() -> {
                    int sum = 0;
                    try (Connection c = ds.getConnection();
                         PreparedStatement ps = c.prepareStatement("SELECT ?::int + 1")) {
                        for (int i = 0; i < 50; i++) {
                            ps.setInt(1, i);
                            try (ResultSet rs = ps.executeQuery()) {
                                rs.next();
                                sum += rs.getInt(1);
                            }
                        }
                    }
                    return sum;
                }));
            }
            for (Future<Integer> r : results) {
                assertThat(r.get()).isEqualTo(50 * 51 / 2);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void setSearchPathStaysWithItsLogicalConnectionAndNeverReachesAnother() throws SQLException {
        try (Connection mine = ds.getConnection(); Connection other = ds.getConnection()) {
            mine.createStatement().execute("SET search_path = tx_elsewhere, public");
            for (int i = 0; i < 5; i++) {
                assertThat(Pools.stringOf(mine, "SHOW search_path")).isEqualTo("tx_elsewhere, public");
                assertThat(Pools.stringOf(other, "SHOW search_path")).isEqualTo("\"$user\", public");
            }
            mine.setAutoCommit(false);
            assertThat(Pools.stringOf(mine, "SHOW search_path")).isEqualTo("tx_elsewhere, public");
            mine.commit();
        }
    }

    @Test
    void aTrackedSetInsideARolledBackTransactionIsNotRecorded() throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            c.createStatement().execute("SET statement_timeout = '7s'");
            assertThat(Pools.stringOf(c, "SHOW statement_timeout")).isEqualTo("7s");
            c.rollback();
            assertThat(Pools.stringOf(c, "SHOW statement_timeout")).isEqualTo("0");
            c.commit();
        }
    }

    @Test
    void serializableIsHonouredInEveryTransactionAndDoesNotLeak() throws SQLException {
        try (Connection c = ds.getConnection(); Connection other = ds.getConnection()) {
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            c.setAutoCommit(false);
            for (int i = 0; i < 3; i++) {
                assertThat(Pools.stringOf(c, "SHOW transaction_isolation")).isEqualTo("serializable");
                c.commit();
                assertThat(Pools.stringOf(other, "SHOW transaction_isolation")).isEqualTo("read committed");
                assertThat(Pools.stringOf(other, "SHOW default_transaction_isolation")).isEqualTo("read committed");
            }
        }
    }

    @Test
    void resetAllForgetsTrackedSettings() throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.createStatement().execute("SELECT set_config('lock_timeout', '3s', false)");
            assertThat(Pools.stringOf(c, "SHOW lock_timeout")).isEqualTo("3s");
            c.createStatement().execute("RESET ALL");
            assertThat(Pools.stringOf(c, "SHOW lock_timeout")).isEqualTo("0");
        }
    }

    @Test
    void aPinWithNoUsablePinTargetFailsNamingTheSetting() throws SQLException {
        try (Connection c = ds.getConnection()) {
            assertThatThrownBy(() -> c.createStatement().execute("CREATE TEMP TABLE tx_temp (v int)"))
                    .isInstanceOf(SQLFeatureNotSupportedException.class)
                    .hasMessageContaining("pgmux.pin.target")
                    .hasMessageContaining("CREATE TEMP TABLE");
        }
    }

    @Test
    void setRoleToTheLoginRoleDoesNotPin() throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.createStatement().execute("SET ROLE '" + c.getMetaData().getUserName() + "'");
            c.createStatement().execute("RESET ROLE");
            assertThat(Pools.stringOf(c, "SELECT current_user")).isEqualTo(c.getMetaData().getUserName());
        }
    }
}
