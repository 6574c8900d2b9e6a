package io.pgmux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmux.pool.ServerPool;
import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.io.StringReader;
import java.io.StringWriter;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.PGResultSetMetaData;
import org.postgresql.PGStatement;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;
import org.postgresql.jdbc.AutoSave;
import org.postgresql.largeobject.LargeObject;
import org.postgresql.largeobject.LargeObjectManager;
import org.postgresql.util.PGobject;

/**
 * Issue 13, section 1: logical connections, statements and result-set metadata are the driver's own types, so an
 * app's casts work as on the driver's objects; each method holds a server connection only where it must. One server
 * connection in the pool, so that "the next borrower" gets the same one the test used before.
 */
@ExtendWith(TestDatabaseExtension.class)
class DriverTypesTest {
    private static PgmuxDataSource ds;
    private static ServerPool pool;
    private static TestDatabase db;

    @BeforeAll
    static void open(TestDatabase database) throws SQLException {
        db = database;
        ds = Pools.dataSource(db, "pool.size", "1", "pool.reserve", "0");
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS driver_types (id int PRIMARY KEY, name text)");
            st.execute("TRUNCATE driver_types");
        }
        pool = Pools.pool(ds);
    }

    @AfterAll
    static void close() {
        ds.close();
    }

    /** An app-defined type, as apps register with addDataType. */
    public static class InetValue extends PGobject {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void aLogicalConnectionIsAPgConnectionAndUnwrapsToItselfWithoutPinning() throws SQLException {
        long pins = pool.counters().totalPins();
        try (Connection c = ds.getConnection()) {
            assertThat(c).isInstanceOf(PGConnection.class);
            assertThat(c.isWrapperFor(PGConnection.class)).isTrue();
            assertThat(c.unwrap(PGConnection.class)).isSameAs(c);
            try (Statement st = c.createStatement(); PreparedStatement ps = c.prepareStatement("SELECT 1");
                 CallableStatement call = c.prepareCall("{call pg_sleep(0)}")) {
                for (Statement s : new Statement[] {st, ps, call}) {
                    assertThat(s).isInstanceOf(PGStatement.class);
                    assertThat(s.isWrapperFor(PGStatement.class)).isTrue();
                    assertThat(s.unwrap(PGStatement.class)).isSameAs(s);
                }
            }
            assertThat(pool.counters().totalPins()).isEqualTo(pins);
            assertThat(pool.serversActive()).isZero();
        }
    }

    @Test
    void copyInAndOutThroughTheCopyApiPinsAndTheServerConnectionIsClosedBeforeReuse() throws Exception {
        long pins = pool.counters().totalPins();
        int pid;
        try (Connection c = ds.getConnection()) {
            c.createStatement().execute("CREATE TEMP TABLE IF NOT EXISTS copy_target (id int, name text)");
            CopyManager copy = ((PGConnection) c).getCopyAPI();
            long rows = copy.copyIn("COPY copy_target FROM STDIN", new StringReader("1\tone\n2\ttwo\n3\tthree\n"));
            assertThat(rows).isEqualTo(3);
            StringWriter out = new StringWriter();
            copy.copyOut("COPY (SELECT * FROM copy_target ORDER BY id) TO STDOUT", out);
            assertThat(out.toString()).isEqualTo("1\tone\n2\ttwo\n3\tthree\n");
            assertThat(Pools.intOf(c, "SELECT count(*) FROM copy_target")).isEqualTo(3);
            assertThat(pool.counters().totalPins()).isEqualTo(pins + 1);
            assertThat(pool.counters().clientsPinned()).isEqualTo(1);
            pid = ((PGConnection) c).getBackendPID();
            assertThat(Pools.backendPid(c)).isEqualTo(pid);
        }
        assertThat(pool.counters().clientsPinned()).isZero();
        try (Connection next = ds.getConnection()) {
            assertThat(Pools.backendPid(next)).isNotEqualTo(pid);
            assertThat(Pools.stringOf(next, "SELECT to_regclass('copy_target')::text")).isNull();
        }
    }

    @Test
    void largeObjectsWorkInATransaction() throws SQLException {
        byte[] data = {1, 2, 3, 4, 5};
        long oid;
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            LargeObjectManager objects = ((PGConnection) c).getLargeObjectAPI();
            oid = objects.createLO(LargeObjectManager.READWRITE);
            try (LargeObject lo = objects.open(oid, LargeObjectManager.WRITE)) {
                lo.write(data);
            }
            c.commit();
            try (LargeObject lo = objects.open(oid, LargeObjectManager.READ)) {
                assertThat(lo.read(10)).containsExactly(data);
            }
            objects.delete(oid);
            c.commit();
        }
        try (Connection next = ds.getConnection()) {
            assertThat(Pools.intOf(next, "SELECT count(*) FROM pg_largeobject_metadata WHERE oid = " + oid)).isZero();
        }
    }

    @Test
    void aListeningConnectionGetsNotificationsThroughItsCast() throws Exception {
        try (PgmuxDataSource two = Pools.dataSource(db, "pool.size", "2", "pool.reserve", "0");
             Connection listener = two.getConnection(); Connection notifier = two.getConnection()) {
            listener.createStatement().execute("LISTEN driver_types_events");
            notifier.createStatement().execute("NOTIFY driver_types_events, 'hello'");
            PGNotification[] received = ((PGConnection) listener).getNotifications(5000);
            assertThat(received).hasSize(1);
            assertThat(received[0].getName()).isEqualTo("driver_types_events");
            assertThat(received[0].getParameter()).isEqualTo("hello");
            assertThat(((PGConnection) listener).getNotifications()).isEmpty();
        }
    }

    @Test
    void withoutListenGetNotificationsAnswersNoneAfterItsTimeoutAndHoldsNothing() throws SQLException {
        long pins = pool.counters().totalPins();
        long borrows = pool.counters().totalBorrows();
        try (Connection c = ds.getConnection()) {
            PGConnection pg = (PGConnection) c;
            assertThat(pg.getNotifications()).isEmpty();
            long start = System.nanoTime();
            assertThat(pg.getNotifications(500)).isEmpty();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(450);
            assertThat(pool.counters().totalPins()).isEqualTo(pins);
            assertThat(pool.counters().totalBorrows()).isEqualTo(borrows);
        }
    }

    /** pgjdbc's NotifyTest: closing the connection from another thread ends the wait with an SQLException. */
    @Test
    void closingWhileAnotherThreadWaitsForNotificationsEndsTheWaitAndHoldsNothing() throws Exception {
        for (boolean listening : new boolean[] {true, false}) {
            Connection c = ds.getConnection();
            if (listening) {
                c.createStatement().execute("LISTEN driver_types_closed");
            }
            CompletableFuture<Void> closer = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(500);
                    c.close();
                } catch (InterruptedException | SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            long start = System.nanoTime();
            assertThatThrownBy(() -> ((PGConnection) c).getNotifications(40000)).isInstanceOf(SQLException.class);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("listening: %s", listening)
                    .isLessThan(10_000);
            closer.get(10, TimeUnit.SECONDS);
            assertThat(c.isClosed()).isTrue();
            assertThat(pool.counters().clientsActive()).isZero();
            assertThat(pool.serversActive()).isZero();
        }
        try (Connection next = ds.getConnection()) {
            assertThat(Pools.intOf(next, "SELECT 1")).isEqualTo(1);
        }
    }

    @Test
    void addDataTypePinsAndTheNextBorrowerDoesNotInheritTheType() throws SQLException {
        long pins = pool.counters().totalPins();
        try (Connection c = ds.getConnection()) {
            ((PGConnection) c).addDataType("inet", InetValue.class);
            assertThat(objectOf(c, "SELECT '10.0.0.1'::inet")).isInstanceOf(InetValue.class);
            assertThat(pool.counters().totalPins()).isEqualTo(pins + 1);
        }
        try (Connection next = ds.getConnection()) {
            assertThat(objectOf(next, "SELECT '10.0.0.1'::inet")).isNotInstanceOf(InetValue.class);
        }
    }

    @Test
    void escapingNeedsNoServerConnection() throws SQLException {
        long borrows = pool.counters().totalBorrows();
        try (Connection c = ds.getConnection()) {
            PGConnection pg = (PGConnection) c;
            assertThat(pg.escapeIdentifier("odd\"name")).isEqualTo("\"odd\"\"name\"");
            assertThat(pg.escapeLiteral("it's")).isEqualTo("it''s");
            assertThat(pg.escapeLiteral("back\\slash")).isEqualTo("back\\slash");
            assertThatThrownBy(() -> pg.escapeLiteral("nul\0")).isInstanceOf(SQLException.class);
            assertThat(pool.serversActive()).isZero();
            assertThat(pool.counters().totalBorrows()).isEqualTo(borrows);
            assertThat(Pools.stringOf(c, "SELECT '" + pg.escapeLiteral("it's") + "'")).isEqualTo("it's");
        }
    }

    @Test
    void getBackendPidAnswersTheHeldServerConnectionOrBorrowsForTheCall() throws SQLException {
        long pins = pool.counters().totalPins();
        try (Connection c = ds.getConnection()) {
            PGConnection pg = (PGConnection) c;
            assertThat(pg.getBackendPID()).isPositive();
            assertThat(pool.counters().clientsActive()).isZero();
            c.setAutoCommit(false);
            int inTransaction = Pools.backendPid(c);
            assertThat(pg.getBackendPID()).isEqualTo(inTransaction);
            c.commit();
            assertThat(pg.getParameterStatus("server_version")).isNotBlank();
            assertThat(pg.getParameterStatuses()).containsKey("TimeZone");
            assertThat(pg.getParameterStatuses().get("timezone")).as("case-insensitive, as the driver's")
                    .isEqualTo(pg.getParameterStatus("TimeZone"));
            assertThat(pool.counters().totalPins()).isEqualTo(pins);
            assertThat(pool.counters().clientsActive()).isZero();
        }
    }

    @Test
    void driverSettingsAreTrackedAndNotLeakedToTheNextBorrowerOfTheServerConnection() throws SQLException {
        int pid;
        try (Connection c = ds.getConnection()) {
            PGConnection pg = (PGConnection) c;
            assertThat(pg.getPrepareThreshold()).isEqualTo(5);
            assertThat(pg.getDefaultFetchSize()).isZero();
            assertThat(pg.getAutosave()).isEqualTo(AutoSave.NEVER);
            pg.setPrepareThreshold(1);
            pg.setDefaultFetchSize(7);
            pg.setAutosave(AutoSave.ALWAYS);
            assertThat(pg.getPrepareThreshold()).isEqualTo(1);
            assertThat(pg.getDefaultFetchSize()).isEqualTo(7);
            assertThat(pg.getAutosave()).isEqualTo(AutoSave.ALWAYS);
            assertThatThrownBy(() -> pg.setDefaultFetchSize(-1)).isInstanceOf(SQLException.class)
                    .hasFieldOrPropertyWithValue("SQLState", "22023");
            assertThat(pool.serversActive()).isZero();

            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM driver_types WHERE id = ?")) {
                assertThat(ps.getFetchSize()).isEqualTo(7);
                assertThat(((PGStatement) ps).getPrepareThreshold()).isEqualTo(1);
                ps.setInt(1, 1);
                ps.executeQuery().close();
                assertThat(((PGStatement) ps).isUseServerPrepare()).isTrue();
                assertThat(Pools.intOf(c, "SELECT count(*) FROM pg_prepared_statements"
                        + " WHERE statement LIKE 'SELECT id FROM driver_types%'")).isEqualTo(1);
            }
            pid = Pools.backendPid(c);
            c.commit();
        }
        try (Connection next = ds.getConnection()) {
            PGConnection pg = (PGConnection) next;
            assertThat(pg.getPrepareThreshold()).isEqualTo(5);
            assertThat(pg.getDefaultFetchSize()).isZero();
            assertThat(pg.getAutosave()).isEqualTo(AutoSave.NEVER);
            next.setAutoCommit(false);
            assertThat(Pools.backendPid(next)).as("the same server connection").isEqualTo(pid);
            try (PreparedStatement ps = next.prepareStatement("SELECT id FROM driver_types WHERE id > ?")) {
                assertThat(ps.getFetchSize()).isZero();
                ps.setInt(1, 1);
                ps.executeQuery().close();
                assertThat(((PGStatement) ps).isUseServerPrepare()).isFalse();
            }
            next.commit();
        }
    }

    @Test
    void theDriversDefaultRowFetchSizeIsTheDefaultFetchSizeOfNewStatements() throws SQLException {
        try (PgmuxDataSource fetching = Pools.dataSource(db)) {
            fetching.setUrl(db.jdbcUrl() + "?defaultRowFetchSize=25");
            try (Connection c = fetching.getConnection(); Statement st = c.createStatement()) {
                assertThat(((PGConnection) c).getDefaultFetchSize()).isEqualTo(25);
                assertThat(st.getFetchSize()).isEqualTo(25);
                ((PGConnection) c).setDefaultFetchSize(3);
                try (Statement later = c.createStatement()) {
                    assertThat(later.getFetchSize()).isEqualTo(3);
                }
            }
        }
    }

    @Test
    void statementSettingsAndFactsAnswerThroughTheCastAfterRelease() throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO driver_types VALUES (?, 'x') ON CONFLICT DO NOTHING")) {
            PGStatement pg = (PGStatement) ps;
            assertThat(pg.getPrepareThreshold()).isEqualTo(5);
            assertThat(pg.isUseServerPrepare()).isFalse();
            pg.setPrepareThreshold(1);
            assertThat(pg.getPrepareThreshold()).isEqualTo(1);
            pg.setUseServerPrepare(false);
            assertThat(pg.getPrepareThreshold()).isZero();
            ps.setInt(1, 100);
            ps.executeUpdate();
            assertThat(pool.counters().clientsActive()).isZero();
            assertThat(pg.getLastOID()).isZero();
            assertThat(pg.isUseServerPrepare()).isFalse();
            pg.setAdaptiveFetch(true);
            assertThat(pg.getAdaptiveFetch()).isTrue();
        }
    }

    @Test
    void resultSetMetaDataIsTheDriversTypeAndAnswersBaseFactsAfterRelease() throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id AS ident, name, 1 AS one FROM driver_types")) {
            while (rs.next()) {
                // read to its end: the server connection goes back
            }
            assertThat(pool.counters().clientsActive()).isZero();
            ResultSetMetaData md = rs.getMetaData();
            assertThat(md.isWrapperFor(PGResultSetMetaData.class)).isTrue();
            assertThat(md.unwrap(PGResultSetMetaData.class)).isSameAs(md);
            PGResultSetMetaData pg = (PGResultSetMetaData) md;
            assertThat(pg.getBaseColumnName(1)).isEqualTo("id");
            assertThat(pg.getBaseTableName(1)).isEqualTo("driver_types");
            assertThat(pg.getBaseSchemaName(1)).isEqualTo("public");
            assertThat(pg.getBaseColumnName(3)).isEmpty();
            assertThat(pg.getFormat(1)).isZero();
            assertThat(md.getColumnLabel(1)).isEqualTo("ident");
        }
    }

    @Test
    void unwrappingToTheDriversConnectionClassStillPinsAndHandsTheDriversObject() throws SQLException {
        long pins = pool.counters().totalPins();
        try (Connection c = ds.getConnection()) {
            BaseConnection driver = c.unwrap(BaseConnection.class);
            assertThat(driver).isNotSameAs(c);
            assertThat(driver.getBackendPID()).isEqualTo(Pools.backendPid(c));
            assertThat(pool.counters().totalPins()).isEqualTo(pins + 1);
        }
    }

    @Test
    void pinningFailRefusesTheCopyApiButNotTheSettingsOrEscapes() throws SQLException {
        try (PgmuxDataSource strict = Pools.dataSource(db, "pinning", "fail"); Connection c = strict.getConnection()) {
            PGConnection pg = (PGConnection) c;
            assertThatThrownBy(pg::getCopyAPI).isInstanceOf(SQLFeatureNotSupportedException.class)
                    .hasMessageContaining("pgmux.pinning=fail").hasMessageContaining("getCopyAPI");
            pg.setPrepareThreshold(3);
            assertThat(pg.getPrepareThreshold()).isEqualTo(3);
            assertThat(pg.escapeIdentifier("x")).isEqualTo("\"x\"");
            assertThat(pg.getBackendPID()).isPositive();
        }
    }

    private static Object objectOf(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getObject(1);
        }
    }
}
