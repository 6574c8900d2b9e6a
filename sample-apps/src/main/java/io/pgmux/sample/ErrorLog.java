package io.pgmux.sample;

import java.io.PrintStream;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

/** Reports the first few distinct request failures on stderr, so a failing run says why without flooding. */
final class ErrorLog {
    static final int DISTINCT_LIMIT = 5;

    private final PrintStream err;
    private final Set<String> seen = new HashSet<>();
    private boolean limitReported;

    ErrorLog(PrintStream err) {
        this.err = err;
    }

    synchronized void report(Exception failure) {
        String text = describe(failure);
        if (seen.contains(text)) {
            return;
        }
        if (seen.size() >= DISTINCT_LIMIT) {
            if (!limitReported) {
                limitReported = true;
                err.println("request failed: more distinct errors follow, not shown");
            }
            return;
        }
        seen.add(text);
        err.println("request failed: " + text);
    }

    static String describe(Exception failure) {
        if (failure instanceof SQLException) {
            String state = ((SQLException) failure).getSQLState();
            return "[SQLState " + (state == null ? "none" : state) + "] " + failure.getMessage();
        }
        return failure.getClass().getName() + ": " + failure.getMessage();
    }
}
