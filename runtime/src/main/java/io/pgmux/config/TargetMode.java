package io.pgmux.config;

/** What kind of server pgmux's server connections talk to (SPEC section 5). */
public enum TargetMode {
    /** A transaction-mode pooler such as PgBouncer: a held server connection does not keep its backend. */
    TRANSACTION,
    /** A session-mode pooler: a server connection keeps its backend while it is open. */
    SESSION,
    /** PostgreSQL itself. */
    DIRECT
}
