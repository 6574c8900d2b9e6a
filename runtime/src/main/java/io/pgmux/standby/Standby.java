package io.pgmux.standby;

import io.pgmux.config.StandbyAddress;
import io.pgmux.pool.ReplicaStatus;
import io.pgmux.pool.ServerPool;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code pgmux.standby} server as one primary pool sees it: its pool, opened by the monitor, and whether it
 * may take reads now. The monitor checks it about once a second; a read that needs a newer position than the last
 * check saw asks it again, one asker at a time.
 */
final class Standby implements ReplicaStatus {
    private static final Logger log = LoggerFactory.getLogger(Standby.class);
    private static final String CHECK_SQL = "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text";
    private static final String REPLAY_SQL = "SELECT pg_last_wal_replay_lsn()::text";
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final long WAITER_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(500);

    private final StandbyAddress address;
    private volatile ServerPool pool;
    private volatile boolean healthy;
    private volatile long lagMillis = Long.MAX_VALUE;
    /** The newest replay position seen; only grows while the standby stays in recovery. */
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicBoolean asking = new AtomicBoolean();
    /** Why it takes no reads, as last logged: a change is logged once. */
    private volatile String downReason = "";

    Standby(StandbyAddress address) {
        this.address = address;
    }

    StandbyAddress address() {
        return address;
    }

    ServerPool pool() {
        return pool;
    }

    void opened(ServerPool pool) {
        this.pool = pool;
        pool.replicaStatus(this);
    }

    long replayed() {
        return replayed.get();
    }

    /** Logical connections holding one of its server connections now: reads go to the least busy standby. */
    long active() {
        ServerPool p = pool;
        return p == null ? Long.MAX_VALUE : p.counters().clientsActive();
    }

    @Override
    public String role() {
        return "standby";
    }

    @Override
    public boolean healthy() {
        return healthy;
    }

    @Override
    public long replicationLagMillis() {
        long lag = lagMillis;
        return lag == Long.MAX_VALUE ? -1 : lag;
    }

    /** The monitor's check: reachable, in recovery, and how far behind the primary's history it replays. */
    void check(WalHistory primary, long maxLagMs, int timeoutMs) {
        ServerPool p = pool;
        if (p == null) {
            return;
        }
        try {
            long[] state = p.ask(CHECK_SQL, timeoutMs, row -> new long[] {row.getBoolean(1) ? 1 : 0, Lsn.parse(row.getString(2))});
            if (state[0] == 0) {
                down("it is not in recovery any more (promoted?): it is no standby now");
                return;
            }
            // the check is the truth: a standby rebuilt from a new primary may be behind what was seen before
            replayed.set(state[1]);
            long lag = primary.lagMillis(replayed.get(), System.nanoTime());
            lagMillis = lag;
            if (lag > maxLagMs) {
                down(lag == Long.MAX_VALUE ? "the primary's WAL position is not known yet"
                        : "its replay is " + lag + " ms behind the primary, over pgmux.standby.maxLagMs=" + maxLagMs);
                return;
            }
            up();
        } catch (SQLException | RuntimeException e) {
            lagMillis = Long.MAX_VALUE;
            down("it does not answer (" + e.getMessage() + ")");
        }
    }

    /** The pool could not be opened, or a read could not borrow from it. */
    void unreachable(Exception e) {
        lagMillis = Long.MAX_VALUE;
        down("it does not answer (" + e.getMessage() + ")");
    }

    /**
     * Waits until the standby has replayed {@code lsn}, asking it every few ms (one asker at a time for all
     * waiting reads), until {@code deadlineNanos}. False where it did not get there in time or stopped answering.
     */
    boolean awaitReplayed(long lsn, long deadlineNanos) {
        ServerPool p = pool;
        while (Long.compareUnsigned(replayed.get(), lsn) < 0) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0 || p == null || !healthy) {
                return false;
            }
            if (asking.compareAndSet(false, true)) {
                long asked = System.nanoTime();
                try {
                    int timeoutMs = (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(left));
                    raiseReplayed(p.ask(REPLAY_SQL, timeoutMs, row -> Lsn.parse(row.getString(1))));
                } catch (SQLException | RuntimeException e) {
                    unreachable(e);
                    return false;
                } finally {
                    asking.set(false);
                }
                if (Long.compareUnsigned(replayed.get(), lsn) < 0) {
                    LockSupport.parkNanos(Math.min(POLL_NANOS - (System.nanoTime() - asked), deadlineNanos - System.nanoTime()));
                }
            } else {
                LockSupport.parkNanos(Math.min(WAITER_PARK_NANOS, left));
            }
        }
        return true;
    }

    private void raiseReplayed(long lsn) {
        long seen = replayed.get();
        while (Long.compareUnsigned(lsn, seen) > 0 && !replayed.compareAndSet(seen, lsn)) {
            seen = replayed.get();
        }
    }

    private void up() {
        if (!healthy) {
            healthy = true;
            downReason = "";
            log.info("pgmux standby {}: takes reads ({} ms behind the primary)", address, lagMillis);
        }
    }

    private void down(String reason) {
        healthy = false;
        String kind = reason.substring(0, Math.min(reason.length(), 24));
        if (!downReason.startsWith(kind)) {
            log.warn("pgmux standby {}: takes no reads, the primary serves them: {}", address, reason);
        }
        downReason = reason;
    }
}
