package io.pgmux.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pgmux.PgmuxDataSource;
import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A server connection that broke while idle in the pool: where pgmux finds it broken before anything of the app
 * was sent, it takes a fresh one; a statement that may have run is never run again.
 */
@ExtendWith(TestDatabaseExtension.class)
class BrokenServerConnectionTest {

    @Test
    void connectionFoundBrokenWhileApplyingSessionStateIsReplacedTransparently(TestDatabase db) throws Exception {
        // one server connection, and the next borrow comes sooner than HikariCP's own check of idle connections
        try (PgmuxDataSource ds = DataSources.direct(db, "pool.size", "1", "pool.minIdle", "1", "pool.reserve", "0");
             Connection tuned = ds.getConnection(); Connection plain = ds.getConnection()) {
            execute(tuned, "SET statement_timeout = '7s'");
            int backend = intOf(plain, "SELECT pg_backend_pid()");
            terminate(db, backend);

            assertThat(stringOf(tuned, "SHOW statement_timeout")).isEqualTo("7s");
            assertThat(intOf(tuned, "SELECT pg_backend_pid()")).isNotEqualTo(backend);
        }
    }

    @Test
    void statementThatMayHaveRunIsNeverRunAgain(TestDatabase db) throws Exception {
        db.execAsSuperuser("DROP SEQUENCE IF EXISTS reliability_runs; CREATE SEQUENCE reliability_runs;"
                + " GRANT USAGE, SELECT, UPDATE ON SEQUENCE reliability_runs TO " + db.user());
        try (PgmuxDataSource ds = DataSources.direct(db, "pool.size", "1", "pool.minIdle", "1", "pool.reserve", "0");
             Connection c = ds.getConnection()) {
            // the statement counts itself (sequences ignore rollback), then its backend dies under it
            assertThatThrownBy(() -> execute(c, "SELECT nextval('reliability_runs'), pg_terminate_backend(pg_backend_pid())"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(FaultRun.isConnectionFailure(((SQLException) e).getSQLState())).isTrue());

            assertThat(intOf(c, "SELECT last_value FROM reliability_runs")).isEqualTo(1);
        }
    }

    @Test
    void transactionWhoseConnectionBrokeRollsBackWithoutError(TestDatabase db) throws Exception {
        try (PgmuxDataSource ds = DataSources.direct(db, "pool.size", "1", "pool.minIdle", "1", "pool.reserve", "0");
             Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            int backend = intOf(c, "SELECT pg_backend_pid()");
            terminate(db, backend);
            assertThatThrownBy(() -> intOf(c, "SELECT 1")).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(FaultRun.isConnectionFailure(((SQLException) e).getSQLState())).isTrue());

            c.rollback();
            assertThat(intOf(c, "SELECT 2")).isEqualTo(2);
            c.commit();
        }
    }

    @Test
    void transactionWhoseFirstStatementFindsItsServerConnectionBrokenRunsOnANewOne(TestDatabase db) throws Exception {
        db.execAsSuperuser("DROP TABLE IF EXISTS reliability_first; CREATE TABLE reliability_first (v int);"
                + " GRANT ALL ON reliability_first TO " + db.user());
        try (PgmuxDataSource ds = DataSources.direct(db, "pool.size", "1", "pool.minIdle", "1", "pool.reserve", "0");
             Connection c = ds.getConnection(); Connection su = db.superuserConnection()) {
            // the next borrow comes sooner than HikariCP's own check of idle connections: the statement meets the break
            int backend = intOf(c, "SELECT pg_backend_pid()");
            long released = System.nanoTime();
            terminate(su, backend);
            assumeBeforeHikariChecks(released);

            c.setAutoCommit(false);
            execute(c, "INSERT INTO reliability_first VALUES (1)");
            assertThat(intOf(c, "SELECT pg_backend_pid()")).isNotEqualTo(backend);
            c.commit();
            assertThat(intOf(c, "SELECT count(*) FROM reliability_first")).isEqualTo(1);
            c.commit();
        }
    }

    @Test
    void readOnlyAutocommitStatementThatFindsItsServerConnectionBrokenRunsOnANewOne(TestDatabase db) throws Exception {
        try (PgmuxDataSource ds = DataSources.direct(db, "pool.size", "1", "pool.minIdle", "1", "pool.reserve", "0");
             Connection c = ds.getConnection(); Connection su = db.superuserConnection()) {
            int backend = intOf(c, "SELECT pg_backend_pid()");
            long released = System.nanoTime();
            terminate(su, backend);
            assumeBeforeHikariChecks(released);

            assertThat(intOf(c, "SELECT count(*) FROM pg_catalog.pg_class WHERE relname = 'pg_class'")).isEqualTo(1);
            assertThat(intOf(c, "SELECT pg_backend_pid()")).isNotEqualTo(backend);
        }
    }

    @Test
    void autocommitWriteThatFindsItsServerConnectionBrokenFailsAndIsNotRunAgain(TestDatabase db) throws Exception {
        db.execAsSuperuser("DROP TABLE IF EXISTS reliability_once; CREATE TABLE reliability_once (v int);"
                + " GRANT ALL ON reliability_once TO " + db.user());
        try (PgmuxDataSource ds = DataSources.direct(db, "pool.size", "1", "pool.minIdle", "1", "pool.reserve", "0");
             Connection c = ds.getConnection(); Connection su = db.superuserConnection()) {
            int backend = intOf(c, "SELECT pg_backend_pid()");
            long released = System.nanoTime();
            terminate(su, backend);
            assumeBeforeHikariChecks(released);

            // pgmux cannot tell whether a write in autocommit reached the server before it was lost
            assertThatThrownBy(() -> execute(c, "INSERT INTO reliability_once VALUES (1)"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(FaultRun.isConnectionFailure(((SQLException) e).getSQLState())).isTrue());
            assertThat(intOf(c, "SELECT count(*) FROM reliability_once")).isZero();
        }
    }

    /**
     * HikariCP checks a connection idle for 500 ms before it lends it and would replace the broken one itself: on a
     * machine too busy to get here sooner, the case under test does not arise, and the test is skipped rather than
     * passed or failed on something else.
     */
    private static void assumeBeforeHikariChecks(long releasedNanos) {
        long idleMs = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - releasedNanos);
        org.junit.jupiter.api.Assumptions.assumeTrue(idleMs < 400,
                "the server connection was idle " + idleMs + " ms: HikariCP checks it after 500 ms");
    }

    private static void terminate(TestDatabase db, int backend) throws SQLException {
        try (Connection su = db.superuserConnection()) {
            terminate(su, backend);
        }
    }

    /** Ends the backend and waits until it is gone: with {@code su} open already, well within HikariCP's 500 ms. */
    private static void terminate(Connection su, int backend) throws SQLException {
        execute(su, "SELECT pg_terminate_backend(" + backend + ")");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                .until(() -> intOf(su, "SELECT count(*) FROM pg_stat_activity WHERE pid = " + backend) == 0);
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static int intOf(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String stringOf(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
