package io.pgmux.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmux.PgmuxDataSource;
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
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A logical connection only ever has its own user's identity and rights, whatever runs beside it. */
@ExtendWith(TestDatabaseExtension.class)
class SecurityTest {
    private static final int THREADS = 16;
    private static final int ROUNDS = 60;

    @ParameterizedTest
    @ValueSource(strings = {"direct", "pgbouncer-transaction"})
    void usersInterleavedUnderLoadSeeOnlyTheirOwnRights(String route, TestDatabase db) throws Exception {
        try (PgmuxDataSource ds = route.equals("direct") ? DataSources.direct(db, "pool.size", "3")
                : DataSources.throughPgbouncer(db, PoolMode.TRANSACTION, "pool.size", "3")) {
            try (Connection owner = ds.getConnection(); Statement s = owner.createStatement()) {
                s.execute("DROP TABLE IF EXISTS reliability_secret");
                s.execute("CREATE TABLE reliability_secret (v int)");
                s.execute("INSERT INTO reliability_secret VALUES (42)");
            }
            List<String> wrong = run(THREADS, thread -> {
                List<String> seen = new ArrayList<>();
                for (int i = 0; i < ROUNDS; i++) {
                    boolean asOwner = (thread + i) % 2 == 0;
                    try (Connection c = asOwner ? ds.getConnection() : ds.getConnection(db.otherUser(), db.otherPassword())) {
                        String me = asOwner ? db.user() : db.otherUser();
                        String who = stringOf(c, "SELECT current_user || '/' || session_user");
                        if (!who.equals(me + "/" + me)) {
                            seen.add("expected " + me + ", was " + who);
                        }
                        c.setAutoCommit(i % 3 != 0);
                        String read = readSecret(c);
                        if (!c.getAutoCommit()) {
                            c.rollback();
                        }
                        if (!read.equals(asOwner ? "42" : "42501")) {
                            seen.add(me + " reading the owner's table got " + read);
                        }
                    }
                }
                return seen;
            });
            assertThat(wrong).isEmpty();
        }
    }

    @Test
    void setRoleNeverReachesAnotherLogicalConnection(TestDatabase db) throws Exception {
        db.execAsSuperuser("DO $$ BEGIN CREATE ROLE reliability_auditor NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;"
                + " GRANT reliability_auditor TO " + db.user());
        try (PgmuxDataSource ds = DataSources.direct(db, "pool.size", "2", "pool.reserve", "1")) {
            List<String> wrong = run(THREADS, thread -> {
                List<String> seen = new ArrayList<>();
                for (int i = 0; i < ROUNDS / 2; i++) {
                    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                        if (thread % 4 == 0) {
                            s.execute("SET ROLE reliability_auditor");
                            expect(seen, "reliability_auditor", stringOf(c, "SELECT current_user"));
                        } else {
                            expect(seen, db.user(), stringOf(c, "SELECT current_user"));
                        }
                    }
                }
                return seen;
            });
            assertThat(wrong).isEmpty();
        }
    }

    @Test
    void setSessionAuthorizationNeverReachesAnotherLogicalConnection(TestDatabase db) throws Exception {
        // only a superuser may change its session user: one of its own, for this test's cluster
        String admin = "reliability_admin";
        String password = UUID.randomUUID().toString();
        db.execAsSuperuser("DO $$ BEGIN CREATE ROLE " + admin + " LOGIN SUPERUSER; EXCEPTION WHEN duplicate_object THEN NULL; END $$;"
                + " ALTER ROLE " + admin + " PASSWORD '" + password + "'");
        try (PgmuxDataSource ds = DataSources.direct(db, "pool.size", "2", "pool.reserve", "1")) {
            ds.setUser(admin);
            ds.setPassword(password);
            List<String> wrong = run(THREADS, thread -> {
                List<String> seen = new ArrayList<>();
                for (int i = 0; i < ROUNDS / 2; i++) {
                    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                        if (thread % 4 == 0) {
                            s.execute("SET SESSION AUTHORIZATION " + db.otherUser());
                            expect(seen, db.otherUser(), stringOf(c, "SELECT session_user"));
                        } else {
                            expect(seen, admin, stringOf(c, "SELECT session_user || ''"));
                            expect(seen, admin, stringOf(c, "SELECT current_user || ''"));
                        }
                    }
                }
                return seen;
            });
            assertThat(wrong).isEmpty();
        }
    }

    @Test
    void wrongPasswordForAnExistingPoolThroughPgbouncerFailsAsWithoutPgmux(TestDatabase db) throws Exception {
        String guess = "not-" + db.password();
        // PgBouncer 1.18 answers a wrong password with its own SQLState (08P01), not PostgreSQL's 28P01
        String withoutPgmux = sqlStateOf(() -> DriverManager.getConnection(db.pgbouncerUrl(PoolMode.TRANSACTION), db.user(), guess));
        assertThat(withoutPgmux).isIn("28P01", "08P01");
        try (PgmuxDataSource ds = DataSources.throughPgbouncer(db, PoolMode.TRANSACTION)) {
            try (Connection c = ds.getConnection()) {
                assertThat(stringOf(c, "SELECT current_user")).isEqualTo(db.user());
            }
            assertThatThrownBy(() -> ds.getConnection(db.user(), guess)).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo(withoutPgmux))
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(guess));
        }
    }

    private static String sqlStateOf(Callable<Connection> connect) {
        try (Connection unexpected = connect.call()) {
            throw new AssertionError("a wrong password was accepted");
        } catch (SQLException e) {
            return e.getSQLState();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void passwordsAppearInNoThreadName(TestDatabase db) throws Exception {
        try (PgmuxDataSource ds = DataSources.direct(db, "pool.size", "2");
             Connection app = ds.getConnection(); Connection other = ds.getConnection(db.otherUser(), db.otherPassword())) {
            stringOf(app, "SELECT 1");
            stringOf(other, "SELECT 1");
            List<String> names = new ArrayList<>();
            Thread.getAllStackTraces().keySet().forEach(t -> names.add(t.getName()));

            assertThat(names).isNotEmpty().noneMatch(n -> n.contains(db.password()) || n.contains(db.otherPassword()));
        }
    }

    private static void expect(List<String> seen, String wanted, String was) {
        if (!wanted.equals(was)) {
            seen.add("expected " + wanted + ", was " + was);
        }
    }

    /** The owner's table as this connection's user sees it: its value, or the SQLState of the refusal. */
    private static String readSecret(Connection c) throws SQLException {
        try {
            return stringOf(c, "SELECT v FROM reliability_secret");
        } catch (SQLException e) {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
            return e.getSQLState();
        }
    }

    private static String stringOf(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    interface Work {
        List<String> run(int thread) throws Exception;
    }

    /** Runs {@code work} on that many threads at once and gathers what each found wrong. */
    private static List<String> run(int threads, Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            AtomicInteger next = new AtomicInteger();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> work.run(next.getAndIncrement())));
            }
            ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
            for (Future<List<String>> r : results) {
                wrong.addAll(r.get());
            }
            return new ArrayList<>(wrong);
        } finally {
            pool.shutdownNow();
        }
    }
}
