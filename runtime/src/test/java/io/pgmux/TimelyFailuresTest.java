package io.pgmux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pgmux.config.PgmuxConfig;
import io.pgmux.pool.ServerPool;
import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Never hang, never slow a failure down: {@code isValid} answers in the time it was given even when the server stops
 * answering, failed connects cost what the driver's own cost, and a borrow that needs a server connection the server
 * refuses fails at once with the driver's error.
 */
@ExtendWith(TestDatabaseExtension.class)
@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TimelyFailuresTest {
    private static final Executor CALLER_RUNS = Runnable::run;
    private final Driver driver = new org.postgresql.Driver();
    private Multiplexer multiplexer;

    @BeforeEach
    void start() throws Exception {
        multiplexer = multiplexer("pool.size", "2", "pool.reserve", "0");
    }

    @AfterEach
    void stop(TestDatabase db) {
        db.postgres().resume();
        multiplexer.close();
    }

    /** PgBouncer's server connections saw PostgreSQL frozen: later tests through PgBouncer start with fresh ones. */
    @AfterAll
    static void freshPoolerServers(TestDatabase db) {
        db.pgbouncerAdmin("RECONNECT");
    }

    private static Multiplexer multiplexer(String... settings) throws Exception {
        Properties p = new Properties();
        p.setProperty("pgmux.pool.minIdle", "0");
        p.setProperty("pgmux.jmx", "false");
        for (int i = 0; i < settings.length; i += 2) {
            p.setProperty("pgmux." + settings[i], settings[i + 1]);
        }
        return new Multiplexer(PgmuxConfig.fromProperties(p));
    }

    private static Properties credentials(String user, String password) {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        return p;
    }

    private Connection connect(TestDatabase db) throws SQLException {
        return multiplexer.connect(driver, db.jdbcUrl(), credentials(db.user(), db.password()));
    }

    // ---- isValid ------------------------------------------------------------------------------------

    @Test
    void isValidAnswersFalseWithinItsTimeoutWhenTheServerStopsAnswering(TestDatabase db) throws SQLException {
        try (Connection c = connect(db)) {
            Pools.intOf(c, "SELECT 1");
            db.postgres().pause();
            long start = System.nanoTime();
            boolean valid = c.isValid(1);
            long millis = millisSince(start);
            db.postgres().resume();
            assertThat(valid).isFalse();
            assertThat(millis).isLessThan(2_500);
        }
    }

    @Test
    void isValidZeroAnswersWithinTheNetworkTimeoutWhenTheServerStopsAnswering(TestDatabase db) throws SQLException {
        try (Connection c = connect(db)) {
            c.setNetworkTimeout(CALLER_RUNS, 500);
            Pools.intOf(c, "SELECT 1");
            db.postgres().pause();
            long start = System.nanoTime();
            boolean valid = c.isValid(0);
            long millis = millisSince(start);
            db.postgres().resume();
            assertThat(valid).isFalse();
            assertThat(millis).isLessThan(2_000);
        }
    }

    @Test
    void isValidOfAConnectionHoldingAServerConnectionAnswersWithinItsTimeoutWhenTheServerStopsAnswering(
            TestDatabase db) throws SQLException {
        try (Connection c = connect(db)) {
            c.setAutoCommit(false);
            Pools.intOf(c, "SELECT 1");
            db.postgres().pause();
            long start = System.nanoTime();
            boolean valid = c.isValid(1);
            long millis = millisSince(start);
            db.postgres().resume();
            assertThat(valid).isFalse();
            assertThat(millis).isLessThan(2_500);
        }
    }

    @Test
    void isValidChecksTheServerEvenWhileAnotherConnectionHoldsOne(TestDatabase db) throws SQLException {
        try (Connection holder = connect(db); Connection c = connect(db)) {
            holder.setAutoCommit(false);
            Pools.intOf(holder, "SELECT 1");
            Pools.intOf(c, "SELECT 1");
            assertThat(c.isValid(1)).isTrue();
            db.postgres().pause();
            long start = System.nanoTime();
            boolean valid = c.isValid(1);
            long millis = millisSince(start);
            db.postgres().resume();
            assertThat(valid).isFalse();
            assertThat(millis).isLessThan(2_500);
        }
    }

    @Test
    void isValidOfABusyPoolChecksTheServerOnceNoServerConnectionHasAnsweredForASecond(TestDatabase db)
            throws Exception {
        try (Multiplexer one = multiplexer("pool.size", "1", "pool.reserve", "1");
             Connection holder = one.connect(driver, db.jdbcUrl(), credentials(db.user(), db.password()));
             Connection c = one.connect(driver, db.jdbcUrl(), credentials(db.user(), db.password()))) {
            Pools.intOf(c, "SELECT 1");
            holder.setAutoCommit(false);
            Pools.intOf(holder, "SELECT 1");
            // the pool is busy, and its server connection came back from c's statement just now
            assertThat(c.isValid(1)).isTrue();
            db.postgres().pause();
            Thread.sleep(1_100);
            long start = System.nanoTime();
            boolean valid = c.isValid(1);
            long millis = millisSince(start);
            db.postgres().resume();
            assertThat(valid).isFalse();
            assertThat(millis).isLessThan(2_500);
        }
    }

    @Test
    void isValidKeepsNoServerConnectionAfterwards(TestDatabase db) throws SQLException {
        try (Connection c = connect(db)) {
            assertThat(c.isValid(1)).isTrue();
            ServerPool pool = multiplexer.pools().iterator().next();
            assertThat(pool.serversActive()).isZero();
            db.postgres().pause();
            boolean valid = c.isValid(1);
            db.postgres().resume();
            assertThat(valid).isFalse();
            await().atMost(Duration.ofSeconds(20)).until(() -> pool.serversActive() == 0);
            assertThat(c.isValid(1)).isTrue();
            assertThat(Pools.intOf(c, "SELECT 1")).isEqualTo(1);
        }
    }

    // ---- failed connects ----------------------------------------------------------------------------

    @Test
    void aWrongPasswordFailsAsFastAndWithTheSameSqlStateAsTheDriver(TestDatabase db) {
        assertFailsLikeTheDriver(db.jdbcUrl(), credentials(db.user(), "not-the-password"));
    }

    @Test
    void anUnknownDatabaseFailsAsFastAndWithTheSameSqlStateAsTheDriver(TestDatabase db) {
        assertFailsLikeTheDriver("jdbc:postgresql://" + db.host() + ":" + db.postgresPort() + "/no_such_database",
                credentials(db.user(), db.password()));
    }

    @Test
    void anUnreachableServerFailsAsFastAndWithTheSameSqlStateAsTheDriver(TestDatabase db) throws Exception {
        int unused;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            unused = s.getLocalPort();
        }
        assertFailsLikeTheDriver("jdbc:postgresql://127.0.0.1:" + unused + "/" + db.database(),
                credentials(db.user(), db.password()));
    }

    /** Best of three for each, so that a busy machine does not decide: pgmux may add no sleep of its own. */
    private void assertFailsLikeTheDriver(String url, Properties info) {
        String plainState = null;
        String pgmuxState = null;
        long plainMillis = Long.MAX_VALUE;
        long pgmuxMillis = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            try {
                DriverManager.getConnection(url, info).close();
            } catch (SQLException e) {
                plainState = e.getSQLState();
            }
            plainMillis = Math.min(plainMillis, millisSince(start));
            start = System.nanoTime();
            try {
                multiplexer.connect(driver, url, info).close();
            } catch (SQLException e) {
                pgmuxState = e.getSQLState();
            }
            pgmuxMillis = Math.min(pgmuxMillis, millisSince(start));
        }
        assertThat(plainState).as("the driver's own connect fails").isNotNull();
        assertThat(pgmuxState).isEqualTo(plainState);
        assertThat(pgmuxMillis).as("pgmux's failed connect against the driver's %d ms", plainMillis)
                .isLessThan(plainMillis + 500);
    }

    // ---- borrows that need a new server connection --------------------------------------------------

    @Test
    void aBorrowThatNeedsAServerConnectionTheServerRefusesFailsAtOnceWithTheDriversError(TestDatabase db)
            throws Exception {
        String database = "pgmux_refusing";
        db.execAsSuperuser("DROP DATABASE IF EXISTS " + database);
        db.execAsSuperuser("CREATE DATABASE " + database + " OWNER " + db.user());
        String url = "jdbc:postgresql://" + db.host() + ":" + db.postgresPort() + "/" + database;
        Properties info = credentials(db.user(), db.password());
        try (Connection c = multiplexer.connect(driver, url, info)) {
            Pools.intOf(c, "SELECT 1");
            db.execAsSuperuser("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
            // the server connections opened before close (as after the pool's idle timeout)
            multiplexer.pools().forEach(ServerPool::reconnect);
            String plainState;
            try {
                DriverManager.getConnection(url, info).close();
                throw new AssertionError("the driver connected to a database that allows no connections");
            } catch (SQLException e) {
                plainState = e.getSQLState();
            }
            long start = System.nanoTime();
            assertThatThrownBy(() -> Pools.intOf(c, "SELECT 1"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo(plainState));
            assertThat(millisSince(start)).isLessThan(5_000);
            // a new connect to a pool without server connections logs in again, and fails there as the driver's does
            assertThatThrownBy(() -> multiplexer.connect(driver, url, info))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo(plainState));
        } finally {
            multiplexer.close();
            db.execAsSuperuser("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    @Test
    void aServerConnectionABorrowNeedsIsOpenedOnTheBorrowingThreadWithItsConnectContext(TestDatabase db)
            throws Exception {
        multiplexer.close();
        // HikariCP keeps the last place of a pool for an open of its own
        multiplexer = multiplexer("pool.size", "3", "pool.reserve", "0");
        ThreadBoundPasswordDriver contextual = new ThreadBoundPasswordDriver();
        Properties info = new Properties();
        info.setProperty("user", db.user());
        ThreadBoundPasswordDriver.PASSWORD.set(db.password());
        try (Connection first = multiplexer.connect(contextual, db.jdbcUrl(), info);
             Connection second = multiplexer.connect(contextual, db.jdbcUrl(), info)) {
            // two server connections at once: the second is opened for the second borrow
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            assertThat(Pools.intOf(first, "SELECT 1")).isEqualTo(1);
            assertThat(Pools.intOf(second, "SELECT 2")).isEqualTo(2);
            assertThat(Pools.backendPid(first)).isNotEqualTo(Pools.backendPid(second));
            first.commit();
            second.commit();
        } finally {
            ThreadBoundPasswordDriver.PASSWORD.remove();
        }
        assertThat(contextual.connectsWithoutContext).as("server connects made without the app thread's context")
                .isZero();
    }

    /**
     * A driver whose connects need context bound to the app's thread, as GSS/JAAS logins under {@code Subject.doAs}
     * do: here the password comes from a thread-local.
     */
    static final class ThreadBoundPasswordDriver implements Driver {
        static final ThreadLocal<String> PASSWORD = new ThreadLocal<>();
        private final Driver delegate = new org.postgresql.Driver();
        volatile int connectsWithoutContext;

        @Override
        public Connection connect(String url, Properties info) throws SQLException {
            String password = PASSWORD.get();
            Properties withPassword = new Properties();
            withPassword.putAll(info);
            if (password == null) {
                connectsWithoutContext++;
            } else {
                withPassword.setProperty("password", password);
            }
            return delegate.connect(url, withPassword);
        }

        @Override
        public boolean acceptsURL(String url) throws SQLException {
            return delegate.acceptsURL(url);
        }

        @Override
        public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
            return delegate.getPropertyInfo(url, info);
        }

        @Override
        public int getMajorVersion() {
            return delegate.getMajorVersion();
        }

        @Override
        public int getMinorVersion() {
            return delegate.getMinorVersion();
        }

        @Override
        public boolean jdbcCompliant() {
            return false;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return delegate.getParentLogger();
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
