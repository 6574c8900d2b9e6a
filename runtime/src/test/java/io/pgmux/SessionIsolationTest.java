package io.pgmux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmux.pool.ServerPool;
import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.core.BaseConnection;

/** SPEC section 4 with one server connection: what one logical connection does never reaches the next. */
@ExtendWith(TestDatabaseExtension.class)
class SessionIsolationTest {
    private static PgmuxDataSource ds;
    private static ServerPool pool;
    private static TestDatabase db;

    @BeforeAll
    static void open(TestDatabase database) throws SQLException {
        db = database;
        ds = Pools.dataSource(db, "pool.size", "1", "pool.reserve", "0");
        try (Connection c = ds.getConnection()) {
            c.createStatement().execute("CREATE TABLE IF NOT EXISTS isolation_test (v text)");
        }
        pool = Pools.pool(ds);
    }

    @AfterAll
    static void close() {
        ds.close();
    }

    @Test
    void isolationAndReadOnlyHoldForTheTransactionAndDoNotLeakToTheNextBorrower() throws SQLException {
        int pid;
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            c.setReadOnly(true);
            pid = Pools.backendPid(c);
            assertThat(Pools.stringOf(c, "SHOW transaction_isolation")).isEqualTo("serializable");
            assertThat(Pools.stringOf(c, "SHOW transaction_read_only")).isEqualTo("on");
            assertThatThrownBy(() -> c.createStatement().execute("INSERT INTO isolation_test VALUES ('no')"))
                    .isInstanceOf(SQLException.class);
            c.rollback();
        }
        try (Connection next = ds.getConnection()) {
            next.setAutoCommit(false);
            assertThat(Pools.backendPid(next)).isEqualTo(pid);
            assertThat(Pools.stringOf(next, "SHOW transaction_isolation")).isEqualTo("read committed");
            assertThat(Pools.stringOf(next, "SHOW transaction_read_only")).isEqualTo("off");
            next.commit();
        }
    }

    @Test
    void uncommittedWorkIsInvisibleToOtherConnections() throws SQLException {
        PgmuxDataSource two = Pools.dataSource(db, "pool.size", "2", "pool.reserve", "0");
        try (Connection writer = two.getConnection(); Connection reader = two.getConnection()) {
            writer.setAutoCommit(false);
            writer.createStatement().executeUpdate("INSERT INTO isolation_test VALUES ('uncommitted')");
            assertThat(Pools.intOf(reader, "SELECT count(*) FROM isolation_test WHERE v = 'uncommitted'")).isZero();
            writer.commit();
            assertThat(Pools.intOf(reader, "SELECT count(*) FROM isolation_test WHERE v = 'uncommitted'")).isEqualTo(1);
        } finally {
            two.close();
        }
    }

    @Test
    void aSessionLevelSetPinsAndIsDiscardedBeforeTheNextBorrower() throws SQLException {
        long pins = pool.counters().totalPins();
        try (Connection c = ds.getConnection()) {
            c.createStatement().execute("SET work_mem = '7MB'");
            assertThat(pool.counters().clientsPinned()).isEqualTo(1);
            assertThat(Pools.stringOf(c, "SHOW work_mem")).isEqualTo("7MB");
            assertThat(pool.counters().clientsActive()).isEqualTo(1);
        }
        assertThat(pool.counters().totalPins()).isEqualTo(pins + 1);
        assertThat(pool.counters().clientsPinned()).isZero();
        try (Connection next = ds.getConnection()) {
            assertThat(Pools.stringOf(next, "SHOW work_mem")).isNotEqualTo("7MB");
        }
    }

    @Test
    void aTransactionBegunInSqlNeverReachesTheNextBorrower() throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.createStatement().execute("BEGIN");
            c.createStatement().execute("INSERT INTO isolation_test VALUES ('begun in sql')");
        }
        try (Connection next = ds.getConnection()) {
            assertThat(Pools.stringOf(next, "SELECT txid_current_if_assigned() IS NULL")).isEqualTo("t");
            assertThat(Pools.intOf(next, "SELECT count(*) FROM isolation_test WHERE v = 'begun in sql'")).isZero();
        }
    }

    @Test
    void aTemporaryTableNeverReachesTheNextBorrower() throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.createStatement().execute("CREATE TEMP TABLE scratch (x int)");
            c.createStatement().execute("INSERT INTO scratch VALUES (1)");
            assertThat(Pools.intOf(c, "SELECT count(*) FROM scratch")).isEqualTo(1);
        }
        try (Connection next = ds.getConnection()) {
            assertThat(Pools.intOf(next, "SELECT count(*) FROM pg_class WHERE relname = 'scratch' AND relpersistence = 't'")).isZero();
        }
    }

    @Test
    void unwrappingTheDriverConnectionPinsAndTheServerConnectionIsNotReused() throws SQLException {
        long pins = pool.counters().totalPins();
        int pid;
        try (Connection c = ds.getConnection()) {
            // the driver's own class, not its PGConnection interface (which the logical connection implements itself)
            assertThat(c.isWrapperFor(BaseConnection.class)).isTrue();
            BaseConnection pg = c.unwrap(BaseConnection.class);
            pid = pg.getBackendPID();
            assertThat(pool.counters().totalPins()).isEqualTo(pins + 1);
            assertThat(Pools.backendPid(c)).isEqualTo(pid);
            assertThat(pool.counters().clientsActive()).isEqualTo(1);
        }
        try (Connection next = ds.getConnection()) {
            assertThat(Pools.backendPid(next)).isNotEqualTo(pid);
        }
    }

    @Test
    void pinningFailRefusesSessionLevelStatements() throws SQLException {
        PgmuxDataSource strict = Pools.dataSource(db, "pool.size", "1", "pool.reserve", "0", "pinning", "fail");
        try (Connection c = strict.getConnection()) {
            assertThatThrownBy(() -> c.createStatement().execute("SET work_mem = '9MB'"))
                    .isInstanceOf(SQLFeatureNotSupportedException.class)
                    .hasMessageContaining("pgmux.pinning");
            c.createStatement().execute("SELECT 1");
        } finally {
            strict.close();
        }
    }
}
