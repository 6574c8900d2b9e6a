package io.pgmux.logical;

import io.pgmux.pool.DriverRules;
import io.pgmux.session.SqlEffects;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;

/**
 * The statement the app holds. It keeps SQL, settings and batches on the logical side; each execute
 * borrows through its connection, runs a server-side statement, and gives the server connection up again
 * once the results are consumed: no result set, every result set closed or read to its end, the statement
 * closed or executed again, or the connection closed (SPEC section 3).
 */
public class LogicalStatement implements Statement, ResultOwner {
    final LogicalConnection connection;
    final int resultSetType;
    final int resultSetConcurrency;
    /** 0: the connection's holdability at execute. */
    final int resultSetHoldability;

    private int fetchSize;
    private int maxRows;
    private int maxFieldSize;
    private int queryTimeout;
    private int fetchDirection = ResultSet.FETCH_FORWARD;
    private boolean escapeProcessing = true;
    private boolean poolable;
    private String cursorName;
    private boolean closeOnCompletion;
    private ArrayList<String> batch;
    private boolean closed;

    // one execution: the server-side statement and what of its results the app has not consumed yet
    private volatile Statement physical;
    private LogicalResultSet current;
    private LogicalResultSet generatedKeys;
    private ArrayList<LogicalResultSet> kept;
    private int openResults;
    private long updateCount = -1;
    /** The server-side statement already moved on to the next result, to learn whether there is one. */
    private boolean advanced;
    /** The server-side statement has no further results. */
    private boolean exhausted;
    /** The server-side statement is still needed: generated keys not yet fetched, or OUT parameters. */
    private boolean keep;
    private boolean keysWanted;
    private SQLWarning warnings;
    /** The SQL of the running execution where it has a single result, for {@link #resultShapeKey()}. */
    private String shapeSql;
    /** What the running execution's SQL does to the session. */
    private SqlEffects effects = SqlEffects.NONE;
    /** What the app set through the driver's PGStatement setters; null until it sets something. */
    DriverSettings driverSettings;
    /** Facts of the last execution, read off the driver's statement before it closed (PGStatement getters). */
    long lastOid;
    boolean usedServerPrepare;
    boolean executedOnce;

    /** For the connection's factory and the subclasses {@link DriverInterfaces} generates. */
    protected LogicalStatement(LogicalConnection connection, int resultSetType, int resultSetConcurrency,
                               int resultSetHoldability) throws SQLException {
        checkResultSetArguments(resultSetType, resultSetConcurrency, resultSetHoldability);
        this.connection = connection;
        this.resultSetType = resultSetType;
        this.resultSetConcurrency = resultSetConcurrency;
        this.resultSetHoldability = resultSetHoldability;
        this.poolable = defaultPoolable();
        this.fetchSize = connection.defaultFetchSize();
    }

    boolean defaultPoolable() {
        return false;
    }

    /** The driver refuses unknown result-set types, concurrencies and holdabilities when the statement is made. */
    private static void checkResultSetArguments(int type, int concurrency, int holdability) throws SQLException {
        if (type != ResultSet.TYPE_FORWARD_ONLY && type != ResultSet.TYPE_SCROLL_INSENSITIVE
                && type != ResultSet.TYPE_SCROLL_SENSITIVE) {
            throw new SQLException("Unknown value for ResultSet type", "22023");
        }
        if (concurrency != ResultSet.CONCUR_READ_ONLY && concurrency != ResultSet.CONCUR_UPDATABLE) {
            throw new SQLException("Unknown value for ResultSet concurrency", "22023");
        }
        // 0: the connection's holdability, which is valid
        if (holdability != 0 && holdability != ResultSet.HOLD_CURSORS_OVER_COMMIT
                && holdability != ResultSet.CLOSE_CURSORS_AT_COMMIT) {
            throw new SQLException("Unknown value for ResultSet holdability", "22023");
        }
    }

    /** The class of the driver's statement of this kind, which its messages name. */
    String driverClassName() {
        return "org.postgresql.jdbc.PgStatement";
    }

    // ---- the execution cycle -----------------------------------------------------------------------

    /**
     * Ends the previous execution and holds a server connection for a new one of {@code sql}, which pins,
     * warns or fails first where its effect outlives its transaction.
     */
    final Connection begin(String sql, SqlEffects effects) throws SQLException {
        checkOpen();
        endExecution();
        this.effects = effects;
        // the driver's own connection: the pool's statement wrappers would only add a layer to every call,
        // and pgmux closes its server-side statements itself
        return connection.holdFor(sql, effects).driverConnection();
    }

    /** The server-side statement is about to run; from here {@link #cancel()} reaches it. */
    final void running(Statement st, boolean keysWanted, boolean keep) {
        this.physical = st;
        this.keysWanted = keysWanted;
        this.keep = keep || keysWanted;
    }

    /** The server-side statement ran: expose its first result. */
    final void ran(boolean isResultSet, long startNanos) throws SQLException {
        connection.executed(startNanos);
        connection.afterExecute(effects);
        onResults(isResultSet);
    }

    /** The execution failed: the server-side statement is closed and the server connection let go. */
    final void failed(SQLException e, Statement st, long startNanos) {
        connection.executed(startNanos);
        connection.serverFailed(e);
        connection.executionFailed();
        physical = null;
        if (st != null) {
            try {
                st.close();
            } catch (SQLException ignored) {
                // the execution's own error is the one the app needs
            }
        }
        connection.unhold();
    }

    private void onResults(boolean isResultSet) throws SQLException {
        Statement p = physical;
        if (isResultSet) {
            current = new LogicalResultSet(this, p.getResultSet(), false, resultSetType, resultSetConcurrency);
            openResults++;
            updateCount = -1;
        } else {
            current = null;
            updateCount = p.getLargeUpdateCount();
            peek();
        }
        finishIfDone();
    }

    /** Learns whether another result follows, so the server connection can go when the last is consumed. */
    private void peek() throws SQLException {
        Statement p = physical;
        if (!p.getMoreResults(KEEP_CURRENT_RESULT) && p.getLargeUpdateCount() == -1) {
            exhausted = true;
        } else {
            advanced = true;
        }
    }

    @Override
    public void resultEnded(LogicalResultSet result) {
        openResults--;
        if (result == current && physical != null && !advanced && !exhausted) {
            try {
                peek();
            } catch (SQLException e) {
                connection.serverFailed(e);
                exhausted = true;
            }
        }
        finishIfDone();
        if (closeOnCompletion && result.isClosed() && allResultsClosed()) {
            try {
                close();
            } catch (SQLException e) {
                connection.serverFailed(e);
            }
        }
    }

    private boolean allResultsClosed() {
        if (current != null && !current.isClosed() || generatedKeys != null && !generatedKeys.isClosed()) {
            return false;
        }
        if (kept != null) {
            for (LogicalResultSet rs : kept) {
                if (!rs.isClosed()) {
                    return false;
                }
            }
        }
        return true;
    }

    private void finishIfDone() {
        if (physical != null && exhausted && openResults <= 0 && !keep) {
            finish();
        }
    }

    /** Closes the server-side statement (keeping its warnings) and lets the server connection go. */
    private void finish() {
        Statement p = physical;
        physical = null;
        try {
            warnings = p.getWarnings();
            DriverInterfaces driver = connection.driverInterfaces();
            if (driver.isDriverStatement(p)) {
                lastOid = driver.lastOid(p);
                usedServerPrepare = driver.usesServerPrepare(p);
                executedOnce = true;
            }
            p.close();
        } catch (SQLException e) {
            connection.serverFailed(e);
        }
        connection.unhold();
    }

    /** Closes what is left of the previous execution: the app executes again or closes. */
    private void endExecution() {
        if (current != null) {
            current.closeFromOwner();
            current = null;
        }
        if (generatedKeys != null) {
            generatedKeys.closeFromOwner();
            generatedKeys = null;
        }
        if (kept != null) {
            for (LogicalResultSet rs : kept) {
                rs.closeFromOwner();
            }
            kept = null;
        }
        openResults = 0;
        keep = false;
        if (physical != null) {
            finish();
        }
        updateCount = -1;
        advanced = false;
        exhausted = false;
        keysWanted = false;
    }

    /** True while an execution of this statement keeps the server connection. */
    boolean holdsServer() {
        return physical != null;
    }

    /** The server-side statement of the running execution, or null. */
    final Statement physical() {
        return physical;
    }

    /** Applies the statement's settings where they differ from a new server-side statement's. */
    final void applySettings(Statement st) throws SQLException {
        // a cursor would not survive the commit that ends a wrapped autocommit statement
        int rows = connection.autocommitWrapped() ? 0 : fetchSize;
        if (rows != st.getFetchSize()) {
            st.setFetchSize(rows);
        }
        if (maxRows != 0) {
            // the driver implements only the int form
            st.setMaxRows(maxRows);
        }
        if (maxFieldSize != 0) {
            st.setMaxFieldSize(maxFieldSize);
        }
        if (queryTimeout != 0) {
            st.setQueryTimeout(queryTimeout);
        }
        if (!escapeProcessing) {
            st.setEscapeProcessing(false);
        }
        if (fetchDirection != ResultSet.FETCH_FORWARD) {
            st.setFetchDirection(fetchDirection);
        }
        if (cursorName != null) {
            st.setCursorName(cursorName);
        }
        if (poolable != defaultPoolable()) {
            st.setPoolable(poolable);
        }
        if (driverSettings != null) {
            driverSettings.applyToStatement(st, connection.pool());
        }
    }

    /** Records a setting made through the driver's PGStatement setter, for each driver statement it runs. */
    void recordDriverSetting(String property, java.lang.reflect.Method setter, Object value) {
        if (driverSettings == null) {
            driverSettings = new DriverSettings();
        }
        driverSettings.record(property, setter, value);
    }

    private Statement createServerStatement(Connection c) throws SQLException {
        Statement st = resultSetHoldability == 0
                ? c.createStatement(resultSetType, resultSetConcurrency)
                : c.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability);
        applySettings(st);
        return st;
    }

    private boolean run(String sql, GeneratedKeys keys) throws SQLException {
        checkSql(sql);
        connection.pool().releaseDatabaseDroppedBy(sql);
        Connection c = begin(sql, connection.pool().classifier().classify(sql));
        long start = System.nanoTime();
        Statement st = null;
        try {
            st = createServerStatement(c);
            running(st, keys.wanted(), false);
            shapeOf(keys.wanted() || sql.indexOf(';') >= 0 ? null : sql);
            boolean isResultSet = keys.execute(st, sql);
            ran(isResultSet, start);
            return isResultSet;
        } catch (SQLException e) {
            failed(e, st, start);
            if (connection.letGoOfLostServer(e, sql)) {
                return run(sql, keys);
            }
            if (connection.getAutoCommit() && connection.pool().releaseDatabaseInUse(e)) {
                // 55006: pgmux's own idle connections kept the database busy (DROP DATABASE); they are closed now
                return run(sql, keys);
            }
            throw e;
        }
    }

    void checkSql(String sql) throws SQLException {
        if (sql == null) {
            throw new SQLException("The SQL statement must not be null.", "42601");
        }
    }

    final ResultSet queryResult(boolean isResultSet) throws SQLException {
        if (!isResultSet) {
            throw new SQLException("No results were returned by the query.", "02000");
        }
        return current;
    }

    final long updateResult(boolean isResultSet) throws SQLException {
        if (isResultSet) {
            current.close();
            throw new SQLException("A result was returned when none was expected.", "0100E");
        }
        return updateCount;
    }

    /**
     * Runs an update that may return generated keys. Asked for keys, the driver answers the update count and
     * never refuses rows: SQL that gives rows (WITH ... SELECT) counts -1 and leaves its result set.
     */
    private long updateWithKeys(String sql, GeneratedKeys keys) throws SQLException {
        boolean isResultSet = run(sql, keys);
        if (!keys.wanted()) {
            return updateResult(isResultSet);
        }
        return isResultSet ? -1 : updateCount;
    }

    static int toInt(long count) {
        return count > Integer.MAX_VALUE ? SUCCESS_NO_INFO : (int) count;
    }

    // ---- Statement: executing SQL ------------------------------------------------------------------

    @Override
    public boolean execute(String sql) throws SQLException {
        return run(sql, GeneratedKeys.NONE);
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        return run(sql, GeneratedKeys.of(autoGeneratedKeys));
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        return run(sql, GeneratedKeys.of(columnIndexes));
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        return run(sql, GeneratedKeys.of(columnNames));
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        return queryResult(run(sql, GeneratedKeys.NONE));
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        return toInt(updateResult(run(sql, GeneratedKeys.NONE)));
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        return toInt(updateWithKeys(sql, GeneratedKeys.of(autoGeneratedKeys)));
    }

    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        return toInt(updateWithKeys(sql, GeneratedKeys.of(columnIndexes)));
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        return toInt(updateWithKeys(sql, GeneratedKeys.of(columnNames)));
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        return updateResult(run(sql, GeneratedKeys.NONE));
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        return updateWithKeys(sql, GeneratedKeys.of(autoGeneratedKeys));
    }

    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        return updateWithKeys(sql, GeneratedKeys.of(columnIndexes));
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        return updateWithKeys(sql, GeneratedKeys.of(columnNames));
    }

    // ---- batches -----------------------------------------------------------------------------------

    @Override
    public void addBatch(String sql) throws SQLException {
        checkOpen();
        checkSql(sql);
        Class<?> driver = connection.pool().driverConnectionClass();
        SQLException refusal = DriverRules.of(driver).multiStatementBatchRefusal();
        // the driver parses the SQL here: its refusals (a malformed escape, several statements) come now
        int statements = escapeProcessing || refusal != null ? ParsedSql.statementCount(driver, sql) : 1;
        if (refusal != null && statements > 1) {
            throw refusal;
        }
        if (batch == null) {
            batch = new ArrayList<>();
        }
        batch.add(sql);
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        if (batch != null) {
            batch.clear();
        }
    }

    @Override
    public int[] executeBatch() throws SQLException {
        long[] counts = executeLargeBatch();
        int[] result = new int[counts.length];
        for (int i = 0; i < counts.length; i++) {
            result[i] = toInt(counts[i]);
        }
        return result;
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        if (batch == null || batch.isEmpty()) {
            endExecution();
            return new long[0];
        }
        String all = String.join(";\n", batch);
        Connection c = begin(all, connection.pool().classifier().classify(all));
        long start = System.nanoTime();
        Statement st = null;
        try {
            st = createServerStatement(c);
            running(st, false, false);
            for (String sql : batch) {
                st.addBatch(sql);
            }
            batch.clear();
            long[] counts = st.executeLargeBatch();
            connection.executed(start);
            connection.afterExecute(effects);
            batchRan();
            return counts;
        } catch (SQLException e) {
            batch.clear();
            failed(e, st, start);
            throw e;
        }
    }

    /**
     * A batch asked for generated keys failed: the server-side statement is kept for {@link #getGeneratedKeys()},
     * which answers the keys of the rows that went in, and goes with the next execute or close.
     */
    final void batchFailed(SQLException e, long startNanos) {
        connection.executed(startNanos);
        connection.serverFailed(e);
        connection.executionFailed();
        exhausted = true;
    }

    /** A batch has no results beyond its counts (and generated keys where asked for). */
    final void batchRan() {
        exhausted = true;
        finishIfDone();
    }

    // ---- results -----------------------------------------------------------------------------------

    @Override
    public ResultSet getResultSet() throws SQLException {
        checkOpen();
        return current;
    }

    @Override
    public int getUpdateCount() throws SQLException {
        checkOpen();
        return current != null ? -1 : toInt(updateCount);
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        checkOpen();
        return current != null ? -1 : updateCount;
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        return getMoreResults(CLOSE_CURRENT_RESULT);
    }

    @Override
    public boolean getMoreResults(int mode) throws SQLException {
        checkOpen();
        if (mode != CLOSE_CURRENT_RESULT && mode != KEEP_CURRENT_RESULT && mode != CLOSE_ALL_RESULTS) {
            throw new SQLException("Illegal value for getMoreResults: " + mode + ".", "22023");
        }
        LogicalResultSet previous = current;
        if (previous != null) {
            if (mode == KEEP_CURRENT_RESULT) {
                if (!previous.isClosed()) {
                    if (kept == null) {
                        kept = new ArrayList<>(2);
                    }
                    kept.add(previous);
                }
                if (physical != null && !advanced && !exhausted) {
                    peek();
                }
            } else {
                // still current while it closes, so that the statement learns whether more results follow
                previous.close();
            }
        }
        current = null;
        if (mode == CLOSE_ALL_RESULTS && kept != null) {
            for (LogicalResultSet rs : kept.toArray(new LogicalResultSet[0])) {
                rs.close();
            }
            kept = null;
        }
        updateCount = -1;
        if (physical == null || !advanced) {
            return false;
        }
        advanced = false;
        boolean isResultSet = physical.getResultSet() != null;
        onResults(isResultSet);
        return isResultSet;
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        checkOpen();
        if (generatedKeys != null) {
            return generatedKeys;
        }
        Statement p = physical;
        if (p == null || !keysWanted) {
            return new LogicalResultSet(this);
        }
        generatedKeys = new LogicalResultSet(this, p.getGeneratedKeys(), true, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        openResults++;
        keep = keepsOutputs();
        finishIfDone();
        return generatedKeys;
    }

    /** True where the server-side statement holds values beyond its results (OUT parameters). */
    boolean keepsOutputs() {
        return false;
    }

    // ---- settings ----------------------------------------------------------------------------------

    @Override
    public int getMaxFieldSize() throws SQLException {
        checkOpen();
        return maxFieldSize;
    }

    @Override
    public void setMaxFieldSize(int max) throws SQLException {
        checkOpen();
        if (max < 0) {
            throw new SQLException("The maximum field size must be a value greater than or equal to 0.", "22023");
        }
        maxFieldSize = max;
    }

    @Override
    public int getMaxRows() throws SQLException {
        checkOpen();
        return maxRows;
    }

    @Override
    public void setMaxRows(int max) throws SQLException {
        checkOpen();
        if (max < 0) {
            throw new SQLException("Maximum number of rows must be a value greater than or equal to 0.", "22023");
        }
        maxRows = max;
    }

    @Override
    public long getLargeMaxRows() throws SQLException {
        throw ParameterChecks.notImplemented(driverClassName(), "getLargeMaxRows");
    }

    @Override
    public void setLargeMaxRows(long max) throws SQLException {
        throw ParameterChecks.notImplemented(driverClassName(), "setLargeMaxRows");
    }

    @Override
    public void setEscapeProcessing(boolean enable) throws SQLException {
        checkOpen();
        escapeProcessing = enable;
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        checkOpen();
        return queryTimeout;
    }

    @Override
    public void setQueryTimeout(int seconds) throws SQLException {
        checkOpen();
        if (seconds < 0) {
            throw new SQLException("Query timeout must be a value greater than or equals to 0.", "22023");
        }
        queryTimeout = seconds;
        Statement p = physical;
        if (p != null) {
            p.setQueryTimeout(seconds);
        }
    }

    /** Cancels what this statement runs on the server connection, if anything; safe from another thread. */
    @Override
    public void cancel() throws SQLException {
        Statement p = physical;
        if (p != null) {
            p.cancel();
        }
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        Statement p = physical;
        return p != null ? p.getWarnings() : warnings;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
        warnings = null;
        Statement p = physical;
        if (p != null) {
            p.clearWarnings();
        }
    }

    @Override
    public void setCursorName(String name) throws SQLException {
        checkOpen();
        cursorName = name;
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkOpen();
        if (direction != ResultSet.FETCH_FORWARD && direction != ResultSet.FETCH_REVERSE && direction != ResultSet.FETCH_UNKNOWN) {
            throw new SQLException("Invalid fetch direction constant: " + direction + ".", "22023");
        }
        fetchDirection = direction;
    }

    @Override
    public int getFetchDirection() throws SQLException {
        checkOpen();
        return fetchDirection;
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
        if (rows < 0) {
            throw new SQLException("Fetch size must be a value greater than or equal to 0.", "22023");
        }
        fetchSize = rows;
    }

    @Override
    public int getFetchSize() throws SQLException {
        checkOpen();
        return fetchSize;
    }

    @Override
    public int getResultSetConcurrency() throws SQLException {
        checkOpen();
        return resultSetConcurrency;
    }

    @Override
    public int getResultSetType() throws SQLException {
        checkOpen();
        return resultSetType;
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        checkOpen();
        return resultSetHoldability != 0 ? resultSetHoldability : connection.wanted().holdability;
    }

    @Override
    public void setPoolable(boolean poolable) throws SQLException {
        checkOpen();
        this.poolable = poolable;
    }

    @Override
    public boolean isPoolable() throws SQLException {
        checkOpen();
        return poolable;
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        checkOpen();
        closeOnCompletion = true;
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        checkOpen();
        return closeOnCompletion;
    }

    @Override
    public Connection getConnection() throws SQLException {
        checkOpen();
        return connection;
    }

    @Override
    public Statement logicalStatement() {
        return this;
    }

    @Override
    public String resultShapeKey() {
        String sql = shapeSql;
        if (sql == null) {
            return null;
        }
        String schema = connection.wanted().tracked.valueSql("search_path");
        return schema == null ? sql : schema + '\u0000' + sql;
    }

    /** The execution about to run produces results of {@code sql}'s one statement (null: do not reuse facts). */
    final void shapeOf(String sql) {
        shapeSql = sql;
    }

    @Override
    public int resultHoldability() {
        return resultSetHoldability != 0 ? resultSetHoldability : connection.wanted().holdability;
    }

    @Override
    public LogicalConnection logicalConnection() {
        return connection;
    }

    // ---- closing -----------------------------------------------------------------------------------

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        endExecution();
        connection.statementClosed(this);
    }

    /** The connection closes: end the execution without telling the connection about each statement. */
    void closeWithConnection() {
        if (!closed) {
            closed = true;
            endExecution();
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    final void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("This statement has been closed.", "55000");
        }
        connection.checkOpen();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("Cannot unwrap to " + iface.getName() + ": pgmux runs a new server-side statement on"
                + " each execute, so there is no lasting driver statement to hand out.", "0A000");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
