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

    @Test
    void failingBackToTheRebuiltOldPrimaryWorksTheSameWayLosesNoCommitAndCountsTwoFailovers(TestDatabase db)
            throws Exception {
        int threadCount = 24;
        try (ReplicatedPair pair = db.newReplicatedPair()) {
            pair.replicateSynchronously();
            createLedger(pair, db.user());
            int firstPort = pair.primary().port();
            int secondPort = pair.standby().port();
            Properties settings = new Properties();
            settings.setProperty("pgmux.pool.size", "16");
            settings.setProperty("pgmux.pool.minIdle", "0");
            try (PgmuxDataSource ds = new PgmuxDataSource(settings)) {
                ds.setUrl(pair.multiHostUrl() + "?targetServerType=primary");
                ds.setUser(db.user());
                ds.setPassword(db.password());
                List<Connection> idle = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    idle.add(ds.getConnection());
                }
                List<Attempt> attempts = new ArrayList<>();
                AtomicLong ids = new AtomicLong();
                ExecutorService threads = Executors.newFixedThreadPool(threadCount);
                AtomicLong stopAt = new AtomicLong(Long.MAX_VALUE);
                List<Future<?>> runs = new ArrayList<>();
                for (int t = 0; t < threadCount; t++) {
                    boolean holdsItsConnection = t % 2 == 0;
                    runs.add(threads.submit(() -> {
                        transfers(ds, holdsItsConnection, ids, attempts, stopAt);
                        return null;
                    }));
                }
                Thread.sleep(1_500);

                Kill failover = Kill.of(pair);
                Thread.sleep(2_000);
                assertThat(missing(committedBefore(attempts, System.nanoTime()), transfersOn(pair.standby())))
                        .as("committed transfers missing on the promoted server after the failover").isEmpty();

                long rebuildStart = System.nanoTime();
                pair.rebuildOldPrimaryAsStandby();
                pair.replicateSynchronously();
                long rebuilt = System.nanoTime();
                assertThat(pair.standby().port()).isEqualTo(firstPort);
                Thread.sleep(1_500);
                long beforeReplayCheck = System.nanoTime();
                pair.standby().awaitReplayed();
                assertThat(missing(committedBefore(attempts, beforeReplayCheck), transfersOn(pair.standby())))
                        .as("committed transfers missing on the rebuilt standby").isEmpty();

                Kill failback = Kill.of(pair);
                Thread.sleep(3_000);
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
                List<Attempt> errors = new ArrayList<>();
                for (Attempt a : all) {
                    if (a.error != null) {
                        errors.add(a);
                        String state = a.error.getSQLState();
                        assertThat(state != null && (state.startsWith("08") || state.startsWith("57P0")))
                                .as("a connection-class SQLState, as without pgmux: %s %s", state, a.error.getMessage())
                                .isTrue();
                    }
                }
                List<Attempt> ofFailover = failover.errorsOf(errors, Long.MIN_VALUE);
                List<Attempt> ofFailback = failback.errorsOf(errors, failover.end);
                System.out.printf("pgmux failback: %d transfers, %d committed; failover: %s; rebuild and synchronous"
                                + " replication took %d ms; failback: %s%n",
                        all.size(), committedBefore(all, Long.MAX_VALUE).size(), failover.report(all, ofFailover),
                        TimeUnit.NANOSECONDS.toMillis(rebuilt - rebuildStart), failback.report(all, ofFailback));

                assertThat(ofFailover.size() + ofFailback.size()).as("errors of transactions that began after a kill"
                        + " ended: %s", statesOf(errors)).isEqualTo(errors.size());
                assertThat(ofFailover.size()).as("errors at the failover, against the transactions in flight at the"
                        + " kill").isLessThanOrEqualTo(failover.inTransaction(all));
                assertThat(ofFailback.size()).as("errors at the failback, against the transactions in flight at the"
                        + " kill").isLessThanOrEqualTo(failback.inTransaction(all));
                assertThat(failover.firstCommitAfter(all, failback.start)).as("a commit on the promoted server")
                        .isNotEqualTo(Long.MAX_VALUE);
                assertThat(failback.firstCommitAfter(all, Long.MAX_VALUE)).as("a commit on the rebuilt old primary")
                        .isNotEqualTo(Long.MAX_VALUE);

                try (Connection check = pair.standby().connect()) {
                    assertThat(Pools.intOf(check, "SELECT inet_server_port()")).isEqualTo(firstPort);
                    assertThat(missing(committedBefore(all, Long.MAX_VALUE), transfersIn(check)))
                            .as("committed transfers missing after the failback").isEmpty();
                    assertThat(Pools.stringOf(check, "SELECT sum(balance) FROM accounts"))
                            .isEqualTo(String.valueOf(ACCOUNTS * OPENING_BALANCE));
                    assertThat(Pools.intOf(check, "SELECT count(*) FROM accounts a WHERE balance <> " + OPENING_BALANCE
                            + " - (SELECT coalesce(sum(amount), 0) FROM transfers WHERE from_id = a.id)"
                            + " + (SELECT coalesce(sum(amount), 0) FROM transfers WHERE to_id = a.id)"))
                            .as("accounts whose balance disagrees with the transfers").isZero();
                }
                for (Connection c : idle) {
                    assertThat(Pools.intOf(c, "SELECT inet_server_port()")).isEqualTo(firstPort).isNotEqualTo(secondPort);
                    c.close();
                }
                assertThat(Pools.pool(ds).counters().failovers()).isEqualTo(2);
                ObjectName mbean = new ObjectName("io.pgmux:type=Pool,name=" + ObjectName.quote(Pools.pool(ds).name()));
                assertThat(ManagementFactory.getPlatformMBeanServer().getAttribute(mbean, "Failovers")).isEqualTo(2L);
            }
        }
    }

    /** One loss of the primary of a pair: SIGKILL, a second without a primary, then the standby's promotion. */
    private static final class Kill {
        final long start;
        final long end;
        final long promoteStart;
        final long promoted;

        private Kill(long start, long end, long promoteStart, long promoted) {
            this.start = start;
            this.end = end;
            this.promoteStart = promoteStart;
            this.promoted = promoted;
        }

        static Kill of(ReplicatedPair pair) throws InterruptedException {
            long start = System.nanoTime();
            pair.primary().kill();
            long end = System.nanoTime();
            Thread.sleep(1_000);
            long promoteStart = System.nanoTime();
            pair.standby().promote();
            return new Kill(start, end, promoteStart, System.nanoTime());
        }

        /** Transactions begun before the kill and not ended when it began: those that may fail. */
        int inTransaction(List<Attempt> all) {
            int count = 0;
            for (Attempt a : all) {
                if (a.startNanos - start < 0 && (a.endNanos == 0 || a.endNanos - start > 0)) {
                    count++;
                }
            }
            return count;
        }

        /** Errors of transactions begun after {@code since} and before this kill ended. */
        List<Attempt> errorsOf(List<Attempt> errors, long since) {
            List<Attempt> mine = new ArrayList<>();
            for (Attempt a : errors) {
                if ((since == Long.MIN_VALUE || a.startNanos - since >= 0) && a.startNanos - end < 0) {
                    mine.add(a);
                }
            }
            return mine;
        }

        /** The end of the first commit of a transaction begun after this kill and before {@code until}. */
        long firstCommitAfter(List<Attempt> all, long until) {
            long first = Long.MAX_VALUE;
            for (Attempt a : all) {
                if (a.committed && a.startNanos - end >= 0 && (until == Long.MAX_VALUE || a.startNanos - until < 0)) {
                    first = Math.min(first, a.endNanos);
                }
            }
            return first;
        }

        String report(List<Attempt> all, List<Attempt> errors) {
            long firstCommit = firstCommitAfter(all, Long.MAX_VALUE);
            return String.format("%d in a transaction at the kill, %d app-visible errors %s, promotion %d ms, first"
                            + " commit %d ms after the promotion began", inTransaction(all), errors.size(), statesOf(errors),
                    TimeUnit.NANOSECONDS.toMillis(promoted - promoteStart),
                    TimeUnit.NANOSECONDS.toMillis(firstCommit - promoteStart));
        }
    }

    /** Transfers whose commit had returned before {@code before}. */
    private static Set<Long> committedBefore(List<Attempt> attempts, long before) {
        Set<Long> ids = new java.util.HashSet<>();
        synchronized (attempts) {
            for (Attempt a : attempts) {
                if (a.committed && (before == Long.MAX_VALUE || a.endNanos - before < 0)) {
                    ids.add(a.id);
                }
            }
        }
        return ids;
    }

    /** The committed ids not among the present ones (AssertJ's isSubsetOf compares every pair: minutes here). */
    private static Set<Long> missing(Set<Long> committed, Set<Long> present) {
        committed.removeAll(present);
        return committed;
    }

    private static Set<Long> transfersOn(io.pgmux.testing.PostgresNode node) throws SQLException {
        try (Connection c = node.connect()) {
            return transfersIn(c);
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
