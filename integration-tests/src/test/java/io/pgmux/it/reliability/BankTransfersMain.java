package io.pgmux.it.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bank with plain JDBC and no pgmux code: threads move money between accounts for a while. Even threads run
 * serializable transactions and retry them on 40001; odd threads run read-committed ones that lock both accounts
 * with SELECT ... FOR UPDATE. Half the threads keep one connection, the others open one per transfer. Each
 * transfer writes a ledger row with its own id. It writes the ids of the transfers whose commit succeeded to a
 * file, and prints the class of the connections it gets and one line {@code committed=N retries=N errors=N}, with
 * the errors' SQLStates on stderr.
 *
 * <p>Arguments: URL, user, password, threads, seconds, accounts, output file.
 */
public final class BankTransfersMain {
    private BankTransfersMain() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String user = args[1];
        String password = args[2];
        int threads = Integer.parseInt(args[3]);
        long endNanos = System.nanoTime() + Long.parseLong(args[4]) * 1_000_000_000L;
        int accounts = Integer.parseInt(args[5]);
        try (Connection first = DriverManager.getConnection(url, user, password)) {
            System.out.println("connection=" + first.getClass().getName());
        }
        List<Long> committed = new ArrayList<>();
        AtomicLong retries = new AtomicLong();
        Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int me = t;
            Thread worker = new Thread(() -> {
                List<Long> mine = new ArrayList<>();
                long seq = 0;
                Connection held = null;
                try {
                    while (System.nanoTime() - endNanos < 0) {
                        long id = (long) me * 1_000_000_000L + seq++;
                        boolean keep = me % 4 < 2;
                        try {
                            if (held == null || !keep) {
                                held = DriverManager.getConnection(url, user, password);
                            }
                            if (transfer(held, id, me % 2 == 0, accounts, retries)) {
                                mine.add(id);
                            }
                        } catch (SQLException e) {
                            errors.computeIfAbsent(e.getSQLState() + " " + e.getMessage(), k -> new AtomicLong()).incrementAndGet();
                        } finally {
                            if (!keep && held != null) {
                                closeQuietly(held);
                                held = null;
                            }
                        }
                    }
                } finally {
                    if (held != null) {
                        closeQuietly(held);
                    }
                    synchronized (committed) {
                        committed.addAll(mine);
                    }
                }
            }, "bank-" + t);
            workers.add(worker);
            worker.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        writeIds(args[6], committed);
        long errorCount = errors.values().stream().mapToLong(AtomicLong::get).sum();
        new TreeMap<>(errors).forEach((what, n) -> System.err.println("error x" + n + ": " + what));
        System.out.println("committed=" + committed.size() + " retries=" + retries.get() + " errors=" + errorCount);
        System.exit(errorCount == 0 ? 0 : 1);
    }

    /** One transfer, retried on serialization failures and deadlocks; true once committed. */
    private static boolean transfer(Connection c, long id, boolean serializable, int accounts, AtomicLong retries)
            throws SQLException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int from = random.nextInt(accounts);
        int to = (from + 1 + random.nextInt(accounts - 1)) % accounts;
        long amount = 1 + random.nextInt(50);
        c.setAutoCommit(false);
        c.setTransactionIsolation(serializable ? Connection.TRANSACTION_SERIALIZABLE : Connection.TRANSACTION_READ_COMMITTED);
        while (true) {
            try {
                if (serializable) {
                    long balance = balanceOf(c, from, "");
                    if (balance < amount) {
                        c.rollback();
                        return false;
                    }
                } else {
                    // both rows locked in id order: no deadlock between two read-committed transfers
                    balanceOf(c, Math.min(from, to), " FOR UPDATE");
                    balanceOf(c, Math.max(from, to), " FOR UPDATE");
                    if (balanceOf(c, from, "") < amount) {
                        c.rollback();
                        return false;
                    }
                }
                move(c, from, -amount);
                move(c, to, amount);
                try (PreparedStatement ledger = c.prepareStatement(
                        "INSERT INTO bank_ledger (id, from_account, to_account, amount) VALUES (?, ?, ?, ?)")) {
                    ledger.setLong(1, id);
                    ledger.setInt(2, from);
                    ledger.setInt(3, to);
                    ledger.setLong(4, amount);
                    ledger.executeUpdate();
                }
                c.commit();
                return true;
            } catch (SQLException e) {
                c.rollback();
                if (!"40001".equals(e.getSQLState()) && !"40P01".equals(e.getSQLState())) {
                    throw e;
                }
                retries.incrementAndGet();
            }
        }
    }

    private static long balanceOf(Connection c, int account, String lock) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT balance FROM bank_accounts WHERE id = ?" + lock)) {
            s.setInt(1, account);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void move(Connection c, int account, long amount) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE bank_accounts SET balance = balance + ? WHERE id = ?")) {
            s.setLong(1, amount);
            s.setInt(2, account);
            s.executeUpdate();
        }
    }

    private static void writeIds(String file, List<Long> ids) throws IOException {
        StringBuilder text = new StringBuilder();
        for (long id : ids) {
            text.append(id).append('\n');
        }
        Files.write(Paths.get(file), text.toString().getBytes(StandardCharsets.US_ASCII));
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // a failed close changes nothing the bank checks
        }
    }
}
