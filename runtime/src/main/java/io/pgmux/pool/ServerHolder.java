package io.pgmux.pool;

/** What holds a server connection (a logical connection), as {@code holders()} and leak warnings show it. */
public interface ServerHolder {

    /** Unique within its pool. */
    long id();

    /** Why it holds the server connection, for people: "in transaction", "autocommit statement", "pinned". */
    String holdingState();

    /** Where the app opened it; empty where {@code pgmux.leakThresholdMs} is 0. */
    StackTraceElement[] openedAt();
}
