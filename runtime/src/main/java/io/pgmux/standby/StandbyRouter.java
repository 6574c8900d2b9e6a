package io.pgmux.standby;

import io.pgmux.config.PgmuxConfig;
import io.pgmux.config.StandbyAddress;
import io.pgmux.pool.ReadRouter;
import io.pgmux.pool.ServerConnection;
import io.pgmux.pool.ServerHolder;
import io.pgmux.pool.ServerLoss;
import io.pgmux.pool.ServerPool;
import io.pgmux.session.SessionState;
import io.pgmux.stats.PoolCounters;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read routing of one primary pool (SPEC section 10): read-only work goes to the least busy healthy standby
 * that has replayed every commit this JVM made on that database, else to the primary, counted, never failed.
 */
public final class StandbyRouter implements ReadRouter {
    private static final Logger log = LoggerFactory.getLogger(StandbyRouter.class);
    /** After the commit returned, so at or past the commit's own WAL record. */
    private static final String COMMIT_POSITION_SQL = "SELECT pg_current_wal_insert_lsn()::text";
    private static final String PRIMARY_POSITION_SQL = "SELECT pg_current_wal_lsn()::text";
    /** How long the monitor waits for one answer of a server before it counts that server as not answering. */
    private static final int CHECK_TIMEOUT_MS = 2000;

    /** Opens (enters) the pool of a standby for this primary pool's user, database and settings. */
    public interface StandbyPools {
        ServerPool open(StandbyAddress standby) throws SQLException;
    }

    private final ServerPool primary;
    private final PoolCounters counters;
    private final Standby[] standbys;
    private final StandbyPools pools;
    private final ReadYourWrites commits;
    private final long maxLagMs;
    private final long maxLagNanos;
    /** The monitor thread's own. */
    private final WalHistory primaryHistory = new WalHistory();
    private final ClassLoader appClassLoader;
    private volatile boolean closed;

    private StandbyRouter(ServerPool primary, PgmuxConfig config, StandbyPools pools) {
        this.primary = primary;
        this.counters = primary.counters();
        this.pools = pools;
        this.maxLagMs = config.standbyMaxLagMs();
        this.maxLagNanos = TimeUnit.MILLISECONDS.toNanos(maxLagMs);
        this.commits = ReadYourWrites.of(primary.key().target(), primary.key().database());
        List<Standby> list = new ArrayList<>();
        for (StandbyAddress address : config.standbys()) {
            list.add(new Standby(address));
        }
        this.standbys = list.toArray(new Standby[0]);
        // the standby pools' meters go where the app that opened the primary pool sees them
        this.appClassLoader = Thread.currentThread().getContextClassLoader();
    }

    /** Routes reads of {@code primary} to {@code config.standbys()}; the monitor opens and checks them at once. */
    public static StandbyRouter start(ServerPool primary, PgmuxConfig config, StandbyPools pools) {
        StandbyRouter router = new StandbyRouter(primary, config, pools);
        StandbyMonitor.watch(router);
        return router;
    }

    @Override
    public ServerConnection borrowRead(SessionState wanted, ServerHolder holder) throws SQLException {
        Standby best = null;
        for (Standby s : standbys) {
            if (s.healthy() && (best == null || s.active() < best.active())) {
                best = s;
            }
        }
        long required = commits.required();
        if (best == null || required == ReadYourWrites.UNKNOWN) {
            counters.readFellBackToPrimary();
            return null;
        }
        if (Long.compareUnsigned(best.replayed(), required) < 0) {
            counters.readYourWritesWaited();
            if (!best.awaitReplayed(required, System.nanoTime() + maxLagNanos)) {
                counters.readFellBackToPrimary();
                return null;
            }
        }
        ServerConnection server;
        try {
            server = best.pool().borrow(wanted, holder);
        } catch (SQLException e) {
            if (ServerLoss.isLoss(e)) {
                // the standby went away since the last check: the primary serves, as with no standby
                best.unreachable(e);
            } else if (!(e instanceof java.sql.SQLTransientConnectionException)) {
                throw e;
            }
            // a busy standby (its pool waits at most maxLagMs): the primary serves this one
            counters.readFellBackToPrimary();
            return null;
        }
        counters.readRoutedToStandby();
        return server;
    }

    @Override
    public void committed(ServerConnection server) {
        Connection raw = server.driverConnection();
        try {
            // outside any transaction: the driver would begin one for the query and leave it open
            boolean autoCommit = raw.getAutoCommit();
            if (!autoCommit) {
                raw.setAutoCommit(true);
            }
            try (Statement st = raw.createStatement(); ResultSet rs = st.executeQuery(COMMIT_POSITION_SQL)) {
                rs.next();
                commits.committedAt(Lsn.parse(rs.getString(1)));
            } finally {
                if (!autoCommit) {
                    raw.setAutoCommit(false);
                }
            }
        } catch (SQLException | RuntimeException e) {
            server.failed(e instanceof SQLException ? (SQLException) e : new SQLException(e));
            commits.committedAtUnknown();
            log.debug("pgmux pool {}: the WAL position after a commit could not be read; reads go to the primary"
                    + " until one can", primary.name(), e);
        }
    }

    @Override
    public boolean lost(ServerConnection server, SQLException e) {
        if (!ServerLoss.isLoss(e)) {
            return false;
        }
        for (Standby s : standbys) {
            if (s.pool() == server.pool()) {
                s.unreachable(e);
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        closed = true;
    }

    boolean closed() {
        return closed;
    }

    /** The monitor's round, about once a second: opens standby pools not open yet, samples the primary, checks each. */
    void check() {
        for (Standby s : standbys) {
            if (s.pool() == null) {
                open(s);
            }
        }
        try {
            long position = primary.ask(PRIMARY_POSITION_SQL, CHECK_TIMEOUT_MS, row -> Lsn.parse(row.getString(1)));
            primaryHistory.record(System.nanoTime(), position);
        } catch (SQLException | RuntimeException e) {
            log.debug("pgmux pool {}: the primary's WAL position could not be read", primary.name(), e);
        }
        for (Standby s : standbys) {
            s.check(primaryHistory, maxLagMs, CHECK_TIMEOUT_MS);
        }
    }

    private void open(Standby s) {
        Thread thread = Thread.currentThread();
        ClassLoader own = thread.getContextClassLoader();
        thread.setContextClassLoader(appClassLoader);
        try {
            s.opened(pools.open(s.address()));
        } catch (SQLException | RuntimeException e) {
            s.unreachable(e);
        } finally {
            thread.setContextClassLoader(own);
        }
    }

    /** Lets go of the standby pools: they close once idle, as pools without logical connections do. */
    void release() {
        for (Standby s : standbys) {
            ServerPool p = s.pool();
            if (p != null) {
                p.leave();
            }
        }
    }
}
