package io.pgmux.logical;

import io.pgmux.session.SqlEffects;
import java.sql.Connection;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;

/**
 * A prepared statement the app holds: SQL and parameters stay on the logical side; each execute prepares
 * on the borrowed server connection (where the driver's statement cache makes repeats cheap) and binds.
 */
public class LogicalPreparedStatement extends LogicalStatement implements PreparedStatement {
    final String sql;
    private final SqlEffects effects;
    private final GeneratedKeys keys;
    final Parameters parameters = new Parameters();
    private ArrayList<Parameters> batches;
    /** The SQL as the driver parses it (null where its parser cannot be reached): see {@link #toString()}. */
    private final ParsedSql parsed;

    /** For the connection's factory and the subclasses {@link DriverInterfaces} generates. */
    protected LogicalPreparedStatement(LogicalConnection connection, String sql, int resultSetType,
                                       int resultSetConcurrency, int resultSetHoldability, GeneratedKeys keys)
            throws SQLException {
        super(connection, resultSetType, resultSetConcurrency, resultSetHoldability);
        checkSql(sql);
        this.sql = sql;
        this.effects = connection.pool().classifier().classify(sql);
        this.keys = keys;
        // the driver parses the SQL when it prepares a statement: its refusals (a malformed escape) come here,
        // and its count of placeholders bounds the parameter indexes at each setter
        this.parsed = ParsedSql.parse(connection.pool().driverConnectionClass(), sql, keys.returningColumns(), isCall());
        if (parsed != null) {
            parameters.limit(parsed.parameterCount());
        }
    }

    /** The SQL as the driver parses it, or null where its parser cannot be reached. */
    final ParsedSql parsed() {
        return parsed;
    }

    /** A callable statement, whose SQL the driver parses as a call. */
    boolean isCall() {
        return false;
    }

    @Override
    boolean defaultPoolable() {
        return true;
    }

    @Override
    String driverClassName() {
        return "org.postgresql.jdbc.PgPreparedStatement";
    }

    /** Prepares this statement's SQL on a server connection, with its settings; binding comes after. */
    PreparedStatement prepare(Connection c) throws SQLException {
        PreparedStatement ps;
        if (keys.wanted()) {
            ps = keys.prepare(c, sql);
        } else if (resultSetHoldability == 0) {
            ps = c.prepareStatement(sql, resultSetType, resultSetConcurrency);
        } else {
            ps = c.prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability);
        }
        applySettings(ps);
        return ps;
    }

    /** Binds the recorded parameters (and, for calls, registers OUT parameters). */
    void bind(PreparedStatement ps) throws SQLException {
        parameters.applyTo(ps);
    }

    /** Binds what describes the parameters' types, without using up a value that execute binds. */
    void bindTypes(PreparedStatement ps) throws SQLException {
        parameters.applyTypesTo(ps);
    }

    /**
     * Where the SQL alone would pin, its bound string values may show that it only changes a tracked parameter
     * ({@code set_config('search_path', ?, false)}).
     */
    private SqlEffects effectsWithParameters() {
        if (!effects.pins()) {
            return effects;
        }
        java.util.List<String> values = parameters.texts();
        return values == null ? effects : connection.pool().classifier().classify(sql, values);
    }

    @Override
    public boolean execute() throws SQLException {
        Connection c = begin(sql, effectsWithParameters());
        long start = System.nanoTime();
        PreparedStatement st = null;
        try {
            st = prepare(c);
            bind(st);
            running(st, keys.wanted(), keepsOutputs());
            shapeOf(keys.wanted() || sql.indexOf(';') >= 0 ? null : sql);
            boolean isResultSet = st.execute();
            ran(isResultSet, start);
            return isResultSet;
        } catch (SQLException e) {
            failed(e, st, start);
            if (connection.letGoOfLostServer(e, sql)) {
                return execute();
            }
            throw e;
        }
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        return queryResult(execute());
    }

    @Override
    public int executeUpdate() throws SQLException {
        return toInt(updateResult(execute()));
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        return updateResult(execute());
    }

    @Override
    public void addBatch() throws SQLException {
        checkOpen();
        if (batches == null) {
            batches = new ArrayList<>();
        }
        batches.add(parameters.copy());
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        if (batches != null) {
            batches.clear();
        }
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        if (batches == null || batches.isEmpty()) {
            return new long[0];
        }
        Connection c = begin(sql, effects);
        long start = System.nanoTime();
        PreparedStatement st = null;
        try {
            st = prepare(c);
            for (Parameters p : batches) {
                p.applyTo(st);
                st.addBatch();
            }
            batches.clear();
            running(st, keys.wanted(), false);
            long[] counts = st.executeLargeBatch();
            connection.executed(start);
            connection.afterExecute(effects);
            batchRan();
            return counts;
        } catch (SQLException e) {
            batches.clear();
            if (keys.wanted() && st != null && physical() == st) {
                // as the driver: the keys of the rows that went in stay readable until the next execute
                batchFailed(e, start);
            } else {
                failed(e, st, start);
            }
            throw e;
        }
    }

    /**
     * As the driver's: the SQL with each parameter's value (or {@code ?}), and with a batch waiting, one such
     * line per row. Loggers print it, so it is built on the logical side, without a server connection.
     */
    @Override
    public String toString() {
        ParsedSql p = parsed;
        if (p == null) {
            return sql;
        }
        ArrayList<Parameters> rows = batches;
        if (rows == null || rows.isEmpty()) {
            return p.render(parameters::text);
        }
        StringBuilder sb = new StringBuilder();
        for (Parameters row : rows) {
            if (sb.length() > 0) {
                sb.append(";\n");
            }
            sb.append(p.render(row::text));
        }
        return sb.toString();
    }

    @Override
    public void clearParameters() throws SQLException {
        checkOpen();
        parameters.clear();
    }

    /** Describes the statement on a server connection and keeps a copy of the answer. */
    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        Connection c = connection.holdForCall().connection();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ResultSetMetaData md = ps.getMetaData();
            return md == null ? null : DetachedResultSetMetaData.copyOf(md);
        } catch (SQLException e) {
            connection.serverFailed(e);
            throw e;
        } finally {
            connection.unhold();
        }
    }

    /**
     * Describes the statement on a server connection, with the types bound so far as the driver describes
     * them, and keeps a copy of the answer.
     */
    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        checkOpen();
        Connection c = connection.holdForCall().driverConnection();
        try (PreparedStatement ps = prepare(c)) {
            bindTypes(ps);
            return DetachedParameterMetaData.copyOf(ps.getParameterMetaData());
        } catch (SQLException e) {
            connection.serverFailed(e);
            throw e;
        } finally {
            connection.unhold();
        }
    }

    // ---- the Statement methods that take SQL do not apply to a prepared statement (as in the driver)

    private SQLException sqlGiven() {
        return new SQLException("Can't use query methods that take a query string on a PreparedStatement.", "42809");
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        throw sqlGiven();
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        throw sqlGiven();
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        throw sqlGiven();
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        throw sqlGiven();
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        throw sqlGiven();
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        throw sqlGiven();
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        throw sqlGiven();
    }

    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        throw sqlGiven();
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        throw sqlGiven();
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        throw sqlGiven();
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        throw sqlGiven();
    }

    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        throw sqlGiven();
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        throw sqlGiven();
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        throw sqlGiven();
    }

    // ---- parameters: recorded here, bound on the server-side statement at execute -------------------

    @Override
    public void setArray(int parameterIndex, java.sql.Array x) throws SQLException {
        checkOpen();
        parameters.record(parameterIndex, 1, x, 0L, 0d, null, 0L, 0L);
    }

    @Override
    public void setAsciiStream(int parameterIndex, java.io.InputStream x, int length) throws SQLException {
        checkOpen();
        ParameterChecks.checkStreamLength(x, length);
        // the driver reads it now (as US-ASCII) and binds the text: so does every execute of this statement
        parameters.record(parameterIndex, 2, x == null ? null : ParameterChecks.read(
                new java.io.InputStreamReader(x, java.nio.charset.StandardCharsets.US_ASCII), length), 0L, 0d, null, length, 0L);
    }

    @Override
    public void setAsciiStream(int parameterIndex, java.io.InputStream x, long length) throws SQLException {
        throw ParameterChecks.notImplemented(driverClassName(), "setAsciiStream(int, InputStream, long)");
    }

    @Override
    public void setAsciiStream(int parameterIndex, java.io.InputStream x) throws SQLException {
        throw ParameterChecks.notImplemented(driverClassName(), "setAsciiStream(int, InputStream)");
    }

    @Override
    public void setBigDecimal(int parameterIndex, java.math.BigDecimal x) throws SQLException {
        checkOpen();
        parameters.record(parameterIndex, 5, x, 0L, 0d, null, 0L, 0L);
    }

    @Override
    public void setBinaryStream(int parameterIndex, java.io.InputStream x, int length) throws SQLException {
        checkOpen();
        ParameterChecks.checkStreamLength(x, length);
        parameters.record(parameterIndex, 6, x, 0L, 0d, null, length, 0L);
    }

    @Override
    public void setBinaryStream(int parameterIndex, java.io.InputStream x, long length) throws SQLException {
        checkOpen();
        if (x != null && length > Integer.MAX_VALUE) {
            throw new SQLException("Object is too large to send over the protocol.", "42820");
        }
        ParameterChecks.checkStreamLength(x, length);
        parameters.record(parameterIndex, 7, x, 0L, 0d, null, length, 0L);
    }

    @Override
    public void setBinaryStream(int parameterIndex, java.io.InputStream x) throws SQLException {
        checkOpen();
        parameters.record(parameterIndex, 8, x, 0L, 0d, null, 0L, 0L);
    }

    @Override
    public void setBlob(int parameterIndex, java.io.InputStream x, long length) throws SQLException {
        checkOpen();
        ParameterChecks.checkStreamLength(x, length);
        parameters.record(parameterIndex, 9, x, 0L, 0d, null, length, 0L);
    }

    @Override
    public void setBlob(int parameterIndex, java.io.InputStream x) throws SQLException {
        checkOpen();
        parameters.record(parameterIndex, 10, x, 0L, 0d, null, 0L, 0L);
    }

    @Override
    public void setBlob(int parameterIndex, java.sql.Blob x) throws SQLException {
        checkOpen();
        parameters.record(parameterIndex, 11, x, 0L, 0d, null, 0L, 0L);
    }

    @Override
    public void setBoolean(int parameterIndex, boolean x) throws SQLException {
        checkOpen();
        parameters.record(parameterIndex, 12, null, x ? 1L : 0L, 0d, null, 0L, 0L);
    }

    @Override
    public void setByte(int parameterIndex, byte x) throws SQLException {
        checkOpen();
        parameters.record(parameterIndex, 13, null, x, 0d, null, 0L, 0L);
    }

    @Override
    public void setBytes(int parameterIndex, byte[] x) throws SQLException {
        checkOpen();
        parameters.record(parameterIndex, 14, x, 0L, 0d, null, 0L, 0L);
    }

    @Override
    public void setCharacterStream(int parameterIndex, java.io.Reader x, int length) throws SQLException {
        checkOpen();
        ParameterChecks.checkStreamLength(x, length);
        if (x == null) {
            parameters.record(parameterIndex, 15, null, 0L, 0d, null, length, 0L);
        } else {
            // the driver reads it now and binds the text: so does every execute of this statement
            parameters.record(parameterIndex, 44, ParameterChecks.read(x, length), 0L, 0d, null, 0L, 0L);
        }
    }

    @Override
    public void setCharacterStream(int parameterIndex, java.io.Reader x, long length) throws SQLException {
        throw ParameterChecks.notImplemented(driverClassName(), "setCharacterStream(int, Reader, long)");
    }

    @Override
    public void setCharacterStream(int parameterIndex, java.io.Reader x) throws SQLException {
        checkOpen();
        parameters.record(parameterIndex, 17, x, 0L, 0d, null, 0L, 0L);
    }

    @Override
    public void setClob(int parameterIndex, java.io.Reader x, long length) throws SQLException {
        throw ParameterChecks.notImplemented(driverClassName(), "setClob(int, Reader, long)");
    }

    @Override
    public void setClob(int parameterIndex, java.io.Reader x) throws SQLException {
        throw ParameterChecks.notImplemented(driverClassName(), "setClob(int, Reader)");
    }

    @Override
    public void setClob(int parameterIndex, java.sql.Clob x) throws SQLException {
        checkOpen();
        parameters.record(parameterIndex, 20, x, 0L, 0d, null, 0L, 0L);
    }

    @Override
    public void setDate(int parameterIndex, java.sql.Date x, java.util.Calendar cal) throws SQLException {
        checkOpen();
        parameters.record(parameterIndex, 21, x, 0L, 0d, cal, 0L, 0L);
    }

    @Override
    public void setDate(int parameterIndex, java.sql.Date x) throws SQLException {
        checkOpen();
        parameters.record(parameterIndex, 22, x, 0L, 0d, null, 0L, 0L);
    }

    @Override
    public void setDouble(int parameterIndex, double x) throws SQLException {
        checkOpen();
        parameters.record(parameterIndex, 23, null, 0L, x, null, 0L, 0L);
    }

    @Override
    public void setFloat(int parameterIndex, float x) throws SQLException {
        checkOpen();
        parameters.record(parameterIndex, 24, null, 0L, x, null, 0L, 0L);
    }

    @Override
    public void setInt(int parameterIndex, int x) throws SQLException {
        checkOpen();
        parameters.record(parameterIndex, 25, null, x, 0d, null, 0L, 0L);
    }

    @Override
    public void setLong(int parameterIndex, long x) throws SQLException {
        checkOpen();
        parameters.record(parameterIndex, 26, null, x, 0d, null, 0L, 0L);
    }

    @Override
    public void setNCharacterStream(int parameterIndex, java.io.Reader x, long length) throws SQLException {
        throw ParameterChecks.notImplemented(driverClassName(), "setNCharacterStream(int, Reader, long)");
    }

    @Override
    public void setNCharacterStream(int parameterIndex, java.io.Reader x) throws SQLException {
        throw ParameterChecks.notImplemented(driverClassName(), "setNCharacterStream(int, Reader)");
    }

    @Override
    public void setNClob(int parameterIndex, java.io.Reader x, long length) throws SQLException {
        throw ParameterChecks.notImplemented(driverClassName(), "setNClob(int, Reader, long)");
    }

    @Override
    public void setNClob(int parameterIndex, java.io.Reader x) throws SQLException {
        throw ParameterChecks.notImplemented(driverClassName(), "setNClob(int, Reader)");
    }

    @Override
    public void setNClob(int parameterIndex, java.sql.NClob x) throws SQLException {
        throw ParameterChecks.notImplemented(driverClassName(), "setNClob(int, NClob)");
    }

    @Override
    public void setNString(int parameterIndex, String x) throws SQLException {
        throw ParameterChecks.notImplemented(driverClassName(), "setNString(int, String)");
    }

    @Override
    public void setNull(int parameterIndex, int x, String typeName) throws SQLException {
        checkOpen();
        parameters.checkIndex(parameterIndex);
        if (typeName == null) {
            // with a type name the driver takes that type instead
            ParameterChecks.checkNullType(x);
        }
        parameters.record(parameterIndex, 33, null, x, 0d, typeName, 0L, 0L);
    }

    @Override
    public void setNull(int parameterIndex, int x) throws SQLException {
        checkOpen();
        parameters.checkIndex(parameterIndex);
        ParameterChecks.checkNullType(x);
        parameters.record(parameterIndex, 34, null, x, 0d, null, 0L, 0L);
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        checkOpen();
        ParameterChecks.checkTargetType(x, targetSqlType, scaleOrLength);
        parameters.record(parameterIndex, 35, x, 0L, 0d, null, targetSqlType, scaleOrLength);
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
        checkOpen();
        ParameterChecks.checkTargetType(x, targetSqlType, -1);
        parameters.record(parameterIndex, 36, x, 0L, 0d, null, targetSqlType, 0L);
    }

    @Override
    public void setObject(int parameterIndex, Object x, java.sql.SQLType targetSqlType, int scaleOrLength) throws SQLException {
        throw ParameterChecks.notImplemented(driverClassName(), "setObject");
    }

    @Override
    public void setObject(int parameterIndex, Object x, java.sql.SQLType targetSqlType) throws SQLException {
        throw ParameterChecks.notImplemented(driverClassName(), "setObject");
    }

    @Override
    public void setObject(int parameterIndex, Object x) throws SQLException {
        checkOpen();
        ParameterChecks.checkInferable(x);
        parameters.record(parameterIndex, 39, x, 0L, 0d, null, 0L, 0L);
    }

    @Override
    public void setRef(int parameterIndex, java.sql.Ref x) throws SQLException {
        throw ParameterChecks.notImplemented(driverClassName(), "setRef(int,Ref)");
    }

    @Override
    public void setRowId(int parameterIndex, java.sql.RowId x) throws SQLException {
        throw ParameterChecks.notImplemented(driverClassName(), "setRowId(int, RowId)");
    }

    @Override
    public void setSQLXML(int parameterIndex, java.sql.SQLXML x) throws SQLException {
        checkOpen();
        parameters.record(parameterIndex, 42, x, 0L, 0d, null, 0L, 0L);
    }

    @Override
    public void setShort(int parameterIndex, short x) throws SQLException {
        checkOpen();
        parameters.record(parameterIndex, 43, null, x, 0d, null, 0L, 0L);
    }

    @Override
    public void setString(int parameterIndex, String x) throws SQLException {
        checkOpen();
        parameters.record(parameterIndex, 44, x, 0L, 0d, null, 0L, 0L);
    }

    @Override
    public void setTime(int parameterIndex, java.sql.Time x, java.util.Calendar cal) throws SQLException {
        checkOpen();
        parameters.record(parameterIndex, 45, x, 0L, 0d, cal, 0L, 0L);
    }

    @Override
    public void setTime(int parameterIndex, java.sql.Time x) throws SQLException {
        checkOpen();
        parameters.record(parameterIndex, 46, x, 0L, 0d, null, 0L, 0L);
    }

    @Override
    public void setTimestamp(int parameterIndex, java.sql.Timestamp x, java.util.Calendar cal) throws SQLException {
        checkOpen();
        parameters.record(parameterIndex, 47, x, 0L, 0d, cal, 0L, 0L);
    }

    @Override
    public void setTimestamp(int parameterIndex, java.sql.Timestamp x) throws SQLException {
        checkOpen();
        parameters.record(parameterIndex, 48, x, 0L, 0d, null, 0L, 0L);
    }

    @Override
    public void setURL(int parameterIndex, java.net.URL x) throws SQLException {
        throw ParameterChecks.notImplemented(driverClassName(), "setURL(int,URL)");
    }

    @Override
    public void setUnicodeStream(int parameterIndex, java.io.InputStream x, int length) throws SQLException {
        checkOpen();
        ParameterChecks.checkStreamLength(x, length);
        // the driver reads it now (as UTF-8) and binds the text: so does every execute of this statement
        parameters.record(parameterIndex, 50, x == null ? null : ParameterChecks.read(
                new java.io.InputStreamReader(x, java.nio.charset.StandardCharsets.UTF_8), length), 0L, 0d, null, length, 0L);
    }
}
