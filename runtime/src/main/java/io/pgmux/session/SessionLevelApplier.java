package io.pgmux.session;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Applies session state with the driver's own setters and session-level SET, each only where the server
 * connection differs, so that a borrow with the usual settings costs no round trip. Right for servers that
 * keep a backend per server connection (PostgreSQL itself, session-mode poolers). Tracked parameters stay on
 * a released server connection and are reset or changed by the next borrow that wants otherwise.
 */
public final class SessionLevelApplier implements SessionApplier {
    private static final Executor CALLER_RUNS = Runnable::run;

    @Override
    public void apply(SessionState wanted, SessionState current, Connection server, Connection pooled,
                      boolean inTransaction) throws SQLException {
        List<String> tracked = wanted.tracked.sessionSqlFrom(current.tracked);
        if (!tracked.isEmpty()) {
            if (!current.autoCommit && !inTransaction) {
                // the driver would open a transaction around the SET, and the app's rollback would undo it
                server.setAutoCommit(true);
                current.autoCommit = true;
            }
            execute(server, tracked);
            current.tracked.copyFrom(wanted.tracked);
        }
        if (wanted.autoCommit != current.autoCommit) {
            server.setAutoCommit(wanted.autoCommit);
            current.autoCommit = wanted.autoCommit;
        }
        if (wanted.isolation != current.isolation) {
            server.setTransactionIsolation(wanted.isolation);
            current.isolation = wanted.isolation;
        }
        if (wanted.readOnly != current.readOnly) {
            server.setReadOnly(wanted.readOnly);
            current.readOnly = wanted.readOnly;
        }
        if (!SessionState.same(wanted.catalog, current.catalog) && wanted.catalog != null) {
            server.setCatalog(wanted.catalog);
            current.catalog = wanted.catalog;
        }
        if (wanted.holdability != current.holdability) {
            server.setHoldability(wanted.holdability);
            current.holdability = wanted.holdability;
        }
        if (wanted.networkTimeoutMillis != current.networkTimeoutMillis) {
            // through the pool's handle: the pool restores its own value after validating a connection
            pooled.setNetworkTimeout(CALLER_RUNS, wanted.networkTimeoutMillis);
            current.networkTimeoutMillis = wanted.networkTimeoutMillis;
        }
    }

    static void execute(Connection server, List<String> sql) throws SQLException {
        try (Statement st = server.createStatement()) {
            st.execute(String.join("; ", sql));
        }
    }
}
