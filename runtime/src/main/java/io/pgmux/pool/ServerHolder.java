package io.pgmux.pool;

import java.lang.ref.Reference;

/** What holds a server connection (a logical connection), as {@code holders()} and leak warnings show it. */
public interface ServerHolder {

    /** Unique within its pool. */
    long id();

    /** Why it holds the server connection, for people: "in transaction", "autocommit statement", "pinned". */
    String holdingState();

    /** Where the app opened it; empty where {@code pgmux.leakThresholdMs} is 0. */
    StackTraceElement[] openedAt();

    /**
     * A weak reference to this holder, the same one each time: the pool holds its server connections' holders
     * only weakly, so that it can take back what a holder the app dropped without closing still held.
     */
    Reference<ServerHolder> reference();
}
