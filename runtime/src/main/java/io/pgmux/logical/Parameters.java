package io.pgmux.logical;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * The parameter values an app set on a logical prepared statement, recorded as (index, setter, arguments)
 * and replayed on each server-side statement at execute. Primitive values go to primitive arrays, so
 * binding numbers does not allocate.
 */
final class Parameters {
    private static final int INITIAL = 8;

    private int size;
    /** How many parameters the driver counts in the statement's SQL; -1: unknown, the driver checks at execute. */
    private int limit = -1;
    private int[] kinds = new int[INITIAL];
    private Object[] objects = new Object[INITIAL];
    private long[] numbers = new long[INITIAL];
    /** The rarely used arguments (doubles, lengths, calendars, type names): null until a setter passes one. */
    private double[] decimals;
    private Object[] extras;
    private long[] extraNumbers1;
    private long[] extraNumbers2;

    void limit(int parameterCount) {
        limit = parameterCount;
    }

    /** The driver's check of a parameter index, made where it makes it: at the setter. */
    void checkIndex(int index) throws SQLException {
        if (limit >= 0 && (index < 1 || index > limit)) {
            throw new SQLException(java.text.MessageFormat.format(
                    "The column index is out of range: {0}, number of columns: {1}.", index, limit), "22023");
        }
        if (index < 1) {
            throw new SQLException("The parameter index is out of range: " + index + " (parameters are numbered from 1).", "22023");
        }
    }

    /** Records one setter call; {@code kind} names the setter (see {@link #applyTo}). */
    void record(int index, int kind, Object obj, long num, double dbl, Object ext, long ext1, long ext2) throws SQLException {
        checkIndex(index);
        if (index > kinds.length) {
            grow(Math.max(index, kinds.length * 2));
        }
        int i = index - 1;
        kinds[i] = kind;
        objects[i] = obj;
        numbers[i] = num;
        if (Double.doubleToRawLongBits(dbl) != 0 || decimals != null) {
            if (decimals == null) {
                decimals = new double[kinds.length];
            }
            decimals[i] = dbl;
        }
        if (ext != null || extras != null) {
            if (extras == null) {
                extras = new Object[kinds.length];
            }
            extras[i] = ext;
        }
        if (ext1 != 0 || ext2 != 0 || extraNumbers1 != null) {
            if (extraNumbers1 == null) {
                extraNumbers1 = new long[kinds.length];
                extraNumbers2 = new long[kinds.length];
            }
            extraNumbers1[i] = ext1;
            extraNumbers2[i] = ext2;
        }
        if (index > size) {
            size = index;
        }
    }

    private void grow(int capacity) {
        kinds = Arrays.copyOf(kinds, capacity);
        objects = Arrays.copyOf(objects, capacity);
        numbers = Arrays.copyOf(numbers, capacity);
        decimals = decimals == null ? null : Arrays.copyOf(decimals, capacity);
        extras = extras == null ? null : Arrays.copyOf(extras, capacity);
        extraNumbers1 = extraNumbers1 == null ? null : Arrays.copyOf(extraNumbers1, capacity);
        extraNumbers2 = extraNumbers2 == null ? null : Arrays.copyOf(extraNumbers2, capacity);
    }

    void clear() {
        Arrays.fill(kinds, 0, size, 0);
        Arrays.fill(objects, 0, size, null);
        if (extras != null) {
            Arrays.fill(extras, 0, size, null);
        }
        size = 0;
    }

    Parameters copy() {
        Parameters p = new Parameters();
        p.size = size;
        p.grow(Math.max(size, 1));
        System.arraycopy(kinds, 0, p.kinds, 0, size);
        System.arraycopy(objects, 0, p.objects, 0, size);
        System.arraycopy(numbers, 0, p.numbers, 0, size);
        p.decimals = decimals == null ? null : Arrays.copyOf(decimals, p.kinds.length);
        p.extras = extras == null ? null : Arrays.copyOf(extras, p.kinds.length);
        p.extraNumbers1 = extraNumbers1 == null ? null : Arrays.copyOf(extraNumbers1, p.kinds.length);
        p.extraNumbers2 = extraNumbers2 == null ? null : Arrays.copyOf(extraNumbers2, p.kinds.length);
        return p;
    }

    /** The values as text where every one was set as a string (setString, setNString, setObject); else null. */
    java.util.List<String> texts() {
        java.util.List<String> texts = new java.util.ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            boolean stringSetter = kinds[i] == 44 || kinds[i] == 32 || (kinds[i] >= 35 && kinds[i] <= 39);
            if (!stringSetter || !(objects[i] instanceof String)) {
                return null;
            }
            texts.add((String) objects[i]);
        }
        return texts;
    }

    /** The value at {@code index} as the driver shows it in {@code PreparedStatement.toString()}. */
    String text(int index) {
        int i = index - 1;
        if (i >= size) {
            return "?";
        }
        return ParameterText.of(kinds[i], objects[i], numbers[i], decimals == null ? 0 : decimals[i],
                extras == null ? null : extras[i], extraNumbers1 == null ? 0 : extraNumbers1[i],
                extraNumbers2 == null ? 0 : extraNumbers2[i]);
    }

    /** Binds every recorded value; an index never set is left to the driver, which reports it at execute. */
    void applyTo(PreparedStatement ps) throws SQLException {
        for (int i = 0; i < size; i++) {
            if (kinds[i] != 0) {
                apply(ps, i + 1, kinds[i], objects[i], numbers[i], decimals == null ? 0 : decimals[i],
                        extras == null ? null : extras[i], extraNumbers1 == null ? 0 : extraNumbers1[i],
                        extraNumbers2 == null ? 0 : extraNumbers2[i]);
            }
        }
    }

    /**
     * Binds the recorded values for a description of the statement (its parameter types), as the driver
     * describes with what was bound. A value the driver reads when it is set (a stream with a length, a Blob
     * or Clob it copies into a large object) is not used up here: a value of the same type stands in for it.
     */
    void applyTypesTo(PreparedStatement ps) throws SQLException {
        for (int i = 0; i < size; i++) {
            int kind = kinds[i];
            int index = i + 1;
            Object obj = objects[i];
            if (kind == 0) {
                continue;
            }
            if (obj != null && (kind == 2 || kind == 15 || kind == 50)) {
                ps.setString(index, "");
            } else if (obj != null && (kind == 9 || kind == 10 || kind == 11 || kind == 20)) {
                ps.setLong(index, 0L);
            } else if (obj != null && kind == 42) {
                ps.setNull(index, java.sql.Types.SQLXML);
            } else if (!(kind >= 35 && kind <= 39 && (obj instanceof java.io.InputStream || obj instanceof java.io.Reader
                    || obj instanceof java.sql.Blob || obj instanceof java.sql.Clob || obj instanceof java.sql.SQLXML))) {
                apply(ps, index, kind, obj, numbers[i], decimals == null ? 0 : decimals[i],
                        extras == null ? null : extras[i], extraNumbers1 == null ? 0 : extraNumbers1[i],
                        extraNumbers2 == null ? 0 : extraNumbers2[i]);
            }
        }
    }

    @SuppressWarnings("deprecation")
    private static void apply(PreparedStatement ps, int index, int kind, Object obj, long num, double dbl,
                              Object ext, long ext1, long ext2) throws SQLException {
        switch (kind) {
            case 1: ps.setArray(index, (java.sql.Array) obj);
                break;
            case 2: // read when set: its text goes as the driver sends it, a stream of UTF-8
            case 50:
                if (obj == null) {
                    ps.setUnicodeStream(index, null, (int) ext1);
                } else {
                    byte[] text = ((String) obj).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    ps.setUnicodeStream(index, new java.io.ByteArrayInputStream(text), ((String) obj).length());
                }
                break;
            case 3: ps.setAsciiStream(index, (java.io.InputStream) obj, ext1);
                break;
            case 4: ps.setAsciiStream(index, (java.io.InputStream) obj);
                break;
            case 5: ps.setBigDecimal(index, (java.math.BigDecimal) obj);
                break;
            case 6: ps.setBinaryStream(index, (java.io.InputStream) obj, (int) ext1);
                break;
            case 7: ps.setBinaryStream(index, (java.io.InputStream) obj, ext1);
                break;
            case 8: ps.setBinaryStream(index, (java.io.InputStream) obj);
                break;
            case 9: ps.setBlob(index, (java.io.InputStream) obj, ext1);
                break;
            case 10: ps.setBlob(index, (java.io.InputStream) obj);
                break;
            case 11: ps.setBlob(index, (java.sql.Blob) obj);
                break;
            case 12: ps.setBoolean(index, num != 0);
                break;
            case 13: ps.setByte(index, (byte) num);
                break;
            case 14: ps.setBytes(index, (byte[]) obj);
                break;
            case 15: ps.setCharacterStream(index, (java.io.Reader) obj, (int) ext1);
                break;
            case 16: ps.setCharacterStream(index, (java.io.Reader) obj, ext1);
                break;
            case 17: ps.setCharacterStream(index, (java.io.Reader) obj);
                break;
            case 18: ps.setClob(index, (java.io.Reader) obj, ext1);
                break;
            case 19: ps.setClob(index, (java.io.Reader) obj);
                break;
            case 20: ps.setClob(index, (java.sql.Clob) obj);
                break;
            case 21: ps.setDate(index, (java.sql.Date) obj, (java.util.Calendar) ext);
                break;
            case 22: ps.setDate(index, (java.sql.Date) obj);
                break;
            case 23: ps.setDouble(index, dbl);
                break;
            case 24: ps.setFloat(index, (float) dbl);
                break;
            case 25: ps.setInt(index, (int) num);
                break;
            case 26: ps.setLong(index, num);
                break;
            case 27: ps.setNCharacterStream(index, (java.io.Reader) obj, ext1);
                break;
            case 28: ps.setNCharacterStream(index, (java.io.Reader) obj);
                break;
            case 29: ps.setNClob(index, (java.io.Reader) obj, ext1);
                break;
            case 30: ps.setNClob(index, (java.io.Reader) obj);
                break;
            case 31: ps.setNClob(index, (java.sql.NClob) obj);
                break;
            case 32: ps.setNString(index, (String) obj);
                break;
            case 33: ps.setNull(index, (int) num, (String) ext);
                break;
            case 34: ps.setNull(index, (int) num);
                break;
            case 35: ps.setObject(index, obj, (int) ext1, (int) ext2);
                break;
            case 36: ps.setObject(index, obj, (int) ext1);
                break;
            case 37: ps.setObject(index, obj, (java.sql.SQLType) ext, (int) ext2);
                break;
            case 38: ps.setObject(index, obj, (java.sql.SQLType) ext);
                break;
            case 39: ps.setObject(index, obj);
                break;
            case 40: ps.setRef(index, (java.sql.Ref) obj);
                break;
            case 41: ps.setRowId(index, (java.sql.RowId) obj);
                break;
            case 42: ps.setSQLXML(index, (java.sql.SQLXML) obj);
                break;
            case 43: ps.setShort(index, (short) num);
                break;
            case 44: ps.setString(index, (String) obj);
                break;
            case 45: ps.setTime(index, (java.sql.Time) obj, (java.util.Calendar) ext);
                break;
            case 46: ps.setTime(index, (java.sql.Time) obj);
                break;
            case 47: ps.setTimestamp(index, (java.sql.Timestamp) obj, (java.util.Calendar) ext);
                break;
            case 48: ps.setTimestamp(index, (java.sql.Timestamp) obj);
                break;
            case 49: ps.setURL(index, (java.net.URL) obj);
                break;

            default:
                throw new IllegalStateException("unknown parameter setter " + kind);
        }
    }
}
