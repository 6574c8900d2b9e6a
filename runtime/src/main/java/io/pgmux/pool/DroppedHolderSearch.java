package io.pgmux.pool;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the garbage collector for borrows that wait while logical connections the app dropped without closing may
 * hold the server connections: only a collection clears the weak references by which pools find them.
 */
final class DroppedHolderSearch {
    /** A collection stops the whole JVM for a moment: at most this often, whichever pool waits. */
    static final long MIN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final AtomicLong nextAllowedNanos = new AtomicLong(System.nanoTime() - 1);

    private DroppedHolderSearch() {
    }

    /** Runs a collection, unless one ran less than {@link #MIN_INTERVAL_NANOS} ago; true where it ran. */
    static boolean collectGarbage() {
        long now = System.nanoTime();
        long allowed = nextAllowedNanos.get();
        if (now - allowed < 0 || !nextAllowedNanos.compareAndSet(allowed, now + MIN_INTERVAL_NANOS)) {
            return false;
        }
        System.gc();
        return true;
    }
}
