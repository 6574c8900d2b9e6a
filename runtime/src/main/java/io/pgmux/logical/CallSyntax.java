package io.pgmux.logical;

import java.sql.SQLException;
import java.text.MessageFormat;

/**
 * The JDBC call escape of a callable statement ({@code {call f(?)}}, {@code {? = call f(?)}}), checked as the
 * driver checks it when the app prepares the call, so that a malformed escape fails at {@code prepareCall}
 * with the driver's message and SQLState, without a server connection. Used where the driver's own parser
 * cannot be reached (see {@link ParsedSql}), as in pgjdbc 42.7.8: optional
 * whitespace, {@code {}, optionally {@code ? =}, {@code call} and whitespace, a body without a {@code ;}
 * outside quotes, {@code }}, and nothing but whitespace after it.
 */
final class CallSyntax {
    private CallSyntax() {
    }

    /**
     * True where the driver runs {@code sql} as a function call (a call escape, or PostgreSQL's own
     * {@code CALL}), whose {@code executeUpdate} answers 0 instead of refusing its result.
     *
     * @throws SQLException 2F003 where the call escape is malformed
     */
    static boolean isFunction(String sql) throws SQLException {
        int len = sql.length();
        int i = skipWhitespace(sql, 0);
        if (i == len || sql.charAt(i) != '{') {
            return isNativeCall(sql, i);
        }
        i = skipWhitespace(sql, i + 1);
        if (i < len && sql.charAt(i) == '?') {
            i = skipWhitespace(sql, i + 1);
            if (i == len || sql.charAt(i) != '=') {
                throw malformed(i);
            }
            i = skipWhitespace(sql, i + 1);
        }
        if (i == len || !sql.regionMatches(true, i, "call", 0, 4)) {
            throw malformed(i);
        }
        i += 4;
        if (i == len || !Character.isWhitespace(sql.charAt(i))) {
            throw malformed(i);
        }
        i = endOfBody(sql, i + 1);
        i = skipWhitespace(sql, i + 1);
        if (i < len) {
            throw malformed(i);
        }
        return true;
    }

    /** The position of the {@code }} that ends the escape's body. */
    private static int endOfBody(String sql, int from) throws SQLException {
        boolean inQuotes = false;
        boolean inEscape = false;
        for (int i = from; i < sql.length(); ) {
            char ch = sql.charAt(i);
            if (ch == '\'') {
                inQuotes = !inQuotes;
            } else if (!inQuotes && ch == '{') {
                inEscape = !inEscape;
            } else if (!inQuotes && ch == '}') {
                if (!inEscape) {
                    return i;
                }
                // the driver reads this brace again as the end of the escape
                inEscape = false;
                continue;
            } else if (!inQuotes && ch == ';') {
                throw malformed(i);
            }
            i++;
        }
        throw malformed(sql.length());
    }

    /** PostgreSQL's own {@code CALL proc(...)}: the word, whitespace, and something after it. */
    private static boolean isNativeCall(String sql, int i) {
        return i < sql.length() - 5 && sql.regionMatches(true, i, "call", 0, 4) && Character.isWhitespace(sql.charAt(i + 4));
    }

    private static int skipWhitespace(String sql, int i) {
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        return i;
    }

    private static SQLException malformed(int offset) {
        return new SQLException(MessageFormat.format("Malformed function or procedure escape syntax at offset {0}.",
                offset), "2F003");
    }
}
