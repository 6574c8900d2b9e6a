package io.pgmux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pgmux.pool.ServerPool;
import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Borrows that wait are served first come, first served, as PgBouncer's queue serves its clients. */
@ExtendWith(TestDatabaseExtension.class)
class FairWaitsTest {
    /** Well past the few milliseconds after which waiters are served strictly in arrival order. */
    private static final long PAST_THE_BOUND_MS = 50;

    @Test
    void waitersPastAFewMillisecondsAreServedInArrivalOrderAndAHolderThatBorrowsAgainAtOnceQueuesBehindThem(TestDatabase db) throws Exception {
        try (PgmuxDataSource ds = Pools.dataSource(db, "pool.size", "1", "pool.reserve", "0");
             Connection holder = ds.getConnection()) {
            ServerPool pool = holder(ds, holder);
            List<String> served = Collections.synchronizedList(new ArrayList<>());
            ExecutorService threads = Executors.newFixedThreadPool(3);
            try {
                List<Future<?>> waiters = new ArrayList<>();
                for (int i = 1; i <= 3; i++) {
                    String name = "waiter " + i;
                    waiters.add(threads.submit(() -> oneTransaction(ds, name, served)));
                    int waiting = i;
                    await().atMost(Duration.ofSeconds(10)).until(() -> pool.counters().clientsWaiting() == waiting);
                }
                // the holder holds longer than the bound, so every waiter is owed its turn
                Thread.sleep(PAST_THE_BOUND_MS);
                for (int i = 0; i < 20; i++) {
                    holder.commit();
                    // borrows again at once: HikariCP's bag would give the releasing thread its own connection back
                    Pools.backendPid(holder);
                    served.add("holder");
                }
                holder.commit();
                for (Future<?> w : waiters) {
                    w.get(10, TimeUnit.SECONDS);
                }
            } finally {
                threads.shutdownNow();
            }
            assertThat(served.subList(0, 4)).containsExactly("waiter 1", "waiter 2", "waiter 3", "holder");
        }
    }

    @Test
    void aConnectionReleasedWhileOneWaitsPastAFewMillisecondsGoesToTheWaiterThoughTheReleasingThreadBorrowsAgainInATightLoop(TestDatabase db)
            throws Exception {
        try (PgmuxDataSource ds = Pools.dataSource(db, "pool.size", "1", "pool.reserve", "0");
             Connection holder = ds.getConnection()) {
            ServerPool pool = holder(ds, holder);
            List<String> served = Collections.synchronizedList(new ArrayList<>());
            ExecutorService thread = Executors.newSingleThreadExecutor();
            try {
                Future<?> waiter = thread.submit(() -> oneTransaction(ds, "waiter", served));
                await().atMost(Duration.ofSeconds(10)).until(() -> pool.counters().clientsWaiting() == 1);
                Thread.sleep(PAST_THE_BOUND_MS);
                for (int i = 0; i < 200 && !waiter.isDone(); i++) {
                    holder.commit();
                    Pools.backendPid(holder);
                    served.add("holder");
                }
                holder.commit();
                waiter.get(10, TimeUnit.SECONDS);
            } finally {
                thread.shutdownNow();
            }
            assertThat(served.get(0)).isEqualTo("waiter");
        }
    }

    @Test
    void noWaiterSitsOutTheReserveTimeoutUnderASaturatingLoad(TestDatabase db) throws Exception {
        try (PgmuxDataSource ds = Pools.dataSource(db, "pool.size", "2", "pool.reserve", "2",
                "pool.reserveTimeoutMs", "2000", "pool.acquireTimeoutMs", "20000")) {
            try (Connection c = ds.getConnection()) {
                Pools.backendPid(c);
            }
            ServerPool pool = Pools.pool(ds);
            pool.counters().takeMaxWaitMicros();
            AtomicInteger errors = new AtomicInteger();
            AtomicInteger transactions = new AtomicInteger();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
            ExecutorService threads = Executors.newFixedThreadPool(32);
            try {
                List<Future<?>> runs = new ArrayList<>();
                for (int t = 0; t < 32; t++) {
                    runs.add(threads.submit(() -> {
                        try (Connection c = ds.getConnection()) {
                            c.setAutoCommit(false);
                            while (System.nanoTime() < end) {
                                try (Statement s = c.createStatement()) {
                                    s.execute("SELECT pg_sleep(0.001)");
                                }
                                c.commit();
                                transactions.incrementAndGet();
                            }
                        } catch (SQLException e) {
                            errors.incrementAndGet();
                        }
                    }));
                }
                for (Future<?> run : runs) {
                    run.get(60, TimeUnit.SECONDS);
                }
            } finally {
                threads.shutdownNow();
            }
            assertThat(errors).hasValue(0);
            assertThat(transactions.get()).isGreaterThan(100);
            assertThat(pool.counters().totalReserveBorrows()).isZero();
            assertThat(TimeUnit.MICROSECONDS.toMillis(pool.counters().maxWaitMicros())).isLessThan(1000);
        }
    }

    @Test
    void aConnectionIsRetiredAfterReconnectRatherThanHandedToTheNextWaiter(TestDatabase db) throws Exception {
        try (PgmuxDataSource ds = Pools.dataSource(db, "pool.size", "1", "pool.reserve", "0");
             Connection holder = ds.getConnection()) {
            ServerPool pool = holder(ds, holder);
            int old = Pools.backendPid(holder);
            List<String> served = Collections.synchronizedList(new ArrayList<>());
            ExecutorService thread = Executors.newSingleThreadExecutor();
            try {
                Future<Integer> waiter = thread.submit(() -> {
                    try (Connection c = ds.getConnection()) {
                        return Pools.backendPid(c);
                    }
                });
                await().atMost(Duration.ofSeconds(10)).until(() -> pool.counters().clientsWaiting() == 1);
                pool.reconnect();
                holder.commit();
                assertThat(waiter.get(10, TimeUnit.SECONDS)).isNotEqualTo(old);
            } finally {
                thread.shutdownNow();
            }
        }
    }

    @Test
    void aBrokenServerConnectionIsNeverHandedToAWaiter(TestDatabase db) throws Exception {
        try (PgmuxDataSource ds = Pools.dataSource(db, "pool.size", "1", "pool.reserve", "0");
             Connection holder = ds.getConnection()) {
            ServerPool pool = holder(ds, holder);
            ExecutorService thread = Executors.newSingleThreadExecutor();
            try {
                Future<Integer> waiter = thread.submit(() -> {
                    try (Connection c = ds.getConnection()) {
                        return Pools.intOf(c, "SELECT 42");
                    }
                });
                await().atMost(Duration.ofSeconds(10)).until(() -> pool.counters().clientsWaiting() == 1);
                assertThatThrownBy(() -> Pools.intOf(holder, "SELECT pg_terminate_backend(pg_backend_pid())::int"))
                        .isInstanceOf(SQLException.class);
                holder.rollback();
                assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo(42);
            } finally {
                thread.shutdownNow();
            }
        }
    }

    /** Passes the only server connection among three threads, so that one always waits, past its 30 s lifetime. */
    @Test
    void aServerConnectionPastItsMaxLifetimeIsRetiredThoughWaitersKeepItBusy(TestDatabase db) throws Exception {
        try (PgmuxDataSource ds = Pools.dataSource(db, "pool.size", "1", "pool.reserve", "0",
                "pool.maxLifetimeMs", "30000")) {
            Map<Integer, long[]> seen = Collections.synchronizedMap(new HashMap<>());
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(36);
            ExecutorService threads = Executors.newFixedThreadPool(3);
            try {
                List<Future<?>> runs = new ArrayList<>();
                for (int t = 0; t < 3; t++) {
                    runs.add(threads.submit(() -> {
                        try (Connection c = ds.getConnection()) {
                            c.setAutoCommit(false);
                            while (System.nanoTime() < end) {
                                int pid = Pools.backendPid(c);
                                long now = System.nanoTime();
                                seen.computeIfAbsent(pid, p -> new long[] {now, now})[1] = now;
                                c.commit();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> run : runs) {
                    run.get(60, TimeUnit.SECONDS);
                }
            } finally {
                threads.shutdownNow();
            }
            assertThat(seen).hasSizeGreaterThan(1);
            synchronized (seen) {
                for (long[] firstAndLast : seen.values()) {
                    assertThat(TimeUnit.NANOSECONDS.toMillis(firstAndLast[1] - firstAndLast[0])).isLessThan(31_000);
                }
            }
        }
    }

    /** Starts a transaction on {@code holder}, so that it holds the pool's only server connection. */
    private static ServerPool holder(PgmuxDataSource ds, Connection holder) throws SQLException {
        holder.setAutoCommit(false);
        Pools.backendPid(holder);
        return Pools.pool(ds);
    }

    private static Void oneTransaction(PgmuxDataSource ds, String name, List<String> served) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            Pools.backendPid(c);
            served.add(name);
            c.commit();
        }
        return null;
    }
}
