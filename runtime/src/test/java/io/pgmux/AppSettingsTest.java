package io.pgmux;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmux.config.PgmuxConfig;
import io.pgmux.testing.PoolMode;
import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Settings the app gives at connect time or sets with SQL hold on a logical connection exactly as on the driver's own
 * connection: each test runs the same steps on a plain connection and on a pgmux one and compares what they see.
 */
@ExtendWith(TestDatabaseExtension.class)
class AppSettingsTest {
    private final org.postgresql.Driver driver = new org.postgresql.Driver();
    private Multiplexer multiplexer;

    @BeforeAll
    static void table(TestDatabase db) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS app_settings_probe (v int)");
        }
    }

    @BeforeEach
    void start() throws Exception {
        Properties settings = new Properties();
        settings.setProperty("pgmux.pool.minIdle", "0");
        settings.setProperty("pgmux.jmx", "false");
        settings.setProperty("pgmux.applicationName", "pgmux-configured-name");
        multiplexer = new Multiplexer(PgmuxConfig.fromProperties(settings));
    }

    @AfterEach
    void stop() {
        multiplexer.close();
    }

    private Connection plain(String url, Properties info) throws SQLException {
        return DriverManager.getConnection(url, info);
    }

    private Connection pgmux(String url, Properties info) throws SQLException {
        return multiplexer.connect(driver, url, info);
    }

    private static Properties credentials(TestDatabase db) {
        Properties p = new Properties();
        p.setProperty("user", db.user());
        p.setProperty("password", db.password());
        return p;
    }

    // ---- readOnly -----------------------------------------------------------------------------------

    @Test
    void readOnlyInTheUrlMakesTheConnectionReadOnlyAsWithTheDriver(TestDatabase db) throws SQLException {
        String url = db.jdbcUrl() + "?readOnly=true";
        List<String> expected;
        try (Connection c = plain(url, credentials(db))) {
            expected = readOnlySteps(c);
        }
        assertThat(expected).contains("transaction insert: 25006");
        try (Connection c = pgmux(url, credentials(db))) {
            assertThat(readOnlySteps(c)).isEqualTo(expected);
        }
    }

    @Test
    void readOnlyInTheConnectPropertiesMakesTheConnectionReadOnlyAsWithTheDriver(TestDatabase db) throws SQLException {
        Properties info = credentials(db);
        info.setProperty("readOnly", "true");
        List<String> expected;
        try (Connection c = plain(db.jdbcUrl(), info)) {
            expected = readOnlySteps(c);
        }
        try (Connection c = pgmux(db.jdbcUrl(), info)) {
            assertThat(readOnlySteps(c)).isEqualTo(expected);
        }
        // and a second connection of the same pool, on a server connection that went back to the pool
        try (Connection c = pgmux(db.jdbcUrl(), info)) {
            assertThat(readOnlySteps(c)).isEqualTo(expected);
        }
    }

    private static List<String> readOnlySteps(Connection c) throws SQLException {
        List<String> seen = new ArrayList<>();
        seen.add("isReadOnly: " + c.isReadOnly());
        seen.add("autocommit insert: " + outcome(c, "INSERT INTO app_settings_probe VALUES (1)"));
        c.setAutoCommit(false);
        seen.add("transaction insert: " + outcome(c, "INSERT INTO app_settings_probe VALUES (2)"));
        c.rollback();
        seen.add("transaction read only: " + value(c, "SHOW transaction_read_only"));
        c.rollback();
        c.setReadOnly(false);
        seen.add("after setReadOnly(false): " + outcome(c, "INSERT INTO app_settings_probe VALUES (3)"));
        c.rollback();
        return seen;
    }

    // ---- ApplicationName ----------------------------------------------------------------------------

    @Test
    void anApplicationNameInTheUrlWinsOverPgmuxApplicationName(TestDatabase db) throws SQLException {
        try (Connection c = pgmux(db.jdbcUrl() + "?ApplicationName=orders-from-url", credentials(db))) {
            assertThat(c.getClientInfo("ApplicationName")).isEqualTo("orders-from-url");
            assertThat(value(c, "SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()"))
                    .isEqualTo("orders-from-url");
        }
    }

    @Test
    void anApplicationNameInTheConnectPropertiesWinsOverPgmuxApplicationName(TestDatabase db) throws SQLException {
        Properties info = credentials(db);
        info.setProperty("ApplicationName", "orders-from-properties");
        try (Connection c = pgmux(db.jdbcUrl(), info)) {
            assertThat(c.getClientInfo("ApplicationName")).isEqualTo("orders-from-properties");
            assertThat(c.getClientInfo().getProperty("ApplicationName")).isEqualTo("orders-from-properties");
            assertThat(value(c, "SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()"))
                    .isEqualTo("orders-from-properties");
        }
    }

    @Test
    void pgmuxApplicationNameAppliesWhereTheAppSetNone(TestDatabase db) throws SQLException {
        try (Connection c = pgmux(db.jdbcUrl(), credentials(db))) {
            assertThat(c.getClientInfo("ApplicationName")).isEqualTo("pgmux-configured-name");
            assertThat(value(c, "SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()"))
                    .isEqualTo("pgmux-configured-name");
        }
    }

    // ---- client info --------------------------------------------------------------------------------

    @Test
    void clientInfoSeesApplicationNameSetBySqlAndAnEmptySetClientInfoClearsItAsWithTheDriver(TestDatabase db)
            throws SQLException {
        String url = db.jdbcUrl() + "?ApplicationName=before-sql";
        List<String> expected;
        try (Connection c = plain(url, credentials(db))) {
            expected = clientInfoSteps(c);
        }
        assertThat(expected).contains("getClientInfo() after SET: set-by-sql");
        try (Connection c = pgmux(url, credentials(db))) {
            assertThat(clientInfoSteps(c)).isEqualTo(expected);
        }
    }

    private static List<String> clientInfoSteps(Connection c) throws SQLException {
        List<String> seen = new ArrayList<>();
        seen.add("at start: " + c.getClientInfo("ApplicationName"));
        try (Statement s = c.createStatement()) {
            s.execute("SET application_name = 'set-by-sql'");
        }
        seen.add("getClientInfo(name) after SET: " + c.getClientInfo("ApplicationName"));
        seen.add("getClientInfo() after SET: " + c.getClientInfo().getProperty("ApplicationName"));
        c.setClientInfo(new Properties());
        seen.add("getClientInfo(name) after clearing: " + c.getClientInfo("ApplicationName"));
        seen.add("getClientInfo() after clearing: " + c.getClientInfo().getProperty("ApplicationName"));
        seen.add("server after clearing: " + value(c, "SELECT current_setting('application_name')"));
        c.setClientInfo("ApplicationName", "set-by-jdbc");
        seen.add("after setClientInfo: " + c.getClientInfo("ApplicationName") + " / "
                + value(c, "SELECT current_setting('application_name')"));
        return seen;
    }

    // ---- isolation set by SQL -----------------------------------------------------------------------

    @Test
    void setSessionCharacteristicsInSqlChangesGetTransactionIsolationAndTheLevelTransactionsRunAt(TestDatabase db)
            throws SQLException {
        List<String> expected;
        try (Connection c = plain(db.jdbcUrl(), credentials(db))) {
            expected = sessionIsolationSteps(c);
        }
        assertThat(expected).contains("after SQL: 8");
        try (Connection c = pgmux(db.jdbcUrl(), credentials(db))) {
            assertThat(sessionIsolationSteps(c)).isEqualTo(expected);
            // the level is this logical connection's own: another one of the same pool keeps the default
            try (Connection other = pgmux(db.jdbcUrl(), credentials(db))) {
                assertThat(other.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
                assertThat(value(other, "SHOW transaction_isolation")).isEqualTo("read committed");
            }
            assertThat(value(c, "SHOW transaction_isolation")).isEqualTo("repeatable read");
        }
    }

    @Test
    void setSessionCharacteristicsInSqlHoldsThroughATransactionModePoolerWithoutReachingOtherConnections(
            TestDatabase db) throws SQLException {
        List<String> expected;
        try (Connection c = plain(db.jdbcUrl(), credentials(db))) {
            expected = sessionIsolationSteps(c);
        }
        Properties settings = new Properties();
        settings.setProperty("pgmux.target", db.host() + ":" + db.pgbouncerPort());
        settings.setProperty("pgmux.pool.size", "2");
        settings.setProperty("pgmux.pool.minIdle", "0");
        settings.setProperty("pgmux.jmx", "false");
        try (PgmuxDataSource ds = new PgmuxDataSource(settings)) {
            ds.setUrl(db.pgbouncerUrl(PoolMode.TRANSACTION));
            ds.setUser(db.user());
            ds.setPassword(db.password());
            try (Connection c = ds.getConnection()) {
                assertThat(sessionIsolationSteps(c)).isEqualTo(expected);
                for (int i = 0; i < 4; i++) {
                    try (Connection other = ds.getConnection()) {
                        assertThat(value(other, "SHOW transaction_isolation")).isEqualTo("read committed");
                        assertThat(value(other, "SHOW default_transaction_isolation")).isEqualTo("read committed");
                    }
                }
                assertThat(value(c, "SHOW transaction_isolation")).isEqualTo("repeatable read");
            }
        }
    }

    private static List<String> sessionIsolationSteps(Connection c) throws SQLException {
        List<String> seen = new ArrayList<>();
        seen.add("at start: " + c.getTransactionIsolation());
        try (Statement s = c.createStatement()) {
            s.execute("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE");
        }
        seen.add("after SQL: " + c.getTransactionIsolation());
        seen.add("autocommit statement runs at: " + value(c, "SHOW transaction_isolation"));
        c.setAutoCommit(false);
        seen.add("transaction runs at: " + value(c, "SHOW transaction_isolation"));
        try (Statement s = c.createStatement()) {
            // inside a transaction that rolls back, the change is undone
            s.execute("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ UNCOMMITTED");
        }
        c.rollback();
        seen.add("after a rolled back change: " + c.getTransactionIsolation());
        try (Statement s = c.createStatement()) {
            s.execute("SET default_transaction_isolation = 'repeatable read'");
        }
        c.commit();
        seen.add("after a committed SET default_transaction_isolation: " + c.getTransactionIsolation());
        seen.add("next transaction runs at: " + value(c, "SHOW transaction_isolation"));
        c.commit();
        c.setAutoCommit(true);
        return seen;
    }

    @Test
    void setTransactionIsolationLevelInSqlCountsForThatTransactionOnlyAsWithTheDriver(TestDatabase db)
            throws SQLException {
        List<String> expected;
        try (Connection c = plain(db.jdbcUrl(), credentials(db))) {
            expected = transactionIsolationSteps(c);
        }
        assertThat(expected).contains("inside: 4");
        try (Connection c = pgmux(db.jdbcUrl(), credentials(db))) {
            assertThat(transactionIsolationSteps(c)).isEqualTo(expected);
        }
    }

    private static List<String> transactionIsolationSteps(Connection c) throws SQLException {
        List<String> seen = new ArrayList<>();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
        }
        seen.add("inside: " + c.getTransactionIsolation());
        seen.add("runs at: " + value(c, "SHOW transaction_isolation"));
        c.commit();
        seen.add("after commit: " + c.getTransactionIsolation());
        seen.add("next runs at: " + value(c, "SHOW transaction_isolation"));
        c.commit();
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN ISOLATION LEVEL SERIALIZABLE");
        }
        seen.add("in a BEGIN block: " + c.getTransactionIsolation());
        try (Statement s = c.createStatement()) {
            s.execute("COMMIT");
        }
        seen.add("after the block: " + c.getTransactionIsolation());
        return seen;
    }

    @Test
    void newConnectionsAfterAlterDatabaseSetDefaultTransactionIsolationGetTheNewDefaultAsWithTheDriver(TestDatabase db)
            throws SQLException {
        try (Connection first = pgmux(db.jdbcUrl(), credentials(db))) {
            // the pool has captured its defaults and keeps an idle server connection
            assertThat(first.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
            try (Statement s = first.createStatement()) {
                s.execute("ALTER DATABASE " + db.database() + " SET default_transaction_isolation = 'serializable'");
            }
            List<String> expected;
            try (Connection c = plain(db.jdbcUrl(), credentials(db))) {
                expected = newConnectionIsolation(c);
            }
            assertThat(expected).contains("getTransactionIsolation: 8");
            try (Connection c = pgmux(db.jdbcUrl(), credentials(db))) {
                assertThat(newConnectionIsolation(c)).isEqualTo(expected);
            }
            // the connection opened before keeps the default it began with, as a plain one would
            assertThat(first.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
            assertThat(value(first, "SHOW transaction_isolation")).isEqualTo("read committed");
        } finally {
            db.execAsSuperuser("ALTER DATABASE " + db.database() + " RESET default_transaction_isolation");
        }
    }

    private static List<String> newConnectionIsolation(Connection c) throws SQLException {
        List<String> seen = new ArrayList<>();
        seen.add("getTransactionIsolation: " + c.getTransactionIsolation());
        seen.add("autocommit statement runs at: " + value(c, "SHOW transaction_isolation"));
        c.setAutoCommit(false);
        seen.add("transaction runs at: " + value(c, "SHOW transaction_isolation"));
        c.commit();
        return seen;
    }

    // ---- defaultRowFetchSize ------------------------------------------------------------------------

    @Test
    void defaultRowFetchSizeIsTheFetchSizeOfNewStatementsAsWithTheDriver(TestDatabase db) throws SQLException {
        String url = db.jdbcUrl() + "?defaultRowFetchSize=7";
        try (Connection plain = plain(url, credentials(db)); Connection c = pgmux(url, credentials(db))) {
            assertThat(plain.createStatement().getFetchSize()).isEqualTo(7);
            assertThat(c.createStatement().getFetchSize()).isEqualTo(7);
            assertThat(c.prepareStatement("SELECT 1").getFetchSize()).isEqualTo(7);
            assertThat(c.prepareCall("SELECT 1").getFetchSize()).isEqualTo(7);
        }
    }

    @Test
    void defaultRowFetchSizeMakesAQueryInATransactionReadThroughAPortalAsWithTheDriver(TestDatabase db)
            throws SQLException {
        String url = db.jdbcUrl() + "?defaultRowFetchSize=3";
        String expected;
        try (Connection c = plain(url, credentials(db))) {
            expected = portalsWhileReading(c);
        }
        assertThat(expected).isEqualTo("2"); // the query being read and the one counting, each through its portal
        try (Connection c = pgmux(url, credentials(db))) {
            assertThat(portalsWhileReading(c)).isEqualTo(expected);
        }
    }

    /** The named portals open while a query's result is read: the driver fetches in batches through one. */
    private static String portalsWhileReading(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT generate_series(1, 10)")) {
            rs.next();
            return value(c, "SELECT count(*) FROM pg_cursors WHERE name <> ''");
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private static String outcome(Connection c, String sql) {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
            return "ok";
        } catch (SQLException e) {
            return e.getSQLState();
        }
    }

    private static String value(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
