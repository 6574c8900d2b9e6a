package io.pgmux.logical;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.chrono.IsoEra;
import java.time.temporal.ChronoField;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.TimeZone;
import java.util.UUID;

/**
 * One recorded parameter as the driver shows it in {@code PreparedStatement.toString()}: {@code ?} where
 * unset, {@code (NULL)}, or a quoted literal with the cast the driver's bound type implies, e.g.
 * {@code ('5'::int4)}, {@code ('text')}, {@code '\x0102'::bytea}. Values the driver would only show after
 * reading a stream, or after creating a large object on the server, show as {@code ?}.
 */
final class ParameterText {
    private static final String UNKNOWN = "?";
    private static final long DATE_POSITIVE_INFINITY = 9223372036825200000L;
    private static final long DATE_NEGATIVE_INFINITY = -9223372036832400000L;
    private static final LocalTime MAX_TIME = LocalTime.MAX.minusNanos(500);
    private static final LocalDateTime MAX_LOCAL_DATETIME = LocalDateTime.MAX.minusNanos(500_000_000);
    private static final OffsetDateTime MAX_OFFSET_DATETIME = OffsetDateTime.MAX.minusNanos(500_000_000);
    /** The driver's lowest date: 4713 BC. */
    private static final LocalDate MIN_LOCAL_DATE = LocalDate.of(4713, 1, 1).with(ChronoField.ERA, IsoEra.BCE.getValue());

    private ParameterText() {
    }

    /** The text of a setter call recorded by {@link Parameters} (kinds as there). */
    static String of(int kind, Object obj, long num, double dbl, Object ext, long ext1, long ext2) {
        switch (kind) {
            case 0:
                return UNKNOWN;
            case 12:
                return bool(num != 0);
            case 13:
            case 43:
                return cast(Long.toString(num), "int2");
            case 25:
                return cast(Long.toString(num), "int4");
            case 26:
                return cast(Long.toString(num), "int8");
            case 23:
                return doubleText(dbl);
            case 24:
                return floatText((float) dbl);
            case 33:
            case 34:
                return "(NULL)";
            default:
                break;
        }
        if (obj == null) {
            // every setter that takes an object binds SQL NULL for null
            return "(NULL)";
        }
        switch (kind) {
            case 1:
                return array(obj);
            case 2:
            case 44:
            case 50:
                return cast((String) obj, null);
            case 5:
                return numeric((BigDecimal) obj);
            case 14:
                return bytea((byte[]) obj);
            case 21:
            case 22:
                return dateText((java.sql.Date) obj, (Calendar) ext);
            case 45:
            case 46:
                return timeText((java.sql.Time) obj, (Calendar) ext);
            case 47:
            case 48:
                return timestampText((java.sql.Timestamp) obj, (Calendar) ext);
            case 35:
            case 36:
                return object(obj, (int) ext1, kind == 35 ? (int) ext2 : -1);
            case 39:
                return object(obj);
            default:
                return UNKNOWN;
        }
    }

    /**
     * {@code setArray(x)}: the driver binds the driver's array in binary where it holds bytes (shown as
     * {@code ?}), any other as its text.
     */
    private static String array(Object x) {
        try {
            if (x.getClass().getMethod("toBytes").invoke(x) != null) {
                return UNKNOWN;
            }
        } catch (NoSuchMethodException notTheDriversArray) {
            // an array of the app's own: its text
        } catch (ReflectiveOperationException | RuntimeException e) {
            return UNKNOWN;
        }
        return cast(x.toString(), null);
    }

    /** {@code setObject(x)}: the driver binds by the value's class. */
    private static String object(Object x) {
        if (x instanceof String) {
            return cast((String) x, null);
        }
        if (x instanceof BigDecimal) {
            return numeric((BigDecimal) x);
        }
        if (x instanceof Short || x instanceof Byte) {
            return cast(x.toString(), "int2");
        }
        if (x instanceof Integer) {
            return cast(x.toString(), "int4");
        }
        if (x instanceof Long) {
            return cast(x.toString(), "int8");
        }
        if (x instanceof Float) {
            return floatText((Float) x);
        }
        if (x instanceof Double) {
            return doubleText((Double) x);
        }
        if (x instanceof byte[]) {
            return bytea((byte[]) x);
        }
        if (x instanceof java.sql.Date) {
            return dateText((java.sql.Date) x, null);
        }
        if (x instanceof java.sql.Time) {
            return timeText((java.sql.Time) x, null);
        }
        if (x instanceof java.sql.Timestamp) {
            return timestampText((java.sql.Timestamp) x, null);
        }
        if (x instanceof Boolean) {
            return bool((Boolean) x);
        }
        if (x instanceof Character) {
            return cast(x.toString(), null);
        }
        if (x instanceof UUID) {
            return cast(x.toString(), "uuid");
        }
        String time = javaTime(x);
        return time != null ? time : UNKNOWN;
    }

    /** {@code java.time} values, as the driver binds them: text with the type's cast. */
    private static String javaTime(Object x) {
        if (x instanceof LocalDate) {
            LocalDate d = (LocalDate) x;
            if (LocalDate.MAX.equals(d)) {
                return cast("infinity", "date");
            } else if (d.isBefore(MIN_LOCAL_DATE)) {
                return cast("-infinity", "date");
            }
            StringBuilder sb = new StringBuilder();
            appendDate(sb, d);
            return cast(sb.toString(), "date");
        }
        if (x instanceof LocalTime) {
            LocalTime t = (LocalTime) x;
            if (t.isAfter(MAX_TIME)) {
                return cast("24:00:00", "time");
            }
            StringBuilder sb = new StringBuilder();
            appendTime(sb, roundedNanos(t));
            return cast(sb.toString(), "time");
        }
        if (x instanceof OffsetTime) {
            OffsetTime t = (OffsetTime) x;
            StringBuilder sb = new StringBuilder();
            if (t.toLocalTime().isAfter(MAX_TIME)) {
                sb.append("24:00:00");
            } else {
                // the driver rounds the nanoseconds of the offset time, but formats those of its local time
                appendTime(sb, t.toLocalTime());
            }
            appendTimeZone(sb, t.getOffset().getTotalSeconds());
            return cast(sb.toString(), "time with time zone");
        }
        if (x instanceof LocalDateTime) {
            LocalDateTime t = (LocalDateTime) x;
            if (t.isAfter(MAX_LOCAL_DATETIME)) {
                return cast("infinity", "timestamp");
            } else if (t.isBefore(MIN_LOCAL_DATE.atStartOfDay())) {
                return cast("-infinity", "timestamp");
            }
            if (t.getNano() % 1000 > 499) {
                t = t.plusNanos(1000);
            }
            StringBuilder sb = new StringBuilder();
            appendDate(sb, t.toLocalDate());
            sb.append(' ');
            appendTime(sb, t.toLocalTime());
            return cast(sb.toString(), "timestamp");
        }
        if (x instanceof OffsetDateTime) {
            OffsetDateTime t = (OffsetDateTime) x;
            if (t.isAfter(MAX_OFFSET_DATETIME)) {
                return cast("infinity", "timestamp with time zone");
            } else if (t.isBefore(MIN_LOCAL_DATE.atStartOfDay().atOffset(ZoneOffset.UTC))) {
                return cast("-infinity", "timestamp with time zone");
            }
            if (t.getNano() % 1000 > 499) {
                t = t.plusNanos(1000);
            }
            LocalDateTime local = t.toLocalDateTime();
            StringBuilder sb = new StringBuilder();
            appendDate(sb, local.toLocalDate());
            sb.append(' ');
            appendTime(sb, local.toLocalTime());
            appendTimeZone(sb, t.getOffset().getTotalSeconds());
            return cast(sb.toString(), "timestamp with time zone");
        }
        return null;
    }

    private static LocalTime roundedNanos(LocalTime t) {
        return t.getNano() % 1000 > 499 ? t.plusNanos(1000) : t;
    }

    private static void appendDate(StringBuilder sb, LocalDate d) {
        appendDate(sb, d.get(ChronoField.YEAR_OF_ERA), d.getMonthValue(), d.getDayOfMonth());
        if (d.get(ChronoField.ERA) == IsoEra.BCE.getValue()) {
            sb.append(" BC");
        }
    }

    private static void appendTime(StringBuilder sb, LocalTime t) {
        appendTime(sb, t.getHour(), t.getMinute(), t.getSecond(), t.getNano());
    }

    /** {@code setObject(x, targetSqlType[, scale])}: the driver converts to the type first (checked at the call). */
    private static String object(Object x, int type, int scale) {
        switch (type) {
            case Types.INTEGER:
                return cast(Integer.toString((int) toLong(x, Integer::parseInt)), "int4");
            case Types.TINYINT:
            case Types.SMALLINT:
                return cast(Short.toString((short) toLong(x, Short::parseShort)), "int2");
            case Types.BIGINT:
                return cast(Long.toString(toLong(x, Long::parseLong)), "int8");
            case Types.REAL:
                return floatText((float) toDouble(x, Float::parseFloat));
            case Types.DOUBLE:
            case Types.FLOAT:
                return doubleText(toDouble(x, Double::parseDouble));
            case Types.DECIMAL:
            case Types.NUMERIC: {
                BigDecimal d = toBigDecimal(x);
                if (d == null) {
                    return UNKNOWN;
                }
                return numeric(scale >= 0 ? d.setScale(scale, RoundingMode.HALF_UP) : d);
            }
            case Types.CHAR:
            case Types.VARCHAR:
            case Types.LONGVARCHAR:
            case Types.DISTINCT:
                return x instanceof java.sql.Clob || x instanceof java.io.InputStream ? UNKNOWN : cast(x.toString(), null);
            case Types.OTHER:
                if (x instanceof UUID) {
                    return cast(x.toString(), "uuid");
                }
                return x instanceof String || x instanceof Number || x instanceof Boolean ? cast(x.toString(), null) : UNKNOWN;
            case Types.BOOLEAN:
            case Types.BIT:
                return bool(toBoolean(x));
            case Types.BINARY:
            case Types.VARBINARY:
            case Types.LONGVARBINARY:
                return object(x);
            case Types.DATE:
                return x instanceof java.sql.Date ? dateText((java.sql.Date) x, null)
                        : x instanceof LocalDate ? javaTime(x) : UNKNOWN;
            case Types.TIME:
                return x instanceof java.sql.Time ? timeText((java.sql.Time) x, null)
                        : x instanceof LocalTime || x instanceof OffsetTime ? javaTime(x) : UNKNOWN;
            case Types.TIMESTAMP:
                return x instanceof java.sql.Timestamp ? timestampText((java.sql.Timestamp) x, null)
                        : x instanceof LocalDateTime ? javaTime(x) : UNKNOWN;
            case Types.TIMESTAMP_WITH_TIMEZONE:
                return x instanceof OffsetDateTime ? javaTime(x) : UNKNOWN;
            default:
                return UNKNOWN;
        }
    }

    private interface Parse {
        Number parse(String s);
    }

    private static long toLong(Object x, Parse parse) {
        if (x instanceof Number) {
            return ((Number) x).longValue();
        }
        if (x instanceof java.util.Date) {
            return ((java.util.Date) x).getTime();
        }
        if (x instanceof Boolean) {
            return (Boolean) x ? 1 : 0;
        }
        return parse.parse(x.toString()).longValue();
    }

    private static double toDouble(Object x, Parse parse) {
        if (x instanceof Number) {
            return ((Number) x).doubleValue();
        }
        if (x instanceof java.util.Date) {
            return ((java.util.Date) x).getTime();
        }
        if (x instanceof Boolean) {
            return (Boolean) x ? 1 : 0;
        }
        return parse.parse(x.toString()).doubleValue();
    }

    private static BigDecimal toBigDecimal(Object x) {
        if (x instanceof String) {
            return new BigDecimal((String) x);
        }
        if (x instanceof BigDecimal) {
            return (BigDecimal) x;
        }
        if (x instanceof java.math.BigInteger) {
            return new BigDecimal((java.math.BigInteger) x);
        }
        if (x instanceof Long || x instanceof Integer || x instanceof Short || x instanceof Byte) {
            return BigDecimal.valueOf(((Number) x).longValue());
        }
        if (x instanceof Double || x instanceof Float) {
            return BigDecimal.valueOf(((Number) x).doubleValue());
        }
        if (x instanceof java.util.Date) {
            return BigDecimal.valueOf(((java.util.Date) x).getTime());
        }
        if (x instanceof Boolean) {
            return (Boolean) x ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        if (x instanceof Character) {
            return new BigDecimal(new char[] {(Character) x});
        }
        return null;
    }

    private static boolean toBoolean(Object x) {
        if (x instanceof Boolean) {
            return (Boolean) x;
        }
        if (x instanceof Number) {
            return ((Number) x).doubleValue() == 1.0d;
        }
        String s = x.toString().trim();
        return s.equals("1") || s.equalsIgnoreCase("true") || s.equalsIgnoreCase("t") || s.equalsIgnoreCase("yes")
                || s.equalsIgnoreCase("y") || s.equalsIgnoreCase("on");
    }

    private static String bool(boolean b) {
        return b ? "('TRUE'::boolean)" : "('FALSE'::boolean)";
    }

    private static String floatText(float f) {
        return cast(Float.isNaN(f) ? "NaN" : Float.toString(f), "real");
    }

    private static String doubleText(double d) {
        return cast(Double.isNaN(d) ? "NaN" : Double.toString(d), "double precision");
    }

    /** The driver sends numerics in binary: their text is the decoded value's, with no negative scale. */
    private static String numeric(BigDecimal d) {
        return cast((d.scale() < 0 ? d.setScale(0) : d).toString(), "numeric");
    }

    private static String bytea(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 2 + 11).append("'\\x");
        for (byte b : bytes) {
            sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return sb.append("'::bytea").toString();
    }

    /** A literal as the driver quotes it (standard conforming strings): a zero character ends it. */
    private static String cast(String text, String type) {
        StringBuilder sb = new StringBuilder(text.length() + 16).append("('");
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '\0') {
                sb.append('\0');
                break;
            }
            if (ch == '\'') {
                sb.append('\'');
            }
            sb.append(ch);
        }
        sb.append('\'');
        if (type != null) {
            sb.append("::").append(type);
        }
        return sb.append(')').toString();
    }

    // ---- dates and times: as the driver formats them, in the calendar's time zone or the JVM's --------

    private static Calendar calendar(Calendar cal) {
        return new GregorianCalendar(cal != null ? cal.getTimeZone() : TimeZone.getDefault());
    }

    private static String dateText(java.sql.Date d, Calendar cal) {
        if (d.getTime() == DATE_POSITIVE_INFINITY) {
            return cast("infinity", null);
        } else if (d.getTime() == DATE_NEGATIVE_INFINITY) {
            return cast("-infinity", null);
        }
        Calendar c = calendar(cal);
        c.setTime(d);
        StringBuilder sb = new StringBuilder();
        appendDate(sb, c);
        appendEra(sb, c);
        sb.append(' ');
        appendTimeZone(sb, c);
        return cast(sb.toString(), null);
    }

    private static String timeText(java.sql.Time t, Calendar cal) {
        Calendar c = calendar(cal);
        c.setTime(t);
        StringBuilder sb = new StringBuilder();
        appendTime(sb, c, c.get(Calendar.MILLISECOND) * 1000000);
        appendTimeZone(sb, c);
        return cast(sb.toString(), null);
    }

    private static String timestampText(java.sql.Timestamp t, Calendar cal) {
        if (t.getTime() == DATE_POSITIVE_INFINITY) {
            return cast("infinity", null);
        } else if (t.getTime() == DATE_NEGATIVE_INFINITY) {
            return cast("-infinity", null);
        }
        long millis = t.getTime();
        int nanos = t.getNanos();
        // rounded to microseconds, as PostgreSQL keeps them
        if (nanos >= 999999500) {
            nanos = 0;
            millis++;
        } else if (nanos % 1000 > 499) {
            nanos += 1000 - nanos % 1000;
        }
        Calendar c = calendar(cal);
        c.setTimeInMillis(millis);
        StringBuilder sb = new StringBuilder();
        appendDate(sb, c);
        sb.append(' ');
        appendTime(sb, c, nanos);
        appendTimeZone(sb, c);
        appendEra(sb, c);
        return cast(sb.toString(), null);
    }

    private static void appendDate(StringBuilder sb, Calendar c) {
        appendDate(sb, c.get(Calendar.YEAR), c.get(Calendar.MONTH) + 1, c.get(Calendar.DAY_OF_MONTH));
    }

    private static void appendDate(StringBuilder sb, int year, int month, int day) {
        String y = Integer.toString(year);
        for (int i = y.length(); i < 4; i++) {
            sb.append('0');
        }
        sb.append(y).append('-');
        twoDigits(sb, month).append('-');
        twoDigits(sb, day);
    }

    private static void appendTime(StringBuilder sb, Calendar c, int nanos) {
        appendTime(sb, c.get(Calendar.HOUR_OF_DAY), c.get(Calendar.MINUTE), c.get(Calendar.SECOND), nanos);
    }

    private static void appendTime(StringBuilder sb, int hours, int minutes, int seconds, int nanos) {
        twoDigits(sb, hours).append(':');
        twoDigits(sb, minutes).append(':');
        twoDigits(sb, seconds);
        if (nanos < 1000) {
            return;
        }
        String micros = Integer.toString(nanos / 1000);
        sb.append('.');
        for (int i = micros.length(); i < 6; i++) {
            sb.append('0');
        }
        sb.append(micros);
        int end = sb.length() - 1;
        while (sb.charAt(end) == '0') {
            sb.deleteCharAt(end--);
        }
    }

    private static void appendTimeZone(StringBuilder sb, Calendar c) {
        appendTimeZone(sb, (c.get(Calendar.ZONE_OFFSET) + c.get(Calendar.DST_OFFSET)) / 1000);
    }

    private static void appendTimeZone(StringBuilder sb, int offset) {
        int abs = Math.abs(offset);
        int hours = abs / 3600;
        int minutes = (abs - hours * 3600) / 60;
        int seconds = abs - hours * 3600 - minutes * 60;
        sb.append(offset >= 0 ? '+' : '-');
        twoDigits(sb, hours);
        if (minutes == 0 && seconds == 0) {
            return;
        }
        sb.append(':');
        twoDigits(sb, minutes);
        if (seconds != 0) {
            sb.append(':');
            twoDigits(sb, seconds);
        }
    }

    private static void appendEra(StringBuilder sb, Calendar c) {
        if (c.get(Calendar.ERA) == GregorianCalendar.BC) {
            sb.append(" BC");
        }
    }

    private static StringBuilder twoDigits(StringBuilder sb, int n) {
        if (n < 10) {
            sb.append('0');
        }
        return sb.append(n);
    }
}
