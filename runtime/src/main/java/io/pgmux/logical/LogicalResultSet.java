package io.pgmux.logical;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;

/**
 * The result set the app holds. While attached it reads from the server-side result; a forward-only,
 * read-only result read to its end lets its server connection go (SPEC section 3) and keeps answering
 * from copies: metadata, warnings, position and its statement. Scrollable or updatable results stay
 * attached until closed, since the app may move back.
 */
public final class LogicalResultSet implements ResultSet {
    private final ResultOwner owner;
    private final boolean detachAtEnd;
    private final int type;
    private final int concurrency;
    private final int holdability;
    private ResultSet physical;
    private boolean closed;
    private boolean hadRows;
    private int fetchSize;
    private int fetchDirection = FETCH_FORWARD;
    private ResultSetMetaData detachedMetaData;
    private SQLWarning detachedWarnings;
    private boolean lastWasNull;
    /** Taken at creation: the owner may run something else before this result is read to its end. */
    private final String shapeKey;

    LogicalResultSet(ResultOwner owner, ResultSet physical, boolean detachAtEnd) throws SQLException {
        this(owner, physical, detachAtEnd, physical.getType(), physical.getConcurrency());
    }

    /** A result set of the type and concurrency its statement asked for (saves asking the driver's). */
    LogicalResultSet(ResultOwner owner, ResultSet physical, boolean detachAtEnd, int type, int concurrency) {
        this.owner = owner;
        this.physical = physical;
        this.type = type;
        this.concurrency = concurrency;
        this.holdability = owner.resultHoldability();
        this.detachAtEnd = detachAtEnd || (type == TYPE_FORWARD_ONLY && concurrency == CONCUR_READ_ONLY);
        this.shapeKey = owner.resultShapeKey();
    }

    /** A result with no columns and no rows, needing no server connection (e.g. no generated keys). */
    LogicalResultSet(ResultOwner owner) {
        this.owner = owner;
        this.detachAtEnd = true;
        this.type = TYPE_FORWARD_ONLY;
        this.concurrency = CONCUR_READ_ONLY;
        this.holdability = HOLD_CURSORS_OVER_COMMIT;
        this.detachedMetaData = DetachedResultSetMetaData.empty();
        this.shapeKey = null;
    }

    /** The server-side result, or an explanation of why there is none. */
    private ResultSet rs() throws SQLException {
        ResultSet p = physical;
        if (p != null) {
            return p;
        }
        if (closed) {
            throw new SQLException("This ResultSet is closed.", "55000");
        }
        throw new SQLException("ResultSet not positioned properly: it was read to its end.", "24000");
    }

    boolean isAttached() {
        return physical != null;
    }

    @Override
    public boolean next() throws SQLException {
        ResultSet p = physical;
        if (p == null) {
            if (closed) {
                throw new SQLException("This ResultSet is closed.", "55000");
            }
            return false;
        }
        boolean more;
        try {
            more = p.next();
        } catch (SQLException e) {
            owner.logicalConnection().serverFailed(e);
            throw e;
        }
        if (more) {
            hadRows = true;
        } else if (detachAtEnd) {
            detach();
        }
        return more;
    }

    /** Copies what may still be asked, lets go of the server-side result and tells the owner. */
    private void detach() throws SQLException {
        ResultSet p = physical;
        try {
            if (detachedMetaData == null) {
                detachedMetaData = copyOfMetaData(p);
            }
            detachedWarnings = p.getWarnings();
            fetchSize = p.getFetchSize();
        } finally {
            physical = null;
            try {
                p.close();
            } finally {
                owner.resultEnded(this);
            }
        }
    }

    /**
     * A copy of the driver's metadata of {@code p}. Where the driver cannot describe a result it built itself
     * (some metadata results miss a column), its own object is kept: it fails as the driver's does, and
     * without asking the server, which knows nothing of such a result.
     */
    private ResultSetMetaData copyOfMetaData(ResultSet p) throws SQLException {
        ResultSetMetaData md = p.getMetaData();
        try {
            return DetachedResultSetMetaData.copyOf(md, owner.logicalConnection().pool().resultShapes(), shapeKey);
        } catch (RuntimeException e) {
            return md;
        }
    }

    /** Closes without touching the server-side result: its statement is being closed with it. */
    void closeFromOwner() {
        closed = true;
        physical = null;
    }

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        ResultSet p = physical;
        if (p != null) {
            physical = null;
            try {
                p.close();
            } finally {
                owner.resultEnded(this);
            }
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public Statement getStatement() throws SQLException {
        checkNotClosed();
        return owner.logicalStatement();
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkNotClosed();
        if (physical != null && detachedMetaData == null) {
            // a copy even now: the driver's object could later ask a server connection that is no longer ours
            detachedMetaData = copyOfMetaData(physical);
        }
        return detachedMetaData;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkNotClosed();
        return physical != null ? physical.getWarnings() : detachedWarnings;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkNotClosed();
        detachedWarnings = null;
        if (physical != null) {
            physical.clearWarnings();
        }
    }

    @Override
    public int getHoldability() throws SQLException {
        checkNotClosed();
        return holdability;
    }

    @Override
    public int getType() throws SQLException {
        checkNotClosed();
        return type;
    }

    @Override
    public int getConcurrency() throws SQLException {
        checkNotClosed();
        return concurrency;
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        checkNotClosed();
        return physical != null ? physical.isAfterLast() : hadRows;
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        checkNotClosed();
        return physical != null && physical.isBeforeFirst();
    }

    @Override
    public boolean isFirst() throws SQLException {
        checkNotClosed();
        return physical != null && physical.isFirst();
    }

    @Override
    public boolean isLast() throws SQLException {
        checkNotClosed();
        return physical != null && physical.isLast();
    }

    @Override
    public int getRow() throws SQLException {
        checkNotClosed();
        return physical != null ? physical.getRow() : 0;
    }

    @Override
    public int getFetchSize() throws SQLException {
        checkNotClosed();
        return physical != null ? physical.getFetchSize() : fetchSize;
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkNotClosed();
        if (rows < 0) {
            throw new SQLException("Fetch size must be a value greater than or equal to 0.", "22023");
        }
        fetchSize = rows;
        if (physical != null) {
            physical.setFetchSize(rows);
        }
    }

    @Override
    public int getFetchDirection() throws SQLException {
        checkNotClosed();
        return physical != null ? physical.getFetchDirection() : fetchDirection;
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkNotClosed();
        if (physical != null) {
            physical.setFetchDirection(direction);
        } else if (direction != FETCH_FORWARD) {
            throw new SQLException("Operation requires a scrollable ResultSet, but this ResultSet is FORWARD_ONLY.", "24000");
        }
        fetchDirection = direction;
    }

    @Override
    public int findColumn(String columnLabel) throws SQLException {
        checkNotClosed();
        if (physical != null) {
            return physical.findColumn(columnLabel);
        }
        int index = ((DetachedResultSetMetaData) detachedMetaData).findColumn(columnLabel);
        if (index == 0) {
            throw new SQLException("The column name " + columnLabel + " was not found in this ResultSet.", "42703");
        }
        return index;
    }

    @Override
    public boolean wasNull() throws SQLException {
        checkNotClosed();
        if (physical != null) {
            lastWasNull = physical.wasNull();
        }
        return lastWasNull;
    }

    @Override
    public String getCursorName() throws SQLException {
        return rs().getCursorName();
    }

    private void checkNotClosed() throws SQLException {
        if (closed) {
            throw new SQLException("This ResultSet is closed.", "55000");
        }
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        return rs().unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || physical != null && physical.isWrapperFor(iface);
    }

    @Override
    public boolean absolute(int rows) throws SQLException {
        return rs().absolute(rows);
    }

    @Override
    public void afterLast() throws SQLException {
        rs().afterLast();
    }

    @Override
    public void beforeFirst() throws SQLException {
        rs().beforeFirst();
    }

    @Override
    public void cancelRowUpdates() throws SQLException {
        rs().cancelRowUpdates();
    }

    @Override
    public void deleteRow() throws SQLException {
        rs().deleteRow();
    }

    @Override
    public boolean first() throws SQLException {
        return rs().first();
    }

    @Override
    public java.sql.Array getArray(String columnLabel) throws SQLException {
        return rs().getArray(columnLabel);
    }

    @Override
    public java.sql.Array getArray(int columnIndex) throws SQLException {
        return rs().getArray(columnIndex);
    }

    @Override
    public java.io.InputStream getAsciiStream(String columnLabel) throws SQLException {
        return rs().getAsciiStream(columnLabel);
    }

    @Override
    public java.io.InputStream getAsciiStream(int columnIndex) throws SQLException {
        return rs().getAsciiStream(columnIndex);
    }

    @Override
    public java.math.BigDecimal getBigDecimal(String columnLabel, int scale) throws SQLException {
        return rs().getBigDecimal(columnLabel, scale);
    }

    @Override
    public java.math.BigDecimal getBigDecimal(String columnLabel) throws SQLException {
        return rs().getBigDecimal(columnLabel);
    }

    @Override
    public java.math.BigDecimal getBigDecimal(int columnIndex, int scale) throws SQLException {
        return rs().getBigDecimal(columnIndex, scale);
    }

    @Override
    public java.math.BigDecimal getBigDecimal(int columnIndex) throws SQLException {
        return rs().getBigDecimal(columnIndex);
    }

    @Override
    public java.io.InputStream getBinaryStream(String columnLabel) throws SQLException {
        return rs().getBinaryStream(columnLabel);
    }

    @Override
    public java.io.InputStream getBinaryStream(int columnIndex) throws SQLException {
        return rs().getBinaryStream(columnIndex);
    }

    @Override
    public java.sql.Blob getBlob(String columnLabel) throws SQLException {
        return rs().getBlob(columnLabel);
    }

    @Override
    public java.sql.Blob getBlob(int columnIndex) throws SQLException {
        return rs().getBlob(columnIndex);
    }

    @Override
    public boolean getBoolean(String columnLabel) throws SQLException {
        return rs().getBoolean(columnLabel);
    }

    @Override
    public boolean getBoolean(int columnIndex) throws SQLException {
        return rs().getBoolean(columnIndex);
    }

    @Override
    public byte getByte(String columnLabel) throws SQLException {
        return rs().getByte(columnLabel);
    }

    @Override
    public byte getByte(int columnIndex) throws SQLException {
        return rs().getByte(columnIndex);
    }

    @Override
    public byte[] getBytes(String columnLabel) throws SQLException {
        return rs().getBytes(columnLabel);
    }

    @Override
    public byte[] getBytes(int columnIndex) throws SQLException {
        return rs().getBytes(columnIndex);
    }

    @Override
    public java.io.Reader getCharacterStream(String columnLabel) throws SQLException {
        return rs().getCharacterStream(columnLabel);
    }

    @Override
    public java.io.Reader getCharacterStream(int columnIndex) throws SQLException {
        return rs().getCharacterStream(columnIndex);
    }

    @Override
    public java.sql.Clob getClob(String columnLabel) throws SQLException {
        return rs().getClob(columnLabel);
    }

    @Override
    public java.sql.Clob getClob(int columnIndex) throws SQLException {
        return rs().getClob(columnIndex);
    }

    @Override
    public java.sql.Date getDate(String columnLabel, java.util.Calendar cal) throws SQLException {
        return rs().getDate(columnLabel, cal);
    }

    @Override
    public java.sql.Date getDate(String columnLabel) throws SQLException {
        return rs().getDate(columnLabel);
    }

    @Override
    public java.sql.Date getDate(int columnIndex, java.util.Calendar cal) throws SQLException {
        return rs().getDate(columnIndex, cal);
    }

    @Override
    public java.sql.Date getDate(int columnIndex) throws SQLException {
        return rs().getDate(columnIndex);
    }

    @Override
    public double getDouble(String columnLabel) throws SQLException {
        return rs().getDouble(columnLabel);
    }

    @Override
    public double getDouble(int columnIndex) throws SQLException {
        return rs().getDouble(columnIndex);
    }

    @Override
    public float getFloat(String columnLabel) throws SQLException {
        return rs().getFloat(columnLabel);
    }

    @Override
    public float getFloat(int columnIndex) throws SQLException {
        return rs().getFloat(columnIndex);
    }

    @Override
    public int getInt(String columnLabel) throws SQLException {
        return rs().getInt(columnLabel);
    }

    @Override
    public int getInt(int columnIndex) throws SQLException {
        return rs().getInt(columnIndex);
    }

    @Override
    public long getLong(String columnLabel) throws SQLException {
        return rs().getLong(columnLabel);
    }

    @Override
    public long getLong(int columnIndex) throws SQLException {
        return rs().getLong(columnIndex);
    }

    @Override
    public java.io.Reader getNCharacterStream(String columnLabel) throws SQLException {
        return rs().getNCharacterStream(columnLabel);
    }

    @Override
    public java.io.Reader getNCharacterStream(int columnIndex) throws SQLException {
        return rs().getNCharacterStream(columnIndex);
    }

    @Override
    public java.sql.NClob getNClob(String columnLabel) throws SQLException {
        return rs().getNClob(columnLabel);
    }

    @Override
    public java.sql.NClob getNClob(int columnIndex) throws SQLException {
        return rs().getNClob(columnIndex);
    }

    @Override
    public String getNString(String columnLabel) throws SQLException {
        return rs().getNString(columnLabel);
    }

    @Override
    public String getNString(int columnIndex) throws SQLException {
        return rs().getNString(columnIndex);
    }

    @Override
    public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
        return rs().getObject(columnLabel, type);
    }

    @Override
    public Object getObject(String columnLabel, java.util.Map<String, Class<?>> map) throws SQLException {
        return rs().getObject(columnLabel, map);
    }

    @Override
    public Object getObject(String columnLabel) throws SQLException {
        return rs().getObject(columnLabel);
    }

    @Override
    public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
        return rs().getObject(columnIndex, type);
    }

    @Override
    public Object getObject(int columnIndex, java.util.Map<String, Class<?>> map) throws SQLException {
        return rs().getObject(columnIndex, map);
    }

    @Override
    public Object getObject(int columnIndex) throws SQLException {
        return rs().getObject(columnIndex);
    }

    @Override
    public java.sql.Ref getRef(String columnLabel) throws SQLException {
        return rs().getRef(columnLabel);
    }

    @Override
    public java.sql.Ref getRef(int columnIndex) throws SQLException {
        return rs().getRef(columnIndex);
    }

    @Override
    public java.sql.RowId getRowId(String columnLabel) throws SQLException {
        return rs().getRowId(columnLabel);
    }

    @Override
    public java.sql.RowId getRowId(int columnIndex) throws SQLException {
        return rs().getRowId(columnIndex);
    }

    @Override
    public java.sql.SQLXML getSQLXML(String columnLabel) throws SQLException {
        return rs().getSQLXML(columnLabel);
    }

    @Override
    public java.sql.SQLXML getSQLXML(int columnIndex) throws SQLException {
        return rs().getSQLXML(columnIndex);
    }

    @Override
    public short getShort(String columnLabel) throws SQLException {
        return rs().getShort(columnLabel);
    }

    @Override
    public short getShort(int columnIndex) throws SQLException {
        return rs().getShort(columnIndex);
    }

    @Override
    public String getString(String columnLabel) throws SQLException {
        return rs().getString(columnLabel);
    }

    @Override
    public String getString(int columnIndex) throws SQLException {
        return rs().getString(columnIndex);
    }

    @Override
    public java.sql.Time getTime(String columnLabel, java.util.Calendar cal) throws SQLException {
        return rs().getTime(columnLabel, cal);
    }

    @Override
    public java.sql.Time getTime(String columnLabel) throws SQLException {
        return rs().getTime(columnLabel);
    }

    @Override
    public java.sql.Time getTime(int columnIndex, java.util.Calendar cal) throws SQLException {
        return rs().getTime(columnIndex, cal);
    }

    @Override
    public java.sql.Time getTime(int columnIndex) throws SQLException {
        return rs().getTime(columnIndex);
    }

    @Override
    public java.sql.Timestamp getTimestamp(String columnLabel, java.util.Calendar cal) throws SQLException {
        return rs().getTimestamp(columnLabel, cal);
    }

    @Override
    public java.sql.Timestamp getTimestamp(String columnLabel) throws SQLException {
        return rs().getTimestamp(columnLabel);
    }

    @Override
    public java.sql.Timestamp getTimestamp(int columnIndex, java.util.Calendar cal) throws SQLException {
        return rs().getTimestamp(columnIndex, cal);
    }

    @Override
    public java.sql.Timestamp getTimestamp(int columnIndex) throws SQLException {
        return rs().getTimestamp(columnIndex);
    }

    @Override
    public java.net.URL getURL(String columnLabel) throws SQLException {
        return rs().getURL(columnLabel);
    }

    @Override
    public java.net.URL getURL(int columnIndex) throws SQLException {
        return rs().getURL(columnIndex);
    }

    @Override
    public java.io.InputStream getUnicodeStream(String columnLabel) throws SQLException {
        return rs().getUnicodeStream(columnLabel);
    }

    @Override
    public java.io.InputStream getUnicodeStream(int columnIndex) throws SQLException {
        return rs().getUnicodeStream(columnIndex);
    }

    @Override
    public void insertRow() throws SQLException {
        rs().insertRow();
    }

    @Override
    public boolean last() throws SQLException {
        return rs().last();
    }

    @Override
    public void moveToCurrentRow() throws SQLException {
        rs().moveToCurrentRow();
    }

    @Override
    public void moveToInsertRow() throws SQLException {
        rs().moveToInsertRow();
    }

    @Override
    public boolean previous() throws SQLException {
        return rs().previous();
    }

    @Override
    public void refreshRow() throws SQLException {
        rs().refreshRow();
    }

    @Override
    public boolean relative(int rows) throws SQLException {
        return rs().relative(rows);
    }

    @Override
    public boolean rowDeleted() throws SQLException {
        return rs().rowDeleted();
    }

    @Override
    public boolean rowInserted() throws SQLException {
        return rs().rowInserted();
    }

    @Override
    public boolean rowUpdated() throws SQLException {
        return rs().rowUpdated();
    }

    @Override
    public void updateArray(String columnLabel, java.sql.Array x) throws SQLException {
        rs().updateArray(columnLabel, x);
    }

    @Override
    public void updateArray(int columnIndex, java.sql.Array x) throws SQLException {
        rs().updateArray(columnIndex, x);
    }

    @Override
    public void updateAsciiStream(String columnLabel, java.io.InputStream x, int length) throws SQLException {
        rs().updateAsciiStream(columnLabel, x, length);
    }

    @Override
    public void updateAsciiStream(String columnLabel, java.io.InputStream x, long length) throws SQLException {
        rs().updateAsciiStream(columnLabel, x, length);
    }

    @Override
    public void updateAsciiStream(String columnLabel, java.io.InputStream x) throws SQLException {
        rs().updateAsciiStream(columnLabel, x);
    }

    @Override
    public void updateAsciiStream(int columnIndex, java.io.InputStream x, int length) throws SQLException {
        rs().updateAsciiStream(columnIndex, x, length);
    }

    @Override
    public void updateAsciiStream(int columnIndex, java.io.InputStream x, long length) throws SQLException {
        rs().updateAsciiStream(columnIndex, x, length);
    }

    @Override
    public void updateAsciiStream(int columnIndex, java.io.InputStream x) throws SQLException {
        rs().updateAsciiStream(columnIndex, x);
    }

    @Override
    public void updateBigDecimal(String columnLabel, java.math.BigDecimal x) throws SQLException {
        rs().updateBigDecimal(columnLabel, x);
    }

    @Override
    public void updateBigDecimal(int columnIndex, java.math.BigDecimal x) throws SQLException {
        rs().updateBigDecimal(columnIndex, x);
    }

    @Override
    public void updateBinaryStream(String columnLabel, java.io.InputStream x, int length) throws SQLException {
        rs().updateBinaryStream(columnLabel, x, length);
    }

    @Override
    public void updateBinaryStream(String columnLabel, java.io.InputStream x, long length) throws SQLException {
        rs().updateBinaryStream(columnLabel, x, length);
    }

    @Override
    public void updateBinaryStream(String columnLabel, java.io.InputStream x) throws SQLException {
        rs().updateBinaryStream(columnLabel, x);
    }

    @Override
    public void updateBinaryStream(int columnIndex, java.io.InputStream x, int length) throws SQLException {
        rs().updateBinaryStream(columnIndex, x, length);
    }

    @Override
    public void updateBinaryStream(int columnIndex, java.io.InputStream x, long length) throws SQLException {
        rs().updateBinaryStream(columnIndex, x, length);
    }

    @Override
    public void updateBinaryStream(int columnIndex, java.io.InputStream x) throws SQLException {
        rs().updateBinaryStream(columnIndex, x);
    }

    @Override
    public void updateBlob(String columnLabel, java.io.InputStream x, long length) throws SQLException {
        rs().updateBlob(columnLabel, x, length);
    }

    @Override
    public void updateBlob(String columnLabel, java.io.InputStream x) throws SQLException {
        rs().updateBlob(columnLabel, x);
    }

    @Override
    public void updateBlob(String columnLabel, java.sql.Blob x) throws SQLException {
        rs().updateBlob(columnLabel, x);
    }

    @Override
    public void updateBlob(int columnIndex, java.io.InputStream x, long length) throws SQLException {
        rs().updateBlob(columnIndex, x, length);
    }

    @Override
    public void updateBlob(int columnIndex, java.io.InputStream x) throws SQLException {
        rs().updateBlob(columnIndex, x);
    }

    @Override
    public void updateBlob(int columnIndex, java.sql.Blob x) throws SQLException {
        rs().updateBlob(columnIndex, x);
    }

    @Override
    public void updateBoolean(String columnLabel, boolean x) throws SQLException {
        rs().updateBoolean(columnLabel, x);
    }

    @Override
    public void updateBoolean(int columnIndex, boolean x) throws SQLException {
        rs().updateBoolean(columnIndex, x);
    }

    @Override
    public void updateByte(String columnLabel, byte x) throws SQLException {
        rs().updateByte(columnLabel, x);
    }

    @Override
    public void updateByte(int columnIndex, byte x) throws SQLException {
        rs().updateByte(columnIndex, x);
    }

    @Override
    public void updateBytes(String columnLabel, byte[] x) throws SQLException {
        rs().updateBytes(columnLabel, x);
    }

    @Override
    public void updateBytes(int columnIndex, byte[] x) throws SQLException {
        rs().updateBytes(columnIndex, x);
    }

    @Override
    public void updateCharacterStream(String columnLabel, java.io.Reader x, int length) throws SQLException {
        rs().updateCharacterStream(columnLabel, x, length);
    }

    @Override
    public void updateCharacterStream(String columnLabel, java.io.Reader x, long length) throws SQLException {
        rs().updateCharacterStream(columnLabel, x, length);
    }

    @Override
    public void updateCharacterStream(String columnLabel, java.io.Reader x) throws SQLException {
        rs().updateCharacterStream(columnLabel, x);
    }

    @Override
    public void updateCharacterStream(int columnIndex, java.io.Reader x, int length) throws SQLException {
        rs().updateCharacterStream(columnIndex, x, length);
    }

    @Override
    public void updateCharacterStream(int columnIndex, java.io.Reader x, long length) throws SQLException {
        rs().updateCharacterStream(columnIndex, x, length);
    }

    @Override
    public void updateCharacterStream(int columnIndex, java.io.Reader x) throws SQLException {
        rs().updateCharacterStream(columnIndex, x);
    }

    @Override
    public void updateClob(String columnLabel, java.io.Reader x, long length) throws SQLException {
        rs().updateClob(columnLabel, x, length);
    }

    @Override
    public void updateClob(String columnLabel, java.io.Reader x) throws SQLException {
        rs().updateClob(columnLabel, x);
    }

    @Override
    public void updateClob(String columnLabel, java.sql.Clob x) throws SQLException {
        rs().updateClob(columnLabel, x);
    }

    @Override
    public void updateClob(int columnIndex, java.io.Reader x, long length) throws SQLException {
        rs().updateClob(columnIndex, x, length);
    }

    @Override
    public void updateClob(int columnIndex, java.io.Reader x) throws SQLException {
        rs().updateClob(columnIndex, x);
    }

    @Override
    public void updateClob(int columnIndex, java.sql.Clob x) throws SQLException {
        rs().updateClob(columnIndex, x);
    }

    @Override
    public void updateDate(String columnLabel, java.sql.Date x) throws SQLException {
        rs().updateDate(columnLabel, x);
    }

    @Override
    public void updateDate(int columnIndex, java.sql.Date x) throws SQLException {
        rs().updateDate(columnIndex, x);
    }

    @Override
    public void updateDouble(String columnLabel, double x) throws SQLException {
        rs().updateDouble(columnLabel, x);
    }

    @Override
    public void updateDouble(int columnIndex, double x) throws SQLException {
        rs().updateDouble(columnIndex, x);
    }

    @Override
    public void updateFloat(String columnLabel, float x) throws SQLException {
        rs().updateFloat(columnLabel, x);
    }

    @Override
    public void updateFloat(int columnIndex, float x) throws SQLException {
        rs().updateFloat(columnIndex, x);
    }

    @Override
    public void updateInt(String columnLabel, int x) throws SQLException {
        rs().updateInt(columnLabel, x);
    }

    @Override
    public void updateInt(int columnIndex, int x) throws SQLException {
        rs().updateInt(columnIndex, x);
    }

    @Override
    public void updateLong(String columnLabel, long x) throws SQLException {
        rs().updateLong(columnLabel, x);
    }

    @Override
    public void updateLong(int columnIndex, long x) throws SQLException {
        rs().updateLong(columnIndex, x);
    }

    @Override
    public void updateNCharacterStream(String columnLabel, java.io.Reader x, long length) throws SQLException {
        rs().updateNCharacterStream(columnLabel, x, length);
    }

    @Override
    public void updateNCharacterStream(String columnLabel, java.io.Reader x) throws SQLException {
        rs().updateNCharacterStream(columnLabel, x);
    }

    @Override
    public void updateNCharacterStream(int columnIndex, java.io.Reader x, long length) throws SQLException {
        rs().updateNCharacterStream(columnIndex, x, length);
    }

    @Override
    public void updateNCharacterStream(int columnIndex, java.io.Reader x) throws SQLException {
        rs().updateNCharacterStream(columnIndex, x);
    }

    @Override
    public void updateNClob(String columnLabel, java.io.Reader x, long length) throws SQLException {
        rs().updateNClob(columnLabel, x, length);
    }

    @Override
    public void updateNClob(String columnLabel, java.io.Reader x) throws SQLException {
        rs().updateNClob(columnLabel, x);
    }

    @Override
    public void updateNClob(String columnLabel, java.sql.NClob x) throws SQLException {
        rs().updateNClob(columnLabel, x);
    }

    @Override
    public void updateNClob(int columnIndex, java.io.Reader x, long length) throws SQLException {
        rs().updateNClob(columnIndex, x, length);
    }

    @Override
    public void updateNClob(int columnIndex, java.io.Reader x) throws SQLException {
        rs().updateNClob(columnIndex, x);
    }

    @Override
    public void updateNClob(int columnIndex, java.sql.NClob x) throws SQLException {
        rs().updateNClob(columnIndex, x);
    }

    @Override
    public void updateNString(String columnLabel, String x) throws SQLException {
        rs().updateNString(columnLabel, x);
    }

    @Override
    public void updateNString(int columnIndex, String x) throws SQLException {
        rs().updateNString(columnIndex, x);
    }

    @Override
    public void updateNull(String columnLabel) throws SQLException {
        rs().updateNull(columnLabel);
    }

    @Override
    public void updateNull(int columnIndex) throws SQLException {
        rs().updateNull(columnIndex);
    }

    @Override
    public void updateObject(String columnLabel, Object x, int scaleOrLength) throws SQLException {
        rs().updateObject(columnLabel, x, scaleOrLength);
    }

    @Override
    public void updateObject(String columnLabel, Object x, java.sql.SQLType targetSqlType, int scaleOrLength) throws SQLException {
        rs().updateObject(columnLabel, x, targetSqlType, scaleOrLength);
    }

    @Override
    public void updateObject(String columnLabel, Object x, java.sql.SQLType targetSqlType) throws SQLException {
        rs().updateObject(columnLabel, x, targetSqlType);
    }

    @Override
    public void updateObject(String columnLabel, Object x) throws SQLException {
        rs().updateObject(columnLabel, x);
    }

    @Override
    public void updateObject(int columnIndex, Object x, int scaleOrLength) throws SQLException {
        rs().updateObject(columnIndex, x, scaleOrLength);
    }

    @Override
    public void updateObject(int columnIndex, Object x, java.sql.SQLType targetSqlType, int scaleOrLength) throws SQLException {
        rs().updateObject(columnIndex, x, targetSqlType, scaleOrLength);
    }

    @Override
    public void updateObject(int columnIndex, Object x, java.sql.SQLType targetSqlType) throws SQLException {
        rs().updateObject(columnIndex, x, targetSqlType);
    }

    @Override
    public void updateObject(int columnIndex, Object x) throws SQLException {
        rs().updateObject(columnIndex, x);
    }

    @Override
    public void updateRef(String columnLabel, java.sql.Ref x) throws SQLException {
        rs().updateRef(columnLabel, x);
    }

    @Override
    public void updateRef(int columnIndex, java.sql.Ref x) throws SQLException {
        rs().updateRef(columnIndex, x);
    }

    @Override
    public void updateRow() throws SQLException {
        rs().updateRow();
    }

    @Override
    public void updateRowId(String columnLabel, java.sql.RowId x) throws SQLException {
        rs().updateRowId(columnLabel, x);
    }

    @Override
    public void updateRowId(int columnIndex, java.sql.RowId x) throws SQLException {
        rs().updateRowId(columnIndex, x);
    }

    @Override
    public void updateSQLXML(String columnLabel, java.sql.SQLXML x) throws SQLException {
        rs().updateSQLXML(columnLabel, x);
    }

    @Override
    public void updateSQLXML(int columnIndex, java.sql.SQLXML x) throws SQLException {
        rs().updateSQLXML(columnIndex, x);
    }

    @Override
    public void updateShort(String columnLabel, short x) throws SQLException {
        rs().updateShort(columnLabel, x);
    }

    @Override
    public void updateShort(int columnIndex, short x) throws SQLException {
        rs().updateShort(columnIndex, x);
    }

    @Override
    public void updateString(String columnLabel, String x) throws SQLException {
        rs().updateString(columnLabel, x);
    }

    @Override
    public void updateString(int columnIndex, String x) throws SQLException {
        rs().updateString(columnIndex, x);
    }

    @Override
    public void updateTime(String columnLabel, java.sql.Time x) throws SQLException {
        rs().updateTime(columnLabel, x);
    }

    @Override
    public void updateTime(int columnIndex, java.sql.Time x) throws SQLException {
        rs().updateTime(columnIndex, x);
    }

    @Override
    public void updateTimestamp(String columnLabel, java.sql.Timestamp x) throws SQLException {
        rs().updateTimestamp(columnLabel, x);
    }

    @Override
    public void updateTimestamp(int columnIndex, java.sql.Timestamp x) throws SQLException {
        rs().updateTimestamp(columnIndex, x);
    }
}
