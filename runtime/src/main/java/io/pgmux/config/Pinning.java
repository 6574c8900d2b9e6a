package io.pgmux.config;

/** What to do when an app runs a statement whose effect outlives a transaction (SPEC section 4). */
public enum Pinning {
    /** Keep the server connection for the logical connection until it closes. */
    PIN,
    /** Execute without pinning, and log the statement shape once. */
    WARN,
    /** Refuse with SQLFeatureNotSupportedException. */
    FAIL
}
