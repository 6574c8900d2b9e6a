package io.pgmux.logical;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Types;
import java.text.MessageFormat;
import java.time.OffsetDateTime;
import java.util.Locale;

/**
 * The checks the driver makes when a parameter is set, made at the same call on a logical statement (which
 * only records the value until execute), with the driver's messages and SQLStates. Only checks that need no
 * server connection and have no side effect; the value is still bound by the driver at execute.
 */
final class ParameterChecks {
    private ParameterChecks() {
    }

    /** The driver's refusal of a JDBC method it does not implement, named after the driver's class. */
    static SQLFeatureNotSupportedException notImplemented(String driverClass, String method) {
        return new SQLFeatureNotSupportedException(MessageFormat.format("Method {0} is not yet implemented.",
                driverClass + "." + method), "0A000");
    }

    static void checkStreamLength(Object stream, long length) throws SQLException {
        if (stream != null && length < 0) {
            throw new SQLException(MessageFormat.format("Invalid stream length {0}.", length), "22023");
        }
    }

    /** Reads up to {@code length} characters, as the driver reads a character stream given with a length. */
    static String read(java.io.Reader reader, int length) throws SQLException {
        try {
            StringBuilder text = new StringBuilder(Math.min(length, 1024));
            char[] buf = new char[Math.min(length, 1024)];
            int n = 0;
            while (n > -1 && text.length() < length) {
                n = reader.read(buf, 0, Math.min(buf.length, length - text.length()));
                if (n > 0) {
                    text.append(buf, 0, n);
                }
            }
            return text.toString();
        } catch (java.io.IOException e) {
            throw new SQLException("Provided Reader failed.", "99999", e);
        }
    }

    /** {@code setObject(index, x)}: the driver infers the type from the value's class, or refuses it. */
    static void checkInferable(Object x) throws SQLException {
        if (x == null || x instanceof String || x instanceof Number || x instanceof Boolean || x instanceof Character
                || x instanceof byte[] || x instanceof java.util.UUID || x instanceof java.sql.SQLXML
                || x instanceof java.sql.Date || x instanceof java.sql.Time || x instanceof java.sql.Timestamp
                || x instanceof Blob || x instanceof Clob || x instanceof java.sql.Array || x instanceof java.util.Map
                || x instanceof java.time.LocalDate || x instanceof java.time.LocalTime || x instanceof java.time.OffsetTime
                || x instanceof java.time.LocalDateTime || x instanceof OffsetDateTime || x.getClass().isArray()
                || isDriverType(x.getClass())) {
            return;
        }
        throw new SQLException(MessageFormat.format("Can''t infer the SQL type to use for an instance of {0}. Use"
                + " setObject() with an explicit Types value to specify the type to use.", x.getClass().getName()), "07006");
    }

    /** The driver's own value types (PGobject, ByteStreamWriter), which pgmux's class loader may not know. */
    private static boolean isDriverType(Class<?> c) {
        for (; c != null; c = c.getSuperclass()) {
            if (c.getName().equals("org.postgresql.util.PGobject")) {
                return true;
            }
            for (Class<?> i : c.getInterfaces()) {
                if (i.getName().equals("org.postgresql.util.ByteStreamWriter")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code setNull(index, sqlType)}: the driver binds a NULL of the matching PostgreSQL type, or refuses the type. */
    static void checkNullType(int sqlType) throws SQLException {
        switch (sqlType) {
            case Types.SQLXML: case Types.INTEGER: case Types.TINYINT: case Types.SMALLINT: case Types.BIGINT:
            case Types.REAL: case Types.DOUBLE: case Types.FLOAT: case Types.DECIMAL: case Types.NUMERIC:
            case Types.CHAR: case Types.VARCHAR: case Types.LONGVARCHAR: case Types.DATE: case Types.TIME:
            case Types.TIME_WITH_TIMEZONE: case Types.TIMESTAMP_WITH_TIMEZONE: case Types.TIMESTAMP:
            case Types.BOOLEAN: case Types.BIT: case Types.BINARY: case Types.VARBINARY: case Types.LONGVARBINARY:
            case Types.BLOB: case Types.CLOB: case Types.REF_CURSOR: case Types.ARRAY: case Types.DISTINCT:
            case Types.STRUCT: case Types.NULL: case Types.OTHER:
                return;
            default:
                throw new SQLException("Unknown Types value.", "07006");
        }
    }

    /** {@code setObject(index, x, targetSqlType[, scale])}: the driver converts {@code x} to the type at once. */
    static void checkTargetType(Object x, int targetSqlType, int scale) throws SQLException {
        if (x == null) {
            return;
        }
        switch (targetSqlType) {
            case Types.INTEGER:
                convert(x, "int", Integer::parseInt);
                break;
            case Types.TINYINT:
            case Types.SMALLINT:
                convert(x, "short", Short::parseShort);
                break;
            case Types.BIGINT:
                convert(x, "long", Long::parseLong);
                break;
            case Types.REAL:
                convert(x, "float", Float::parseFloat);
                break;
            case Types.DOUBLE:
            case Types.FLOAT:
                convert(x, "double", Double::parseDouble);
                break;
            case Types.DECIMAL:
            case Types.NUMERIC:
                checkBigDecimal(x);
                break;
            case Types.BOOLEAN:
            case Types.BIT:
                checkBoolean(x);
                break;
            case Types.TIMESTAMP_WITH_TIMEZONE:
                if (!(x instanceof OffsetDateTime) && !isDriverTimestamp(x)) {
                    throw cannotCast(x, "Types.TIMESTAMP_WITH_TIMEZONE");
                }
                break;
            case Types.BLOB:
                if (!(x instanceof Blob) && !(x instanceof java.io.InputStream)) {
                    throw cannotCast(x, "Types.BLOB");
                }
                break;
            case Types.CLOB:
                if (!(x instanceof Clob)) {
                    throw cannotCast(x, "Types.CLOB");
                }
                break;
            case Types.SQLXML:
            case Types.CHAR:
            case Types.VARCHAR:
            case Types.LONGVARCHAR:
            case Types.DATE:
            case Types.TIME:
            case Types.TIMESTAMP:
            case Types.BINARY:
            case Types.VARBINARY:
            case Types.LONGVARBINARY:
            case Types.ARRAY:
            case Types.DISTINCT:
            case Types.OTHER:
                // converted by the driver too, in ways that need its type information: left to execute
                break;
            default:
                throw new SQLException(MessageFormat.format("Unsupported Types value: {0}", targetSqlType), "07006");
        }
    }

    private interface Parse {
        void parse(String s);
    }

    /** The driver's numeric conversions: text is parsed; numbers, dates, booleans and Clobs convert. */
    private static void convert(Object x, String type, Parse parse) throws SQLException {
        try {
            if (x instanceof String || x instanceof Character) {
                parse.parse(x.toString());
                return;
            }
        } catch (RuntimeException e) {
            throw cannotConvert(x, type, e);
        }
        if (!(x instanceof Number) && !(x instanceof java.util.Date) && !(x instanceof Boolean) && !(x instanceof Clob)) {
            throw cannotConvert(x, type, null);
        }
    }

    private static void checkBigDecimal(Object x) throws SQLException {
        try {
            if (x instanceof String) {
                new BigDecimal((String) x);
            } else if (x instanceof Double || x instanceof Float) {
                BigDecimal.valueOf(((Number) x).doubleValue());
            } else if (x instanceof Character) {
                new BigDecimal(new char[] {(Character) x});
            } else if (!(x instanceof BigDecimal) && !(x instanceof BigInteger) && !(x instanceof Long)
                    && !(x instanceof Integer) && !(x instanceof Short) && !(x instanceof Byte)
                    && !(x instanceof java.util.Date) && !(x instanceof Boolean) && !(x instanceof Clob)) {
                throw cannotConvert(x, "BigDecimal", null);
            }
        } catch (RuntimeException e) {
            throw cannotConvert(x, "BigDecimal", e);
        }
    }

    /** The values PostgreSQL reads as a boolean, as the driver accepts them. */
    private static void checkBoolean(Object x) throws SQLException {
        if (x instanceof Boolean) {
            return;
        }
        if (x instanceof String) {
            String s = ((String) x).trim().toLowerCase(Locale.ROOT);
            switch (s) {
                case "1": case "true": case "t": case "yes": case "y": case "on":
                case "0": case "false": case "f": case "no": case "n": case "off":
                    return;
                default:
                    throw cannotCoerce(x);
            }
        }
        if (x instanceof Character) {
            if ("1tTyY0fFnN".indexOf((Character) x) < 0) {
                throw cannotCoerce(x);
            }
            return;
        }
        if (x instanceof Number) {
            double d = ((Number) x).doubleValue();
            if (d != 1.0d && d != 0.0d) {
                throw cannotCoerce(x);
            }
            return;
        }
        throw new SQLException("Cannot cast to boolean", "42846");
    }

    /** The driver's own timestamp type, which the app's class loader knows and pgmux's may not. */
    private static boolean isDriverTimestamp(Object x) {
        for (Class<?> c = x.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals("org.postgresql.util.PGTimestamp")) {
                return true;
            }
        }
        return false;
    }

    private static SQLException cannotCoerce(Object x) {
        return new SQLException(MessageFormat.format("Cannot cast to boolean: \"{0}\"", String.valueOf(x)), "42846");
    }

    private static SQLException cannotConvert(Object x, String type, Exception cause) {
        return new SQLException(MessageFormat.format("Cannot convert an instance of {0} to type {1}",
                x.getClass().getName(), type), "07006", cause);
    }

    private static SQLException cannotCast(Object x, String type) {
        return new SQLException(MessageFormat.format("Cannot cast an instance of {0} to type {1}",
                x.getClass().getName(), type), "07006");
    }
}
