package io.pgmux.sample;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The pgbench tables: creating and filling them, and reading back the scale they were filled with. */
final class Schema {
    static final int TELLERS_PER_BRANCH = 10;
    static final int ACCOUNTS_PER_BRANCH = 100_000;

    private Schema() {
    }

    /** Drops any old tables and fills new ones, one set-based statement per table. */
    static void create(Connection connection, int scale) throws SQLException {
        connection.setAutoCommit(true);
        try (Statement sql = connection.createStatement()) {
            sql.execute("DROP TABLE IF EXISTS pgbench_history, pgbench_accounts, pgbench_tellers, pgbench_branches");
            sql.execute("CREATE TABLE pgbench_branches (bid int NOT NULL, bbalance int, filler char(88))"
                    + " WITH (fillfactor = 100)");
            sql.execute("CREATE TABLE pgbench_tellers (tid int NOT NULL, bid int, tbalance int, filler char(84))"
                    + " WITH (fillfactor = 100)");
            sql.execute("CREATE TABLE pgbench_accounts (aid int NOT NULL, bid int, abalance int, filler char(84))"
                    + " WITH (fillfactor = 100)");
            sql.execute("CREATE TABLE pgbench_history (tid int, bid int, aid int, delta int, mtime timestamp,"
                    + " filler char(22))");
            sql.execute("INSERT INTO pgbench_branches (bid, bbalance)"
                    + " SELECT bid, 0 FROM generate_series(1, " + scale + ") AS bid");
            sql.execute("INSERT INTO pgbench_tellers (tid, bid, tbalance)"
                    + " SELECT tid, (tid - 1) / " + TELLERS_PER_BRANCH + " + 1, 0"
                    + " FROM generate_series(1, " + (long) TELLERS_PER_BRANCH * scale + ") AS tid");
            sql.execute("INSERT INTO pgbench_accounts (aid, bid, abalance, filler)"
                    + " SELECT aid, (aid - 1) / " + ACCOUNTS_PER_BRANCH + " + 1, 0, ''"
                    + " FROM generate_series(1, " + (long) ACCOUNTS_PER_BRANCH * scale + ") AS aid");
            // keys after the fill: building an index once is faster than maintaining it row by row
            sql.execute("ALTER TABLE pgbench_branches ADD PRIMARY KEY (bid)");
            sql.execute("ALTER TABLE pgbench_tellers ADD PRIMARY KEY (tid)");
            sql.execute("ALTER TABLE pgbench_accounts ADD PRIMARY KEY (aid)");
            sql.execute("VACUUM ANALYZE pgbench_branches, pgbench_tellers, pgbench_accounts, pgbench_history");
        }
    }

    /** The scale the tables were filled with, taken from the branch count. */
    static int readScale(Connection connection) throws SQLException {
        try (Statement sql = connection.createStatement();
             ResultSet row = sql.executeQuery("SELECT count(*) FROM pgbench_branches")) {
            row.next();
            int branches = row.getInt(1);
            if (branches == 0) {
                throw new SQLException("pgbench_branches is empty: run once with --init");
            }
            return branches;
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                throw new SQLException("the pgbench tables do not exist in this database: run once with --init", "42P01", e);
            }
            throw e;
        }
    }
}
