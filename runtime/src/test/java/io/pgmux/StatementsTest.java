package io.pgmux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pgmux.pool.ServerPool;
import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What apps do with statements works on logical connections as on the driver's own. */
@ExtendWith(TestDatabaseExtension.class)
class StatementsTest {
    private static PgmuxDataSource ds;
    private static ServerPool pool;
    private static TestDatabase db;

    @BeforeAll
    static void open(TestDatabase database) throws SQLException {
        db = database;
        ds = Pools.dataSource(db, "pool.size", "3", "pool.reserve", "0");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS statements_test (id serial PRIMARY KEY, v text)");
            s.execute("CREATE OR REPLACE FUNCTION statements_add(a int, b int, OUT total int, OUT doubled int)"
                    + " AS $$ SELECT a + b, 2 * (a + b) $$ LANGUAGE sql");
        }
        pool = Pools.pool(ds);
    }

    @AfterAll
    static void close() {
        ds.close();
    }

    @Test
    void everyKindOfParameterIsBoundAsOnTheDriversOwnConnection() throws SQLException {
        String sql = "SELECT ?::float8::text, ?::float4::text, ?::int::text, ?::text, ?::numeric::text,"
                + " ?::timestamp::text, ?::date::text, ?::bytea::text, ?::bool::text, ?::int8::text, ?::text,"
                + " ?::text";
        try (Connection logical = ds.getConnection(); Connection own = db.connect()) {
            assertThat(rowOf(logical, sql)).isEqualTo(rowOf(own, sql)).contains("-0", "1.25", null, "12.35", "\\x0102");
            assertThat(pool.counters().clientsActive()).isZero();
        }
    }

    /** Binds one value of each setter family (some with their extra arguments) and reads the row back as text. */
    private static List<String> rowOf(Connection c, String sql) throws SQLException {
        java.util.Calendar utc = java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("UTC"));
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setDouble(1, -0.0);
            ps.setFloat(2, 1.25f);
            ps.setNull(3, Types.INTEGER);
            ps.setNull(4, Types.VARCHAR, "text");
            ps.setObject(5, new java.math.BigDecimal("12.345"), Types.NUMERIC, 2);
            ps.setTimestamp(6, java.sql.Timestamp.valueOf("2026-11-29 01:02:03.5"), utc);
            ps.setDate(7, java.sql.Date.valueOf("2026-11-29"), utc);
            ps.setBytes(8, new byte[] {1, 2});
            ps.setBoolean(9, true);
            ps.setLong(10, Long.MIN_VALUE);
            ps.setCharacterStream(11, new java.io.StringReader("streamed text"), 8);
            ps.setString(12, "plain");
            List<String> row = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                for (int i = 1; i <= 12; i++) {
                    row.add(rs.getString(i));
                }
            }
            return row;
        }
    }

    @Test
    void generatedKeysOfAStatement() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("INSERT INTO statements_test (v) VALUES ('k')", Statement.RETURN_GENERATED_KEYS)).isEqualTo(1);
            try (ResultSet keys = s.getGeneratedKeys()) {
                assertThat(keys.next()).isTrue();
                assertThat(keys.getInt("id")).isPositive();
            }
            assertThat(pool.counters().clientsActive()).isZero();
        }
    }

    @Test
    void generatedKeysOfAPreparedStatement() throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO statements_test (v) VALUES (?)", new String[] {"id"})) {
            ps.setString(1, "pk");
            ps.executeUpdate();
            ResultSet keys = ps.getGeneratedKeys();
            assertThat(keys.next()).isTrue();
            int id = keys.getInt(1);
            assertThat(keys.next()).isFalse();
            assertThat(pool.counters().clientsActive()).isZero();
            assertThat(Pools.stringOf(c, "SELECT v FROM statements_test WHERE id = " + id)).isEqualTo("pk");
        }
    }

    @Test
    void noGeneratedKeysAskedGivesAnEmptyResult() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO statements_test (v) VALUES ('none')");
            assertThat(s.getGeneratedKeys().next()).isFalse();
        }
    }

    @Test
    void batchesOfAStatementAndOfAPreparedStatement() throws SQLException {
        try (Connection c = ds.getConnection()) {
            try (Statement s = c.createStatement()) {
                s.addBatch("INSERT INTO statements_test (v) VALUES ('b1')");
                s.addBatch("INSERT INTO statements_test (v) VALUES ('b1')");
                assertThat(s.executeBatch()).containsExactly(1, 1);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO statements_test (v) VALUES (?)")) {
                for (int i = 0; i < 5; i++) {
                    ps.setString(1, "b2");
                    ps.addBatch();
                }
                assertThat(ps.executeBatch()).containsExactly(1, 1, 1, 1, 1);
            }
            assertThat(pool.counters().clientsActive()).isZero();
            assertThat(Pools.intOf(c, "SELECT count(*) FROM statements_test WHERE v IN ('b1', 'b2')")).isEqualTo(7);
        }
    }

    @Test
    void savepoints() throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            Statement s = c.createStatement();
            s.executeUpdate("INSERT INTO statements_test (v) VALUES ('kept')");
            Savepoint sp = c.setSavepoint("before");
            s.executeUpdate("INSERT INTO statements_test (v) VALUES ('undone')");
            c.rollback(sp);
            c.commit();
            assertThat(Pools.intOf(c, "SELECT count(*) FROM statements_test WHERE v = 'kept'")).isPositive();
            assertThat(Pools.intOf(c, "SELECT count(*) FROM statements_test WHERE v = 'undone'")).isZero();
            c.commit();
        }
    }

    @Test
    void callableStatementsWithOutParameters() throws SQLException {
        try (Connection c = ds.getConnection(); CallableStatement cs = c.prepareCall("{call statements_add(?, ?, ?, ?)}")) {
            cs.setInt(1, 2);
            cs.setInt(2, 3);
            cs.registerOutParameter(3, Types.INTEGER);
            cs.registerOutParameter(4, Types.INTEGER);
            cs.execute();
            assertThat(cs.getInt(3)).isEqualTo(5);
            assertThat(cs.getInt(4)).isEqualTo(10);
            assertThat(cs.wasNull()).isFalse();
            cs.close();
            assertThat(pool.counters().clientsActive()).isZero();
        }
    }

    @Test
    void cancelFromAnotherThreadStopsTheRunningStatement() throws Exception {
        ExecutorService canceller = Executors.newSingleThreadExecutor();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            Future<?> cancelled = canceller.submit(() -> {
                await().atMost(Duration.ofSeconds(20)).until(() -> sleepingBackends() == 1);
                s.cancel();
                return null;
            });
            assertThatThrownBy(() -> s.execute("SELECT pg_sleep(60) /* statements_test_cancel */"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("57014"));
            cancelled.get(10, TimeUnit.SECONDS);
            assertThat(pool.counters().clientsActive()).isZero();
            assertThat(Pools.intOf(c, "SELECT 7")).isEqualTo(7);
        } finally {
            canceller.shutdownNow();
        }
    }

    private static int sleepingBackends() throws SQLException {
        try (Connection su = db.superuserConnection(); Statement s = su.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
                     + " AND query LIKE '%statements_test_cancel%' AND pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void queryTimeoutIsAppliedToTheServerStatement() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(1);
            assertThat(s.getQueryTimeout()).isEqualTo(1);
            assertThatThrownBy(() -> s.execute("SELECT pg_sleep(30)"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("57014"));
            assertThat(pool.counters().clientsActive()).isZero();
        }
    }

    @Test
    void aLargeResultReadSlowlyWhileOtherThreadsWork() throws Exception {
        AtomicBoolean reading = new AtomicBoolean(true);
        AtomicInteger otherStatements = new AtomicInteger();
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> others = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread other = new Thread(() -> {
                try (Connection c = ds.getConnection()) {
                    while (reading.get()) {
                        assertThat(Pools.intOf(c, "SELECT 41 + 1")).isEqualTo(42);
                        otherStatements.incrementAndGet();
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            other.start();
            others.add(other);
        }
        long sum = 0;
        int rows = 0;
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT g, repeat('x', 100) FROM generate_series(1, 10000) g")) {
            while (rs.next()) {
                sum += rs.getInt(1);
                rows++;
                if (rows % 500 == 0) {
                    int seen = otherStatements.get();
                    await().atMost(Duration.ofSeconds(20)).until(() -> otherStatements.get() > seen);
                }
            }
        } finally {
            reading.set(false);
            for (Thread other : others) {
                other.join();
            }
        }
        assertThat(errors).isEmpty();
        assertThat(rows).isEqualTo(10_000);
        assertThat(sum).isEqualTo(10_000L * 10_001 / 2);
        assertThat(otherStatements.get()).isGreaterThanOrEqualTo(20);
    }

    @Test
    void preparedStatementMetadataIsAvailableBeforeExecuting() throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, v FROM statements_test WHERE id = ?")) {
            assertThat(ps.getMetaData().getColumnCount()).isEqualTo(2);
            assertThat(ps.getParameterMetaData().getParameterCount()).isEqualTo(1);
            assertThat(ps.getParameterMetaData().getParameterType(1)).isEqualTo(Types.INTEGER);
            assertThat(pool.counters().clientsActive()).isZero();
        }
    }
}
