package io.pgmux.session;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Brings a server connection to the session state a logical connection wants, when it borrows one and when
 * a setter changes the state while it holds one. Targets that keep no backend per server connection
 * (transaction-mode poolers) need the values applied inside each transaction instead of per session.
 */
public interface SessionApplier {

    /**
     * @param wanted        the logical connection's record
     * @param current       what the server connection has now; updated to what was applied
     * @param server        the driver's own connection, whose settings persist until changed again
     * @param pooled        the pool's handle on it, whose settings the pool resets when it takes the connection back
     * @param inTransaction a transaction is open on the server connection: settings applied now end with it
     *                      where it rolls back
     */
    void apply(SessionState wanted, SessionState current, Connection server, Connection pooled, boolean inTransaction)
            throws SQLException;

    /**
     * True where a session-level setting would land on whichever backend serves the transaction
     * (transaction-mode poolers): tracked parameters, isolation and read-only then go into every
     * transaction through {@link #transactionPrologue}, and SQL that sets them for the session is undone
     * within its own transaction.
     */
    default boolean perTransaction() {
        return false;
    }

    /**
     * SQL to run as the first statements of a transaction, before any of the app's.
     *
     * @param readOnlyApplies false for a single autocommit statement: like the driver, read-only only
     *                        marks transactions the app runs with autocommit off
     */
    default List<String> transactionPrologue(SessionState wanted, SessionState defaults, boolean readOnlyApplies) {
        return List.of();
    }
}
