package io.pgmux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pgmux.pool.ServerPool;
import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A pool lives while the app uses it: once no logical connection has been open for {@code pgmux.pool.idleTimeoutMs}
 * it closes with its server connections, so that connect keys that come and go (a user or database per tenant,
 * rotating passwords, varying properties) do not use up PostgreSQL's max_connections.
 */
@ExtendWith(TestDatabaseExtension.class)
class PoolLifecycleTest {
    private static final int KEYS = 50;
    private static final int THREADS = 3;

    @Test
    void fiftyConnectKeysLeaveNoPoolAndNoServerConnectionOnceTheyAreIdle(TestDatabase db) throws Exception {
        Properties settings = new Properties();
        // the defaults of SPEC section 6 (minIdle 2), except a short idle timeout
        settings.setProperty("pgmux.pool.idleTimeoutMs", "1000");
        try (PgmuxDataSource ds = new PgmuxDataSource(settings)) {
            ds.setUser(db.user());
            ds.setPassword(db.password());
            List<Connection> open = new ArrayList<>();
            for (int i = 0; i < KEYS; i++) {
                ds.setUrl(db.jdbcUrl() + "?options=-c%20work_mem%3D" + (4097 + i) + "kB");
                Connection c = ds.getConnection();
                open.add(c);
                assertThat(Pools.stringOf(c, "SHOW work_mem")).isEqualTo((4097 + i) + "kB");
            }
            int poolsInUse = ds.pools().size();
            int backendsInUse = backendsOf(db, db.user());
            assertThat(poolsInUse).as("a pool per connect key").isEqualTo(KEYS);
            assertThat(backendsInUse).as("each pool keeps its minIdle while in use").isGreaterThanOrEqualTo(KEYS);
            for (Connection c : open) {
                c.close();
            }
            long start = System.nanoTime();

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> ds.pools().isEmpty() && backendsOf(db, db.user()) == 0);
            long millisToZero = Duration.ofNanos(System.nanoTime() - start).toMillis();
            System.out.printf("pgmux pool lifecycle: %d connect keys in use: %d pools, %d backends; 0 and 0 %d ms after"
                    + " the last close (idle timeout 1000 ms)%n", KEYS, poolsInUse, backendsInUse, millisToZero);
        }
    }

    @Test
    void aPoolWithAnOpenLogicalConnectionStaysOpenPastTheIdleTimeout(TestDatabase db) throws Exception {
        try (PgmuxDataSource ds = Pools.dataSource(db, "pool.idleTimeoutMs", "200");
             Connection held = ds.getConnection()) {
            int pid = Pools.backendPid(held);
            ServerPool pool = Pools.pool(ds);
            Thread.sleep(1000);

            assertThat(ds.pools()).containsExactly(pool);
            assertThat(Pools.backendPid(held)).as("the same, still open, server connection").isEqualTo(pid);
        }
    }

    @Test
    void aConnectAfterThePoolClosedOpensANewOne(TestDatabase db) throws Exception {
        try (PgmuxDataSource ds = Pools.dataSource(db, "pool.idleTimeoutMs", "200")) {
            try (Connection c = ds.getConnection()) {
                Pools.backendPid(c);
            }
            ServerPool first = Pools.pool(ds);
            await().atMost(Duration.ofSeconds(10)).until(() -> ds.pools().isEmpty());

            try (Connection c = ds.getConnection()) {
                assertThat(Pools.stringOf(c, "SELECT current_user")).isEqualTo(db.user());
            }
            assertThat(Pools.pool(ds)).isNotSameAs(first);
        }
    }

    @Test
    void connectsRacingWithPoolsClosingAlwaysGetAWorkingConnection(TestDatabase db) throws Exception {
        // pools close 100 ms after their last connection, while threads connect in irregular gaps around that
        try (PgmuxDataSource ds = Pools.dataSource(db, "pool.idleTimeoutMs", "100")) {
            Set<ServerPool> seen = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<Integer>> runs = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    runs.add(threads.submit(() -> {
                        int ok = 0;
                        long end = System.nanoTime() + Duration.ofSeconds(6).toNanos();
                        while (System.nanoTime() < end) {
                            try (Connection c = ds.getConnection()) {
                                seen.addAll(ds.pools());
                                if (Pools.intOf(c, "SELECT 1") == 1) {
                                    ok++;
                                }
                            }
                            Thread.sleep(ThreadLocalRandom.current().nextInt(50, 250));
                        }
                        return ok;
                    }));
                }
                int ok = 0;
                for (Future<Integer> run : runs) {
                    ok += run.get();
                }
                assertThat(ok).isGreaterThan(20);
            } finally {
                threads.shutdownNow();
            }
            assertThat(seen.size()).as("pools that closed and were opened anew while connects went on").isGreaterThan(1);
        }
    }

    @Test
    void aPinTargetPoolServesItsPinnedConnectionAndClosesOnceIdle(TestDatabase db) throws Exception {
        Properties settings = new Properties();
        settings.setProperty("pgmux.target", db.host() + ":" + db.pgbouncerPort());
        settings.setProperty("pgmux.pool.minIdle", "0");
        settings.setProperty("pgmux.pool.idleTimeoutMs", "300");
        try (PgmuxDataSource ds = new PgmuxDataSource(settings)) {
            ds.setUrl(db.jdbcUrl());
            ds.setUser(db.user());
            ds.setPassword(db.password());
            try (Connection pinned = ds.getConnection(); Statement s = pinned.createStatement()) {
                s.execute("CREATE TEMP TABLE lifecycle_temp (v int)");
                Thread.sleep(1000);
                assertThat(ds.pools()).as("the pooler's pool and the pin target's").hasSize(2);
                assertThat(Pools.intOf(pinned, "SELECT count(*) FROM lifecycle_temp")).isZero();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> ds.pools().isEmpty());
        } finally {
            // PgBouncer keeps its own server connections: they must not count as backends in later tests
            db.pgbouncerAdmin("RECONNECT");
        }
    }

    /** Client backends logged in as {@code user}, on any database. */
    static int backendsOf(TestDatabase db, String user) throws SQLException {
        try (Connection c = db.superuserConnection(); PreparedStatement ps = c.prepareStatement("SELECT count(*)"
                + " FROM pg_stat_activity WHERE usename = ? AND backend_type = 'client backend'")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
