package io.pgmux.testing;

/** How a PgBouncer database alias pools server connections. */
public enum PoolMode {
    /** A server connection is held by a client for one transaction. */
    TRANSACTION,
    /** A server connection is held by a client until it disconnects. */
    SESSION;

    /** The value of PgBouncer's {@code pool_mode} setting. */
    public String pgbouncerName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
