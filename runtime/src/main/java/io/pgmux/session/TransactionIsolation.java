package io.pgmux.session;

import java.sql.Connection;
import java.util.Locale;

/**
 * The session's default isolation level as SQL changes it ({@code SET SESSION CHARACTERISTICS AS TRANSACTION
 * ISOLATION LEVEL ...}, {@code SET default_transaction_isolation ...}): the classifier reports it as a change of
 * {@value #PARAMETER}, and a logical connection records it as its isolation level, the one
 * {@code getTransactionIsolation()} answers and borrows apply, not as a tracked parameter.
 */
public final class TransactionIsolation {
    public static final String PARAMETER = "default_transaction_isolation";

    private TransactionIsolation() {
    }

    /** True where {@code change} sets or resets the session's default isolation level. */
    public static boolean changes(TrackedSetting change) {
        return change.kind() == TrackedSetting.Kind.RESET_ALL || change.name().equals(PARAMETER);
    }

    /** The session's default level after {@code change}; {@code sessionDefault} where it resets it. */
    public static int levelAfter(TrackedSetting change, int sessionDefault) {
        if (change.kind() != TrackedSetting.Kind.SET) {
            return sessionDefault;
        }
        int level = levelOf(change.value());
        return level < 0 ? sessionDefault : level;
    }

    /**
     * The JDBC level of a level's name as SQL writes or PostgreSQL shows it ({@code 'repeatable read'},
     * {@code serializable}, {@code "read committed"}); -1 where it names none.
     */
    public static int levelOf(String text) {
        if (text == null) {
            return -1;
        }
        String name = text.trim();
        if (name.length() >= 2 && (name.charAt(0) == '\'' || name.charAt(0) == '"')
                && name.charAt(name.length() - 1) == name.charAt(0)) {
            name = name.substring(1, name.length() - 1);
        }
        switch (name.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT)) {
            case "serializable":
                return Connection.TRANSACTION_SERIALIZABLE;
            case "repeatable read":
                return Connection.TRANSACTION_REPEATABLE_READ;
            case "read committed":
                return Connection.TRANSACTION_READ_COMMITTED;
            case "read uncommitted":
                return Connection.TRANSACTION_READ_UNCOMMITTED;
            default:
                return -1;
        }
    }
}
