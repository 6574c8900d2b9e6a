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
            s.execute("CREATE TABLE IF NOT EXISTS driver_errors_keys (id serial PRIMARY KEY, v text UNIQUE)");
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
    void invalidArgumentsFailAtTheCallThatTakesThem() throws SQLException {
        Map<String, Call> calls = new LinkedHashMap<>();
        calls.put("setObject(maybe, BOOLEAN)", c -> {
            prepared(c, "SELECT ?::bool").setObject(1, "maybe", Types.BOOLEAN);
            return "bound";
        });
        calls.put("setObject(2, BIT)", c -> {
            prepared(c, "SELECT ?::bool").setObject(1, 2, Types.BIT);
            return "bound";
        });
        calls.put("setObject(Object, BOOLEAN)", c -> {
            prepared(c, "SELECT ?::bool").setObject(1, new StringBuilder("yes"), Types.BOOLEAN);
            return "bound";
        });
        calls.put("setObject(' yes ', BOOLEAN) binds", c -> {
            PreparedStatement ps = prepared(c, "SELECT ?::bool");
            ps.setObject(1, " yes ", Types.BOOLEAN);
            ResultSet rs = ps.executeQuery();
            rs.next();
            return rs.getString(1);
        });
        for (Object value : new Object[] {"on", " OFF ", "t", "Yes", "0", 'Y', 'x', 1, 0L, 1.0d, 0.5f,
                new java.math.BigDecimal("1.00"), true}) {
            calls.put("setObject(" + value + " of " + value.getClass().getSimpleName() + ", BOOLEAN) and execute", c -> {
                PreparedStatement ps = prepared(c, "SELECT ?::bool");
                ps.setObject(1, value, Types.BOOLEAN);
                ResultSet rs = ps.executeQuery();
                rs.next();
                return rs.getBoolean(1);
            });
        }
        for (Object value : new Object[] {"12", " 12", "1e3", 'x', '7', 12.7d, Long.MAX_VALUE, true, new java.util.Date(5),
                Double.NaN, new java.util.concurrent.atomic.AtomicInteger(3), new Object()}) {
            for (int type : new int[] {Types.INTEGER, Types.SMALLINT, Types.BIGINT, Types.REAL, Types.DOUBLE, Types.NUMERIC}) {
                calls.put("setObject(" + value + " of " + value.getClass().getSimpleName() + ", " + type + ")", c -> {
                    prepared(c, "SELECT ?").setObject(1, value, type, 1);
                    return "bound";
                });
            }
        }
        calls.put("setObject(String, BLOB)", c -> {
            prepared(c, "SELECT ?").setObject(1, "x", Types.BLOB);
            return "bound";
        });
        calls.put("setObject(String, CLOB)", c -> {
            prepared(c, "SELECT ?").setObject(1, "x", Types.CLOB);
            return "bound";
        });
        calls.put("setObject(String, NCHAR)", c -> {
            prepared(c, "SELECT ?").setObject(1, "x", Types.NCHAR);
            return "bound";
        });
        calls.put("setObject(null, BOOLEAN) and execute", c -> {
            PreparedStatement ps = prepared(c, "SELECT ?::bool IS NULL");
            ps.setObject(1, null, Types.BOOLEAN);
            ResultSet rs = ps.executeQuery();
            rs.next();
            return rs.getBoolean(1);
        });
        calls.put("setBinaryStream(int, InputStream, long) too long", c -> {
            prepared(c, "SELECT ?").setBinaryStream(1, new java.io.ByteArrayInputStream(new byte[1]), 1L << 33);
            return "bound";
        });
        calls.put("setURL", c -> {
            prepared(c, "SELECT ?").setURL(1, new java.net.URL("http://example.com/"));
            return "bound";
        });
        calls.put("setClob(int, Reader)", c -> {
            prepared(c, "SELECT ?").setClob(1, new StringReader("abc"));
            return "bound";
        });
        calls.put("setAsciiStream(int, InputStream, -2)", c -> {
            prepared(c, "SELECT ?").setAsciiStream(1, new java.io.ByteArrayInputStream(new byte[1]), -2);
            return "bound";
        });
        calls.put("setObject(abc, INTEGER)", c -> {
            prepared(c, "SELECT ?::int").setObject(1, "abc", Types.INTEGER);
            return "bound";
        });
        calls.put("setObject(1.5x, NUMERIC)", c -> {
            prepared(c, "SELECT ?::numeric").setObject(1, "1.5x", Types.NUMERIC, 2);
            return "bound";
        });
        calls.put("setObject(x, unknown Types value)", c -> {
            prepared(c, "SELECT ?").setObject(1, "x", 4711);
            return "bound";
        });
        calls.put("setObject(String, TIMESTAMP_WITH_TIMEZONE)", c -> {
            prepared(c, "SELECT ?").setObject(1, "x", Types.TIMESTAMP_WITH_TIMEZONE);
            return "bound";
        });
        calls.put("setCharacterStream(int, Reader, long)", c -> {
            prepared(c, "SELECT ?").setCharacterStream(1, new StringReader("abc"), 3L);
            return "bound";
        });
        calls.put("setCharacterStream(int, Reader, -1)", c -> {
            prepared(c, "SELECT ?").setCharacterStream(1, new StringReader("abc"), -1);
            return "bound";
        });
        calls.put("callable setCharacterStream(int, Reader, long)", c -> {
            c.prepareCall("{call driver_errors_void(?)}").setCharacterStream(1, new StringReader("abc"), 3L);
            return "bound";
        });
        calls.put("setNString", c -> {
            prepared(c, "SELECT ?").setNString(1, "abc");
            return "bound";
        });
        calls.put("setObject(SQLType)", c -> {
            prepared(c, "SELECT ?").setObject(1, "abc", java.sql.JDBCType.VARCHAR);
            return "bound";
        });
        calls.put("setInt(2) of one parameter", c -> {
            prepared(c, "SELECT ?::int").setInt(2, 1);
            return "bound";
        });
        calls.put("setNull(unknown Types value)", c -> {
            prepared(c, "SELECT ?").setNull(1, 4711);
            return "bound";
        });
        calls.put("setNull(1, Types.JAVA_OBJECT, name)", c -> {
            prepared(c, "SELECT ?").setNull(1, Types.JAVA_OBJECT, "x");
            return "bound";
        });
        calls.put("setObject(java.util.Date)", c -> {
            prepared(c, "SELECT ?").setObject(1, new java.util.Date(0));
            return "bound";
        });
        calls.put("setObject(StringBuilder)", c -> {
            prepared(c, "SELECT ?").setObject(1, new StringBuilder("x"));
            return "bound";
        });
        calls.put("setObject(int[]) and execute", c -> {
            PreparedStatement ps = prepared(c, "SELECT ?::int[]");
            ps.setObject(1, new int[] {1, 2});
            ResultSet rs = ps.executeQuery();
            rs.next();
            return rs.getString(1);
        });
        calls.put("setObject(PGobject) and execute", c -> {
            PreparedStatement ps = prepared(c, "SELECT ?::text");
            org.postgresql.util.PGobject json = new org.postgresql.util.PGobject();
            json.setType("json");
            json.setValue("{}");
            ps.setObject(1, json);
            ResultSet rs = ps.executeQuery();
            rs.next();
            return rs.getString(1);
        });
        calls.put("setString(0)", c -> {
            prepared(c, "SELECT ?").setString(0, "x");
            return "bound";
        });
        calls.put("setNull(1) without parameters", c -> {
            prepared(c, "SELECT 1").setNull(1, Types.INTEGER);
            return "bound";
        });
        calls.put("setString(3) of two statements with one parameter each", c -> {
            PreparedStatement ps = prepared(c, "SELECT ?; SELECT ?");
            ps.setString(2, "x");
            ps.setString(3, "y");
            return "bound";
        });
        calls.put("setInt(2) of {?= call f(?)}", c -> {
            CallableStatement cs = c.prepareCall("{?= call driver_errors_f(?)}");
            cs.setInt(2, 1);
            cs.registerOutParameter(3, Types.INTEGER);
            return "bound";
        });
        calls.put("prepareStatement(unterminated escape)", c -> c.prepareStatement("SELECT {fn abs(?)") != null);
        calls.put("prepareStatement(unterminated literal)", c -> c.prepareStatement("SELECT 'abc") != null);
        calls.put("prepareCall(unterminated dollar quote)", c -> c.prepareCall("SELECT $$abc") != null);
        calls.put("addBatch(unterminated comment)", c -> {
            c.createStatement().addBatch("SELECT 1 /* no end");
            return "added";
        });
        calls.put("createStatement(bad type)", c -> c.createStatement(4711, ResultSet.CONCUR_READ_ONLY) != null);
        calls.put("createStatement(bad concurrency)", c -> c.createStatement(ResultSet.TYPE_FORWARD_ONLY, 4711) != null);
        calls.put("createStatement(bad holdability)", c -> c.createStatement(ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY, 4711) != null);
        calls.put("prepareStatement(bad type)", c -> c.prepareStatement("SELECT 1", 4711, ResultSet.CONCUR_READ_ONLY) != null);
        calls.put("prepareStatement(bad concurrency)", c -> c.prepareStatement("SELECT 1", ResultSet.TYPE_FORWARD_ONLY, 4711) != null);
        calls.put("prepareStatement(bad holdability)", c -> c.prepareStatement("SELECT 1", ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY, 4711) != null);
        calls.put("prepareCall(bad type)", c -> c.prepareCall("{call driver_errors_void(1)}", 4711,
                ResultSet.CONCUR_READ_ONLY) != null);
        calls.put("prepareCall(bad concurrency)", c -> c.prepareCall("{call driver_errors_void(1)}",
                ResultSet.TYPE_FORWARD_ONLY, 4711) != null);
        calls.put("prepareCall(bad holdability)", c -> c.prepareCall("{call driver_errors_void(1)}",
                ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, 4711) != null);
        calls.put("prepareCall({?= call} without a function)", c -> c.prepareCall("{?= call}") != null);
        calls.put("prepareCall({ ? = call f(?)) unclosed", c -> c.prepareCall("{ ? = call driver_errors_f(?)") != null);
        calls.put("prepareCall({ foo })", c -> c.prepareCall("{ foo }") != null);
        calls.put("prepareCall({call f(?); select 1})", c -> c.prepareCall("{call driver_errors_f(?); select 1}") != null);
        calls.put("prepareCall({call f(?)} trailing text)", c -> c.prepareCall("{call driver_errors_f(?)} x") != null);
        calls.put("prepareCall(? = call without braces)", c -> c.prepareCall("? = call driver_errors_f(?)") != null);
        calls.put("prepareStatement(sql, int[])", c -> c.prepareStatement("INSERT INTO driver_errors (v) VALUES ('a')",
                new int[] {1}) != null);
        calls.put("prepareStatement(sql, 4711)", c -> c.prepareStatement("SELECT 1", 4711) != null);
        calls.put("execute(sql, 4711)", c -> c.createStatement().execute("SELECT 1", 4711));
        calls.put("addBatch of two statements", c -> {
            Statement s = c.createStatement();
            s.addBatch("INSERT INTO driver_errors (v) VALUES ('m1'); INSERT INTO driver_errors (v) VALUES ('m2')");
            return java.util.Arrays.toString(s.executeBatch());
        });
        calls.put("addBatch with a trailing semicolon", c -> {
            Statement s = c.createStatement();
            s.addBatch("INSERT INTO driver_errors (v) VALUES ('t1');");
            s.addBatch("INSERT INTO driver_errors (v) VALUES ('t2');");
            return java.util.Arrays.toString(s.executeBatch());
        });
        calls.put("setMaxRows", c -> {
            Statement s = c.createStatement();
            s.setMaxRows(1);
            ResultSet rs = s.executeQuery("SELECT generate_series(1, 3)");
            int n = 0;
            while (rs.next()) {
                n++;
            }
            return n + " rows, max " + s.getMaxRows();
        });
        calls.put("setLargeMaxRows", c -> {
            c.createStatement().setLargeMaxRows(1);
            return "set";
        });
        calls.put("getLargeMaxRows", c -> c.createStatement().getLargeMaxRows());
        assertSameOutcomes(calls);
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
        calls.put("prepareCall(comment, {call f(?)}).executeUpdate", c -> {
            CallableStatement cs = c.prepareCall("/* a note */ {call driver_errors_f(?)}");
            cs.setInt(1, 1);
            return cs.executeUpdate();
        });
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
    void metadataMethodsTheDriverDoesNotImplementLeaveTheServerConnectionInThePool() throws SQLException {
        try (Connection c = ds.getConnection()) {
            int backend = Pools.backendPid(c);
            for (int i = 0; i < 3; i++) {
                assertThat(outcome(c, x -> x.getMetaData().getSuperTypes(null, null, null)))
                        .startsWith("SQLFeatureNotSupportedException 0A000: Method org.postgresql.jdbc.PgDatabaseMetaData");
            }
            assertThat(Pools.backendPid(c)).isEqualTo(backend);
        }
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

    @Test
    void generatedKeysOfAFailedRewrittenBatchStayReadableAsOnTheDriversConnection() throws SQLException {
        String url = db.jdbcUrl() + "?reWriteBatchedInserts=true";
        try (PgmuxDataSource rewriting = Pools.dataSource(db, "pool.size", "2", "pool.reserve", "0")) {
            rewriting.setUrl(url);
            Call batch = c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("DELETE FROM driver_errors_keys");
                }
                PreparedStatement ps = c.prepareStatement("INSERT INTO driver_errors_keys (v) VALUES (?)",
                        new String[] {"v"});
                // a batch long enough for the driver to commit parts of it before the last row fails
                for (int i = 0; i <= 1000; i++) {
                    ps.setString(1, "r" + (i % 1000));
                    ps.addBatch();
                }
                String failure = outcome(c, x -> java.util.Arrays.toString(ps.executeBatch()));
                List<String> keys = new ArrayList<>();
                try (ResultSet rs = ps.getGeneratedKeys()) {
                    while (rs.next()) {
                        keys.add(rs.getString(1));
                    }
                }
                return failure + ", keys " + keys + ", rows " + Pools.intOf(c, "SELECT count(*) FROM driver_errors_keys");
            };
            String expected;
            try (Connection driver = java.sql.DriverManager.getConnection(url, db.user(), db.password())) {
                expected = outcome(driver, batch);
            }
            try (Connection logical = rewriting.getConnection()) {
                assertThat(outcome(logical, batch)).isEqualTo(expected).contains("BatchUpdateException", "keys [r0, r1");
                assertThat(Pools.pool(rewriting).counters().clientsActive()).isZero();
            }
        }
    }

    @Test
    void parameterMetaDataDescribesTheBoundTypesAsTheDriversDoes() throws SQLException {
        interface Binding {
            void bind(PreparedStatement ps) throws SQLException;
        }
        Map<String, Binding> bindings = new LinkedHashMap<>();
        bindings.put("nothing bound", ps -> { });
        bindings.put("setInt", ps -> ps.setInt(1, 5));
        bindings.put("setLong", ps -> ps.setLong(1, 5));
        bindings.put("setString", ps -> ps.setString(1, "x"));
        bindings.put("setBigDecimal", ps -> ps.setBigDecimal(1, java.math.BigDecimal.ONE));
        bindings.put("setBoolean", ps -> ps.setBoolean(1, true));
        bindings.put("setTimestamp", ps -> ps.setTimestamp(1, new java.sql.Timestamp(0)));
        bindings.put("setNull(DATE)", ps -> ps.setNull(1, Types.DATE));
        bindings.put("setObject(5, BIGINT)", ps -> ps.setObject(1, 5, Types.BIGINT));
        bindings.put("setBytes", ps -> ps.setBytes(1, new byte[] {1}));
        bindings.put("setCharacterStream(int length)", ps -> ps.setCharacterStream(1, new StringReader("abc"), 3));
        bindings.put("setBinaryStream", ps -> ps.setBinaryStream(1, new java.io.ByteArrayInputStream(new byte[] {1})));
        bindings.put("setInt then clearParameters", ps -> {
            ps.setInt(1, 5);
            ps.clearParameters();
        });
        Map<String, Call> calls = new LinkedHashMap<>();
        for (String sql : new String[] {"SELECT ?", "SELECT ?::int4 + 1", "INSERT INTO driver_errors (v) VALUES (?)"}) {
            for (Map.Entry<String, Binding> binding : bindings.entrySet()) {
                calls.put(sql + " with " + binding.getKey(), c -> {
                    PreparedStatement ps = c.prepareStatement(sql);
                    String before = describe(ps.getParameterMetaData());
                    binding.getValue().bind(ps);
                    String after = describe(ps.getParameterMetaData());
                    // binding for the description must not use up what the execute binds
                    ps.executeQuery().close();
                    return before + " then " + after;
                });
            }
        }
        calls.put("prepareCall({call f(?)}) with setInt", c -> {
            CallableStatement cs = c.prepareCall("{call driver_errors_f(?)}");
            String before = describe(cs.getParameterMetaData());
            cs.setInt(1, 1);
            return before + " then " + describe(cs.getParameterMetaData());
        });
        calls.put("prepareCall({?= call f(?)}) with OUT and setLong", c -> {
            CallableStatement cs = c.prepareCall("{?= call driver_errors_f(?)}");
            String before = describe(cs.getParameterMetaData());
            cs.registerOutParameter(1, Types.INTEGER);
            cs.setLong(2, 1);
            return before + " then " + describe(cs.getParameterMetaData());
        });
        assertSameOutcomes(calls);
    }

    private static String describe(java.sql.ParameterMetaData md) throws SQLException {
        StringBuilder s = new StringBuilder().append(md.getParameterCount()).append(':');
        for (int i = 1; i <= md.getParameterCount(); i++) {
            s.append(' ').append(md.getParameterType(i)).append('/').append(md.getParameterTypeName(i)).append('/')
                    .append(md.getParameterClassName(i)).append('/').append(md.getParameterMode(i)).append('/')
                    .append(md.getPrecision(i)).append('/').append(md.getScale(i)).append('/')
                    .append(md.isNullable(i)).append('/').append(md.isSigned(i));
        }
        return s.toString();
    }

    @Test
    void preparedStatementToStringShowsTheSqlWithItsValuesAsTheDriversDoes() throws SQLException {
        interface Binding {
            void bind(PreparedStatement ps) throws Exception;
        }
        java.util.Calendar tokyo = java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("Asia/Tokyo"));
        Map<String, Binding> values = new LinkedHashMap<>();
        values.put("unset", ps -> { });
        values.put("setInt", ps -> ps.setInt(1, -5));
        values.put("setLong", ps -> ps.setLong(1, Long.MIN_VALUE));
        values.put("setShort", ps -> ps.setShort(1, (short) 7));
        values.put("setByte", ps -> ps.setByte(1, (byte) 8));
        values.put("setFloat", ps -> ps.setFloat(1, 1.25f));
        values.put("setFloat(NaN)", ps -> ps.setFloat(1, Float.NaN));
        values.put("setDouble", ps -> ps.setDouble(1, -0.0));
        values.put("setDouble(1e300)", ps -> ps.setDouble(1, 1e300));
        for (String d : new String[] {"12.345", "1E+3", "-0.00100", "0", "123456789.123456789", "1.0E-20"}) {
            values.put("setBigDecimal(" + d + ")", ps -> ps.setBigDecimal(1, new java.math.BigDecimal(d)));
        }
        values.put("setBoolean", ps -> ps.setBoolean(1, true));
        values.put("setString", ps -> ps.setString(1, "it's a \\ test"));
        values.put("setString(zero)", ps -> ps.setString(1, "a\u0000b"));
        values.put("setString(null)", ps -> ps.setString(1, null));
        values.put("setNull", ps -> ps.setNull(1, Types.INTEGER));
        values.put("setBytes", ps -> ps.setBytes(1, new byte[] {0, 1, (byte) 0xAB}));
        values.put("setBinaryStream", ps -> ps.setBinaryStream(1, new java.io.ByteArrayInputStream(new byte[] {1}), 1));
        values.put("setCharacterStream(length)", ps -> ps.setCharacterStream(1, new StringReader("line1 and more"), 5));
        values.put("setAsciiStream(length)", ps -> ps.setAsciiStream(1,
                new java.io.ByteArrayInputStream("ascii".getBytes(java.nio.charset.StandardCharsets.US_ASCII)), 5));
        values.put("setDate", ps -> ps.setDate(1, java.sql.Date.valueOf("2026-11-29")));
        values.put("setDate(calendar)", ps -> ps.setDate(1, java.sql.Date.valueOf("2026-11-29"), tokyo));
        values.put("setTime", ps -> ps.setTime(1, java.sql.Time.valueOf("01:02:03")));
        values.put("setTimestamp", ps -> ps.setTimestamp(1, java.sql.Timestamp.valueOf("2026-11-29 01:02:03.1234567")));
        values.put("setTimestamp(calendar)", ps -> ps.setTimestamp(1, java.sql.Timestamp.valueOf("0044-03-15 12:00:00"), tokyo));
        values.put("setObject(String)", ps -> ps.setObject(1, "x"));
        values.put("setObject(Integer)", ps -> ps.setObject(1, 42));
        values.put("setObject(UUID)", ps -> ps.setObject(1, new java.util.UUID(1, 2)));
        values.put("setObject(Boolean)", ps -> ps.setObject(1, Boolean.FALSE));
        values.put("setObject(Character)", ps -> ps.setObject(1, 'c'));
        values.put("setObject('7', INTEGER)", ps -> ps.setObject(1, "7", Types.INTEGER));
        values.put("setObject('yes', BOOLEAN)", ps -> ps.setObject(1, "yes", Types.BOOLEAN));
        values.put("setObject(1.005, NUMERIC, 2)", ps -> ps.setObject(1, 1.005d, Types.NUMERIC, 2));
        values.put("setObject(5, VARCHAR)", ps -> ps.setObject(1, 5, Types.VARCHAR));
        values.put("setObject(null, DATE)", ps -> ps.setObject(1, null, Types.DATE));
        values.put("setObject(LocalDate)", ps -> ps.setObject(1, java.time.LocalDate.of(2026, 11, 29)));
        values.put("setObject(LocalDate.MAX)", ps -> ps.setObject(1, java.time.LocalDate.MAX));
        values.put("setObject(LocalDate BC)", ps -> ps.setObject(1, java.time.LocalDate.of(-43, 3, 15)));
        values.put("setObject(LocalTime)", ps -> ps.setObject(1, java.time.LocalTime.of(1, 2, 3, 123456789)));
        values.put("setObject(OffsetTime)", ps -> ps.setObject(1, java.time.OffsetTime.of(1, 2, 3, 999_999_600,
                java.time.ZoneOffset.ofHoursMinutes(5, 30))));
        values.put("setObject(LocalDateTime)", ps -> ps.setObject(1, java.time.LocalDateTime.of(2026, 11, 29, 23, 59, 59,
                999_999_700)));
        values.put("setObject(OffsetDateTime)", ps -> ps.setObject(1, java.time.OffsetDateTime.of(2026, 11, 29, 1, 2, 3, 0,
                java.time.ZoneOffset.ofHours(-3))));
        values.put("setObject(LocalDate, DATE)", ps -> ps.setObject(1, java.time.LocalDate.of(2026, 1, 2), Types.DATE));
        values.put("setObject(OffsetDateTime, TIMESTAMP_WITH_TIMEZONE)", ps -> ps.setObject(1,
                java.time.OffsetDateTime.of(2026, 11, 29, 1, 2, 3, 0, java.time.ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE));
        Map<String, Call> calls = new LinkedHashMap<>();
        for (Map.Entry<String, Binding> value : values.entrySet()) {
            calls.put("SELECT ? with " + value.getKey(), c -> {
                PreparedStatement ps = c.prepareStatement("SELECT ?");
                value.getValue().bind(ps);
                return ps.toString();
            });
        }
        String[] sqls = {"SELECT 'a?', \"b?\", ? /* ? */ -- ?\n, $$?$$", "SELECT ?; SELECT ?, ?;", "SELECT {fn abs(?)}, {d '2026-01-02'}",
                "SELECT '{\"a\": 1}'::jsonb ?? 'a', ?", "  SELECT ?  ", "INSERT INTO driver_errors (v) VALUES (?)"};
        for (String sql : sqls) {
            calls.put(sql + " with strings", c -> {
                PreparedStatement ps = c.prepareStatement(sql);
                String unset = ps.toString();
                for (int i = 1; i <= 3; i++) {
                    try {
                        ps.setString(i, "v" + i);
                    } catch (SQLException tooMany) {
                        break;
                    }
                }
                return unset + " | " + ps;
            });
        }
        calls.put("generated keys by name", c -> {
            PreparedStatement ps = c.prepareStatement("INSERT INTO driver_errors (v) VALUES (?)", new String[] {"id", "v"});
            ps.setString(1, "k");
            return ps.toString();
        });
        calls.put("all generated keys", c -> c.prepareStatement("INSERT INTO driver_errors (v) VALUES (?)",
                Statement.RETURN_GENERATED_KEYS).toString());
        calls.put("a batch, then executed", c -> {
            PreparedStatement ps = c.prepareStatement("INSERT INTO driver_errors (v) VALUES (?)");
            ps.setString(1, "line1");
            ps.addBatch();
            ps.setBytes(1, new byte[] {1});
            ps.addBatch();
            String batch = ps.toString();
            ps.clearBatch();
            ps.setString(1, "line2");
            ps.addBatch();
            ps.executeBatch();
            return batch + " | " + ps;
        });
        calls.put("an array", c -> {
            PreparedStatement ps = c.prepareStatement("SELECT ?::int[]");
            ps.setArray(1, c.createArrayOf("int4", new Integer[] {1, 2}));
            return ps.toString();
        });
        calls.put("after execute", c -> {
            PreparedStatement ps = c.prepareStatement("SELECT ?::int");
            ps.setInt(1, 3);
            ps.executeQuery().close();
            return ps.toString();
        });
        calls.put("a call", c -> {
            CallableStatement cs = c.prepareCall("{call driver_errors_f(?)}");
            String unset = cs.toString();
            cs.setInt(1, 4);
            return unset + " | " + cs;
        });
        calls.put("a call with a result", c -> {
            CallableStatement cs = c.prepareCall("{? = call driver_errors_f(?)}");
            cs.registerOutParameter(1, Types.INTEGER);
            cs.setInt(2, 4);
            return cs.toString();
        });
        assertSameOutcomes(calls);
    }

    /**
     * pgjdbc 42.7.13 refuses several statements in one {@code Statement.addBatch(sql)} at that call; older drivers
     * take them. A logical connection over the app's own driver (here loaded apart, as the agent finds it in an app)
     * does as that driver does, and uses that driver's parser for its texts and checks.
     */
    @Test
    void aDriverInAClassLoaderOfItsOwnDecidesAddBatchToStringAndParameterChecks() throws Exception {
        // copied by the build (runtime/pom.xml); a run from an IDE without it skips
        String otherDriver = System.getProperty("pgmux.test.otherDriver", "target/drivers/postgresql-42.7.13.jar");
        java.nio.file.Path jar = java.nio.file.Paths.get(otherDriver);
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(jar), "pgjdbc 42.7.13 at " + jar);
        java.util.Properties settings = new java.util.Properties();
        settings.setProperty("pgmux.pool.minIdle", "0");
        java.util.Properties login = new java.util.Properties();
        login.setProperty("user", db.user());
        login.setProperty("password", db.password());
        Map<String, Call> calls = new LinkedHashMap<>();
        calls.put("addBatch of two statements", c -> {
            Statement s = c.createStatement();
            s.addBatch("INSERT INTO driver_errors (v) VALUES ('m1'); INSERT INTO driver_errors (v) VALUES ('m2')");
            return "added";
        });
        calls.put("addBatch of one statement and a semicolon", c -> {
            Statement s = c.createStatement();
            s.addBatch("INSERT INTO driver_errors (v) VALUES ('t1'); ");
            s.addBatch("SELECT ';'");
            return java.util.Arrays.toString(s.executeBatch());
        });
        calls.put("executeUpdate of a call escape after a comment", c -> {
            CallableStatement cs = c.prepareCall("/* a note */ {call driver_errors_f(?)}");
            cs.setInt(1, 1);
            return cs.executeUpdate();
        });
        calls.put("toString and a parameter out of range, through the driver's own parser", c -> {
            PreparedStatement ps = c.prepareStatement("SELECT {fn abs(?)}, ?");
            ps.setInt(1, -3);
            return ps + " | " + outcome(c, x -> {
                ps.setInt(3, 1);
                return "bound";
            });
        });
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
             Multiplexer multiplexer = new Multiplexer(io.pgmux.config.PgmuxConfig.fromProperties(settings))) {
            java.sql.Driver newer = (java.sql.Driver) loader.loadClass("org.postgresql.Driver").getDeclaredConstructor()
                    .newInstance();
            assertThat(newer.getMinorVersion()).isEqualTo(7);
            SoftAssertions softly = new SoftAssertions();
            for (Map.Entry<String, Call> call : calls.entrySet()) {
                try (Connection driver = newer.connect(db.jdbcUrl(), login);
                     Connection logical = multiplexer.connect(newer, db.jdbcUrl(), login)) {
                    softly.assertThat(outcome(logical, call.getValue())).as(call.getKey())
                            .isEqualTo(outcome(driver, call.getValue()));
                }
            }
            softly.assertAll();
            try (Connection driver = newer.connect(db.jdbcUrl(), login)) {
                assertThat(outcome(driver, calls.get("addBatch of two statements"))).as("42.7.13 refuses")
                        .startsWith("SQLException 0A000: Multi-statement SQL is not supported");
            }
        }
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
