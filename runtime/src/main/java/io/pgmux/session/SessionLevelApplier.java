package io.pgmux.session;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executor;

/**
 * Applies JDBC session state with the driver's own setters, each only where the server connection differs,
 * so that a borrow with the usual settings costs no round trip. Right for servers that keep a backend per
 * server connection (PostgreSQL itself, session-mode poolers).
 */
public final class SessionLevelApplier implements SessionApplier {
    private static final Executor CALLER_RUNS = Runnable::run;

    @Override
    public void apply(SessionState wanted, SessionState current, Connection server, Connection pooled) throws SQLException {
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
        if (!SessionState.same(wanted.schema, current.schema) && wanted.schema != null) {
            server.setSchema(wanted.schema);
            current.schema = wanted.schema;
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
        if (!SessionState.same(wanted.applicationName, current.applicationName)) {
            server.setClientInfo("ApplicationName", wanted.applicationName == null ? "" : wanted.applicationName);
            current.applicationName = wanted.applicationName;
        }
    }
}
