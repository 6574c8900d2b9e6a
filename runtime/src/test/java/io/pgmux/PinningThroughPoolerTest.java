package io.pgmux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmux.pool.ServerPool;
import io.pgmux.testing.PoolMode;
import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * SPEC sections 4 and 5 through PgBouncer in transaction mode, with the app's URL aimed at PostgreSQL itself: server
 * connections go to PgBouncer, and sessions that must keep their backend are pinned to PostgreSQL (the default
 * pin target).
 */
@ExtendWith(TestDatabaseExtension.class)
class PinningThroughPoolerTest {
    private TestDatabase db;
    private PgmuxDataSource ds;

    @BeforeEach
    void open(TestDatabase db) {
        this.db = db;
        this.ds = throughPooler("pool.size", "2");
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
    void aTempTableLivesForItsSessionAndIsInvisibleToOthers() throws SQLException {
        try (Connection mine = ds.getConnection(); Connection other = ds.getConnection()) {
            run(mine, "CREATE TEMP TABLE pinned_temp (v int)");
            mine.setAutoCommit(false);
            for (int i = 1; i <= 3; i++) {
                run(mine, "INSERT INTO pinned_temp VALUES (" + i + ")");
                mine.commit();
                assertThat(Pools.intOf(mine, "SELECT count(*) FROM pinned_temp")).isEqualTo(i);
                mine.commit();
                assertThat(Pools.stringOf(other, "SELECT to_regclass('pinned_temp')::text")).isNull();
            }

            ServerPool pooler = poolerPool();
            assertThat(pooler.counters().clientsPinned()).isEqualTo(1);
            assertThat(pooler.counters().totalPins()).isEqualTo(1);
            assertThat(pooler.pinShapes()).containsOnlyKeys("CREATE TEMP TABLE pinned_temp (v int)");
        }
        assertThat(poolerPool().counters().clientsPinned()).isZero();
        try (Connection next = ds.getConnection()) {
            assertThat(Pools.stringOf(next, "SELECT to_regclass('pinned_temp')::text")).isNull();
        }
    }

    @Test
    void aSessionAdvisoryLockIsHeldAcrossTransactionsAndReleasedAtClose() throws SQLException {
        try (Connection owner = ds.getConnection()) {
            run(owner, "SELECT pg_advisory_lock(42)");
            owner.setAutoCommit(false);
            for (int i = 0; i < 3; i++) {
                assertThat(Pools.intOf(owner, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                        + " AND objid = 42 AND pid = pg_backend_pid() AND granted")).isEqualTo(1);
                owner.commit();
                try (Connection other = ds.getConnection()) {
                    assertThat(Pools.stringOf(other, "SELECT pg_try_advisory_lock(42)")).isEqualTo("f");
                }
            }
        }
        try (Connection next = ds.getConnection()) {
            assertThat(Pools.stringOf(next, "SELECT pg_try_advisory_lock(42)")).isEqualTo("t");
        }
    }

    @Test
    void aListenerReceivesWhatAnotherLogicalConnectionNotifies() throws SQLException {
        try (Connection listener = ds.getConnection(); Connection notifier = ds.getConnection()) {
            run(listener, "LISTEN pgmux_events");
            run(notifier, "NOTIFY pgmux_events, 'hello'");
            notifier.setAutoCommit(false);
            run(notifier, "SELECT pg_notify('pgmux_events', 'again')");
            notifier.commit();

            PGConnection driver = (PGConnection) listener;
            List<String> received = new ArrayList<>();
            for (int attempt = 0; attempt < 10 && received.size() < 2; attempt++) {
                PGNotification[] batch = driver.getNotifications(1000);
                if (batch != null) {
                    for (PGNotification n : batch) {
                        received.add(n.getName() + ":" + n.getParameter());
                    }
                }
            }
            assertThat(received).containsExactly("pgmux_events:hello", "pgmux_events:again");
            assertThat(poolerPool().counters().totalPins()).isEqualTo(1);
        }
    }

    /** Flyway sets its schema this way, inside its migration transaction, where a pin could no longer move. */
    @Test
    void aParameterisedSetConfigOfATrackedParameterIsTrackedInsideATransaction() throws SQLException {
        try (Connection c = ds.getConnection(); Connection other = ds.getConnection()) {
            c.setAutoCommit(false);
            assertThat(Pools.intOf(c, "SELECT 1")).isEqualTo(1);
            try (PreparedStatement ps = c.prepareStatement("SELECT set_config('search_path', ?, false)")) {
                ps.setString(1, "pg_catalog, public");
                ps.execute();
            }
            c.commit();
            for (int i = 0; i < 3; i++) {
                assertThat(Pools.stringOf(c, "SHOW search_path")).isEqualTo("pg_catalog, public");
                c.commit();
                assertThat(Pools.stringOf(other, "SHOW search_path")).isEqualTo("\"$user\", public");
            }
            assertThat(poolerPool().counters().totalPins()).isZero();
        }
    }

    @Test
    void pinningWarnRunsTheStatementWithoutAPin() throws SQLException {
        try (PgmuxDataSource warn = throughPooler("pinning", "warn"); Connection c = warn.getConnection()) {
            assertThat(Pools.stringOf(c, "SELECT pg_try_advisory_lock(7)")).isEqualTo("t");
            ServerPool pooler = poolerPool(warn);
            assertThat(pooler.counters().totalPins()).isZero();
            assertThat(pooler.counters().clientsPinned()).isZero();
            assertThat(warn.pools()).hasSize(1);
        } finally {
            try (Connection direct = db.connect()) {
                // pgmux.pinning=warn left the lock on whichever backend PgBouncer chose: do not let it reach other tests
                run(direct, "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objid = 7");
            }
        }
    }

    @Test
    void pinningFailRefusesNamingTheStatementAndTheSetting() throws SQLException {
        try (PgmuxDataSource fail = throughPooler("pinning", "fail"); Connection c = fail.getConnection()) {
            assertThatThrownBy(() -> run(c, "CREATE TEMP TABLE refused_temp (v int)"))
                    .isInstanceOf(SQLFeatureNotSupportedException.class)
                    .hasMessageContaining("CREATE TEMP TABLE refused_temp")
                    .hasMessageContaining("pgmux.pinning");
            assertThat(Pools.intOf(c, "SELECT 1")).isEqualTo(1);
            assertThat(poolerPool(fail).counters().totalPins()).isZero();
        }
    }

    /**
     * A session-mode pooler keeps a backend for as long as a server connection is held, so a temp table pins the
     * logical connection to the server connection it has, as straight to PostgreSQL: nothing moves to a pin target.
     */
    @Test
    void throughTheSessionModeAliasATempTableKeepsItsOwnServerConnection() throws SQLException {
        Properties p = settings("target.mode", "session", "pool.size", "2");
        try (PgmuxDataSource session = new PgmuxDataSource(p)) {
            session.setUrl("jdbc:postgresql://" + db.host() + ":" + db.postgresPort() + "/"
                    + db.pgbouncerDatabase(PoolMode.SESSION));
            session.setUser(db.user());
            session.setPassword(db.password());
            try (Connection c = session.getConnection(); Connection other = session.getConnection()) {
                run(c, "CREATE TEMP TABLE session_temp (v int)");
                c.setAutoCommit(false);
                for (int i = 1; i <= 3; i++) {
                    run(c, "INSERT INTO session_temp VALUES (" + i + ")");
                    c.commit();
                    assertThat(Pools.intOf(c, "SELECT count(*) FROM session_temp")).isEqualTo(i);
                    c.commit();
                    assertThat(Pools.stringOf(other, "SELECT to_regclass('session_temp')::text")).isNull();
                }
                ServerPool pool = Pools.pool(session);
                assertThat(pool.key().target()).isEqualTo(db.host() + ":" + db.pgbouncerPort());
                assertThat(pool.key().database()).isEqualTo(db.pgbouncerDatabase(PoolMode.SESSION));
                assertThat(pool.counters().clientsPinned()).isEqualTo(1);
            }
        }
    }

    @Test
    void theApplicationNameIsShownByPostgresql() throws SQLException {
        try (PgmuxDataSource direct = Pools.dataSource(db, "applicationName", "billing-direct");
             Connection c = direct.getConnection();
             Connection superuser = db.superuserConnection();
             PreparedStatement ps = superuser.prepareStatement(
                     "SELECT count(*) FROM pg_stat_activity WHERE application_name = ? AND pid = ?")) {
            ps.setString(1, "billing-direct");
            ps.setInt(2, Pools.backendPid(c));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        }
    }

    @Test
    void theApplicationNameIsShownByPgbouncer() throws SQLException {
        try (PgmuxDataSource named = throughPooler("applicationName", "billing-pooled");
             Connection c = named.getConnection()) {
            assertThat(Pools.stringOf(c, "SHOW application_name")).isEqualTo("billing-pooled");
            List<Map<String, String>> clients = db.showClients();
            assertThat(clients).as("SHOW CLIENTS: %s", clients).filteredOn(row -> "billing-pooled".equals(row.get("application_name")))
                    .isNotEmpty()
                    .allSatisfy(row -> assertThat(row.get("database")).isEqualTo(db.database()));
        }
    }

    @Test
    void thePrepareThresholdOfTheAppsUrlDoesNotBringNamedStatementsToThePooler() throws Exception {
        Properties p = settings("pool.size", "3");
        try (PgmuxDataSource prepared = new PgmuxDataSource(p)) {
            prepared.setUrl(db.jdbcUrl() + "?prepareThreshold=5");
            prepared.setUser(db.user());
            prepared.setPassword(db.password());
            ExecutorService threads = Executors.newFixedThreadPool(8);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    results.add(threads.submit(() -> {
                        int sum = 0;
                        try (Connection c = prepared.getConnection();
                             PreparedStatement ps = c.prepareStatement("SELECT ?::int * 2")) {
                            for (int i = 0; i < 40; i++) {
                                ps.setInt(1, i);
                                try (ResultSet rs = ps.executeQuery()) {
                                    rs.next();
                                    sum += rs.getInt(1);
                                }
                            }
                        }
                        return sum;
                    }));
                }
                for (Future<Integer> r : results) {
                    assertThat(r.get()).isEqualTo(39 * 40);
                }
            } finally {
                threads.shutdownNow();
            }
            try (Connection c = prepared.getConnection()) {
                assertThat(Pools.intOf(c, "SELECT count(*) FROM pg_prepared_statements")).isZero();
            }
        }
    }

    /** A data source whose server connections go to PgBouncer in transaction mode; pins go to PostgreSQL. */
    private PgmuxDataSource throughPooler(String... more) {
        PgmuxDataSource source = new PgmuxDataSource(settings(more));
        source.setUrl(db.jdbcUrl());
        source.setUser(db.user());
        source.setPassword(db.password());
        return source;
    }

    private Properties settings(String... more) {
        Properties p = new Properties();
        p.setProperty("pgmux.target", db.host() + ":" + db.pgbouncerPort());
        p.setProperty("pgmux.pool.minIdle", "0");
        for (int i = 0; i < more.length; i += 2) {
            p.setProperty("pgmux." + more[i], more[i + 1]);
        }
        return p;
    }

    private ServerPool poolerPool() {
        return poolerPool(ds);
    }

    /** The pool of server connections to PgBouncer, not the pin target's. */
    private ServerPool poolerPool(PgmuxDataSource source) {
        String pooler = db.host() + ":" + db.pgbouncerPort();
        return source.pools().stream().filter(pool -> pool.key().target().equals(pooler)).findFirst()
                .orElseThrow(() -> new AssertionError("no pool to " + pooler + " among " + source.pools()));
    }

    private static void run(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
