package io.pgmux.standby;

/** PostgreSQL's WAL positions ({@code pg_lsn}, written {@code 16/B374D848}) as unsigned 64-bit numbers. */
final class Lsn {
    /** What pgmux reads where a server gives no position (SQL NULL). */
    static final long NONE = 0;

    private Lsn() {
    }

    static long parse(String text) {
        if (text == null) {
            return NONE;
        }
        int slash = text.indexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException("not a pg_lsn: " + text);
        }
        long high = Long.parseUnsignedLong(text.substring(0, slash), 16);
        long low = Long.parseUnsignedLong(text.substring(slash + 1), 16);
        return (high << 32) | low;
    }

    static String format(long lsn) {
        return Long.toHexString(lsn >>> 32).toUpperCase() + "/" + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase();
    }
}
