package io.pgmux.pool;

import com.zaxxer.hikari.pool.HikariPool;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executor;

/**
 * pgmux's own one-row query on a server connection taken straight from HikariCP, bounded in time: for watching
 * standbys and the primary's WAL position without counting as an app's borrow. A connection that fails is evicted.
 */
final class ServerQuery {
    private static final Executor CALLER_RUNS = Runnable::run;

    private ServerQuery() {
    }

    static <T> T ask(HikariPool pool, String sql, int timeoutMs, ServerPool.RowReader<T> reader) throws SQLException {
        Connection pooled = pool.getConnection(timeoutMs);
        boolean broken = true;
        try {
            // a frozen server must not hold the caller: the pool restores its own network timeout on close
            pooled.setNetworkTimeout(CALLER_RUNS, timeoutMs);
            T value;
            try (Statement st = pooled.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                if (!rs.next()) {
                    throw new SQLException("pgmux: " + sql + " returned no row", "XX000");
                }
                value = reader.read(rs);
            }
            if (!pooled.getAutoCommit()) {
                // the last holder left the session in manual commit, which pgmux keeps track of: the driver began a
                // transaction for the query, and HikariCP, which did not see that setting, would not end it
                pooled.rollback();
            }
            broken = false;
            return value;
        } finally {
            if (broken) {
                pool.evictConnection(pooled);
            }
            pooled.close();
        }
    }
}
