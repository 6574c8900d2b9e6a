package io.pgmux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmux.pool.ServerPool;
import io.pgmux.testing.BackendSampler;
import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** SPEC section 1 and the pool side of section 3: keys, credentials, limits, waits and the reserve. */
@ExtendWith(TestDatabaseExtension.class)
class PoolingTest {

    @Test
    void aWrongPasswordFailsAtGetConnectionWith28P01(TestDatabase db) {
        try (PgmuxDataSource ds = Pools.dataSource(db)) {
            ds.setPassword("not the password");
            assertThatThrownBy(ds::getConnection).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28P01"));
            assertThat(ds.pools()).isEmpty();
        }
    }

    @Test
    void anotherPasswordForAnExistingPoolIsAuthenticatedForReal(TestDatabase db) throws SQLException {
        try (PgmuxDataSource ds = Pools.dataSource(db)) {
            ds.getConnection().close();
            assertThatThrownBy(() -> ds.getConnection(db.user(), "guessed"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28P01"));
            assertThat(ds.pools()).hasSize(1);
            assertThat(Pools.pool(ds).name()).doesNotContain(db.password());
        }
    }

    @Test
    void usersNeverShareAServerConnection(TestDatabase db) throws SQLException {
        try (PgmuxDataSource ds = Pools.dataSource(db, "pool.size", "1")) {
            Set<Integer> appPids = new HashSet<>();
            Set<Integer> otherPids = new HashSet<>();
            for (int i = 0; i < 5; i++) {
                try (Connection app = ds.getConnection(); Connection other = ds.getConnection(db.otherUser(), db.otherPassword())) {
                    assertThat(Pools.stringOf(app, "SELECT current_user")).isEqualTo(db.user());
                    assertThat(Pools.stringOf(other, "SELECT current_user")).isEqualTo(db.otherUser());
                    appPids.add(Pools.backendPid(app));
                    otherPids.add(Pools.backendPid(other));
                }
            }
            assertThat(appPids).doesNotContainAnyElementsOf(otherPids);
            assertThat(ds.pools()).extracting(ServerPool::name)
                    .containsExactlyInAnyOrder(db.user() + "@" + db.host() + ":" + db.postgresPort() + "/" + db.database(),
                            db.otherUser() + "@" + db.host() + ":" + db.postgresPort() + "/" + db.database());
        }
    }

    @Test
    void waitingLongerThanTheAcquireTimeoutFailsWithThePoolsNameCountsAndAdvice(TestDatabase db) throws SQLException {
        try (PgmuxDataSource ds = Pools.dataSource(db, "pool.size", "1", "pool.reserve", "0", "pool.acquireTimeoutMs", "300",
                "pool.reserveTimeoutMs", "100")) {
            try (Connection holder = ds.getConnection(); Connection waiter = ds.getConnection()) {
                holder.setAutoCommit(false);
                Pools.intOf(holder, "SELECT 1");
                assertThatThrownBy(() -> Pools.intOf(waiter, "SELECT 1"))
                        .isInstanceOf(SQLTransientConnectionException.class)
                        .hasMessageContaining(Pools.pool(ds).name())
                        .hasMessageContaining("active 1, idle 0, waiting 1")
                        .hasMessageContaining("pgmux.pool.size")
                        .hasMessageContaining("pgmux.pool.acquireTimeoutMs")
                        .hasMessageContaining("leak")
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"));
                assertThat(Pools.pool(ds).counters().totalAcquireTimeouts()).isEqualTo(1);
                holder.commit();
                assertThat(Pools.intOf(waiter, "SELECT 2")).isEqualTo(2);
            }
        }
    }

    @Test
    void nestedLogicalConnectionsOnAPoolOfOneDoNotDeadlock(TestDatabase db) throws SQLException {
        try (PgmuxDataSource ds = Pools.dataSource(db, "pool.size", "1", "pool.reserve", "1")) {
            try (Connection outer = ds.getConnection()) {
                outer.setAutoCommit(false);
                int outerPid = Pools.backendPid(outer);
                try (Connection inner = ds.getConnection()) {
                    assertThat(Pools.backendPid(inner)).isNotEqualTo(outerPid);
                    inner.setAutoCommit(false);
                    Pools.intOf(inner, "SELECT 1");
                    assertThat(Pools.pool(ds).counters().reserveInUse()).isEqualTo(1);
                    inner.commit();
                }
                assertThat(Pools.pool(ds).counters().reserveInUse()).isZero();
                outer.commit();
            }
        }
    }

    @Test
    void holdersListsTheLogicalConnectionsHoldingAServerConnection(TestDatabase db) throws SQLException {
        try (PgmuxDataSource ds = Pools.dataSource(db, "pool.size", "2"); Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            Pools.intOf(c, "SELECT 1");
            ServerPool pool = Pools.pool(ds);
            assertThat(pool.holders()).singleElement().satisfies(h -> {
                assertThat(h.state()).isEqualTo("in transaction");
                assertThat(h.threadName()).isEqualTo(Thread.currentThread().getName());
            });
            c.commit();
            assertThat(pool.holders()).isEmpty();
        }
    }

    @Test
    void aPausedPoolHoldsNewBorrowsUntilResumed(TestDatabase db) throws Exception {
        try (PgmuxDataSource ds = Pools.dataSource(db, "pool.size", "2")) {
            ds.getConnection().close();
            ServerPool pool = Pools.pool(ds);
            pool.pause();
            java.util.concurrent.CompletableFuture<Integer> result = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try (Connection c = ds.getConnection()) {
                    return Pools.intOf(c, "SELECT 5");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            org.awaitility.Awaitility.await().until(() -> pool.counters().clientsWaiting() == 1);
            assertThat(result).isNotDone();
            pool.resume();
            assertThat(result.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(5);
        }
    }

    @Test
    void fiveHundredLogicalConnectionsShareFiveServerConnections(TestDatabase db) throws Exception {
        int reserve = 2;
        try (PgmuxDataSource ds = Pools.dataSource(db, "pool.size", "5", "pool.reserve", String.valueOf(reserve),
                "pool.acquireTimeoutMs", "120000")) {
            try (Connection c = ds.getConnection()) {
                c.createStatement().execute("CREATE TABLE IF NOT EXISTS load_test (worker int, n int)");
            }
            List<Connection> connections = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                connections.add(ds.getConnection());
            }
            assertThat(Pools.pool(ds).counters().clientsOpen()).isEqualTo(500);
            List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            try (BackendSampler sampler = db.sampleBackends(db.database())) {
                for (int i = 0; i < connections.size(); i++) {
                    int worker = i;
                    Connection c = connections.get(i);
                    Thread t = new Thread(() -> {
                        try {
                            start.await();
                            for (int round = 0; round < 3; round++) {
                                assertThat(Pools.intOf(c, "SELECT " + worker)).isEqualTo(worker);
                                c.setAutoCommit(false);
                                c.createStatement().executeUpdate("INSERT INTO load_test VALUES (" + worker + ", " + round + ")");
                                assertThat(Pools.intOf(c, "SELECT count(*) FROM load_test WHERE worker = " + worker)).isEqualTo(round + 1);
                                c.commit();
                                c.setAutoCommit(true);
                            }
                            c.close();
                        } catch (Throwable e) {
                            errors.add(e);
                        }
                    });
                    t.start();
                    threads.add(t);
                }
                start.countDown();
                for (Thread t : threads) {
                    t.join();
                }
                assertThat(errors).isEmpty();
                assertThat(sampler.samples()).isPositive();
                assertThat(sampler.peak()).isLessThanOrEqualTo(5 + reserve);
            }
            try (Connection c = ds.getConnection()) {
                assertThat(Pools.intOf(c, "SELECT count(*) FROM load_test")).isEqualTo(1500);
            }
            assertThat(Pools.pool(ds).counters().clientsOpen()).isZero();
            assertThat(Pools.pool(ds).counters().totalTransactions()).isGreaterThanOrEqualTo(3000);
        }
    }
}
