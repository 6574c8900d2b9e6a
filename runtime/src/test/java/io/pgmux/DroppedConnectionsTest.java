package io.pgmux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pgmux.pool.ServerPool;
import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A logical connection the app drops without closing gives its server connection back once the garbage collector
 * finds it, with its transaction rolled back, as the driver does for a real connection; one still referenced never.
 */
@ExtendWith(TestDatabaseExtension.class)
class DroppedConnectionsTest {

    @Test
    void aDroppedConnectionInATransactionIsTakenBackAndRolledBack(TestDatabase db) throws Exception {
        try (PgmuxDataSource ds = Pools.dataSource(db, "pool.size", "1", "pool.reserve", "0",
                "pool.reserveTimeoutMs", "100", "pool.acquireTimeoutMs", "60000")) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS dropped_test");
                s.execute("CREATE TABLE dropped_test (v int)");
            }
            int leakedPid = insertAndDropWithoutClosing(ds);
            ServerPool pool = Pools.pool(ds);
            assertThat(pool.counters().clientsActive()).isOne();

            // the only server connection is held by the dropped one: this borrow waits until it is taken back
            CompletableFuture<int[]> next = CompletableFuture.supplyAsync(() -> {
                try (Connection c = ds.getConnection()) {
                    return new int[] {Pools.intOf(c, "SELECT count(*) FROM dropped_test"), Pools.backendPid(c)};
                } catch (SQLException e) {
                    throw new CompletionException(e);
                }
            });
            await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200)).until(() -> {
                System.gc();
                return next.isDone();
            });

            int[] countAndPid = next.join();
            assertThat(countAndPid[0]).as("rows of the dropped connection's transaction").isZero();
            assertThat(countAndPid[1]).as("a new server connection").isNotEqualTo(leakedPid);
            assertThat(pool.counters().clientsActive()).isZero();
            assertThat(pool.counters().clientsOpen()).isZero();
        }
    }

    @Test
    void aBorrowWaitingWithTheReserveUsedUpLooksForDroppedHoldersItself(TestDatabase db) throws Exception {
        try (PgmuxDataSource ds = Pools.dataSource(db, "pool.size", "2", "pool.reserve", "0",
                "pool.reserveTimeoutMs", "200", "pool.acquireTimeoutMs", "30000")) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS dropped_test");
                s.execute("CREATE TABLE dropped_test (v int)");
            }
            insertAndDropWithoutClosing(ds);
            insertAndDropWithoutClosing(ds);
            assertThat(Pools.pool(ds).counters().clientsActive()).as("both server connections held").isEqualTo(2);

            // nothing here runs the garbage collector: the waiting borrow has to
            long start = System.nanoTime();
            int rows;
            try (Connection third = ds.getConnection()) {
                rows = Pools.intOf(third, "SELECT count(*) FROM dropped_test");
            }
            long waitedMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
            System.out.printf("pgmux dropped holders: the third borrow got a server connection after %d ms%n", waitedMs);

            assertThat(rows).as("rows of the dropped connections' transactions").isZero();
            assertThat(waitedMs).as("well before the 30 s acquire timeout").isLessThan(10_000);
            assertThat(Pools.pool(ds).counters().clientsOpen()).isZero();
        }
    }

    @Test
    void aConnectionStillReferencedKeepsItsServerConnection(TestDatabase db) throws Exception {
        try (PgmuxDataSource ds = Pools.dataSource(db, "pool.size", "1", "pool.reserve", "0",
                "pool.reserveTimeoutMs", "100", "pool.acquireTimeoutMs", "1500")) {
            try (Connection holder = ds.getConnection()) {
                holder.setAutoCommit(false);
                int pid = Pools.backendPid(holder);
                CompletableFuture<Integer> waiter = CompletableFuture.supplyAsync(() -> {
                    try (Connection c = ds.getConnection()) {
                        return Pools.backendPid(c);
                    } catch (SQLException e) {
                        return -1;
                    }
                });
                for (int i = 0; i < 5; i++) {
                    System.gc();
                    Thread.sleep(100);
                }
                assertThat(waiter.join()).as("the waiter times out rather than taking a held connection").isEqualTo(-1);
                assertThat(Pools.backendPid(holder)).isEqualTo(pid);
                holder.commit();
            }
        }
    }

    /** Opens a transaction with one row in it and returns without closing: nothing refers to the connection after. */
    private static int insertAndDropWithoutClosing(PgmuxDataSource ds) throws SQLException {
        Connection c = ds.getConnection();
        c.setAutoCommit(false);
        Statement s = c.createStatement();
        s.execute("INSERT INTO dropped_test VALUES (1)");
        return Pools.backendPid(c);
    }
}
