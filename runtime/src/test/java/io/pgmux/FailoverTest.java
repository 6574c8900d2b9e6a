package io.pgmux;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmux.testing.ReplicatedPair;
import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The app's URL lists a primary and its standby with {@code targetServerType=primary}. When the primary is lost
 * under load, the transactions in flight fail as they would without pgmux, no committed transaction is lost, and
 * everything that starts later waits for the promoted standby and goes on without an error (SPEC section 10).
 */
@ExtendWith(TestDatabaseExtension.class)
class FailoverTest {
    private static final int THREADS = 64;
    private static final int ACCOUNTS = 200;
    private static final long OPENING_BALANCE = 1_000;

    /** One transfer transaction as the app saw it. */
    private static final class Attempt {
        final long id;
        final long startNanos;
        volatile long endNanos;
        volatile boolean committed;
        volatile SQLException error;

        Attempt(long id, long startNanos) {
            this.id = id;
            this.startNanos = startNanos;
        }
    }

    @Test
    void aKilledPrimaryFailsOnlyTransactionsInFlightLosesNoCommitAndTheRestGoOnOnThePromotedStandby(TestDatabase db)
            throws Exception {
        try (ReplicatedPair pair = db.newReplicatedPair()) {
            pair.replicateSynchronously();
            createLedger(pair, db.user());
            Properties settings = new Properties();
            settings.setProperty("pgmux.pool.size", "16");
            settings.setProperty("pgmux.pool.minIdle", "0");
            try (PgmuxDataSource ds = new PgmuxDataSource(settings)) {
                ds.setUrl(pair.multiHostUrl() + "?targetServerType=primary");
                ds.setUser(db.user());
                ds.setPassword(db.password());
                List<Connection> idle = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    Connection c = ds.getConnection();
                    assertThat(Pools.intOf(c, "SELECT inet_server_port()")).isEqualTo(pair.primary().port());
                    idle.add(c);
                }

                List<Attempt> attempts = new ArrayList<>();
                AtomicLong ids = new AtomicLong();
                ExecutorService threads = Executors.newFixedThreadPool(THREADS);
                AtomicLong stopAt = new AtomicLong(Long.MAX_VALUE);
                List<Future<?>> runs = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    boolean holdsItsConnection = t % 2 == 0;
                    runs.add(threads.submit(() -> {
                        transfers(ds, holdsItsConnection, ids, attempts, stopAt);
                        return null;
                    }));
                }
                Thread.sleep(2_000);
                long killStart = System.nanoTime();
                pair.primary().kill();
                long killEnd = System.nanoTime();
                Thread.sleep(1_000);
                long promoteStart = System.nanoTime();
                pair.standby().promote();
                long promoted = System.nanoTime();
                // load goes on until well after the new primary took over
                Thread.sleep(4_000);
                stopAt.set(System.nanoTime());
                threads.shutdown();
                assertThat(threads.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
                for (Future<?> run : runs) {
                    run.get();
                }

                List<Attempt> all;
                synchronized (attempts) {
                    all = new ArrayList<>(attempts);
                }
                int inFlight = 0;
                int inTransactionAtKill = 0;
                List<Attempt> errors = new ArrayList<>();
                List<Attempt> errorsOfLaterTransactions = new ArrayList<>();
                long firstCommitAfterKill = Long.MAX_VALUE;
                Set<Long> committed = ConcurrentHashMap.newKeySet();
                for (Attempt a : all) {
                    boolean startedBeforeTheKillEnded = a.startNanos - killEnd < 0;
                    if (startedBeforeTheKillEnded && (a.endNanos == 0 || a.endNanos - killStart > 0)) {
                        inFlight++;
                    }
                    if (a.startNanos - killStart < 0 && (a.endNanos == 0 || a.endNanos - killStart > 0)) {
                        inTransactionAtKill++;
                    }
                    if (a.error != null) {
                        errors.add(a);
                        if (!startedBeforeTheKillEnded) {
                            errorsOfLaterTransactions.add(a);
                        }
                    }
                    if (a.committed) {
                        committed.add(a.id);
                        if (!startedBeforeTheKillEnded) {
                            firstCommitAfterKill = Math.min(firstCommitAfterKill, a.endNanos);
                        }
                    }
                }
                System.out.printf("pgmux failover: %d transfers, %d committed, %d threads in a transaction when the kill"
                                + " began, %d transactions in flight while the primary was killed (%d ms), %d app-visible"
                                + " errors %s; promotion took %d ms; first commit on the new primary %d ms after the"
                                + " promotion began (%d ms after it returned)%n",
                        all.size(), committed.size(), inTransactionAtKill, inFlight,
                        TimeUnit.NANOSECONDS.toMillis(killEnd - killStart),
                        errors.size(), statesOf(errors),
                        TimeUnit.NANOSECONDS.toMillis(promoted - promoteStart),
                        TimeUnit.NANOSECONDS.toMillis(firstCommitAfterKill - promoteStart),
                        TimeUnit.NANOSECONDS.toMillis(firstCommitAfterKill - promoted));

                assertThat(errorsOfLaterTransactions).as("errors of transactions that began after the primary died: %s",
                        statesOf(errorsOfLaterTransactions)).isEmpty();
                assertThat(errors.size()).as("app-visible errors, against the threads in a transaction when the kill"
                        + " began").isLessThanOrEqualTo(inTransactionAtKill);
                for (Attempt a : errors) {
                    String state = a.error.getSQLState();
                    assertThat(state != null && (state.startsWith("08") || state.startsWith("57P0")))
                            .as("a connection-class SQLState, as without pgmux: %s %s", state, a.error.getMessage())
                            .isTrue();
                }
                assertThat(firstCommitAfterKill).as("a commit on the new primary").isNotEqualTo(Long.MAX_VALUE);
                assertThat(TimeUnit.NANOSECONDS.toMillis(firstCommitAfterKill - promoteStart))
                        .as("ms from promotion to the first commit on the new primary").isLessThan(15_000);

                try (Connection check = pair.standby().connect()) {
                    Set<Long> present = transfersIn(check);
                    assertThat(committed).as("committed transfers missing after failover")
                            .allMatch(present::contains);
                    assertThat(Pools.intOf(check, "SELECT count(*) - count(DISTINCT id) FROM transfers")).isZero();
                    assertThat(Pools.stringOf(check, "SELECT sum(balance) FROM accounts"))
                            .isEqualTo(String.valueOf(ACCOUNTS * OPENING_BALANCE));
                    assertThat(Pools.intOf(check, "SELECT count(*) FROM accounts a WHERE balance <> " + OPENING_BALANCE
                            + " - (SELECT coalesce(sum(amount), 0) FROM transfers WHERE from_id = a.id)"
                            + " + (SELECT coalesce(sum(amount), 0) FROM transfers WHERE to_id = a.id)"))
                            .as("accounts whose balance disagrees with the transfers").isZero();
                }

                for (Connection c : idle) {
                    c.setAutoCommit(false);
                    assertThat(Pools.intOf(c, "SELECT inet_server_port()")).isEqualTo(pair.standby().port());
                    c.commit();
                    c.close();
                }
                assertThat(Pools.pool(ds).counters().failovers()).isEqualTo(1);
                ObjectName mbean = new ObjectName("io.pgmux:type=Pool,name=" + ObjectName.quote(Pools.pool(ds).name()));
                assertThat(ManagementFactory.getPlatformMBeanServer().getAttribute(mbean, "Failovers")).isEqualTo(1L);
            }
        }
    }

    private static void createLedger(ReplicatedPair pair, String user) throws SQLException {
        try (Connection su = pair.primary().superuserConnection(); Statement st = su.createStatement()) {
            st.execute("CREATE TABLE accounts (id int PRIMARY KEY, balance bigint NOT NULL)");
            st.execute("INSERT INTO accounts SELECT g, " + OPENING_BALANCE + " FROM generate_series(1, " + ACCOUNTS + ") g");
            st.execute("CREATE TABLE transfers (id bigint PRIMARY KEY, from_id int NOT NULL, to_id int NOT NULL,"
                    + " amount bigint NOT NULL)");
            st.execute("GRANT ALL ON accounts, transfers TO " + user);
        }
    }

    /** Short transfers until told to stop; each thread holds one logical connection or opens one per transfer. */
    private static void transfers(PgmuxDataSource ds, boolean holdsItsConnection, AtomicLong ids, List<Attempt> attempts,
                                  AtomicLong stopAt) throws SQLException {
        Connection held = holdsItsConnection ? ds.getConnection() : null;
        try {
            while (System.nanoTime() < stopAt.get()) {
                Connection c = held != null ? held : ds.getConnection();
                try {
                    transfer(c, ids, attempts);
                } finally {
                    if (held == null) {
                        c.close();
                    }
                }
            }
        } finally {
            if (held != null) {
                held.close();
            }
        }
    }

    private static void transfer(Connection c, AtomicLong ids, List<Attempt> attempts) throws SQLException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int from = 1 + random.nextInt(ACCOUNTS);
        int to = 1 + random.nextInt(ACCOUNTS - 1);
        if (to >= from) {
            to++;
        }
        long amount = 1 + random.nextInt(20);
        Attempt a = new Attempt(ids.incrementAndGet(), System.nanoTime());
        synchronized (attempts) {
            attempts.add(a);
        }
        c.setAutoCommit(false);
        try {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO transfers (id, from_id, to_id, amount) VALUES (?, ?, ?, ?)")) {
                insert.setLong(1, a.id);
                insert.setInt(2, from);
                insert.setInt(3, to);
                insert.setLong(4, amount);
                insert.executeUpdate();
            }
            // accounts in id order: two transfers between the same accounts never deadlock
            try (PreparedStatement update = c.prepareStatement("UPDATE accounts SET balance = balance + ? WHERE id = ?")) {
                for (int account : new int[] {Math.min(from, to), Math.max(from, to)}) {
                    update.setLong(1, account == from ? -amount : amount);
                    update.setInt(2, account);
                    update.executeUpdate();
                }
            }
            c.commit();
            a.endNanos = System.nanoTime();
            a.committed = true;
        } catch (SQLException e) {
            a.endNanos = System.nanoTime();
            a.error = e;
            try {
                c.rollback();
            } catch (SQLException rollbackFailed) {
                e.addSuppressed(rollbackFailed);
            }
        }
    }

    private static Set<Long> transfersIn(Connection c) throws SQLException {
        Set<Long> ids = new java.util.HashSet<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id FROM transfers")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    private static Map<String, Integer> statesOf(List<Attempt> failed) {
        Map<String, Integer> states = new HashMap<>();
        for (Attempt a : failed) {
            states.merge(a.error.getSQLState() + " " + a.error.getMessage(), 1, Integer::sum);
        }
        return states;
    }
}
