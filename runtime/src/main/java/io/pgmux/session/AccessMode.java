package io.pgmux.session;

/**
 * A transaction access mode as SQL sets it ({@code READ ONLY}, {@code READ WRITE}), so that a read-only
 * transaction may be served by a standby.
 */
public enum AccessMode {
    READ_ONLY,
    READ_WRITE
}
