package io.pgmux.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code pgmux.maxServerConnections}: the server connections of all pools of one pgmux (main, reserve and pin-target
 * pools) together. Over it, a borrow that needs a new one waits while pgmux closes idle connections of other pools,
 * as PgBouncer's {@code max_db_connections} does. Only opening a server connection passes here, never a borrow.
 */
public final class ServerConnectionCap {
    /** How often a waiting open looks for room again. */
    private static final long POLL_MS = 5;
    /** An idle connection closes in about a round trip; a waiter closes no second one before this. */
    private static final long CLOSE_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final int max;
    private final long timeoutMs;
    private final Supplier<? extends Iterable<ServerPool>> pools;
    /** The server connections let open that the driver does not report closed yet. */
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    /** Opens under way; guarded by this. */
    private int opening;

    /**
     * @param timeoutMs how long an open that a borrow waits for may wait for room
     * @param pools every pool that may hold idle server connections to close
     */
    public ServerConnectionCap(int max, long timeoutMs, Supplier<? extends Iterable<ServerPool>> pools) {
        this.max = max;
        this.timeoutMs = timeoutMs;
        this.pools = pools;
    }

    public int max() {
        return max;
    }

    /** Server connections open, or being opened, now. */
    public synchronized int inUse() {
        return opening + countOpen();
    }

    /**
     * Takes room for one server connection for {@code requester} (null: a pool's first connection). Where a
     * borrow waits for it ({@code needed}), closes idle connections of other pools and waits up to the acquire
     * timeout; otherwise fails at once. Each success must be followed by {@link #opened}.
     *
     * @throws SQLTransientConnectionException (08001) naming the cap and how to raise it
     */
    void reserve(ServerPool requester, boolean needed) throws SQLException {
        if (tryReserve()) {
            return;
        }
        if (!needed) {
            throw full(requester, "a pool keeps fewer idle server connections than pgmux.pool.minIdle");
        }
        long start = System.nanoTime();
        long nextClose = start;
        while (!tryReserve()) {
            long now = System.nanoTime();
            if (now - start >= TimeUnit.MILLISECONDS.toNanos(timeoutMs)) {
                throw full(requester, "no pool had an idle server connection to close within " + timeoutMs + " ms");
            }
            long pauseMs = POLL_MS;
            if (now - nextClose >= 0 && closeIdle(requester)) {
                nextClose = now + CLOSE_GRACE_NANOS;
                // the driver reports it closed at once, but its backend holds a server slot until it has exited
                pauseMs = TimeUnit.NANOSECONDS.toMillis(CLOSE_GRACE_NANOS);
            }
            try {
                Thread.sleep(pauseMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("Interrupted while waiting for room under pgmux.maxServerConnections=" + max,
                        "08001", e);
            }
        }
    }

    /** Ends a {@link #reserve}: {@code connection} is the one opened, or null where opening it failed. */
    synchronized void opened(Connection connection) {
        opening--;
        if (connection != null) {
            open.add(connection);
        }
    }

    private synchronized boolean tryReserve() {
        if (opening + countOpen() >= max) {
            return false;
        }
        opening++;
        return true;
    }

    private int countOpen() {
        open.removeIf(ServerConnectionCap::isClosed);
        return open.size();
    }

    /** Closes one idle server connection, of another pool where one has any. */
    private boolean closeIdle(ServerPool requester) {
        for (ServerPool pool : pools.get()) {
            if (pool != requester && pool.closeIdleServerConnection()) {
                return true;
            }
        }
        return requester != null && requester.closeIdleServerConnection();
    }

    private SQLTransientConnectionException full(ServerPool requester, String why) {
        return new SQLTransientConnectionException("pgmux: no new server connection for pool "
                + (requester == null ? "(opening)" : requester.name()) + ": pgmux.maxServerConnections=" + max
                + " server connections are open across all pools, and " + why + ". " + advice(), "08001");
    }

    /** What to change, for messages of borrows that time out while the cap is reached. */
    String advice() {
        return "Raise pgmux.maxServerConnections (now " + max + "; PostgreSQL's max_connections must allow it), or"
                + " lower pgmux.pool.size so that the pools fit under it.";
    }

    private static boolean isClosed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }
}
