package io.pgmux.pool;

import java.sql.Connection;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The borrows of one pool that wait for a server connection, first come, first served, as PgBouncer queues its
 * clients. HikariCP's bag gives a returned connection to whichever thread asks next, often the one that just
 * returned it, so under load some waiters sat out the whole reserve timeout. Here a connection released while
 * borrows wait goes straight to the longest waiter, and a borrow that finds waiters queues behind them.
 * <p>
 * Only the head may take from HikariCP (new connections, and ones returned to it), and while it waits inside
 * HikariCP ({@link #startFetching}) releases return there, where HikariCP hands them to it. With no waiters a
 * borrow or release reads one volatile field; the lock is taken only while someone waits.
 * <p>
 * The order is enforced only for waits past {@link #SERVE_IN_ORDER_AFTER_NANOS}: before that, releases go back to
 * HikariCP and new borrows take from it, as if nobody waited.
 */
final class WaitQueue {
    /**
     * How long the head may wait before releases go to it and new borrows queue behind it. A strict hand-off costs
     * a context switch per request (the waiter wakes, the releasing thread parks on its next borrow), which cost
     * about 30% of throughput with short transactions; letting the releasing thread take its connection back for
     * a few milliseconds keeps that, while no wait can grow much past this bound plus the queue ahead of it.
     */
    static final long SERVE_IN_ORDER_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    /** One waiting borrow; the releasing thread fills {@link #handed} and wakes it. */
    static final class Waiter {
        final Thread thread = Thread.currentThread();
        final long since = System.nanoTime();
        /** A main-pool connection given to this waiter; written under the lock, read without it. */
        volatile Connection handed;
        /** Set by the waiting thread itself where it took from the reserve instead. */
        boolean fromReserve;
        /** Waits inside HikariCP's getConnection, where a release must go to reach it; guarded by the lock. */
        private boolean fetching;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private volatile int size;
    /** The head, readable without the lock: waiters look at it each time they wake. */
    private volatile Waiter first;

    /** True where nobody waits: a borrow may take from HikariCP, and a release return there. */
    boolean isEmpty() {
        return size == 0;
    }

    /**
     * True where the head has waited past {@link #SERVE_IN_ORDER_AFTER_NANOS}: a borrow must queue behind it and a
     * release go to it. One volatile read while nobody waits.
     */
    boolean headOverdue() {
        Waiter head = first;
        return head != null && overdue(head);
    }

    /** How long {@code w} may still wait before it is owed the next release; 0 or less where it already is. */
    static long untilOverdue(Waiter w) {
        return w.since + SERVE_IN_ORDER_AFTER_NANOS - System.nanoTime();
    }

    private static boolean overdue(Waiter w) {
        return untilOverdue(w) <= 0;
    }

    /** Queues the calling thread's borrow at the tail. */
    Waiter join() {
        Waiter w = new Waiter();
        lock.lock();
        try {
            waiters.addLast(w);
            changed();
        } finally {
            lock.unlock();
        }
        return w;
    }

    /**
     * Gives {@code pooled} to the longest waiter; false where nobody waits, the head has not waited past the bound,
     * or it waits inside HikariCP: the caller must return the connection there instead.
     */
    boolean handOff(Connection pooled) {
        Waiter head;
        Waiter next;
        lock.lock();
        try {
            head = waiters.peekFirst();
            if (head == null || head.fetching || !overdue(head)) {
                return false;
            }
            waiters.pollFirst();
            changed();
            head.handed = pooled;
            next = first;
        } finally {
            lock.unlock();
        }
        LockSupport.unpark(head.thread);
        if (next != null && !overdue(next)) {
            // the new head may have parked for a whole slice: it looks at HikariCP itself until it is overdue
            LockSupport.unpark(next.thread);
        }
        return true;
    }

    boolean isHead(Waiter w) {
        return first == w;
    }

    /** Under the lock, after the queue changed. */
    private void changed() {
        size = waiters.size();
        first = waiters.peekFirst();
    }

    /** The head {@code w} is about to wait inside HikariCP; false where it is not the head or was served. */
    boolean startFetching(Waiter w) {
        lock.lock();
        try {
            if (w.handed != null || waiters.peekFirst() != w) {
                return false;
            }
            w.fetching = true;
            return true;
        } finally {
            lock.unlock();
        }
    }

    void stopFetching(Waiter w) {
        lock.lock();
        try {
            w.fetching = false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes {@code w} out of the queue (served elsewhere, timed out or interrupted) and wakes the next head, which
     * may now take from HikariCP. Returns a connection handed to {@code w} in the meantime, which the caller must
     * use or pass on, or null.
     */
    Connection leave(Waiter w) {
        Waiter next = null;
        lock.lock();
        try {
            boolean wasHead = waiters.peekFirst() == w;
            waiters.remove(w);
            changed();
            if (wasHead) {
                next = waiters.peekFirst();
            }
        } finally {
            lock.unlock();
        }
        if (next != null) {
            LockSupport.unpark(next.thread);
        }
        return w.handed;
    }

    /**
     * A release went back to HikariCP: an overdue head looks there. One that is not overdue looks by itself when
     * it is, and the releasing thread may take the connection back meanwhile.
     */
    void wakeOverdueHead() {
        Waiter head = first;
        if (head != null && overdue(head)) {
            LockSupport.unpark(head.thread);
        }
    }

    /** Something came back to HikariCP (or the reserve) without a hand-off: the head looks there. */
    void wakeHead() {
        Waiter head = first;
        if (head != null) {
            LockSupport.unpark(head.thread);
        }
    }

    /** The pool closes: every waiter looks again, and fails. */
    void wakeAll() {
        lock.lock();
        try {
            for (Waiter w : waiters) {
                LockSupport.unpark(w.thread);
            }
        } finally {
            lock.unlock();
        }
    }
}
