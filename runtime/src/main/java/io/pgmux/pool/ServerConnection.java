package io.pgmux.pool;

import io.pgmux.session.SessionState;
import java.sql.Connection;
import java.sql.SQLException;
import java.lang.ref.Reference;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One server connection of a pool and what pgmux knows about its session, kept across borrows so that a
 * borrow only changes what differs. Between borrow and release it belongs to one logical connection.
 */
public final class ServerConnection {
    final ServerPool pool;
    final Connection raw;
    final SessionState current;
    Connection pooled;
    boolean fromReserve;
    AtomicInteger holderDepth;
    /** Weak: see {@link ServerHolder#reference()}. */
    volatile Reference<ServerHolder> holder;
    /** Between borrow and release; whoever gives it back first (its holder, or the pool reclaiming it) clears it. */
    final AtomicBoolean borrowed = new AtomicBoolean();
    long borrowedAtNanos;
    /** When pgmux first lent it out; with {@link #generation}, tells when it is due to go back to HikariCP. */
    final long firstUsedNanos = System.nanoTime();
    /** The pool's generation when it was last taken from HikariCP. */
    int generation;
    String holderThread;
    private boolean resetOnRelease;
    private boolean evictOnRelease;

    ServerConnection(ServerPool pool, Connection raw, SessionState current) {
        this.pool = pool;
        this.raw = raw;
        this.current = current;
    }

    /** The pool's handle: what is set through it, the pool resets when the connection comes back. */
    public Connection connection() {
        return pooled;
    }

    /** The driver's connection, for settings pgmux tracks itself. */
    public Connection driverConnection() {
        return raw;
    }

    public SessionState current() {
        return current;
    }

    public ServerPool pool() {
        return pool;
    }

    /** Session state changed in ways pgmux does not track: {@code DISCARD ALL} before anyone else borrows it. */
    public void resetOnRelease() {
        resetOnRelease = true;
    }

    /** The app had the driver's own objects: close the connection instead of returning it. */
    public void evictOnRelease() {
        evictOnRelease = true;
    }

    /** Notes a failure: a broken connection (SQLState class 08 and the like) is never returned to the pool. */
    public void failed(SQLException e) {
        if (isBroken(e)) {
            evictOnRelease = true;
        }
    }

    boolean takeResetOnRelease() {
        boolean r = resetOnRelease;
        resetOnRelease = false;
        return r;
    }

    boolean takeEvictOnRelease() {
        boolean r = evictOnRelease;
        evictOnRelease = false;
        return r;
    }

    boolean isClosed() {
        try {
            return raw.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    static boolean isBroken(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            String state = x.getSQLState();
            if (state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                    || state.equals("57P03") || state.equals("01002") || state.equals("0A000"))) {
                return true;
            }
            if (x.getNextException() == x) {
                break;
            }
        }
        return false;
    }
}
