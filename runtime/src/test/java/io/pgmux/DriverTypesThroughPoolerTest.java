package io.pgmux;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmux.pool.ServerPool;
import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.PGStatement;

/**
 * The driver's own types through PgBouncer in transaction mode: casts work as on a direct connection, server-side
 * prepared statements stay off whatever the app sets, and the session APIs pin to PostgreSQL (the pin target).
 */
@ExtendWith(TestDatabaseExtension.class)
class DriverTypesThroughPoolerTest {
    private TestDatabase db;
    private PgmuxDataSource ds;

    @BeforeEach
    void open(TestDatabase db) {
        this.db = db;
        Properties p = new Properties();
        p.setProperty("pgmux.target", db.host() + ":" + db.pgbouncerPort());
        p.setProperty("pgmux.pool.minIdle", "0");
        p.setProperty("pgmux.pool.size", "2");
        ds = new PgmuxDataSource(p);
        ds.setUrl(db.jdbcUrl());
        ds.setUser(db.user());
        ds.setPassword(db.password());
    }

    @AfterEach
    void close() {
        ds.close();
    }

    /** PgBouncer keeps idle server connections for minutes: they must not count as backends in later tests. */
    @AfterAll
    static void closePoolerServers(TestDatabase db) {
        db.pgbouncerAdmin("RECONNECT");
        db.awaitNoBackends();
    }

    @Test
    void aPrepareThresholdTheAppSetsIsAnsweredButServerSidePreparedStatementsStayOff() throws SQLException {
        try (Connection c = ds.getConnection(); Connection other = ds.getConnection()) {
            PGConnection pg = (PGConnection) c;
            pg.setPrepareThreshold(1);
            assertThat(pg.getPrepareThreshold()).isEqualTo(1);
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_prepared_statements WHERE ? > 0")) {
                PGStatement statement = (PGStatement) ps;
                statement.setPrepareThreshold(1);
                assertThat(statement.getPrepareThreshold()).isEqualTo(1);
                for (int i = 1; i <= 5; i++) {
                    ps.setInt(1, i);
                    c.setAutoCommit(i % 2 == 0);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        assertThat(rs.getInt(1)).as("named statements on the backend of execution %d", i).isZero();
                    }
                    if (!c.getAutoCommit()) {
                        c.commit();
                    }
                    // the other logical connection's transactions may land on the same backend
                    assertThat(Pools.intOf(other, "SELECT count(*) FROM pg_prepared_statements")).isZero();
                }
                assertThat(statement.isUseServerPrepare()).isFalse();
            }
            assertThat(poolerPool().counters().totalPins()).isZero();
        }
    }

    @Test
    void escapesAndSettingsNeedNoServerConnection() throws SQLException {
        try (Connection c = ds.getConnection()) {
            ServerPool pooler = poolerPool();
            long borrows = pooler.counters().totalBorrows();
            PGConnection pg = (PGConnection) c;
            assertThat(pg.escapeIdentifier("a b")).isEqualTo("\"a b\"");
            assertThat(pg.escapeLiteral("o'clock")).isEqualTo("o''clock");
            pg.setDefaultFetchSize(50);
            assertThat(pg.getDefaultFetchSize()).isEqualTo(50);
            assertThat(pooler.counters().totalBorrows()).isEqualTo(borrows);
            assertThat(pooler.serversActive()).isZero();
        }
    }

    @Test
    void theCopyApiPinsToPostgresAndWorks() throws Exception {
        try (Connection c = ds.getConnection()) {
            c.createStatement().execute("CREATE TEMP TABLE copied (v int)");
            long rows = ((PGConnection) c).getCopyAPI().copyIn("COPY copied FROM STDIN", new StringReader("1\n2\n"));
            assertThat(rows).isEqualTo(2);
            assertThat(Pools.intOf(c, "SELECT sum(v) FROM copied")).isEqualTo(3);
            assertThat(poolerPool().counters().totalPins()).isEqualTo(1);
        }
    }

    @Test
    void getBackendPidBorrowsForTheCallWithoutPinning() throws SQLException {
        try (Connection c = ds.getConnection()) {
            // PgBouncer hands each client connection a random key of its own, negative as often as not
            assertThat(((PGConnection) c).getBackendPID()).isNotZero();
            assertThat(poolerPool().counters().totalPins()).isZero();
            assertThat(poolerPool().counters().clientsActive()).isZero();
        }
    }

    private ServerPool poolerPool() {
        String pooler = db.host() + ":" + db.pgbouncerPort();
        return ds.pools().stream().filter(pool -> pool.key().target().equals(pooler)).findFirst()
                .orElseThrow(() -> new AssertionError("no pool to " + pooler + " among " + ds.pools()));
    }
}
