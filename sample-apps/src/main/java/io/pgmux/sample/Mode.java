package io.pgmux.sample;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/** What one request does on the pgbench schema. */
enum Mode {
    /** One autocommit point select of a random account. */
    READ {
        @Override
        void run(Connection connection, int scale, ThreadLocalRandom random) throws SQLException {
            try (PreparedStatement select = connection.prepareStatement(SELECT_BALANCE)) {
                select.setInt(1, randomAccount(scale, random));
                readBalance(select);
            }
        }
    },
    /** The pgbench TPC-B-like transaction: three updates, a select and an insert, then commit. */
    WRITE {
        @Override
        void run(Connection connection, int scale, ThreadLocalRandom random) throws SQLException {
            int aid = randomAccount(scale, random);
            int tid = 1 + random.nextInt(Schema.TELLERS_PER_BRANCH * scale);
            int bid = 1 + random.nextInt(scale);
            int delta = random.nextInt(-5000, 5001);
            connection.setAutoCommit(false);
            try {
                update(connection, UPDATE_ACCOUNT, delta, aid);
                try (PreparedStatement select = connection.prepareStatement(SELECT_BALANCE)) {
                    select.setInt(1, aid);
                    readBalance(select);
                }
                update(connection, UPDATE_TELLER, delta, tid);
                update(connection, UPDATE_BRANCH, delta, bid);
                try (PreparedStatement insert = connection.prepareStatement(INSERT_HISTORY)) {
                    insert.setInt(1, tid);
                    insert.setInt(2, bid);
                    insert.setInt(3, aid);
                    insert.setInt(4, delta);
                    insert.executeUpdate();
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            }
            // leave the connection as it was lent, the way transaction managers do
            connection.setAutoCommit(true);
        }
    };

    static final String SELECT_BALANCE = "SELECT abalance FROM pgbench_accounts WHERE aid = ?";
    static final String UPDATE_ACCOUNT = "UPDATE pgbench_accounts SET abalance = abalance + ? WHERE aid = ?";
    static final String UPDATE_TELLER = "UPDATE pgbench_tellers SET tbalance = tbalance + ? WHERE tid = ?";
    static final String UPDATE_BRANCH = "UPDATE pgbench_branches SET bbalance = bbalance + ? WHERE bid = ?";
    static final String INSERT_HISTORY =
            "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP)";

    abstract void run(Connection connection, int scale, ThreadLocalRandom random) throws SQLException;

    String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Mode fromCliName(String name) throws BadArgumentException {
        for (Mode mode : values()) {
            if (mode.cliName().equals(name)) {
                return mode;
            }
        }
        throw new BadArgumentException("bad value for --mode: '" + name + "': expected read or write");
    }

    private static int randomAccount(int scale, ThreadLocalRandom random) {
        return 1 + random.nextInt(Schema.ACCOUNTS_PER_BRANCH * scale);
    }

    private static void readBalance(PreparedStatement select) throws SQLException {
        try (ResultSet row = select.executeQuery()) {
            if (!row.next()) {
                throw new SQLException("no pgbench_accounts row for the chosen aid: the schema is not filled; run with --init");
            }
            row.getInt(1);
        }
    }

    private static void update(Connection connection, String sql, int delta, int id) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            update.setInt(1, delta);
            update.setInt(2, id);
            if (update.executeUpdate() != 1) {
                throw new SQLException("expected one row changed by: " + sql + " (id " + id + "); the schema is not filled; run with --init");
            }
        }
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            if (!connection.isClosed()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }
}
