package io.pgmux.logical;

import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.Statement;
import java.util.ArrayList;

/**
 * A callable statement the app holds. OUT parameter registrations are recorded with the parameters; after
 * an execute with OUT parameters the server-side statement, and so the server connection, is kept until
 * this statement is executed again or closed, since the app reads the values from it.
 */
public class LogicalCallableStatement extends LogicalPreparedStatement implements CallableStatement {
    private final ArrayList<OutParameter> outParameters = new ArrayList<>(2);
    /** The driver runs the SQL as a function call (a call escape or CALL): see {@link #executeUpdate()}. */
    private final boolean isFunction;

    /** For the connection's factory and the subclasses {@link DriverInterfaces} generates. */
    protected LogicalCallableStatement(LogicalConnection connection, String sql, int resultSetType,
                                       int resultSetConcurrency, int resultSetHoldability) throws SQLException {
        super(connection, sql, resultSetType, resultSetConcurrency, resultSetHoldability, GeneratedKeys.NONE);
        // the driver's own parse has checked the call escape where it could be reached
        this.isFunction = parsed() != null ? parsed().isFunction() : CallSyntax.isFunction(sql);
    }

    @Override
    boolean isCall() {
        return true;
    }

    @Override
    String driverClassName() {
        return "org.postgresql.jdbc.PgCallableStatement";
    }

    /** As the driver's: a function call answers 0 and keeps what it returned, other SQL must return no rows. */
    @Override
    public int executeUpdate() throws SQLException {
        if (isFunction) {
            execute();
            return 0;
        }
        return super.executeUpdate();
    }

    /** One registerOutParameter call, replayed on each server-side statement. */
    private static final class OutParameter {
        final int index;
        final int sqlType;
        final SQLType type;
        final int scale;
        final String typeName;

        OutParameter(int index, int sqlType, SQLType type, int scale, String typeName) {
            this.index = index;
            this.sqlType = sqlType;
            this.type = type;
            this.scale = scale;
            this.typeName = typeName;
        }

        void registerOn(CallableStatement cs) throws SQLException {
            if (type != null) {
                if (typeName != null) {
                    cs.registerOutParameter(index, type, typeName);
                } else if (scale >= 0) {
                    cs.registerOutParameter(index, type, scale);
                } else {
                    cs.registerOutParameter(index, type);
                }
            } else if (typeName != null) {
                cs.registerOutParameter(index, sqlType, typeName);
            } else if (scale >= 0) {
                cs.registerOutParameter(index, sqlType, scale);
            } else {
                cs.registerOutParameter(index, sqlType);
            }
        }
    }

    @Override
    PreparedStatement prepare(java.sql.Connection c) throws SQLException {
        CallableStatement cs = resultSetHoldability == 0
                ? c.prepareCall(sql, resultSetType, resultSetConcurrency)
                : c.prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability);
        applySettings(cs);
        return cs;
    }

    @Override
    void bind(PreparedStatement ps) throws SQLException {
        super.bind(ps);
        for (OutParameter out : outParameters) {
            out.registerOn((CallableStatement) ps);
        }
    }

    @Override
    void bindTypes(PreparedStatement ps) throws SQLException {
        super.bindTypes(ps);
        for (OutParameter out : outParameters) {
            out.registerOn((CallableStatement) ps);
        }
    }

    @Override
    boolean keepsOutputs() {
        return !outParameters.isEmpty();
    }

    private void register(OutParameter out) throws SQLException {
        checkOpen();
        parameters.checkIndex(out.index);
        outParameters.removeIf(o -> o.index == out.index);
        outParameters.add(out);
    }

    /** The executed server-side statement, which holds the OUT values. */
    private CallableStatement outputs() throws SQLException {
        checkOpen();
        Statement p = physical();
        if (p == null || outParameters.isEmpty()) {
            throw new SQLException("No OUT parameter values: register OUT parameters and execute the statement first.", "HY010");
        }
        return (CallableStatement) p;
    }

    @Override
    public void registerOutParameter(int parameterIndex, int sqlType) throws SQLException {
        register(new OutParameter(parameterIndex, sqlType, null, -1, null));
    }

    @Override
    public void registerOutParameter(int parameterIndex, int sqlType, int scale) throws SQLException {
        register(new OutParameter(parameterIndex, sqlType, null, scale, null));
    }

    @Override
    public void registerOutParameter(int parameterIndex, int sqlType, String typeName) throws SQLException {
        register(new OutParameter(parameterIndex, sqlType, null, -1, typeName));
    }

    @Override
    public void registerOutParameter(int parameterIndex, SQLType sqlType) throws SQLException {
        register(new OutParameter(parameterIndex, 0, sqlType, -1, null));
    }

    @Override
    public void registerOutParameter(int parameterIndex, SQLType sqlType, int scale) throws SQLException {
        register(new OutParameter(parameterIndex, 0, sqlType, scale, null));
    }

    @Override
    public void registerOutParameter(int parameterIndex, SQLType sqlType, String typeName) throws SQLException {
        register(new OutParameter(parameterIndex, 0, sqlType, -1, typeName));
    }

    @Override
    public java.sql.Array getArray(String parameterName) throws SQLException {
        throw Unsupported.method("CallableStatement.getArray(String)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public java.sql.Array getArray(int parameterIndex) throws SQLException {
        return outputs().getArray(parameterIndex);
    }

    @Override
    public java.math.BigDecimal getBigDecimal(String parameterName) throws SQLException {
        throw Unsupported.method("CallableStatement.getBigDecimal(String)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public java.math.BigDecimal getBigDecimal(int parameterIndex, int scale) throws SQLException {
        return outputs().getBigDecimal(parameterIndex, scale);
    }

    @Override
    public java.math.BigDecimal getBigDecimal(int parameterIndex) throws SQLException {
        return outputs().getBigDecimal(parameterIndex);
    }

    @Override
    public java.sql.Blob getBlob(String parameterName) throws SQLException {
        throw Unsupported.method("CallableStatement.getBlob(String)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public java.sql.Blob getBlob(int parameterIndex) throws SQLException {
        return outputs().getBlob(parameterIndex);
    }

    @Override
    public boolean getBoolean(String parameterName) throws SQLException {
        throw Unsupported.method("CallableStatement.getBoolean(String)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public boolean getBoolean(int parameterIndex) throws SQLException {
        return outputs().getBoolean(parameterIndex);
    }

    @Override
    public byte getByte(String parameterName) throws SQLException {
        throw Unsupported.method("CallableStatement.getByte(String)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public byte getByte(int parameterIndex) throws SQLException {
        return outputs().getByte(parameterIndex);
    }

    @Override
    public byte[] getBytes(String parameterName) throws SQLException {
        throw Unsupported.method("CallableStatement.getBytes(String)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public byte[] getBytes(int parameterIndex) throws SQLException {
        return outputs().getBytes(parameterIndex);
    }

    @Override
    public java.io.Reader getCharacterStream(String parameterName) throws SQLException {
        throw Unsupported.method("CallableStatement.getCharacterStream(String)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public java.io.Reader getCharacterStream(int parameterIndex) throws SQLException {
        return outputs().getCharacterStream(parameterIndex);
    }

    @Override
    public java.sql.Clob getClob(String parameterName) throws SQLException {
        throw Unsupported.method("CallableStatement.getClob(String)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public java.sql.Clob getClob(int parameterIndex) throws SQLException {
        return outputs().getClob(parameterIndex);
    }

    @Override
    public java.sql.Date getDate(String parameterName, java.util.Calendar cal) throws SQLException {
        throw Unsupported.method("CallableStatement.getDate(String, Calendar)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public java.sql.Date getDate(String parameterName) throws SQLException {
        throw Unsupported.method("CallableStatement.getDate(String)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public java.sql.Date getDate(int parameterIndex, java.util.Calendar cal) throws SQLException {
        return outputs().getDate(parameterIndex, cal);
    }

    @Override
    public java.sql.Date getDate(int parameterIndex) throws SQLException {
        return outputs().getDate(parameterIndex);
    }

    @Override
    public double getDouble(String parameterName) throws SQLException {
        throw Unsupported.method("CallableStatement.getDouble(String)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public double getDouble(int parameterIndex) throws SQLException {
        return outputs().getDouble(parameterIndex);
    }

    @Override
    public float getFloat(String parameterName) throws SQLException {
        throw Unsupported.method("CallableStatement.getFloat(String)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public float getFloat(int parameterIndex) throws SQLException {
        return outputs().getFloat(parameterIndex);
    }

    @Override
    public int getInt(String parameterName) throws SQLException {
        throw Unsupported.method("CallableStatement.getInt(String)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public int getInt(int parameterIndex) throws SQLException {
        return outputs().getInt(parameterIndex);
    }

    @Override
    public long getLong(String parameterName) throws SQLException {
        throw Unsupported.method("CallableStatement.getLong(String)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public long getLong(int parameterIndex) throws SQLException {
        return outputs().getLong(parameterIndex);
    }

    @Override
    public java.io.Reader getNCharacterStream(String parameterName) throws SQLException {
        throw Unsupported.method("CallableStatement.getNCharacterStream(String)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public java.io.Reader getNCharacterStream(int parameterIndex) throws SQLException {
        return outputs().getNCharacterStream(parameterIndex);
    }

    @Override
    public java.sql.NClob getNClob(String parameterName) throws SQLException {
        throw Unsupported.method("CallableStatement.getNClob(String)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public java.sql.NClob getNClob(int parameterIndex) throws SQLException {
        return outputs().getNClob(parameterIndex);
    }

    @Override
    public String getNString(String parameterName) throws SQLException {
        throw Unsupported.method("CallableStatement.getNString(String)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public String getNString(int parameterIndex) throws SQLException {
        return outputs().getNString(parameterIndex);
    }

    @Override
    public <T> T getObject(String parameterName, Class<T> type) throws SQLException {
        throw Unsupported.method("CallableStatement.getObject(String, Class)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public Object getObject(String parameterName, java.util.Map<String, Class<?>> map) throws SQLException {
        throw Unsupported.method("CallableStatement.getObject(String, Map)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public Object getObject(String parameterName) throws SQLException {
        throw Unsupported.method("CallableStatement.getObject(String)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public <T> T getObject(int parameterIndex, Class<T> type) throws SQLException {
        return outputs().getObject(parameterIndex, type);
    }

    @Override
    public Object getObject(int parameterIndex, java.util.Map<String, Class<?>> map) throws SQLException {
        return outputs().getObject(parameterIndex, map);
    }

    @Override
    public Object getObject(int parameterIndex) throws SQLException {
        return outputs().getObject(parameterIndex);
    }

    @Override
    public java.sql.Ref getRef(String parameterName) throws SQLException {
        throw Unsupported.method("CallableStatement.getRef(String)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public java.sql.Ref getRef(int parameterIndex) throws SQLException {
        return outputs().getRef(parameterIndex);
    }

    @Override
    public java.sql.RowId getRowId(String parameterName) throws SQLException {
        throw Unsupported.method("CallableStatement.getRowId(String)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public java.sql.RowId getRowId(int parameterIndex) throws SQLException {
        return outputs().getRowId(parameterIndex);
    }

    @Override
    public java.sql.SQLXML getSQLXML(String parameterName) throws SQLException {
        throw Unsupported.method("CallableStatement.getSQLXML(String)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public java.sql.SQLXML getSQLXML(int parameterIndex) throws SQLException {
        return outputs().getSQLXML(parameterIndex);
    }

    @Override
    public short getShort(String parameterName) throws SQLException {
        throw Unsupported.method("CallableStatement.getShort(String)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public short getShort(int parameterIndex) throws SQLException {
        return outputs().getShort(parameterIndex);
    }

    @Override
    public String getString(String parameterName) throws SQLException {
        throw Unsupported.method("CallableStatement.getString(String)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public String getString(int parameterIndex) throws SQLException {
        return outputs().getString(parameterIndex);
    }

    @Override
    public java.sql.Time getTime(String parameterName, java.util.Calendar cal) throws SQLException {
        throw Unsupported.method("CallableStatement.getTime(String, Calendar)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public java.sql.Time getTime(String parameterName) throws SQLException {
        throw Unsupported.method("CallableStatement.getTime(String)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public java.sql.Time getTime(int parameterIndex, java.util.Calendar cal) throws SQLException {
        return outputs().getTime(parameterIndex, cal);
    }

    @Override
    public java.sql.Time getTime(int parameterIndex) throws SQLException {
        return outputs().getTime(parameterIndex);
    }

    @Override
    public java.sql.Timestamp getTimestamp(String parameterName, java.util.Calendar cal) throws SQLException {
        throw Unsupported.method("CallableStatement.getTimestamp(String, Calendar)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public java.sql.Timestamp getTimestamp(String parameterName) throws SQLException {
        throw Unsupported.method("CallableStatement.getTimestamp(String)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public java.sql.Timestamp getTimestamp(int parameterIndex, java.util.Calendar cal) throws SQLException {
        return outputs().getTimestamp(parameterIndex, cal);
    }

    @Override
    public java.sql.Timestamp getTimestamp(int parameterIndex) throws SQLException {
        return outputs().getTimestamp(parameterIndex);
    }

    @Override
    public java.net.URL getURL(String parameterName) throws SQLException {
        throw Unsupported.method("CallableStatement.getURL(String)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public java.net.URL getURL(int parameterIndex) throws SQLException {
        return outputs().getURL(parameterIndex);
    }

    @Override
    public void registerOutParameter(String parameterName, int sqlType, String typeName) throws SQLException {
        throw Unsupported.method("CallableStatement.registerOutParameter(String, int, String)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void registerOutParameter(String parameterName, int sqlType, int scaleOrLength) throws SQLException {
        throw Unsupported.method("CallableStatement.registerOutParameter(String, int, int)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void registerOutParameter(String parameterName, int sqlType) throws SQLException {
        throw Unsupported.method("CallableStatement.registerOutParameter(String, int)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void registerOutParameter(String parameterName, java.sql.SQLType targetSqlType, String typeName) throws SQLException {
        throw Unsupported.method("CallableStatement.registerOutParameter(String, SQLType, String)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void registerOutParameter(String parameterName, java.sql.SQLType targetSqlType, int scaleOrLength) throws SQLException {
        throw Unsupported.method("CallableStatement.registerOutParameter(String, SQLType, int)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void registerOutParameter(String parameterName, java.sql.SQLType targetSqlType) throws SQLException {
        throw Unsupported.method("CallableStatement.registerOutParameter(String, SQLType)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setAsciiStream(String parameterName, java.io.InputStream x, int length) throws SQLException {
        throw Unsupported.method("CallableStatement.setAsciiStream(String, InputStream, int)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setAsciiStream(String parameterName, java.io.InputStream x, long length) throws SQLException {
        throw Unsupported.method("CallableStatement.setAsciiStream(String, InputStream, long)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setAsciiStream(String parameterName, java.io.InputStream x) throws SQLException {
        throw Unsupported.method("CallableStatement.setAsciiStream(String, InputStream)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setBigDecimal(String parameterName, java.math.BigDecimal x) throws SQLException {
        throw Unsupported.method("CallableStatement.setBigDecimal(String, BigDecimal)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setBinaryStream(String parameterName, java.io.InputStream x, int length) throws SQLException {
        throw Unsupported.method("CallableStatement.setBinaryStream(String, InputStream, int)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setBinaryStream(String parameterName, java.io.InputStream x, long length) throws SQLException {
        throw Unsupported.method("CallableStatement.setBinaryStream(String, InputStream, long)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setBinaryStream(String parameterName, java.io.InputStream x) throws SQLException {
        throw Unsupported.method("CallableStatement.setBinaryStream(String, InputStream)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setBlob(String parameterName, java.io.InputStream x, long length) throws SQLException {
        throw Unsupported.method("CallableStatement.setBlob(String, InputStream, long)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setBlob(String parameterName, java.io.InputStream x) throws SQLException {
        throw Unsupported.method("CallableStatement.setBlob(String, InputStream)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setBlob(String parameterName, java.sql.Blob x) throws SQLException {
        throw Unsupported.method("CallableStatement.setBlob(String, Blob)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setBoolean(String parameterName, boolean x) throws SQLException {
        throw Unsupported.method("CallableStatement.setBoolean(String, boolean)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setByte(String parameterName, byte x) throws SQLException {
        throw Unsupported.method("CallableStatement.setByte(String, byte)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setBytes(String parameterName, byte[] x) throws SQLException {
        throw Unsupported.method("CallableStatement.setBytes(String, byte[])", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setCharacterStream(String parameterName, java.io.Reader x, int length) throws SQLException {
        throw Unsupported.method("CallableStatement.setCharacterStream(String, Reader, int)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setCharacterStream(String parameterName, java.io.Reader x, long length) throws SQLException {
        throw Unsupported.method("CallableStatement.setCharacterStream(String, Reader, long)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setCharacterStream(String parameterName, java.io.Reader x) throws SQLException {
        throw Unsupported.method("CallableStatement.setCharacterStream(String, Reader)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setClob(String parameterName, java.io.Reader x, long length) throws SQLException {
        throw Unsupported.method("CallableStatement.setClob(String, Reader, long)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setClob(String parameterName, java.io.Reader x) throws SQLException {
        throw Unsupported.method("CallableStatement.setClob(String, Reader)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setClob(String parameterName, java.sql.Clob x) throws SQLException {
        throw Unsupported.method("CallableStatement.setClob(String, Clob)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setDate(String parameterName, java.sql.Date x, java.util.Calendar cal) throws SQLException {
        throw Unsupported.method("CallableStatement.setDate(String, Date, Calendar)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setDate(String parameterName, java.sql.Date x) throws SQLException {
        throw Unsupported.method("CallableStatement.setDate(String, Date)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setDouble(String parameterName, double x) throws SQLException {
        throw Unsupported.method("CallableStatement.setDouble(String, double)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setFloat(String parameterName, float x) throws SQLException {
        throw Unsupported.method("CallableStatement.setFloat(String, float)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setInt(String parameterName, int x) throws SQLException {
        throw Unsupported.method("CallableStatement.setInt(String, int)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setLong(String parameterName, long x) throws SQLException {
        throw Unsupported.method("CallableStatement.setLong(String, long)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setNCharacterStream(String parameterName, java.io.Reader x, long length) throws SQLException {
        throw Unsupported.method("CallableStatement.setNCharacterStream(String, Reader, long)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setNCharacterStream(String parameterName, java.io.Reader x) throws SQLException {
        throw Unsupported.method("CallableStatement.setNCharacterStream(String, Reader)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setNClob(String parameterName, java.io.Reader x, long length) throws SQLException {
        throw Unsupported.method("CallableStatement.setNClob(String, Reader, long)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setNClob(String parameterName, java.io.Reader x) throws SQLException {
        throw Unsupported.method("CallableStatement.setNClob(String, Reader)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setNClob(String parameterName, java.sql.NClob x) throws SQLException {
        throw Unsupported.method("CallableStatement.setNClob(String, NClob)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setNString(String parameterName, String x) throws SQLException {
        throw Unsupported.method("CallableStatement.setNString(String, String)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setNull(String parameterName, int x, String typeName) throws SQLException {
        throw Unsupported.method("CallableStatement.setNull(String, int, String)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setNull(String parameterName, int x) throws SQLException {
        throw Unsupported.method("CallableStatement.setNull(String, int)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setObject(String parameterName, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        throw Unsupported.method("CallableStatement.setObject(String, Object, int, int)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setObject(String parameterName, Object x, int scaleOrLength) throws SQLException {
        throw Unsupported.method("CallableStatement.setObject(String, Object, int)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setObject(String parameterName, Object x, java.sql.SQLType targetSqlType, int scaleOrLength) throws SQLException {
        throw Unsupported.method("CallableStatement.setObject(String, Object, SQLType, int)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setObject(String parameterName, Object x, java.sql.SQLType targetSqlType) throws SQLException {
        throw Unsupported.method("CallableStatement.setObject(String, Object, SQLType)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setObject(String parameterName, Object x) throws SQLException {
        throw Unsupported.method("CallableStatement.setObject(String, Object)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setRowId(String parameterName, java.sql.RowId x) throws SQLException {
        throw Unsupported.method("CallableStatement.setRowId(String, RowId)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setSQLXML(String parameterName, java.sql.SQLXML x) throws SQLException {
        throw Unsupported.method("CallableStatement.setSQLXML(String, SQLXML)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setShort(String parameterName, short x) throws SQLException {
        throw Unsupported.method("CallableStatement.setShort(String, short)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setString(String parameterName, String x) throws SQLException {
        throw Unsupported.method("CallableStatement.setString(String, String)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setTime(String parameterName, java.sql.Time x, java.util.Calendar cal) throws SQLException {
        throw Unsupported.method("CallableStatement.setTime(String, Time, Calendar)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setTime(String parameterName, java.sql.Time x) throws SQLException {
        throw Unsupported.method("CallableStatement.setTime(String, Time)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setTimestamp(String parameterName, java.sql.Timestamp x, java.util.Calendar cal) throws SQLException {
        throw Unsupported.method("CallableStatement.setTimestamp(String, Timestamp, Calendar)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setTimestamp(String parameterName, java.sql.Timestamp x) throws SQLException {
        throw Unsupported.method("CallableStatement.setTimestamp(String, Timestamp)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public void setURL(String parameterName, java.net.URL x) throws SQLException {
        throw Unsupported.method("CallableStatement.setURL(String, URL)", "PostgreSQL's driver binds parameters by position only");
    }

    @Override
    public boolean wasNull() throws SQLException {
        return outputs().wasNull();
    }
}
