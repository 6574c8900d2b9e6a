package io.pgmux.pool;

import java.sql.SQLException;

/**
 * Where the pinned logical connections of a transaction-mode pool get their server connections
 * ({@code pgmux.pin.target}): a held connection to such a pooler does not keep its backend from one
 * transaction to the next, so a session that must keep its backend moves to a server that keeps it.
 */
public interface PinTarget {

    /** {@code host:port} of the pin target. */
    String hostAndPort();

    /**
     * The pool of server connections to the pin target, for the same database, user and properties, entered for
     * the calling logical connection ({@link ServerPool#enter}), which leaves it when it closes.
     */
    ServerPool pool() throws SQLException;
}
