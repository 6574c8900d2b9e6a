package io.pgmux.testing;

/**
 * Counts the client backends of one database about every 20 ms on its own connection,
 * until closed. Used to see how many server connections PostgreSQL had at most during a load.
 */
public interface BackendSampler extends AutoCloseable {

    /** Most backends seen in one sample so far; fails if no sample has succeeded yet. */
    int peak();

    /** Samples taken successfully so far. */
    int samples();

    /** Stops sampling and waits for the sampling thread to end; peak() and samples() keep their values. */
    @Override
    void close();
}
