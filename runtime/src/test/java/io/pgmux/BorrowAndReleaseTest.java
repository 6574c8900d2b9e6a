package io.pgmux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmux.pool.ServerPool;
import io.pgmux.stats.PoolCounters;
import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** SPEC section 3, row by row: when a logical connection borrows a server connection and when it gives it back. */
@ExtendWith(TestDatabaseExtension.class)
class BorrowAndReleaseTest {
    private static PgmuxDataSource ds;
    private static ServerPool pool;

    @BeforeAll
    static void open(TestDatabase db) throws SQLException {
        ds = Pools.dataSource(db, "pool.size", "2", "pool.reserve", "0");
        try (Connection c = ds.getConnection()) {
            c.createStatement().execute("CREATE TABLE IF NOT EXISTS borrow_test (id serial PRIMARY KEY, v text)");
        }
        pool = Pools.pool(ds);
    }

    @AfterAll
    static void close() {
        ds.close();
    }

    private static long active() {
        return pool.counters().clientsActive();
    }

    @Test
    void openingAConnectionBorrowsNothing() throws SQLException {
        long borrows = pool.counters().totalBorrows();
        try (Connection c = ds.getConnection()) {
            assertThat(active()).isZero();
            assertThat(pool.counters().totalBorrows()).isEqualTo(borrows);
        }
    }

    @Test
    void anAutocommitStatementWithoutResultSetReleasesAtOnce() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("INSERT INTO borrow_test (v) VALUES ('a')")).isEqualTo(1);
            assertThat(active()).isZero();
            assertThat(s.getUpdateCount()).isEqualTo(1);
            assertThat(s.getMoreResults()).isFalse();
            assertThat(s.getUpdateCount()).isEqualTo(-1);
        }
    }

    @Test
    void anAutocommitResultSetHoldsUntilReadToItsEndAndStillAnswersAfterwards() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("SELECT id, v FROM borrow_test UNION ALL SELECT 0, 'x'");
            assertThat(active()).isEqualTo(1);
            while (rs.next()) {
                assertThat(active()).isEqualTo(1);
            }
            assertThat(active()).isZero();
            assertThat(rs.isClosed()).isFalse();
            assertThat(rs.getStatement()).isSameAs(s);
            assertThat((Object) rs.getWarnings()).isNull();
            ResultSetMetaData md = rs.getMetaData();
            assertThat(md.getColumnCount()).isEqualTo(2);
            assertThat(md.getColumnLabel(1)).isEqualTo("id");
            assertThat(md.getColumnTypeName(2)).isEqualTo("text");
            assertThat(rs.findColumn("v")).isEqualTo(2);
            assertThat(rs.next()).isFalse();
            assertThatThrownBy(() -> rs.getInt(1)).isInstanceOf(SQLException.class).hasMessageContaining("read to its end");
        }
    }

    @Test
    void metadataColumnFactsFromTheServerAreCopiedBeforeRelease() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, v FROM borrow_test LIMIT 1")) {
            while (rs.next()) {
                // read to the end
            }
            assertThat(active()).isZero();
            ResultSetMetaData md = rs.getMetaData();
            assertThat(md.getTableName(1)).isEqualTo("borrow_test");
            assertThat(md.isNullable(1)).isEqualTo(ResultSetMetaData.columnNoNulls);
            assertThat(md.isAutoIncrement(1)).isTrue();
        }
    }

    @Test
    void closingTheResultSetReleases() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("SELECT 1 UNION ALL SELECT 2");
            rs.next();
            assertThat(active()).isEqualTo(1);
            rs.close();
            assertThat(active()).isZero();
        }
    }

    @Test
    void closingTheStatementReleases() throws SQLException {
        try (Connection c = ds.getConnection()) {
            Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT 1 UNION ALL SELECT 2");
            rs.next();
            s.close();
            assertThat(active()).isZero();
            assertThat(rs.isClosed()).isTrue();
        }
    }

    @Test
    void executingAgainReleasesThePreviousResults() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            ResultSet first = s.executeQuery("SELECT 1 UNION ALL SELECT 2");
            first.next();
            ResultSet second = s.executeQuery("SELECT 3 UNION ALL SELECT 4");
            assertThat(first.isClosed()).isTrue();
            assertThat(active()).isEqualTo(1);
            second.close();
            assertThat(active()).isZero();
        }
    }

    @Test
    void closingTheConnectionReleases() throws SQLException {
        Connection c = ds.getConnection();
        ResultSet rs = c.createStatement().executeQuery("SELECT 1 UNION ALL SELECT 2");
        rs.next();
        assertThat(active()).isEqualTo(1);
        c.close();
        assertThat(active()).isZero();
        assertThat(rs.isClosed()).isTrue();
    }

    @Test
    void severalResultsReleaseAfterTheLast() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            assertThat(s.execute("SELECT 1; UPDATE borrow_test SET v = v WHERE false; SELECT 2")).isTrue();
            ResultSet rs = s.getResultSet();
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
            assertThat(s.getMoreResults()).isFalse();
            assertThat(s.getUpdateCount()).isZero();
            assertThat(active()).isEqualTo(1);
            assertThat(s.getMoreResults()).isTrue();
            ResultSet last = s.getResultSet();
            last.next();
            assertThat(last.getInt(1)).isEqualTo(2);
            assertThat(last.next()).isFalse();
            assertThat(active()).isZero();
            assertThat(s.getMoreResults()).isFalse();
            assertThat(s.getUpdateCount()).isEqualTo(-1);
        }
    }

    @Test
    void aTransactionKeepsItsServerConnectionUntilCommit() throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            assertThat(active()).isZero();
            int pid = Pools.backendPid(c);
            c.createStatement().executeUpdate("INSERT INTO borrow_test (v) VALUES ('tx')");
            assertThat(active()).isEqualTo(1);
            assertThat(Pools.backendPid(c)).isEqualTo(pid);
            c.commit();
            assertThat(active()).isZero();
        }
    }

    @Test
    void rollbackReleases() throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            c.createStatement().executeUpdate("INSERT INTO borrow_test (v) VALUES ('rolled back')");
            c.rollback();
            assertThat(active()).isZero();
            assertThat(Pools.intOf(c, "SELECT count(*) FROM borrow_test WHERE v = 'rolled back'")).isZero();
            c.rollback();
        }
    }

    @Test
    void switchingAutocommitOnCommitsAndReleases() throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            c.createStatement().executeUpdate("INSERT INTO borrow_test (v) VALUES ('switched')");
            c.setAutoCommit(true);
            assertThat(active()).isZero();
            assertThat(Pools.intOf(c, "SELECT count(*) FROM borrow_test WHERE v = 'switched'")).isEqualTo(1);
        }
    }

    @Test
    void commitAndRollbackWithNothingBorrowedDoNoRoundTrip() throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            long borrows = pool.counters().totalBorrows();
            long transactions = pool.counters().totalTransactions();
            c.commit();
            c.rollback();
            assertThat(pool.counters().totalBorrows()).isEqualTo(borrows);
            assertThat(pool.counters().totalTransactions()).isEqualTo(transactions);
        }
    }

    @Test
    void closingInATransactionRollsBackAndReleases() throws SQLException {
        Connection c = ds.getConnection();
        c.setAutoCommit(false);
        c.createStatement().executeUpdate("INSERT INTO borrow_test (v) VALUES ('abandoned')");
        c.close();
        assertThat(active()).isZero();
        try (Connection other = ds.getConnection()) {
            assertThat(Pools.intOf(other, "SELECT count(*) FROM borrow_test WHERE v = 'abandoned'")).isZero();
        }
    }

    @Test
    void settersAreRecordedWithoutBorrowingAndGettersAnswerFromTheRecord() throws SQLException {
        long borrows = pool.counters().totalBorrows();
        try (Connection c = ds.getConnection()) {
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            c.setReadOnly(true);
            c.setSchema("pg_catalog");
            c.setHoldability(ResultSet.CLOSE_CURSORS_AT_COMMIT);
            c.setClientInfo("ApplicationName", "recorded");
            c.setNetworkTimeout(Runnable::run, 12_000);
            assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
            assertThat(c.isReadOnly()).isTrue();
            assertThat(c.getSchema()).isEqualTo("pg_catalog");
            assertThat(c.getHoldability()).isEqualTo(ResultSet.CLOSE_CURSORS_AT_COMMIT);
            assertThat(c.getClientInfo("ApplicationName")).isEqualTo("recorded");
            assertThat(c.getNetworkTimeout()).isEqualTo(12_000);
            assertThat(pool.counters().totalBorrows()).isEqualTo(borrows);
        }
    }

    @Test
    void recordedSettingsApplyAtBorrow() throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setSchema("pg_catalog");
            c.setClientInfo("ApplicationName", "applied at borrow");
            assertThat(Pools.stringOf(c, "SELECT current_schema()")).isEqualTo("pg_catalog");
            assertThat(Pools.stringOf(c, "SHOW application_name")).isEqualTo("applied at borrow");
        }
        try (Connection c = ds.getConnection()) {
            assertThat(Pools.stringOf(c, "SELECT current_schema()")).isEqualTo("public");
            assertThat(Pools.stringOf(c, "SHOW application_name")).isNotEqualTo("applied at borrow");
        }
    }

    @Test
    void isValidHoldsNothingAfterwards() throws SQLException {
        try (Connection c = ds.getConnection()) {
            assertThat(c.isValid(2)).isTrue();
            assertThat(active()).isZero();
        }
    }

    @Test
    void preparedStatementsBindOnEachExecute() throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT ?::int + ?::bigint, ?::text")) {
            for (int i = 0; i < 8; i++) {
                ps.setInt(1, i);
                ps.setLong(2, 1_000_000_000_000L);
                ps.setString(3, "n" + i);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(1_000_000_000_000L + i);
                    assertThat(rs.getString(2)).isEqualTo("n" + i);
                }
                assertThat(active()).isZero();
            }
        }
    }

    @Test
    void databaseMetaDataAnswersTheLogicalConnectionAndReleases() throws SQLException {
        try (Connection c = ds.getConnection()) {
            var md = c.getMetaData();
            assertThat(md.getConnection()).isSameAs(c);
            assertThat(md.getDatabaseProductName()).isEqualTo("PostgreSQL");
            assertThat(active()).isZero();
            try (ResultSet tables = md.getTables(null, "public", "borrow_test", null)) {
                assertThat(tables.next()).isTrue();
                assertThat(tables.getString("TABLE_NAME")).isEqualTo("borrow_test");
                assertThat(tables.getStatement()).isNull();
            }
            assertThat(active()).isZero();
        }
    }

    @Test
    void logicalObjectsNeverSilentlyIgnoreWhatTheyCannotDo() throws SQLException {
        try (Connection c = ds.getConnection(); var cs = c.prepareCall("SELECT 1")) {
            assertThatThrownBy(() -> cs.getInt("name")).isInstanceOf(java.sql.SQLFeatureNotSupportedException.class)
                    .hasMessageContaining("getInt(String)");
            assertThatThrownBy(() -> c.setTypeMap(java.util.Map.of("t", String.class)))
                    .isInstanceOf(java.sql.SQLFeatureNotSupportedException.class).hasMessageContaining("setTypeMap");
        }
    }

    @Test
    void countersSeeQueriesAndTransactions() throws SQLException {
        PoolCounters counters = pool.counters();
        long queries = counters.totalQueries();
        long transactions = counters.totalTransactions();
        try (Connection c = ds.getConnection()) {
            Pools.intOf(c, "SELECT 1");
            c.setAutoCommit(false);
            Pools.intOf(c, "SELECT 1");
            Pools.intOf(c, "SELECT 2");
            c.commit();
        }
        assertThat(counters.totalQueries() - queries).isEqualTo(3);
        assertThat(counters.totalTransactions() - transactions).isEqualTo(2);
        assertThat(counters.clientsOpen()).isZero();
    }
}
