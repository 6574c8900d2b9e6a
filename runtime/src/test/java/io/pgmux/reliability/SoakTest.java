package io.pgmux.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pgmux.PgmuxDataSource;
import io.pgmux.pool.ServerPool;
import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Long run, outside CI ({@code -Dpgmux.soak=true}, length {@code -Dpgmux.soak.seconds}, 300 by default): 200 threads
 * open 10,000 logical connections between them, leave some unclosed and get interrupted at random while they wait.
 * Afterwards the pool is back to its size with nothing held, PostgreSQL has exactly the pool's connections, the heap
 * is where it was, and no thread was ever deadlocked.
 */
@ExtendWith(TestDatabaseExtension.class)
@EnabledIfSystemProperty(named = "pgmux.soak", matches = "true")
class SoakTest {
    private static final int THREADS = 200;
    private static final int CONNECTIONS = 10_000;
    private static final int POOL_SIZE = 4;
    private static final int RESERVE = 2;

    @Test
    void poolHeapAndThreadsAreWhereTheyStartedAfterTenThousandConnections(TestDatabase db) throws Exception {
        long seconds = Long.getLong("pgmux.soak.seconds", 300);
        int perThread = CONNECTIONS / THREADS;
        long pauseMillis = seconds * 1000 / perThread;
        AtomicLong opened = new AtomicLong();
        AtomicLong leaked = new AtomicLong();
        AtomicLong interrupts = new AtomicLong();
        AtomicLong deadlockChecks = new AtomicLong();
        AtomicLong deadlocks = new AtomicLong();
        Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
        AtomicLong interruptedErrors = new AtomicLong();
        Set<Thread> using = ConcurrentHashMap.newKeySet();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (PgmuxDataSource ds = DataSources.direct(db, "pool.size", String.valueOf(POOL_SIZE), "pool.minIdle", "2",
                "pool.reserve", String.valueOf(RESERVE), "pool.acquireTimeoutMs", "30000")) {
            ds.getConnection().close();
            long heapBefore = heapAfterGc(memory);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Thread worker = new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        Thread.interrupted();
                        ThreadLocalRandom random = ThreadLocalRandom.current();
                        Connection c = null;
                        boolean leak = random.nextInt(100) < 3;
                        try {
                            c = ds.getConnection();
                            opened.incrementAndGet();
                            using.add(Thread.currentThread());
                            try {
                                use(c, random.nextBoolean());
                            } finally {
                                using.remove(Thread.currentThread());
                            }
                        } catch (SQLException e) {
                            if (Thread.currentThread().isInterrupted()) {
                                interruptedErrors.incrementAndGet();
                            }
                            errors.computeIfAbsent(e.getSQLState() + " " + e.getClass().getSimpleName(), k -> new AtomicLong())
                                    .incrementAndGet();
                        } finally {
                            if (c != null && leak) {
                                leaked.incrementAndGet(); // dropped unclosed, holding nothing
                            }
                            closeUnlessLeaked(c, leak);
                        }
                        try {
                            Thread.sleep(random.nextLong(pauseMillis * 2 + 1));
                        } catch (InterruptedException e) {
                            // an interrupt that came between connections: go on
                        }
                    }
                }, "soak-" + t);
                workers.add(worker);
                worker.start();
            }
            Thread meddler = new Thread(() -> {
                while (workers.stream().anyMatch(Thread::isAlive)) {
                    // a thread that is borrowing or using its server connection right now
                    using.stream().findAny().ifPresent(busy -> {
                        busy.interrupt();
                        interrupts.incrementAndGet();
                    });
                    long[] stuck = ManagementFactory.getThreadMXBean().findDeadlockedThreads();
                    deadlockChecks.incrementAndGet();
                    if (stuck != null) {
                        deadlocks.addAndGet(stuck.length);
                    }
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "soak-interrupter");
            meddler.start();
            for (Thread worker : workers) {
                worker.join();
            }
            meddler.join();

            ServerPool pool = ds.pools().iterator().next();
            await().atMost(Duration.ofSeconds(30)).until(() -> pool.serversActive() == 0);
            long heapAfter = heapAfterGc(memory);
            int backends = db.countBackends(db.database());
            System.out.printf("[soak] %d s, opened %d, leaked %d, interrupts %d (failing %d), errors %s, servers total %d idle %d,"
                            + " clients active %d waiting %d open %d, backends %d, heap after GC %d -> %d KB, deadlock checks %d,"
                            + " deadlocked threads %d%n", seconds, opened.get(), leaked.get(), interrupts.get(), interruptedErrors.get(),
                    new TreeMap<>(errors), pool.serversTotal(), pool.serversIdle(), pool.counters().clientsActive(),
                    pool.counters().clientsWaiting(), pool.counters().clientsOpen(), backends, heapBefore / 1024,
                    heapAfter / 1024, deadlockChecks.get(), deadlocks.get());

            assertThat(ManagementFactory.getThreadMXBean().findDeadlockedThreads()).isNull();
            assertThat(deadlocks.get()).isZero();
            assertThat(opened.get()).isEqualTo(CONNECTIONS);
            assertThat(errors.values().stream().mapToLong(AtomicLong::get).sum()).as("errors of interrupted threads only")
                    .isEqualTo(interruptedErrors.get());
            assertThat(errors.keySet()).allSatisfy(e -> assertThat(e).startsWith("08"));
            assertThat(pool.counters().clientsOpen()).as("logical connections open: the leaked ones").isEqualTo(leaked.get());
            assertThat(pool.counters().clientsActive()).isZero();
            assertThat(pool.counters().clientsWaiting()).isZero();
            assertThat(pool.serversTotal()).isLessThanOrEqualTo(POOL_SIZE);
            assertThat(backends).as("PostgreSQL's connections against the pool's").isEqualTo(pool.serversTotal()
                    + pool.reserve().map(r -> r.getHikariPoolMXBean().getTotalConnections()).orElse(0));
            assertThat(heapAfter - heapBefore).as("heap growth after GC, bytes").isLessThan(16L * 1024 * 1024);
        }
    }

    private static void closeUnlessLeaked(Connection c, boolean leak) {
        if (c != null && !leak) {
            try {
                c.close();
            } catch (SQLException e) {
                throw new AssertionError("closing a logical connection failed", e);
            }
        }
    }

    private static void use(Connection c, boolean inTransaction) throws SQLException {
        c.setAutoCommit(!inTransaction);
        // a short hold, so that borrows wait for each other
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid(), pg_sleep(0.02)")) {
            rs.next();
        }
        if (inTransaction) {
            c.commit();
        }
    }

    private static long heapAfterGc(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
