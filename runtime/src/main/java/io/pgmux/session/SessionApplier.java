package io.pgmux.session;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Brings a server connection to the session state a logical connection wants, when it borrows one and when
 * a setter changes the state while it holds one. Targets that keep no backend per server connection
 * (transaction-mode poolers) need the values applied inside each transaction instead of per session.
 */
public interface SessionApplier {

    /**
     * @param wanted  the logical connection's record
     * @param current what the server connection has now; updated to what was applied
     * @param server  the driver's own connection, whose settings persist until changed again
     * @param pooled  the pool's handle on it, whose settings the pool resets when it takes the connection back
     */
    void apply(SessionState wanted, SessionState current, Connection server, Connection pooled) throws SQLException;
}
