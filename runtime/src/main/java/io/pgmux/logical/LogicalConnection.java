package io.pgmux.logical;

import io.pgmux.config.Pinning;
import io.pgmux.pool.ServerConnection;
import io.pgmux.pool.ServerLoss;
import io.pgmux.pool.ServerHolder;
import io.pgmux.pool.ServerPool;
import io.pgmux.pool.PinTarget;
import io.pgmux.pool.ReadRouter;
import io.pgmux.pool.ReplicaStatus;
import io.pgmux.session.NoTransactionBlock;
import io.pgmux.session.RoleChange;
import io.pgmux.session.SessionState;
import io.pgmux.session.SqlEffects;
import io.pgmux.session.TrackedParameters;
import io.pgmux.session.TrackedSetting;
import io.pgmux.session.TransactionControl;
import io.pgmux.session.TransactionIsolation;
import io.pgmux.stats.PoolCounters;
import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.ClientInfoStatus;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection the app holds. It owns no socket: it borrows a server connection from its pool for a
 * transaction or an autocommit statement and gives it back when the results are consumed (SPEC section 3).
 * Session settings are recorded here and applied to whichever server connection it holds.
 * Like the driver's own connection it is meant for one thread at a time; {@code close}, {@code abort}
 * and {@code Statement.cancel} may come from another.
 */
public class LogicalConnection implements Connection, ServerHolder {
    private static final Logger log = LoggerFactory.getLogger(LogicalConnection.class);
    private static final String APPLICATION_NAME = "ApplicationName";
    private static final StackTraceElement[] NO_STACK = new StackTraceElement[0];
    private static final Set<String> warnedStatements = ConcurrentHashMap.newKeySet();

    /** Where server connections come from: the pool it opened with, or its pin target's pool once pinned there. */
    private ServerPool pool;
    /** The pool it opened with, which counts it as a user until it closes (as its pin target's pool does). */
    private final ServerPool homePool;
    private final PoolCounters counters;
    private final SessionState wanted;
    /** Open statements, closed with the connection. Guarded by itself: a statement may be closed on another thread. */
    private final ArrayList<LogicalStatement> statements = new ArrayList<>(4);
    private final long id;
    private final StackTraceElement[] openedAt;
    private ServerConnection server;
    /** Statements and metadata results that still read from the held server connection. */
    private int holds;
    private boolean transactionOpen;
    private long transactionStartNanos;
    private boolean pinned;
    /** The app opened a transaction block with SQL (BEGIN) in autocommit mode. */
    private boolean sqlBlockOpen;
    /** A transaction-mode autocommit statement runs in a short transaction of pgmux's, for its SET LOCALs. */
    private boolean wrapped;
    /** Tracked parameter changes made by SQL in the open transaction: recorded at commit, dropped at rollback. */
    private final ArrayList<TrackedSetting> pending = new ArrayList<>(0);
    /** The held server connection's tracked parameters when the open transaction began: a rollback returns to them. */
    private final TrackedParameters serverAtStart = new TrackedParameters();
    /** The held server connection's session isolation level when the open transaction began. */
    private int serverIsolationAtStart;
    private volatile boolean closed;
    private SQLWarning warnings;
    private Map<String, Class<?>> typeMap = Collections.emptyMap();
    /** Made at the first borrow: see {@link ServerHolder#reference()}. */
    private WeakReference<ServerHolder> reference;
    /** The app driver's interfaces (PGConnection, ...) this connection and its statements implement. */
    private final DriverInterfaces driverInterfaces;
    /** What the app set through the driver's own setters; null until it sets something. */
    private DriverSettings driverSettings;
    /** The statement about to borrow only reads: a read-only transaction's first, or a provably read-only one. */
    private boolean readIntent;
    /** Pinning: the server connection it borrows must be the primary's. */
    private boolean choosingPinServer;
    /** The server connection borrowed for the statement now running: see {@link #letGoOfLostServer}. */
    private ServerConnection untried;
    /** Server connections found lost in a row at their first statement, and since when: bounds the tries. */
    private int lostInARow;
    private long firstLostNanos;
    /** The held server connection ran SQL that may write since its last commit: that commit must reach readers. */
    private boolean mayHaveWritten;
    /** The pinned server connection another thread waits on for notifications: closing breaks the wait. */
    private volatile ServerConnection waitingOn;

    /** A logical connection that implements the app driver's interfaces, where it has them (pgjdbc's PGConnection). */
    public static LogicalConnection open(ServerPool pool) {
        return DriverInterfaces.of(pool.driverConnectionClass()).newConnection(pool);
    }

    /**
     * A logical connection on {@code pool}, which the caller has {@link ServerPool#enter entered} for it; for
     * {@link #open} and the subclasses {@link DriverInterfaces} generates.
     */
    protected LogicalConnection(ServerPool pool) {
        this.pool = pool;
        this.homePool = pool;
        this.driverInterfaces = DriverInterfaces.of(pool.driverConnectionClass());
        this.counters = pool.counters();
        this.wanted = pool.defaults().copy();
        this.id = pool.nextClientId();
        // a stack per open is costly: only where leak warnings need it
        this.openedAt = pool.config().leakThresholdMs() > 0 ? new Throwable().getStackTrace() : NO_STACK;
        counters.clientOpened();
    }

    // ---- borrow and release ------------------------------------------------------------------------

    /** The held server connection, borrowing one where none is held. */
    ServerConnection server() throws SQLException {
        checkOpen();
        ServerConnection s = server;
        if (s == null) {
            s = borrow();
            server = s;
            if (driverSettings != null) {
                applyDriverSettings(s);
            }
        }
        return s;
    }

    /** A server connection of a standby for read-only work where one can serve it, else of this connection's pool. */
    private ServerConnection borrow() throws SQLException {
        untried = null;
        ReadRouter router = homePool.readRouter();
        if (router != null && !pinned && !choosingPinServer && (wanted.readOnly || readIntent)) {
            ServerConnection s = router.borrowRead(wanted, this);
            if (s != null) {
                return s;
            }
        }
        return pool.borrow(wanted, this);
    }

    /** A transaction that may have written committed: reads that start from now on must see it, on any standby. */
    private void committedWrites(ServerConnection s) {
        mayHaveWritten = false;
        ReadRouter router = homePool.readRouter();
        if (router != null && s != null && s.pool().replicaStatus() == ReplicaStatus.PRIMARY) {
            router.committed(s);
        }
    }

    private void applyDriverSettings(ServerConnection s) throws SQLException {
        try {
            driverSettings.applyTo(s, pool);
        } catch (SQLException | RuntimeException e) {
            s.evictOnRelease();
            releaseServer();
            throw e;
        }
    }

    /** A statement starts to use the server connection; it calls {@link #unhold()} when its results are consumed. */
    ServerConnection hold() throws SQLException {
        ServerConnection s = server();
        holds++;
        if (!wanted.autoCommit && !transactionOpen) {
            transactionOpen = true;
            transactionStartNanos = System.nanoTime();
            transactionStarted(s, pool.applier().transactionPrologue(wanted, pool.defaults(), true));
        }
        return s;
    }

    private void transactionStarted(ServerConnection s, List<String> prologue) throws SQLException {
        serverAtStart.copyFrom(s.current().tracked);
        serverIsolationAtStart = s.current().isolation;
        pending.clear();
        if (!prologue.isEmpty()) {
            runInternal(s, prologue);
            s.current().tracked.copyFrom(wanted.tracked);
        }
    }

    /** Runs pgmux's own SQL on the held server connection, in whatever transaction is open there. */
    private void runInternal(ServerConnection s, List<String> sql) throws SQLException {
        try (Statement st = s.driverConnection().createStatement()) {
            st.execute(String.join("; ", sql));
        } catch (SQLException e) {
            s.failed(e);
            throw e;
        }
    }

    /**
     * Holds a server connection to execute {@code sql}: pins, warns or refuses first where its effect outlives
     * the transaction, and through a transaction-mode pooler wraps an autocommit statement in a short
     * transaction where settings must be applied with SET LOCAL.
     */
    ServerConnection holdFor(String sql, SqlEffects effects) throws SQLException {
        checkOpen();
        if (effects.pins() && !pinned) {
            sessionLevelStatement(sql, effects);
        }
        ReadRouter router = homePool.readRouter();
        boolean borrows = server == null;
        ServerConnection s;
        try {
            if (router != null && borrows) {
                readIntent = readsOnly(sql, effects);
                try {
                    s = hold();
                } finally {
                    readIntent = false;
                }
            } else {
                s = hold();
            }
        } catch (SQLException e) {
            // pgmux's own SET LOCALs that begin the transaction found the server just borrowed lost
            untried = borrows ? server : null;
            if (letGoOfLostServer(e, sql)) {
                return holdFor(sql, effects);
            }
            throw e;
        }
        if (borrows) {
            untried = s;
        }
        if (router != null && !mayHaveWritten && s.pool().replicaStatus() == ReplicaStatus.PRIMARY
                && !pool.classifier().provablyReadOnly(sql)) {
            mayHaveWritten = true;
        }
        if (pool.applier().perTransaction() && wanted.autoCommit && !sqlBlockOpen && !wrapped && !pinned
                && effects.lastTransactionControl() == null && !NoTransactionBlock.refuses(sql)) {
            List<String> prologue = pool.applier().transactionPrologue(wanted, pool.defaults(), false);
            if (!prologue.isEmpty() || !effects.trackedChanges().isEmpty()) {
                try {
                    s.driverConnection().setAutoCommit(false);
                    s.current().autoCommit = false;
                    wrapped = true;
                    transactionStarted(s, prologue);
                } catch (SQLException e) {
                    unhold();
                    throw e;
                }
            }
        }
        return s;
    }

    /**
     * True where {@code sql}, about to borrow, starts read-only work: a transaction it opens READ ONLY (BEGIN READ
     * ONLY in autocommit, SET TRANSACTION READ ONLY first in a transaction), or, with
     * {@code pgmux.standby.autocommitReads}, an autocommit statement proven to read only.
     */
    private boolean readsOnly(String sql, SqlEffects effects) {
        if (transactionOpen || sqlBlockOpen) {
            return false;
        }
        if (effects.readOnlyStart()) {
            return true;
        }
        return wanted.autoCommit && pool.config().standbyAutocommitReads() && pool.classifier().provablyReadOnly(sql);
    }

    boolean autocommitWrapped() {
        return wrapped;
    }

    /**
     * The app's SQL ran: make its tracked parameter changes stick to this logical connection only, and follow
     * transaction blocks it opened or closed in SQL. Through a transaction-mode pooler a session-level SET is
     * undone within its own transaction and kept as SET LOCAL for the rest of it.
     */
    void afterExecute(SqlEffects effects) throws SQLException {
        untried = null;
        lostInARow = 0;
        ServerConnection s = server;
        if (s == null || effects == SqlEffects.NONE) {
            finishWrapped(s);
            if (mayHaveWritten && wanted.autoCommit && !sqlBlockOpen) {
                committedWrites(s);
            }
            return;
        }
        if (effects.changesSessionDefaults()) {
            ServerPool.sessionDefaultsChanged();
        }
        List<TrackedSetting> changes = effects.trackedChanges();
        if (!changes.isEmpty()) {
            if (pool.applier().perTransaction() && !pinned) {
                ArrayList<String> undo = new ArrayList<>(changes.size() * 2);
                boolean resetAll = false;
                for (TrackedSetting change : changes) {
                    if (change.kind() == TrackedSetting.Kind.SET) {
                        undo.add("RESET " + quoteName(change.name()));
                        undo.add(change.applySql(true));
                    } else if (change.kind() == TrackedSetting.Kind.RESET_ALL) {
                        resetAll = true;
                    }
                }
                if (resetAll && pool.defaults().applicationName != null) {
                    // the pooler keeps application_name per client: give the server connection pgmux's name back
                    undo.add("SET application_name TO '" + pool.defaults().applicationName.replace("'", "''") + "'");
                }
                if (!undo.isEmpty()) {
                    runInternal(s, undo);
                }
            } else {
                for (TrackedSetting change : changes) {
                    if (TransactionIsolation.changes(change)) {
                        s.current().isolation = TransactionIsolation.levelAfter(change, pool.defaults().isolation);
                    }
                    if (!change.name().equals(TransactionIsolation.PARAMETER)) {
                        s.current().tracked.change(change);
                    }
                    if (change.kind() == TrackedSetting.Kind.RESET_ALL) {
                        // RESET ALL also resets what the driver set (isolation): start the next borrower clean
                        s.resetOnRelease();
                    }
                }
            }
            if (transactionOpen || sqlBlockOpen || wrapped) {
                pending.addAll(changes);
            } else {
                record(changes);
            }
        }
        TransactionControl control = effects.lastTransactionControl();
        if (control != null && wanted.autoCommit && !wrapped) {
            if (control.leavesBlockOpen()) {
                if (control == TransactionControl.BEGIN || !sqlBlockOpen) {
                    sqlBlockOpen = true;
                    transactionStarted(s, pool.applier().perTransaction() && !pinned
                            ? wanted.tracked.localSql() : List.of());
                } else {
                    transactionEnded(control == TransactionControl.COMMIT_AND_CHAIN);
                    sqlBlockOpen = true;
                    transactionStarted(s, pool.applier().perTransaction() && !pinned
                            ? wanted.tracked.localSql() : List.of());
                }
            } else if (control.closesBlock() && sqlBlockOpen) {
                sqlBlockOpen = false;
                transactionEnded(control == TransactionControl.COMMIT);
            }
        }
        finishWrapped(s);
        if (mayHaveWritten && wanted.autoCommit && !sqlBlockOpen) {
            committedWrites(s);
        }
    }

    /** Commits pgmux's short transaction around an autocommit statement; its failure is the statement's. */
    private void finishWrapped(ServerConnection s) throws SQLException {
        if (!wrapped || s == null) {
            return;
        }
        wrapped = false;
        Connection raw = s.driverConnection();
        try {
            raw.commit();
            transactionEnded(true);
        } catch (SQLException e) {
            transactionEnded(false);
            s.failed(e);
            throw e;
        } finally {
            restoreAutoCommit(s);
        }
    }

    /** The app's statement failed: a wrapped autocommit statement's transaction is rolled back. */
    void executionFailed() {
        ServerConnection s = server;
        if (!wrapped || s == null) {
            return;
        }
        wrapped = false;
        try {
            s.driverConnection().rollback();
        } catch (SQLException e) {
            s.failed(e);
            s.evictOnRelease();
        }
        transactionEnded(false);
        restoreAutoCommit(s);
    }

    private void restoreAutoCommit(ServerConnection s) {
        try {
            s.driverConnection().setAutoCommit(true);
            s.current().autoCommit = true;
        } catch (SQLException e) {
            s.failed(e);
            s.evictOnRelease();
        }
    }

    /** A transaction ended on the held server connection: keep or drop what SQL set in it. */
    private void transactionEnded(boolean committed) {
        ServerConnection s = server;
        if (committed) {
            record(pending);
        } else if (s != null) {
            s.current().tracked.copyFrom(serverAtStart);
            s.current().isolation = serverIsolationAtStart;
        }
        pending.clear();
        if (s != null && pool.applier().perTransaction()) {
            // SET LOCAL values ended with it
            s.current().tracked.copyFrom(pool.defaults().tracked);
        }
    }

    /** Tracked parameter changes that took effect: the logical connection re-applies them on every borrow. */
    private void record(List<TrackedSetting> changes) {
        for (TrackedSetting change : changes) {
            if (change.name().equals(TransactionIsolation.PARAMETER)) {
                // the session's default isolation: what getTransactionIsolation() answers and borrows apply
                wanted.isolation = TransactionIsolation.levelAfter(change, pool.defaults().isolation);
                continue;
            }
            wanted.tracked.change(change);
            if (change.kind() == TrackedSetting.Kind.RESET_ALL) {
                SessionState defaults = pool.defaults();
                wanted.schema = defaults.schema;
                wanted.applicationName = defaults.applicationName;
                wanted.isolation = defaults.isolation;
            } else if (change.name().equals("search_path")) {
                wanted.schema = change.kind() == TrackedSetting.Kind.RESET ? pool.defaults().schema : null;
            } else if (change.name().equals("application_name")) {
                wanted.applicationName = change.kind() == TrackedSetting.Kind.RESET
                        ? pool.defaults().applicationName : null;
            }
        }
    }

    private static String quoteName(String name) {
        return name.matches("[a-z_][a-z0-9_$.]*") ? name : '"' + name.replace("\"", "\"\"") + '"';
    }

    void unhold() {
        holds--;
        releaseIfUnused();
    }

    /** Gives the server connection back where nothing needs it any more. */
    void releaseIfUnused() {
        if (server != null && holds <= 0 && !transactionOpen && !sqlBlockOpen && !pinned) {
            releaseServer();
        }
    }

    private void releaseServer() {
        ServerConnection s = server;
        server = null;
        holds = 0;
        if (driverSettings != null && !driverSettings.restore(s)) {
            s.evictOnRelease();
        }
        mayHaveWritten = false;
        // a standby's server connection goes back to the standby's pool
        s.pool().release(s);
    }

    /** An autocommit statement ran: it was a transaction of its own. */
    void executed(long startNanos) {
        long micros = (System.nanoTime() - startNanos) / 1000;
        counters.query(micros);
        if (wanted.autoCommit) {
            counters.transaction(micros);
        }
    }

    /**
     * The statement {@code sql} just borrowed for failed because its server is gone (a primary or standby lost, a
     * pooler killed, a connection broken while idle). Where nothing of it can have taken effect, since it began a
     * transaction (which a lost server never commits) or it only reads, the connection lets go of that server
     * connection and the caller runs the statement again on another, which a multi-host pool waits for. It does so for
     * as many lost ones in a row as the pool has connections, and within {@code pgmux.failover.waitMs}. False for any
     * other failure, which is the app's.
     */
    boolean letGoOfLostServer(SQLException e, String sql) {
        ServerConnection lost = untried;
        untried = null;
        if (lost == null || !ServerLoss.isLoss(e)) {
            lostInARow = 0;
            return false;
        }
        ReadRouter router = homePool.readRouter();
        // a standby gets no reads until it answers again, and a read there wrote nothing
        boolean standby = router != null && router.lost(lost, e);
        if (!standby && wanted.autoCommit && !pool.classifier().provablyReadOnly(sql)) {
            // an autocommit write may have committed before the server was lost
            lostInARow = 0;
            return false;
        }
        long now = System.nanoTime();
        if (lostInARow++ == 0) {
            firstLostNanos = now;
        } else if (lostInARow > pool.config().poolSize() + pool.config().poolReserve()
                || now - firstLostNanos > TimeUnit.MILLISECONDS.toNanos(pool.config().failoverWaitMs())) {
            lostInARow = 0;
            return false;
        }
        if (server == lost) {
            transactionOpen = false;
            sqlBlockOpen = false;
            wrapped = false;
            pending.clear();
            lost.evictOnRelease();
            releaseServer();
        }
        return true;
    }

    /** A driver call failed: a broken server connection must not go back to the pool. */
    void serverFailed(SQLException e) {
        ServerConnection s = server;
        if (s != null) {
            s.failed(e);
        }
    }

    /**
     * The app runs SQL whose effect outlives the transaction (SPEC section 4): pin, warn or refuse per
     * {@code pgmux.pinning}. A role change back to the login role changes nothing and does not pin. Through a
     * transaction-mode pooler the logical connection moves to its pin target, which only works before the
     * transaction has done anything.
     */
    private void sessionLevelStatement(String sql, SqlEffects effects) throws SQLException {
        String role = RoleChange.target(sql);
        if (role != null && (role.equals(RoleChange.NONE) || role.equals(pool.loginRole()))) {
            return; // the role every server connection of this pool already has
        }
        String shape = effects.shape();
        Pinning pinning = pool.config().pinning();
        boolean pinTargetNeeded = pool.applier().perTransaction();
        PinTarget target = pinTargetNeeded ? pool.pinTarget().orElse(null) : null;
        if (pinning == Pinning.FAIL || (pinning == Pinning.PIN && pinTargetNeeded && target == null)) {
            String why = pinning == Pinning.FAIL ? "pgmux.pinning=fail"
                    : "pgmux.pinning=pin, but this pool goes through a transaction-mode pooler and has no usable"
                    + " pgmux.pin.target (it defaults to the host:port of the app's URL, which is the pooler itself)";
            throw new SQLFeatureNotSupportedException("pgmux refuses a statement whose effect outlives its transaction ("
                    + why + "): " + shape + " -- " + effects.pinReason() + ". Set pgmux.pinning=pin"
                    + (pinTargetNeeded ? " and pgmux.pin.target=host:port of the PostgreSQL server" : "")
                    + " to keep a server connection for this logical connection, or use SET LOCAL"
                    + " / transaction-level forms.", "0A000");
        }
        if (pinning == Pinning.WARN) {
            if (warnedStatements.size() < 1000 && warnedStatements.add(shape)) {
                log.warn("pgmux: {} changes the session beyond its transaction ({}); pgmux.pinning=warn runs it"
                        + " unpinned, so its effect may end with the transaction or reach other connections'"
                        + " transactions on the same backend", shape, effects.pinReason());
            }
            if (!pinTargetNeeded) {
                server().resetOnRelease();
            }
            return;
        }
        pin(target, shape);
    }

    private void pin(PinTarget target, String shape) throws SQLException {
        if (pinned) {
            return;
        }
        // pins are counted where the logical connection was opened, like its other counters
        ServerPool home = pool;
        if (target != null) {
            if (server != null) {
                if (transactionOpen || sqlBlockOpen || holds > 0) {
                    throw new SQLException("pgmux cannot pin this logical connection now: " + shape + " needs a session"
                            + " of its own, so it must move from the transaction-mode pooler to pgmux.pin.target "
                            + target.hostAndPort() + ", and a transaction or an open result is running on the pooler."
                            + " Run it as the first statement of a transaction (or in autocommit with results closed).",
                            "25001");
                }
                releaseServer();
            }
            if (pool == homePool) {
                pool = target.pool();
            }
        }
        choosingPinServer = true;
        try {
            server().resetOnRelease();
        } finally {
            choosingPinServer = false;
        }
        pinned = true;
        counters.pinned();
        if (home.pinnedBy(shape)) {
            log.info("pgmux: {} pins logical connections of pool {}{}", shape, home.name(),
                    target != null ? " (moved to pin target " + target.hostAndPort() + ")" : "");
        }
    }

    private static String abbreviate(String sql) {
        String s = sql.strip();
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    /** A statement closed, maybe on another thread (the JDBC spec allows that): the list is guarded by itself. */
    void statementClosed(LogicalStatement statement) {
        synchronized (statements) {
            statements.remove(statement);
        }
    }

    void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("This connection has been closed.", "08003");
        }
    }

    public ServerPool pool() {
        return pool;
    }

    SessionState wanted() {
        return wanted;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String holdingState() {
        return pinned ? "pinned" : transactionOpen ? "in transaction" : "autocommit statement";
    }

    @Override
    public StackTraceElement[] openedAt() {
        return openedAt;
    }

    @Override
    public Reference<ServerHolder> reference() {
        WeakReference<ServerHolder> self = reference;
        if (self == null) {
            self = new WeakReference<>(this);
            reference = self;
        }
        return self;
    }

    // ---- statements --------------------------------------------------------------------------------

    private <S extends LogicalStatement> S track(S statement) {
        synchronized (statements) {
            statements.add(statement);
        }
        return statement;
    }

    @Override
    public Statement createStatement() throws SQLException {
        checkOpen();
        return track(driverInterfaces.newStatement(this, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, 0));
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        checkOpen();
        return track(driverInterfaces.newStatement(this, resultSetType, resultSetConcurrency, 0));
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
        checkOpen();
        return track(driverInterfaces.newStatement(this, resultSetType, resultSetConcurrency, resultSetHoldability));
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        checkOpen();
        return track(driverInterfaces.newPrepared(this, sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, 0,
                GeneratedKeys.NONE));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        checkOpen();
        return track(driverInterfaces.newPrepared(this, sql, resultSetType, resultSetConcurrency, 0, GeneratedKeys.NONE));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        checkOpen();
        return track(driverInterfaces.newPrepared(this, sql, resultSetType, resultSetConcurrency, resultSetHoldability,
                GeneratedKeys.NONE));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        checkOpen();
        return track(driverInterfaces.newPrepared(this, sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, 0,
                GeneratedKeys.forPrepare(autoGeneratedKeys)));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        checkOpen();
        if (columnIndexes == null || columnIndexes.length != 0) {
            // as the driver: keys by column position cannot be asked of PostgreSQL
            throw new SQLException("Returning autogenerated keys is not supported.", "0A000");
        }
        return prepareStatement(sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        checkOpen();
        return track(driverInterfaces.newPrepared(this, sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, 0,
                GeneratedKeys.of(columnNames)));
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        checkOpen();
        return track(driverInterfaces.newCallable(this, sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, 0));
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        checkOpen();
        return track(driverInterfaces.newCallable(this, sql, resultSetType, resultSetConcurrency, 0));
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        checkOpen();
        return track(driverInterfaces.newCallable(this, sql, resultSetType, resultSetConcurrency, resultSetHoldability));
    }

    // ---- transactions ------------------------------------------------------------------------------

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        checkOpen();
        if (autoCommit == wanted.autoCommit) {
            return;
        }
        if (autoCommit && transactionOpen) {
            // JDBC: switching auto-commit on commits the running transaction
            commit();
        }
        wanted.autoCommit = autoCommit;
        applyWhileHeld();
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        checkOpen();
        return wanted.autoCommit;
    }

    @Override
    public void commit() throws SQLException {
        checkOpen();
        if (wanted.autoCommit) {
            throw new SQLException("Cannot commit when autoCommit is enabled.", "25P01");
        }
        endTransaction(true);
    }

    @Override
    public void rollback() throws SQLException {
        checkOpen();
        if (wanted.autoCommit) {
            throw new SQLException("Cannot rollback when autoCommit is enabled.", "25P01");
        }
        endTransaction(false);
    }

    /** True where the driver gave up the server connection: its session, and any transaction in it, is gone. */
    private static boolean isClosed(ServerConnection s) {
        try {
            return s.driverConnection().isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    /** Commits or rolls back what the held server connection did; with nothing held there is nothing to do. */
    private void endTransaction(boolean commit) throws SQLException {
        ServerConnection s = server;
        if (s == null) {
            transactionOpen = false;
            pending.clear();
            return;
        }
        boolean committed = false;
        try {
            if (commit) {
                s.driverConnection().commit();
                committed = true;
                if (mayHaveWritten) {
                    committedWrites(s);
                }
            } else {
                s.driverConnection().rollback();
            }
        } catch (SQLException e) {
            s.failed(e);
            if (commit && s.pool().replicaStatus() != ReplicaStatus.PRIMARY && ServerLoss.isLoss(e)) {
                // a transaction on a standby wrote nothing: its reads were answered, and there is nothing to lose
                homePool.readRouter().lost(s, e);
                s.evictOnRelease();
            } else if (commit || !isClosed(s)) {
                throw e;
            }
            // the server rolled the transaction back when it lost the connection: the rollback asked for is done
        } finally {
            transactionEnded(committed);
            if (transactionOpen) {
                counters.transaction((System.nanoTime() - transactionStartNanos) / 1000);
            }
            transactionOpen = false;
            if (server != null && pinned && !committed) {
                // the rollback undid settings applied inside the transaction: bring them back
                applyWhileHeld();
            }
            releaseIfUnused();
        }
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        checkSavepointAllowed();
        ServerConnection s = hold();
        try {
            return s.driverConnection().setSavepoint();
        } catch (SQLException e) {
            s.failed(e);
            throw e;
        } finally {
            unhold();
        }
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        checkSavepointAllowed();
        ServerConnection s = hold();
        try {
            return s.driverConnection().setSavepoint(name);
        } catch (SQLException e) {
            s.failed(e);
            throw e;
        } finally {
            unhold();
        }
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        checkSavepointAllowed();
        ServerConnection s = savepointServer();
        try {
            s.driverConnection().rollback(savepoint);
        } catch (SQLException e) {
            s.failed(e);
            throw e;
        }
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        checkSavepointAllowed();
        ServerConnection s = savepointServer();
        try {
            s.driverConnection().releaseSavepoint(savepoint);
        } catch (SQLException e) {
            s.failed(e);
            throw e;
        }
    }

    private void checkSavepointAllowed() throws SQLException {
        checkOpen();
        if (wanted.autoCommit) {
            throw new SQLException("Cannot use savepoints in auto-commit mode.", "25P01");
        }
    }

    private ServerConnection savepointServer() throws SQLException {
        if (server == null || !transactionOpen) {
            throw new SQLException("No transaction is in progress, so the savepoint no longer exists.", "3B001");
        }
        return server;
    }

    // ---- session state: recorded, applied to the held server connection ---------------------------

    private void applyWhileHeld() throws SQLException {
        ServerConnection s = server;
        if (s != null) {
            try {
                pool.applier().apply(wanted, s.current(), s.driverConnection(), s.connection(),
                        transactionOpen || sqlBlockOpen);
            } catch (SQLException e) {
                s.failed(e);
                throw e;
            }
        }
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        checkOpen();
        if (level != TRANSACTION_READ_UNCOMMITTED && level != TRANSACTION_READ_COMMITTED
                && level != TRANSACTION_REPEATABLE_READ && level != TRANSACTION_SERIALIZABLE) {
            throw new SQLException("Transaction isolation level " + level + " not supported.", "0A000");
        }
        int previous = wanted.isolation;
        wanted.isolation = level;
        try {
            applyWhileHeld();
        } catch (SQLException e) {
            wanted.isolation = previous;
            throw e;
        }
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        checkOpen();
        if (server != null && (transactionOpen || sqlBlockOpen)) {
            // SET TRANSACTION or BEGIN ISOLATION LEVEL may have chosen another level for this transaction: the
            // driver asks the server too
            int level = TransactionIsolation.levelOf(askServer("SHOW TRANSACTION ISOLATION LEVEL"));
            return level < 0 ? wanted.isolation : level;
        }
        return wanted.isolation;
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        checkOpen();
        boolean previous = wanted.readOnly;
        wanted.readOnly = readOnly;
        try {
            applyWhileHeld();
        } catch (SQLException e) {
            wanted.readOnly = previous;
            throw e;
        }
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        checkOpen();
        return wanted.readOnly;
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        checkOpen();
        String previous = wanted.schema;
        TrackedParameters previousTracked = new TrackedParameters();
        previousTracked.copyFrom(wanted.tracked);
        wanted.schema = schema;
        wanted.tracked.setText("search_path", schema);
        try {
            applyWhileHeld();
        } catch (SQLException e) {
            wanted.schema = previous;
            wanted.tracked.copyFrom(previousTracked);
            throw e;
        }
    }

    @Override
    public String getSchema() throws SQLException {
        checkOpen();
        if (wanted.schema == null && wanted.tracked.has("search_path")) {
            return askServer("SELECT pg_catalog.current_schema()");
        }
        return wanted.schema;
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        checkOpen();
        wanted.catalog = catalog;
        applyWhileHeld();
    }

    @Override
    public String getCatalog() throws SQLException {
        checkOpen();
        return wanted.catalog;
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        checkOpen();
        if (holdability != ResultSet.HOLD_CURSORS_OVER_COMMIT && holdability != ResultSet.CLOSE_CURSORS_AT_COMMIT) {
            throw new SQLException("Unknown ResultSet holdability setting: " + holdability + ".", "22023");
        }
        wanted.holdability = holdability;
        applyWhileHeld();
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        return wanted.holdability;
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        checkOpen();
        if (milliseconds < 0) {
            throw new SQLException("Network timeout must be a value greater than or equal to 0.", "22023");
        }
        wanted.networkTimeoutMillis = milliseconds;
        applyWhileHeld();
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        checkOpen();
        return wanted.networkTimeoutMillis;
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        if (closed) {
            Map<String, ClientInfoStatus> failed = new HashMap<>();
            failed.put(name, ClientInfoStatus.REASON_UNKNOWN);
            throw new SQLClientInfoException("This connection has been closed.", "08003", failed);
        }
        if (APPLICATION_NAME.equals(name)) {
            // as the driver: null clears the name
            String text = value == null ? "" : value;
            wanted.applicationName = text;
            wanted.tracked.setText("application_name", text.equals(pool.defaults().applicationName) ? null : text);
            try {
                applyWhileHeld();
            } catch (SQLException e) {
                Map<String, ClientInfoStatus> failed = new HashMap<>();
                failed.put(name, ClientInfoStatus.REASON_UNKNOWN);
                throw new SQLClientInfoException(e.getMessage(), e.getSQLState(), failed, e);
            }
        } else if (name != null) {
            addWarning(new SQLWarning("ClientInfo property not supported: " + name + " (only ApplicationName is).", "01000"));
        }
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        // as the driver: ApplicationName is set from the properties, and cleared where they have none
        setClientInfo(APPLICATION_NAME, properties.getProperty(APPLICATION_NAME));
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        checkOpen();
        if (APPLICATION_NAME.equals(name) && wanted.applicationName == null && wanted.tracked.has("application_name")) {
            return askServer("SELECT pg_catalog.current_setting('application_name')");
        }
        return APPLICATION_NAME.equals(name) ? wanted.applicationName : null;
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        checkOpen();
        Properties p = new Properties();
        String applicationName = getClientInfo(APPLICATION_NAME);
        if (applicationName != null) {
            p.setProperty(APPLICATION_NAME, applicationName);
        }
        return p;
    }

    /** A value the SQL the app ran decided, read from a server connection with this connection's settings. */
    private String askServer(String query) throws SQLException {
        try (Statement st = createStatement(); ResultSet rs = st.executeQuery(query)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        checkOpen();
        return typeMap;
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        checkOpen();
        if (map != null && !map.isEmpty()) {
            throw Unsupported.method("Connection.setTypeMap(Map)", "custom type maps would have to follow every server connection");
        }
        typeMap = Collections.emptyMap();
    }

    // ---- warnings ----------------------------------------------------------------------------------

    private void addWarning(SQLWarning warning) {
        if (warnings == null) {
            warnings = warning;
        } else {
            warnings.setNextWarning(warning);
        }
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return warnings;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
        warnings = null;
    }

    // ---- calls answered by a server connection ---------------------------------------------------

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        checkOpen();
        return LogicalDatabaseMetaData.create(this);
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        return onServer(c -> c.nativeSQL(sql));
    }

    @Override
    public Clob createClob() throws SQLException {
        return onServer(c -> c.createClob());
    }

    @Override
    public Blob createBlob() throws SQLException {
        return onServer(c -> c.createBlob());
    }

    @Override
    public NClob createNClob() throws SQLException {
        return onServer(c -> c.createNClob());
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        return onServer(c -> c.createSQLXML());
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        return onServer(c -> c.createArrayOf(typeName, elements));
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        return onServer(c -> c.createStruct(typeName, attributes));
    }

    /** A driver call on the server connection that runs none of the app's SQL. */
    private interface ServerCall<T> {
        T on(Connection server) throws SQLException;
    }

    /** Runs a driver call on the held (or a borrowed) server connection, then releases what it alone held. */
    private <T> T onServer(ServerCall<T> call) throws SQLException {
        ServerConnection s = holdForCall();
        try {
            return call.on(s.connection());
        } finally {
            unhold();
        }
    }

    /**
     * Holds the server connection for a driver call that runs none of the app's SQL, and so starts no
     * transaction of the app's.
     */
    ServerConnection holdForCall() throws SQLException {
        ServerConnection s = server();
        holds++;
        return s;
    }

    @Override
    public boolean isValid(int timeout) throws SQLException {
        if (timeout < 0) {
            throw new SQLException("Invalid timeout (" + timeout + "<0).", "22023");
        }
        if (closed) {
            return false;
        }
        ServerConnection s = server;
        if (s != null) {
            return s.connection().isValid(timeout);
        }
        return pool.canServe(timeout, wanted.networkTimeoutMillis);
    }

    // ---- pinning unwraps ---------------------------------------------------------------------------

    /**
     * Hands the driver's own connection (for the COPY API, large objects, notifications...). The app may
     * change anything on it, so the logical connection keeps it until closed and it is closed, not reused.
     */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        checkOpen();
        if (!iface.isAssignableFrom(pool.driverConnectionClass())) {
            throw new SQLException("Cannot unwrap to " + iface.getName() + ": the server connections are "
                    + pool.driverConnectionClass().getName() + ".", "0A000");
        }
        return iface.cast(pinnedDriverConnection("unwrap(" + iface.getSimpleName() + ")"));
    }

    /**
     * Pins (or refuses, per {@code pgmux.pinning} and the pin target) and hands the driver's own connection for
     * {@code what}. The app may change anything on it: it is closed, not reused, when released.
     */
    Connection pinnedDriverConnection(String what) throws SQLException {
        checkOpen();
        if (!pinned) {
            if (pool.config().pinning() == Pinning.FAIL) {
                throw new SQLFeatureNotSupportedException("pgmux refuses " + what + " with pgmux.pinning=fail: the"
                        + " driver's connection keeps session state; set pgmux.pinning=pin.", "0A000");
            }
            PinTarget target = pool.applier().perTransaction() ? pool.pinTarget().orElse(null) : null;
            if (pool.applier().perTransaction() && target == null) {
                throw new SQLFeatureNotSupportedException("pgmux cannot hand out the driver's connection for " + what
                        + ": this pool goes through a transaction-mode pooler and has no usable pgmux.pin.target.", "0A000");
            }
            pin(target, what);
        }
        server.evictOnRelease();
        return server.driverConnection();
    }

    // ---- the driver's own interfaces (see DriverCalls) -----------------------------------------------

    DriverInterfaces driverInterfaces() {
        return driverInterfaces;
    }

    /** The server connection held now, or null. */
    ServerConnection heldServer() {
        return server;
    }

    /** The server connection this logical connection is pinned to, or null. */
    ServerConnection pinnedServer() {
        return pinned ? server : null;
    }

    DriverSettings driverSettingsIfAny() {
        return driverSettings;
    }

    /** Records a setting made through the driver's own setter; a held server connection takes it at once. */
    void recordDriverSetting(String property, java.lang.reflect.Method setter, Object value) throws SQLException {
        if (driverSettings == null) {
            driverSettings = new DriverSettings();
        }
        driverSettings.record(property, setter, value);
        if (server != null) {
            driverSettings.applyTo(server, pool);
        }
    }

    /** The fetch size new statements start with: {@code PGConnection.setDefaultFetchSize}, else the driver's. */
    int defaultFetchSize() {
        DriverSettings settings = driverSettings;
        return settings != null && settings.has(DriverSettings.DEFAULT_FETCH_SIZE)
                ? (Integer) settings.get(DriverSettings.DEFAULT_FETCH_SIZE) : pool.driverDefaults().defaultFetchSize();
    }

    void waitingOn(ServerConnection s) {
        waitingOn = s;
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this) || iface.isAssignableFrom(pool.driverConnectionClass());
    }

    // ---- closing -----------------------------------------------------------------------------------

    /** Closes its statements, rolls back an open transaction and gives the server connection back. */
    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        closeNow();
    }

    private void closeNow() throws SQLException {
        ServerConnection waiting = waitingOn;
        if (waiting != null) {
            // another thread waits for notifications on it: closing the driver's connection ends that wait, as
            // closing the driver's own connection would, and it is not reused
            waiting.evictOnRelease();
            try {
                waiting.driverConnection().close();
            } catch (SQLException e) {
                log.debug("pgmux: closing a server connection waited on for notifications failed", e);
            }
        }
        try {
            LogicalStatement[] open;
            synchronized (statements) {
                open = statements.toArray(new LogicalStatement[0]);
                statements.clear();
            }
            for (LogicalStatement st : open) {
                st.closeWithConnection();
            }
            ServerConnection s = server;
            if (s != null && (transactionOpen || sqlBlockOpen || wrapped)) {
                try {
                    if (sqlBlockOpen) {
                        // a block the app began in SQL is unknown to the driver
                        try (Statement st = s.driverConnection().createStatement()) {
                            st.execute("ROLLBACK");
                        }
                    } else {
                        s.driverConnection().rollback();
                    }
                } catch (SQLException e) {
                    s.failed(e);
                    s.evictOnRelease();
                }
                transactionEnded(false);
                if (wrapped) {
                    wrapped = false;
                    restoreAutoCommit(s);
                }
            }
        } finally {
            transactionOpen = false;
            sqlBlockOpen = false;
            if (server != null) {
                if (pinned) {
                    counters.unpinned();
                }
                pinned = false;
                releaseServer();
            }
            counters.clientClosed();
            homePool.leave();
            if (pool != homePool) {
                pool.leave();
            }
        }
    }

    /** Ends the logical connection at once; a held server connection is closed, not returned. */
    @Override
    public void abort(Executor executor) throws SQLException {
        if (executor == null) {
            throw new SQLException("Connection.abort(Executor) needs an executor.", "22023");
        }
        if (closed) {
            return;
        }
        closed = true;
        ServerConnection s = server;
        if (s != null) {
            s.evictOnRelease();
        }
        executor.execute(() -> {
            try {
                closeNow();
            } catch (SQLException e) {
                log.debug("pgmux: closing an aborted logical connection failed", e);
            }
        });
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "pgmux logical connection to " + pool.name() + (server != null ? " (holding a server connection)" : "");
    }
}
