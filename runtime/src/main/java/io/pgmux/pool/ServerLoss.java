package io.pgmux.pool;

import java.sql.SQLException;

/** Tells a lost or unreachable server (a failover, a pooler gone) from an error of the work itself. */
public final class ServerLoss {
    private ServerLoss() {
    }

    /**
     * Connection errors (class 08, which covers "no server of targetServerType found") and the server shutting
     * down, crashed or not yet accepting connections (57P01, 57P02, 57P03).
     */
    public static boolean isLoss(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ServerPool.AcquireTimeout) {
                continue;
            }
            if (t instanceof SQLException) {
                String state = ((SQLException) t).getSQLState();
                if (state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                        || state.equals("57P03"))) {
                    return true;
                }
            }
        }
        return false;
    }
}
