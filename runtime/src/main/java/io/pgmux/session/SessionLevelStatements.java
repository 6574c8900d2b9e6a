package io.pgmux.session;

/**
 * Recognises SQL whose effect may outlive its transaction (SPEC section 4): BEGIN or START TRANSACTION sent as SQL, session-level SET and RESET,
 * LISTEN, PREPARE, DISCARD, DEALLOCATE, LOAD, temporary tables, cursors WITH HOLD, session advisory locks,
 * set_config. Errs on the side of yes: a false yes only costs a pin, a false no would leak state.
 */
public final class SessionLevelStatements {
    private SessionLevelStatements() {
    }

    public static boolean outlivesTransaction(String sql) {
        int i = skipSpaceAndComments(sql, 0);
        if (startsWithWord(sql, i, "SET")) {
            int next = skipSpaceAndComments(sql, i + 3);
            return !(startsWithWord(sql, next, "LOCAL") || startsWithWord(sql, next, "TRANSACTION")
                    || startsWithWord(sql, next, "CONSTRAINTS"));
        }
        if (startsWithWord(sql, i, "BEGIN") || startsWithWord(sql, i, "START")) {
            // a transaction opened in SQL behind the driver's back would outlive an autocommit borrow
            return true;
        }
        if (startsWithWord(sql, i, "RESET") || startsWithWord(sql, i, "LISTEN") || startsWithWord(sql, i, "PREPARE")
                || startsWithWord(sql, i, "DISCARD") || startsWithWord(sql, i, "DEALLOCATE") || startsWithWord(sql, i, "LOAD")) {
            return true;
        }
        if (startsWithWord(sql, i, "CREATE")) {
            int next = skipSpaceAndComments(sql, i + 6);
            if (startsWithWord(sql, next, "LOCAL") || startsWithWord(sql, next, "GLOBAL")) {
                next = skipSpaceAndComments(sql, next + 6);
            }
            if (startsWithWord(sql, next, "TEMP") || startsWithWord(sql, next, "TEMPORARY")) {
                return true;
            }
        }
        return containsSessionFunctionOrHold(sql);
    }

    private static boolean containsSessionFunctionOrHold(String sql) {
        for (int i = 0, n = sql.length(); i < n; i++) {
            char c = sql.charAt(i);
            if (c == '_') {
                if (sql.regionMatches(true, i - 11, "pg_advisory_lock", 0, 16)
                        || sql.regionMatches(true, i - 15, "pg_try_advisory_lock", 0, 20)
                        || sql.regionMatches(true, i - 3, "set_config", 0, 10)) {
                    return true;
                }
            } else if ((c == 'h' || c == 'H') && sql.regionMatches(true, i, "hold", 0, 4)
                    && i >= 5 && sql.regionMatches(true, i - 5, "with", 0, 4) && Character.isWhitespace(sql.charAt(i - 1))) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWithWord(String sql, int at, String word) {
        int end = at + word.length();
        return sql.regionMatches(true, at, word, 0, word.length())
                && (end == sql.length() || !Character.isLetterOrDigit(sql.charAt(end)) && sql.charAt(end) != '_');
    }

    private static int skipSpaceAndComments(String sql, int i) {
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == '(') {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int eol = sql.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else {
                break;
            }
        }
        return i;
    }
}
