package io.pgmux.session;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Session state for a transaction-mode pooler, where each transaction may run on another backend: only
 * the driver's client-side flags are set on the server connection; isolation, read-only and tracked
 * parameters go into each transaction ({@code SET TRANSACTION}, {@code SET LOCAL}). The driver's
 * {@code setTransactionIsolation} and {@code setSchema} are never called: they would set the session of
 * whichever backend served them, for every later client of that backend.
 */
public final class TransactionLevelApplier implements SessionApplier {
    private static final Executor CALLER_RUNS = Runnable::run;

    @Override
    public void apply(SessionState wanted, SessionState current, Connection server, Connection pooled,
                      boolean inTransaction) throws SQLException {
        if (wanted.autoCommit != current.autoCommit) {
            server.setAutoCommit(wanted.autoCommit);
            current.autoCommit = wanted.autoCommit;
        }
        if (wanted.holdability != current.holdability) {
            server.setHoldability(wanted.holdability);
            current.holdability = wanted.holdability;
        }
        if (wanted.networkTimeoutMillis != current.networkTimeoutMillis) {
            pooled.setNetworkTimeout(CALLER_RUNS, wanted.networkTimeoutMillis);
            current.networkTimeoutMillis = wanted.networkTimeoutMillis;
        }
        if (inTransaction) {
            // a setter called inside a transaction counts from here on, as it would on a plain connection
            List<String> local = wanted.tracked.localSql();
            if (!local.isEmpty() && !wanted.tracked.equals(current.tracked)) {
                SessionLevelApplier.execute(server, local);
                current.tracked.copyFrom(wanted.tracked);
            }
        }
    }

    @Override
    public boolean perTransaction() {
        return true;
    }

    @Override
    public List<String> transactionPrologue(SessionState wanted, SessionState defaults, boolean readOnlyApplies) {
        boolean isolation = wanted.isolation != defaults.isolation && wanted.isolation != Connection.TRANSACTION_NONE;
        boolean readOnly = readOnlyApplies && wanted.readOnly;
        if (!isolation && !readOnly && wanted.tracked.isEmpty()) {
            return List.of();
        }
        List<String> sql = new ArrayList<>(2 + wanted.tracked.localSql().size());
        if (isolation || readOnly) {
            StringBuilder set = new StringBuilder("SET TRANSACTION");
            if (isolation) {
                set.append(" ISOLATION LEVEL ").append(isolationSql(wanted.isolation));
            }
            if (readOnly) {
                set.append(isolation ? ", READ ONLY" : " READ ONLY");
            }
            sql.add(set.toString());
        }
        sql.addAll(wanted.tracked.localSql());
        return sql;
    }

    private static String isolationSql(int level) {
        switch (level) {
            case Connection.TRANSACTION_READ_UNCOMMITTED:
                return "READ UNCOMMITTED";
            case Connection.TRANSACTION_REPEATABLE_READ:
                return "REPEATABLE READ";
            case Connection.TRANSACTION_SERIALIZABLE:
                return "SERIALIZABLE";
            default:
                return "READ COMMITTED";
        }
    }
}
