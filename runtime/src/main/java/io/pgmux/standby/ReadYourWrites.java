package io.pgmux.standby;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The WAL position of the latest commit this JVM made on one primary database, shared by all its pools: a read
 * that starts after a commit has returned waits for a standby that has replayed it, whichever logical connection
 * wrote. Lock-free; one per primary target and database.
 */
final class ReadYourWrites {
    /** Where a commit's position could not be read: reads go to the primary until one can. */
    static final long UNKNOWN = -1;

    private static final ConcurrentHashMap<String, ReadYourWrites> BY_DATABASE = new ConcurrentHashMap<>();

    private final AtomicLong committed = new AtomicLong();
    private volatile boolean unknown;

    static ReadYourWrites of(String primaryTarget, String database) {
        return BY_DATABASE.computeIfAbsent(primaryTarget + "/" + database, k -> new ReadYourWrites());
    }

    /** A commit returned with the primary at {@code lsn} or beyond. */
    void committedAt(long lsn) {
        long seen = committed.get();
        while (Long.compareUnsigned(lsn, seen) > 0 && !committed.compareAndSet(seen, lsn)) {
            seen = committed.get();
        }
        unknown = false;
    }

    /** A commit returned whose position is not known. */
    void committedAtUnknown() {
        unknown = true;
    }

    /** What a standby must have replayed before it serves a read that starts now; {@link #UNKNOWN} where unknown. */
    long required() {
        return unknown ? UNKNOWN : committed.get();
    }
}
