package io.pgmux;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmux.pool.ServerPool;
import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.io.StringReader;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A logical connection fails where and as the driver's own connection fails: the same call throws, with the same
 * JDBC exception class, SQLState and message, and the calls that succeed on the driver's connection succeed.
 */
@ExtendWith(TestDatabaseExtension.class)
class DriverErrorsTest {
    private static PgmuxDataSource ds;
    private static ServerPool pool;
    private static TestDatabase db;

    @BeforeAll
    static void open(TestDatabase database) throws SQLException {
        db = database;
        ds = Pools.dataSource(db, "pool.size", "2", "pool.reserve", "0");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS driver_errors (id serial PRIMARY KEY, v text)");
            s.execute("CREATE OR REPLACE FUNCTION driver_errors_f(a int) RETURNS int AS $$ SELECT a + 1 $$ LANGUAGE sql");
            s.execute("CREATE OR REPLACE FUNCTION driver_errors_void(a int) RETURNS void AS $$ $$ LANGUAGE sql");
            s.execute("CREATE OR REPLACE PROCEDURE driver_errors_p(a int) AS $$ $$ LANGUAGE sql");
        }
        pool = Pools.pool(ds);
    }

    @AfterAll
    static void close() {
        ds.close();
    }

    interface Call {
        Object on(Connection c) throws Exception;
    }

    /** What a call gave: its value, or the exception's JDBC class (the driver's own classes are not java.sql), SQLState and message. */
    static String outcome(Connection c, Call call) {
        try {
            return "returned " + call.on(c);
        } catch (SQLException e) {
            Class<?> jdbc = e.getClass();
            while (!jdbc.getName().startsWith("java.sql.")) {
                jdbc = jdbc.getSuperclass();
            }
            return jdbc.getSimpleName() + " " + e.getSQLState() + ": " + e.getMessage();
        } catch (RuntimeException e) {
            // the JVM may leave out the message of a NullPointerException thrown often
            return e.getClass().getName();
        } catch (Exception e) {
            return e.toString();
        }
    }

    /** Runs each call on the driver's own connection and on a logical one, and compares what they gave. */
    static void assertSameOutcomes(Map<String, Call> calls) throws SQLException {
        SoftAssertions softly = new SoftAssertions();
        for (Map.Entry<String, Call> call : calls.entrySet()) {
            try (Connection driver = db.connect(); Connection logical = ds.getConnection()) {
                String expected = outcome(driver, call.getValue());
                String actual = outcome(logical, call.getValue());
                softly.assertThat(actual).as(call.getKey()).isEqualTo(expected);
            }
        }
        softly.assertAll();
        assertThat(pool.counters().clientsActive()).isZero();
    }

    private static PreparedStatement prepared(Connection c, String sql) throws SQLException {
        return c.prepareStatement(sql);
    }

    @Test
    void executeUpdateOfACallOrOfAQueryWithKeyColumnsGivesTheDriversCount() throws SQLException {
        Map<String, Call> calls = new LinkedHashMap<>();
        calls.put("prepareCall({call f(?)}).executeUpdate", c -> {
            CallableStatement cs = c.prepareCall("{call driver_errors_f(?)}");
            cs.setInt(1, 1);
            return cs.executeUpdate() + ", result set " + (cs.getResultSet() != null) + ", count " + cs.getUpdateCount();
        });
        calls.put("prepareCall({?= call f(?)}).executeUpdate", c -> {
            CallableStatement cs = c.prepareCall("{?= call driver_errors_f(?)}");
            cs.registerOutParameter(1, Types.INTEGER);
            cs.setInt(2, 1);
            return cs.executeUpdate() + ", out " + cs.getInt(1);
        });
        calls.put("prepareCall({call f(?)}).executeLargeUpdate", c -> {
            CallableStatement cs = c.prepareCall("{call driver_errors_f(?)}");
            cs.setInt(1, 1);
            return cs.executeLargeUpdate();
        });
        calls.put("prepareCall(CALL of a procedure).executeUpdate", c -> {
            CallableStatement cs = c.prepareCall("CALL driver_errors_p(?)");
            cs.setInt(1, 1);
            return cs.executeUpdate() + ", result set " + (cs.getResultSet() != null);
        });
        calls.put("prepareCall(select).executeUpdate", c -> c.prepareCall("SELECT 1").executeUpdate());
        calls.put("createStatement.executeUpdate({call f(1)})", c -> c.createStatement().executeUpdate("{call driver_errors_f(1)}"));
        calls.put("executeUpdate(WITH SELECT, names)", c -> {
            Statement s = c.createStatement();
            return s.executeUpdate("WITH x AS (SELECT 1 AS id) SELECT id FROM x", new String[] {"id"})
                    + ", result set " + (s.getResultSet() != null) + ", keys " + s.getGeneratedKeys().next();
        });
        calls.put("executeUpdate(WITH SELECT, RETURN_GENERATED_KEYS)", c -> c.createStatement()
                .executeUpdate("WITH x AS (SELECT 1 AS id) SELECT id FROM x", Statement.RETURN_GENERATED_KEYS));
        calls.put("executeLargeUpdate(WITH SELECT, names)", c -> c.createStatement()
                .executeLargeUpdate("WITH x AS (SELECT 1 AS id) SELECT id FROM x", new String[] {"id"}));
        calls.put("executeUpdate(WITH SELECT) without keys", c -> c.createStatement()
                .executeUpdate("WITH x AS (SELECT 1 AS id) SELECT id FROM x"));
        calls.put("prepareStatement(WITH SELECT, names).executeUpdate", c -> c.prepareStatement(
                "WITH x AS (SELECT 1 AS id) SELECT id FROM x", new String[] {"id"}).executeUpdate());
        calls.put("prepareStatement(WITH SELECT, RETURN_GENERATED_KEYS).executeUpdate", c -> c.prepareStatement(
                "WITH x AS (SELECT 1 AS id) SELECT id FROM x", Statement.RETURN_GENERATED_KEYS).executeUpdate());
        calls.put("prepareStatement(INSERT, names).executeUpdate", c -> {
            PreparedStatement ps = c.prepareStatement("INSERT INTO driver_errors (v) VALUES ('k')", new String[] {"v"});
            int n = ps.executeUpdate();
            ResultSet keys = ps.getGeneratedKeys();
            keys.next();
            return n + ", key " + keys.getString(1);
        });
        assertSameOutcomes(calls);
    }

    @Test
    void metadataResultsTheDriverBuildsItselfReadAsTheDriversDo() throws SQLException {
        Map<String, Call> calls = new LinkedHashMap<>();
        String[] catalogs = {null, "", "no_such_catalog"};
        String[] patterns = {null, "", " ", "%", "driver_errors%"};
        for (String catalog : catalogs) {
            for (String pattern : patterns) {
                String args = "(" + quoted(catalog) + ", " + quoted(pattern) + ")";
                calls.put("getFunctions" + args, c -> rows(c.getMetaData().getFunctions(catalog, pattern, pattern)));
                calls.put("getFunctionColumns" + args, c -> rows(c.getMetaData().getFunctionColumns(catalog, pattern,
                        pattern, pattern)));
                calls.put("getProcedures" + args, c -> rows(c.getMetaData().getProcedures(catalog, pattern, pattern)));
                calls.put("getProcedureColumns" + args, c -> rows(c.getMetaData().getProcedureColumns(catalog, pattern,
                        pattern, pattern)));
                calls.put("getSchemas" + args, c -> rows(c.getMetaData().getSchemas(catalog, pattern)));
                calls.put("getTables" + args, c -> rows(c.getMetaData().getTables(catalog, pattern, pattern, null)));
                calls.put("getColumns" + args, c -> rows(c.getMetaData().getColumns(catalog, pattern, pattern, pattern)));
                calls.put("getColumnPrivileges" + args, c -> rows(c.getMetaData().getColumnPrivileges(catalog, pattern,
                        "driver_errors", pattern)));
                calls.put("getTablePrivileges" + args, c -> rows(c.getMetaData().getTablePrivileges(catalog, pattern,
                        pattern)));
                calls.put("getPrimaryKeys" + args, c -> rows(c.getMetaData().getPrimaryKeys(catalog, pattern,
                        "driver_errors")));
                calls.put("getIndexInfo" + args, c -> rows(c.getMetaData().getIndexInfo(catalog, pattern,
                        "driver_errors", false, false)));
                calls.put("getUDTs" + args, c -> rows(c.getMetaData().getUDTs(catalog, pattern, pattern, null)));
            }
        }
        calls.put("getCatalogs", c -> rows(c.getMetaData().getCatalogs()).contains(db.database()));
        calls.put("getTableTypes", c -> rows(c.getMetaData().getTableTypes()));
        calls.put("getTypeInfo", c -> rows(c.getMetaData().getTypeInfo()).size() > 10);
        calls.put("getClientInfoProperties", c -> rows(c.getMetaData().getClientInfoProperties()));
        calls.put("getSuperTypes", c -> rows(c.getMetaData().getSuperTypes(null, null, null)));
        calls.put("getSuperTables", c -> rows(c.getMetaData().getSuperTables(null, null, null)));
        calls.put("getAttributes", c -> rows(c.getMetaData().getAttributes(null, null, null, null)));
        calls.put("getPseudoColumns", c -> rows(c.getMetaData().getPseudoColumns(null, null, null, null)));
        assertSameOutcomes(calls);
    }

    @Test
    void aNetworkTimeoutFailsTheStatementAsOnTheDriversConnection() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (Connection driver = db.connect(); Connection logical = ds.getConnection()) {
            for (Connection c : List.of(driver, logical)) {
                c.setNetworkTimeout(executor, 500);
            }
            Call sleep = c -> Pools.intOf(c, "SELECT 1 FROM pg_sleep(2)");
            assertThat(outcome(logical, sleep)).isEqualTo(outcome(driver, sleep))
                    .startsWith("SQLException 08006: An I/O error occurred");
            assertThat(pool.counters().clientsActive()).isZero();
            // the driver's connection is closed now; the logical one goes on (see the README) with its timeout
            assertThat(logical.getNetworkTimeout()).isEqualTo(500);
            assertThat(outcome(logical, sleep)).isEqualTo(outcome(driver.isClosed() ? db.connect() : driver, c -> {
                c.setNetworkTimeout(executor, 500);
                return sleep.on(c);
            }));
            assertThat(Pools.intOf(logical, "SELECT 2")).isEqualTo(2);
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void aNetworkTimeoutInATransactionFailsEveryStatementUntilRollbackAsOnTheDriversConnection() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (Connection driver = db.connect(); Connection logical = ds.getConnection()) {
            for (Connection c : List.of(driver, logical)) {
                c.setAutoCommit(false);
                c.setNetworkTimeout(executor, 500);
                Pools.intOf(c, "SELECT 1");
            }
            Call sleep = c -> Pools.intOf(c, "SELECT 1 FROM pg_sleep(2)");
            assertThat(outcome(logical, sleep)).isEqualTo(outcome(driver, sleep));
            Call next = c -> Pools.intOf(c, "SELECT 3");
            assertThat(outcome(logical, next)).isEqualTo(outcome(driver, next)).startsWith("SQLException 08003");
            Call commit = c -> {
                c.commit();
                return "committed";
            };
            assertThat(outcome(logical, commit)).isEqualTo(outcome(driver, commit));
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void statementsClosedFromOtherThreadsLeaveTheConnectionsStatementsIntact() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 20; round++) {
                Connection c = ds.getConnection();
                List<Statement> statements = new ArrayList<>();
                for (int i = 0; i < 400; i++) {
                    statements.add(i % 2 == 0 ? c.createStatement() : c.prepareStatement("SELECT ?"));
                }
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> closes = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int first = t;
                    closes.add(threads.submit(() -> {
                        start.await();
                        for (int i = first; i < statements.size(); i += 8) {
                            statements.get(i).close();
                        }
                        return null;
                    }));
                }
                start.countDown();
                // the owner keeps creating and closing statements meanwhile
                for (int i = 0; i < 200; i++) {
                    c.createStatement().close();
                    Pools.intOf(c, "SELECT 1");
                }
                for (Future<?> close : closes) {
                    close.get(30, TimeUnit.SECONDS);
                }
                Statement open = c.createStatement();
                c.close();
                assertThat(open.isClosed()).isTrue();
                assertThat(statements).allMatch(s -> {
                    try {
                        return s.isClosed();
                    } catch (SQLException e) {
                        throw new AssertionError(e);
                    }
                });
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(pool.counters().clientsActive()).isZero();
    }

    private static String quoted(String s) {
        return s == null ? "null" : "'" + s + "'";
    }

    /** Every row as text, then what the metadata says of each column (or how asking it failed). */
    static List<String> rows(ResultSet rs) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (rs) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(rs.getString(i)).append('|');
                }
                rows.add(row.toString());
            }
            rows.add("then next() " + rs.next());
            for (int i = 1; i <= columns; i++) {
                int column = i;
                rows.add(outcome(null, c -> rs.getMetaData().getColumnName(column) + " "
                        + rs.getMetaData().getColumnType(column) + " " + rs.getMetaData().getColumnTypeName(column)));
            }
        }
        return rows;
    }
}
