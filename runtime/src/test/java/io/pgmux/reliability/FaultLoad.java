package io.pgmux.reliability;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * An app under load while a server fails: logical connections shared out over threads, each transaction
 * writes a ledger row and bumps its connection's counter, and checks inside the transaction that no other
 * logical connection holds the same server backend. It records what the app saw: every error with its
 * SQLState and when the operation began, and which transactions committed, failed before commit, or are
 * in doubt (the commit itself failed).
 */
final class FaultLoad implements AutoCloseable {
    static final String LEDGER = "reliability_ledger";
    static final String COUNTERS = "reliability_counters";

    /** An error the app saw: its SQLState and when the failing operation began. */
    static final class AppError {
        final String sqlState;
        final long startedNanos;
        final SQLException exception;

        AppError(SQLException exception, long startedNanos) {
            this.sqlState = exception.getSQLState();
            this.startedNanos = startedNanos;
            this.exception = exception;
        }

        @Override
        public String toString() {
            return sqlState + " " + exception.getClass().getSimpleName() + ": " + exception.getMessage();
        }
    }

    private final List<Connection> working = new ArrayList<>();
    private final List<Connection> idle = new ArrayList<>();
    private final int threads;
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running;
    private final AtomicLong nextId = new AtomicLong();
    private final Map<Integer, Long> backendHolders = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<AppError> errors = new ConcurrentLinkedQueue<>();
    final Set<Long> committed = ConcurrentHashMap.newKeySet();
    final Set<Long> failedBeforeCommit = ConcurrentHashMap.newKeySet();
    final Set<Long> inDoubt = ConcurrentHashMap.newKeySet();
    final AtomicLong sharedBackends = new AtomicLong();
    final AtomicLong statements = new AtomicLong();
    private final Map<Integer, AtomicLong> lastCommitNanos = new ConcurrentHashMap<>();

    /** Opens {@code logical} connections; {@code idleOnes} of them stay unused until {@link #useIdleConnections()}. */
    FaultLoad(DataSource ds, int logical, int idleOnes, int threads) throws SQLException {
        this.threads = threads;
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + LEDGER + ", " + COUNTERS);
            s.execute("CREATE TABLE " + LEDGER + " (id bigint PRIMARY KEY, conn int NOT NULL)");
            s.execute("CREATE TABLE " + COUNTERS + " (conn int PRIMARY KEY, n bigint NOT NULL)");
            s.execute("INSERT INTO " + COUNTERS + " SELECT g, 0 FROM generate_series(0, " + (logical - 1) + ") g");
        }
        for (int i = 0; i < logical; i++) {
            (i < logical - idleOnes ? working : idle).add(ds.getConnection());
        }
    }

    void start() {
        running = true;
        for (int t = 0; t < threads; t++) {
            int me = t;
            lastCommitNanos.put(me, new AtomicLong());
            Thread worker = new Thread(() -> work(me), "fault-load-" + t);
            workers.add(worker);
            worker.start();
        }
    }

    private void work(int me) {
        int round = 0;
        while (running) {
            int index = me + threads * (round++ % Math.max(1, working.size() / threads));
            Connection c = working.get(index);
            long started = System.nanoTime();
            try {
                if (round % 4 == 0) {
                    autocommitRead(c);
                } else {
                    transfer(c, index, started, me);
                }
            } catch (SQLException e) {
                errors.add(new AppError(e, started));
            }
        }
    }

    private void autocommitRead(Connection c) throws SQLException {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + COUNTERS)) {
            rs.next();
        }
        statements.incrementAndGet();
    }

    /** One transaction; a failure before commit rolls back, and a failed rollback is an error the app sees too. */
    private void transfer(Connection c, int conn, long started, int me) throws SQLException {
        long id = nextId.incrementAndGet();
        c.setAutoCommit(false);
        Integer backend = null;
        boolean commitSent = false;
        try {
            backend = backendPid(c);
            if (backendHolders.putIfAbsent(backend, id) != null) {
                sharedBackends.incrementAndGet();
                backend = null;
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO " + LEDGER + " VALUES (?, ?)");
                 PreparedStatement upd = c.prepareStatement("UPDATE " + COUNTERS + " SET n = n + 1 WHERE conn = ?")) {
                ins.setLong(1, id);
                ins.setInt(2, conn);
                ins.executeUpdate();
                upd.setInt(1, conn);
                upd.executeUpdate();
            }
            if (backend != null && backendPid(c) != backend) {
                sharedBackends.incrementAndGet();
            }
            if (backend != null) {
                backendHolders.remove(backend, id);
                backend = null;
            }
            commitSent = true;
            c.commit();
            committed.add(id);
            statements.addAndGet(4);
            lastCommitNanos.get(me).set(System.nanoTime());
        } catch (SQLException e) {
            (commitSent ? inDoubt : failedBeforeCommit).add(id);
            if (backend != null) {
                backendHolders.remove(backend, id);
            }
            errors.add(new AppError(e, started));
            c.rollback();
        }
    }

    private static int backendPid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** True once every thread committed a transaction that began after {@code sinceNanos}. */
    boolean everyThreadCommittedSince(long sinceNanos) {
        return lastCommitNanos.values().stream().allMatch(t -> t.get() - sinceNanos > 0);
    }

    /** Errors of operations that began at or after {@code sinceNanos}. */
    List<AppError> errorsSince(long sinceNanos) {
        List<AppError> since = new ArrayList<>();
        for (AppError e : errors) {
            if (e.startedNanos - sinceNanos >= 0) {
                since.add(e);
            }
        }
        return since;
    }

    /** How many errors of each SQLState the app saw. */
    Map<String, Integer> errorStates() {
        Map<String, Integer> states = new TreeMap<>();
        for (AppError e : errors) {
            states.merge(String.valueOf(e.sqlState), 1, Integer::sum);
        }
        return states;
    }

    /** Each connection left idle through the fault runs a statement and a transaction; returns the failures. */
    List<SQLException> useIdleConnections() {
        List<SQLException> failures = new ArrayList<>();
        for (Connection c : idle) {
            try {
                autocommitRead(c);
                c.setAutoCommit(false);
                backendPid(c);
                c.commit();
            } catch (SQLException e) {
                failures.add(e);
            }
        }
        return failures;
    }

    void stop() throws InterruptedException {
        running = false;
        for (Thread worker : workers) {
            worker.join(60_000);
        }
    }

    /** Ids in the ledger; and connections whose counter differs from their ledger rows (a half-applied transaction). */
    Outcome outcome(Connection check) throws SQLException {
        Set<Long> inLedger = ConcurrentHashMap.newKeySet();
        try (Statement s = check.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM " + LEDGER)) {
            while (rs.next()) {
                inLedger.add(rs.getLong(1));
            }
        }
        int halfApplied;
        try (Statement s = check.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT count(*) FROM " + COUNTERS + " c WHERE c.n <> (SELECT count(*) FROM " + LEDGER + " l WHERE l.conn = c.conn)")) {
            rs.next();
            halfApplied = rs.getInt(1);
        }
        return new Outcome(inLedger, halfApplied);
    }

    /** What the database holds after the run, against what the app was told. */
    final class Outcome {
        final Set<Long> inLedger;
        final int halfApplied;

        Outcome(Set<Long> inLedger, int halfApplied) {
            this.inLedger = inLedger;
            this.halfApplied = halfApplied;
        }

        /** Commits the app saw succeed that are not in the database. */
        long lost() {
            return committed.stream().filter(id -> !inLedger.contains(id)).count();
        }

        /** Transactions the app saw fail before commit that are in the database anyway. */
        long appliedDespiteFailure() {
            return failedBeforeCommit.stream().filter(inLedger::contains).count();
        }

        @Override
        public String toString() {
            return "committed " + committed.size() + ", failed before commit " + failedBeforeCommit.size() + ", in doubt "
                    + inDoubt.size() + ", lost " + lost() + ", applied despite failure " + appliedDespiteFailure()
                    + ", half-applied " + halfApplied + ", shared backends " + sharedBackends.get() + ", errors " + errorStates();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        for (Connection c : working) {
            closeQuietly(c);
        }
        for (Connection c : idle) {
            closeQuietly(c);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // the test looks at what the load saw, not at closing after it
        }
    }
}
