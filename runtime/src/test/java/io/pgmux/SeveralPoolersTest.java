package io.pgmux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pgmux.pool.ServerPool;
import io.pgmux.testing.PgBouncer;
import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code pgmux.target} lists two PgBouncers: server connections spread over both, and when one is killed the other
 * serves every transaction that had not started yet, with no app-visible error (SPEC section 10).
 */
@ExtendWith(TestDatabaseExtension.class)
class SeveralPoolersTest {
    private static final String APP = "several-poolers";
    private static final int THREADS = 32;

    /** One short transaction as the app saw it. */
    private static final class Attempt {
        final long startNanos = System.nanoTime();
        volatile SQLException error;
    }

    private static PgmuxDataSource throughBoth(TestDatabase db, PgBouncer other, String... settings) {
        String[] all = new String[settings.length + 4];
        all[0] = "target";
        all[1] = db.host() + ":" + db.pgbouncerPort() + "," + other.host() + ":" + other.port();
        all[2] = "applicationName";
        all[3] = APP;
        System.arraycopy(settings, 0, all, 4, settings.length);
        return Pools.dataSource(db, all);
    }

    private static long clientsOf(List<Map<String, String>> showClients) {
        return showClients.stream().filter(row -> APP.equals(row.get("application_name"))).count();
    }

    private static void createTable(TestDatabase db) {
        db.execAsSuperuser("DROP TABLE IF EXISTS pooler_rows; CREATE TABLE pooler_rows (id bigint PRIMARY KEY);"
                + " GRANT ALL ON pooler_rows TO " + db.user());
    }

    private static void insert(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO pooler_rows VALUES (?)")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    @Test
    void serverConnectionsSpreadOverThePoolersAndAKilledOneFailsNoTransactionThatHadNotStarted(TestDatabase db)
            throws Exception {
        createTable(db);
        try (PgBouncer other = db.newPgBouncer();
             PgmuxDataSource ds = throughBoth(db, other, "pool.size", "8")) {
            AtomicLong ids = new AtomicLong();
            AtomicLong stopAt = new AtomicLong(Long.MAX_VALUE);
            List<Attempt> attempts = new ArrayList<>();
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                runs.add(threads.submit(() -> {
                    try (Connection c = ds.getConnection()) {
                        c.setAutoCommit(false);
                        while (System.nanoTime() < stopAt.get()) {
                            Attempt a = new Attempt();
                            synchronized (attempts) {
                                attempts.add(a);
                            }
                            try {
                                insert(c, ids.incrementAndGet());
                                insert(c, ids.incrementAndGet());
                                c.commit();
                            } catch (SQLException e) {
                                a.error = e;
                                c.rollback();
                            }
                        }
                    }
                    return null;
                }));
            }
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> clientsOf(db.showClients()) > 0 && clientsOf(other.admin("SHOW CLIENTS")) > 0);

            long killStart = System.nanoTime();
            other.kill();
            long killEnd = System.nanoTime();
            Thread.sleep(2_000);
            stopAt.set(System.nanoTime());
            threads.shutdown();
            assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            for (Future<?> run : runs) {
                run.get();
            }

            int before = 0;
            int after = 0;
            List<SQLException> allowed = new ArrayList<>();
            Map<String, Integer> unexpected = new HashMap<>();
            synchronized (attempts) {
                for (Attempt a : attempts) {
                    boolean started = a.startNanos - killEnd < 0;
                    if (started) {
                        before++;
                    } else {
                        after++;
                    }
                    if (a.error != null) {
                        if (started) {
                            allowed.add(a.error);
                        } else {
                            unexpected.merge(a.error.getSQLState() + " " + a.error.getMessage(), 1, Integer::sum);
                        }
                    }
                }
            }
            System.out.printf("pgmux several poolers: one of two killed (%d ms) under %d threads; %d transactions began"
                            + " before, %d of them failed; %d began after, %d failed%n",
                    TimeUnit.NANOSECONDS.toMillis(killEnd - killStart), THREADS, before, allowed.size(), after,
                    unexpected.values().stream().mapToInt(Integer::intValue).sum());
            assertThat(after).isPositive();
            assertThat(unexpected).as("errors of transactions that began after the pooler was killed").isEmpty();
            assertThat(allowed).allSatisfy(e -> assertThat(e.getSQLState()).startsWith("08"));

            // every server connection the pool holds now is one to the surviving pooler
            ServerPool pool = Pools.pool(ds);
            List<Connection> holding = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    Connection c = ds.getConnection();
                    holding.add(c);
                    c.setAutoCommit(false);
                    assertThat(Pools.intOf(c, "SELECT 1")).isEqualTo(1);
                }
                assertThat(pool.counters().clientsActive()).isEqualTo(8);
                assertThat(clientsOf(db.showClients())).isGreaterThanOrEqualTo(8);
            } finally {
                for (Connection c : holding) {
                    c.close();
                }
            }

            // back again, it gets new server connections once the driver tries it again
            other.start();
            pool.reconnect();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                List<Connection> some = new ArrayList<>();
                try {
                    for (int i = 0; i < 8; i++) {
                        Connection c = ds.getConnection();
                        some.add(c);
                        c.setAutoCommit(false);
                        Pools.intOf(c, "SELECT 1");
                    }
                    return clientsOf(other.admin("SHOW CLIENTS")) > 0;
                } finally {
                    for (Connection c : some) {
                        c.close();
                    }
                    pool.reconnect();
                }
            });
        }
    }

    @Test
    void aTransactionRightAfterAPoolerDiedRunsOnTheOtherWithoutError(TestDatabase db) throws Exception {
        createTable(db);
        try (PgBouncer other = db.newPgBouncer();
             PgmuxDataSource ds = throughBoth(db, other, "pool.size", "6")) {
            // six server connections in use at once: the driver spreads them over both poolers at random
            List<Connection> six = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (;;) {
                for (int i = 0; i < 6; i++) {
                    Connection c = ds.getConnection();
                    six.add(c);
                    c.setAutoCommit(false);
                    Pools.intOf(c, "SELECT 1");
                }
                if (clientsOf(other.admin("SHOW CLIENTS")) > 0) {
                    break;
                }
                assertThat(System.nanoTime() < deadline).as("a server connection to the second pooler within 30 s;"
                        + " SHOW CLIENTS of the first: %s", db.showClients()).isTrue();
                for (Connection c : six) {
                    c.close();
                }
                six.clear();
                Pools.pool(ds).reconnect();
            }
            try {
                // idle now, and used too recently for HikariCP to check them before it lends them again; through a
                // transaction-mode pooler, pgmux begins each of their transactions with a SET LOCAL of its own
                for (Connection c : six) {
                    try (java.sql.Statement st = c.createStatement()) {
                        st.execute("SET statement_timeout = '9s'");
                    }
                    c.commit();
                }
                long killStart = System.nanoTime();
                other.kill();
                System.out.printf("pgmux several poolers: killing one took %d ms%n",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killStart));
                for (int i = 0; i < six.size(); i++) {
                    insert(six.get(i), 1_000_000 + i);
                }
                for (Connection c : six) {
                    c.commit();
                }
                assertThat(Pools.intOf(six.get(0), "SELECT count(*) FROM pooler_rows WHERE id >= 1000000")).isEqualTo(6);
                assertThat(Pools.stringOf(six.get(0), "SHOW statement_timeout")).isEqualTo("9s");
                six.get(0).commit();
            } finally {
                for (Connection c : six) {
                    c.close();
                }
            }
        }
    }
}
