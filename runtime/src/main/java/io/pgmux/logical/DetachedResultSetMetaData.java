package io.pgmux.logical;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/**
 * A copy of a result set's column facts taken while its server connection was still held. The driver
 * fetches some facts lazily from the server that made the result; once that connection serves someone
 * else, only this copy may answer. A fact the driver could not give is answered with its original error.
 * Where the driver has its own metadata interface (pgjdbc's PGResultSetMetaData), the copy is of a generated
 * subclass that implements it too (see {@link DriverInterfaces}), with the base names and formats copied.
 */
public class DetachedResultSetMetaData implements ResultSetMetaData {
    private static final DetachedResultSetMetaData NO_COLUMNS = new DetachedResultSetMetaData(0);

    private final int columns;
    private final String[] catalogName;
    private final String[] columnClassName;
    private final int[] columnDisplaySize;
    private final String[] columnLabel;
    private final String[] columnName;
    private final int[] columnType;
    private final String[] columnTypeName;
    private final int[] precision;
    private final int[] scale;
    private final String[] schemaName;
    private final String[] tableName;
    private final int[] nullable;
    /** bit per flag: autoIncrement, caseSensitive, currency, definitelyWritable, readOnly, searchable, signed, writable */
    private final int[] flags;
    /** The driver's own facts (PGResultSetMetaData); null where it has none. */
    private String[] baseColumnName;
    private String[] baseTableName;
    private String[] baseSchemaName;
    private int[] format;
    private SQLException failure;

    /** For {@link #copyOf} and the subclasses {@link DriverInterfaces} generates. */
    protected DetachedResultSetMetaData(int columns) {
        this.columns = columns;
        catalogName = new String[columns];
        columnClassName = new String[columns];
        columnDisplaySize = new int[columns];
        columnLabel = new String[columns];
        columnName = new String[columns];
        columnType = new int[columns];
        columnTypeName = new String[columns];
        precision = new int[columns];
        scale = new int[columns];
        schemaName = new String[columns];
        tableName = new String[columns];
        nullable = new int[columns];
        flags = new int[columns];
    }

    static DetachedResultSetMetaData empty() {
        return NO_COLUMNS;
    }

    private static final int MAX_SHAPES = 512;

    /**
     * A copy of {@code md}, or an earlier copy for the same key where the result still has the same
     * columns (count, labels, types): the driver answers those three without the server.
     */
    static DetachedResultSetMetaData copyOf(ResultSetMetaData md, java.util.concurrent.ConcurrentHashMap<String, ResultSetMetaData> shapes,
                                            String key) throws SQLException {
        if (key == null) {
            return copyOf(md);
        }
        ResultSetMetaData known = shapes.get(key);
        if (known instanceof DetachedResultSetMetaData && ((DetachedResultSetMetaData) known).sameColumnsAs(md)) {
            return (DetachedResultSetMetaData) known;
        }
        DetachedResultSetMetaData copy = copyOf(md);
        if (copy.failure == null) {
            if (shapes.size() >= MAX_SHAPES) {
                shapes.clear();
            }
            shapes.put(key, copy);
        }
        return copy;
    }

    private boolean sameColumnsAs(ResultSetMetaData md) throws SQLException {
        if (md.getColumnCount() != columns) {
            return false;
        }
        for (int i = 0; i < columns; i++) {
            if (md.getColumnType(i + 1) != columnType[i] || !md.getColumnLabel(i + 1).equals(columnLabel[i])) {
                return false;
            }
        }
        return true;
    }

    static DetachedResultSetMetaData copyOf(ResultSetMetaData md) throws SQLException {
        DriverInterfaces driver = DriverInterfaces.of(md.getClass());
        DetachedResultSetMetaData copy = driver.newMetaData(md.getColumnCount());
        boolean baseFacts = driver.hasBaseFacts(md);
        if (baseFacts) {
            copy.baseColumnName = new String[copy.columns];
            copy.baseTableName = new String[copy.columns];
            copy.baseSchemaName = new String[copy.columns];
            copy.format = new int[copy.columns];
        }
        for (int i = 0; i < copy.columns; i++) {
            int c = i + 1;
            copy.columnLabel[i] = md.getColumnLabel(c);
            copy.columnName[i] = md.getColumnName(c);
            copy.columnType[i] = md.getColumnType(c);
            try {
                copy.columnTypeName[i] = md.getColumnTypeName(c);
                copy.columnClassName[i] = md.getColumnClassName(c);
                copy.columnDisplaySize[i] = md.getColumnDisplaySize(c);
                copy.precision[i] = md.getPrecision(c);
                copy.scale[i] = md.getScale(c);
                copy.catalogName[i] = md.getCatalogName(c);
                copy.schemaName[i] = md.getSchemaName(c);
                copy.tableName[i] = md.getTableName(c);
                copy.nullable[i] = md.isNullable(c);
                copy.flags[i] = (md.isAutoIncrement(c) ? 1 : 0) | (md.isCaseSensitive(c) ? 2 : 0) | (md.isCurrency(c) ? 4 : 0)
                        | (md.isDefinitelyWritable(c) ? 8 : 0) | (md.isReadOnly(c) ? 16 : 0) | (md.isSearchable(c) ? 32 : 0)
                        | (md.isSigned(c) ? 64 : 0) | (md.isWritable(c) ? 128 : 0);
                if (baseFacts) {
                    copy.baseColumnName[i] = driver.baseColumnName(md, c);
                    copy.baseTableName[i] = driver.baseTableName(md, c);
                    copy.baseSchemaName[i] = driver.baseSchemaName(md, c);
                    copy.format[i] = driver.format(md, c);
                }
            } catch (SQLException e) {
                // e.g. the transaction is aborted: names and types are known, the rest answers with this error
                copy.failure = e;
            }
        }
        return copy;
    }

    private int index(int column) throws SQLException {
        if (column < 1 || column > columns) {
            throw new SQLException("The column index is out of range: " + column + ", number of columns: " + columns + ".", "22023");
        }
        return column - 1;
    }

    private int known(int column) throws SQLException {
        int i = index(column);
        if (failure != null) {
            throw new SQLException("This column fact could not be read before the server connection was released: "
                    + failure.getMessage(), failure.getSQLState(), failure);
        }
        return i;
    }

    private boolean flag(int column, int bit) throws SQLException {
        return (flags[known(column)] & bit) != 0;
    }

    @Override public int getColumnCount() { return columns; }
    @Override public boolean isAutoIncrement(int column) throws SQLException { return flag(column, 1); }
    @Override public boolean isCaseSensitive(int column) throws SQLException { return flag(column, 2); }
    @Override public boolean isSearchable(int column) throws SQLException { return flag(column, 32); }
    @Override public boolean isCurrency(int column) throws SQLException { return flag(column, 4); }
    @Override public int isNullable(int column) throws SQLException { return nullable[known(column)]; }
    @Override public boolean isSigned(int column) throws SQLException { return flag(column, 64); }
    @Override public int getColumnDisplaySize(int column) throws SQLException { return columnDisplaySize[known(column)]; }
    @Override public String getColumnLabel(int column) throws SQLException { return columnLabel[index(column)]; }
    @Override public String getColumnName(int column) throws SQLException { return columnName[index(column)]; }
    @Override public String getSchemaName(int column) throws SQLException { return schemaName[known(column)]; }
    @Override public int getPrecision(int column) throws SQLException { return precision[known(column)]; }
    @Override public int getScale(int column) throws SQLException { return scale[known(column)]; }
    @Override public String getTableName(int column) throws SQLException { return tableName[known(column)]; }
    @Override public String getCatalogName(int column) throws SQLException { return catalogName[known(column)]; }
    @Override public int getColumnType(int column) throws SQLException { return columnType[index(column)]; }
    @Override public String getColumnTypeName(int column) throws SQLException { return columnTypeName[known(column)]; }
    @Override public boolean isReadOnly(int column) throws SQLException { return flag(column, 16); }
    @Override public boolean isWritable(int column) throws SQLException { return flag(column, 128); }
    @Override public boolean isDefinitelyWritable(int column) throws SQLException { return flag(column, 8); }
    @Override public String getColumnClassName(int column) throws SQLException { return columnClassName[known(column)]; }

    // the driver's own facts, for the generated subclass (DriverCalls)
    String baseColumnName(int column) throws SQLException {
        return baseColumnName[known(column)];
    }

    String baseTableName(int column) throws SQLException {
        return baseTableName[known(column)];
    }

    String baseSchemaName(int column) throws SQLException {
        return baseSchemaName[known(column)];
    }

    int format(int column) throws SQLException {
        return format[known(column)];
    }

    /** Position of {@code label} (case-insensitive, first match), or 0. */
    int findColumn(String label) {
        for (int i = 0; i < columns; i++) {
            if (columnLabel[i] != null && columnLabel[i].equalsIgnoreCase(label)) {
                return i + 1;
            }
        }
        return 0;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("Cannot unwrap to " + iface.getName() + ": these column facts were copied off the server connection.");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
