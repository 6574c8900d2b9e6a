package io.pgmux.session;

import java.util.List;

/**
 * What executing one SQL string does to the session beyond its transaction: whether it pins the
 * logical connection to its server connection, which tracked parameters it changes (in order) and
 * which transaction control statements it contains. Immutable; {@link #NONE} is shared.
 */
public final class SqlEffects {

    /** No session effect, no transaction control: the common case, answered without allocating. */
    public static final SqlEffects NONE = new SqlEffects(null, "", List.of(), List.of(), false);

    private final String pinReason;
    private final String shape;
    private final List<TrackedSetting> trackedChanges;
    private final List<TransactionControl> transactionControls;
    private final boolean onlyTrackedSettings;

    private final boolean changesSessionDefaults;
    private final AccessMode transactionAccessMode;
    private final AccessMode sessionAccessMode;

    SqlEffects(String pinReason, String shape, List<TrackedSetting> trackedChanges,
               List<TransactionControl> transactionControls, boolean onlyTrackedSettings) {
        this(pinReason, shape, trackedChanges, transactionControls, onlyTrackedSettings, false);
    }

    SqlEffects(String pinReason, String shape, List<TrackedSetting> trackedChanges,
               List<TransactionControl> transactionControls, boolean onlyTrackedSettings,
               boolean changesSessionDefaults) {
        this(pinReason, shape, trackedChanges, transactionControls, onlyTrackedSettings, changesSessionDefaults,
                null, null);
    }

    SqlEffects(String pinReason, String shape, List<TrackedSetting> trackedChanges,
               List<TransactionControl> transactionControls, boolean onlyTrackedSettings,
               boolean changesSessionDefaults, AccessMode transactionAccessMode, AccessMode sessionAccessMode) {
        this.changesSessionDefaults = changesSessionDefaults;
        this.transactionAccessMode = transactionAccessMode;
        this.sessionAccessMode = sessionAccessMode;
        this.pinReason = pinReason;
        this.shape = shape;
        this.trackedChanges = List.copyOf(trackedChanges);
        this.transactionControls = List.copyOf(transactionControls);
        this.onlyTrackedSettings = onlyTrackedSettings;
    }

    /** The statement leaves state in the session that tracking cannot carry to another server connection. */
    public boolean pins() {
        return pinReason != null;
    }

    /** Why it pins, for logs and exceptions (names the statement kind); empty where it does not pin. */
    public String pinReason() {
        return pinReason == null ? "" : pinReason;
    }

    /**
     * The SQL normalised for logging and counting: literals and parameters replaced by {@code ?},
     * comments dropped, whitespace collapsed, at most about 100 characters. Empty for {@link #NONE};
     * {@link SqlClassifier#shapeOf(String)} gives it for any SQL.
     */
    public String shape() {
        return shape;
    }

    /** Changes to tracked parameters, in the order the SQL makes them. */
    public List<TrackedSetting> trackedChanges() {
        return trackedChanges;
    }

    /**
     * True where the SQL is nothing but tracked {@code SET}/{@code RESET} statements (no query, no
     * {@code set_config} call, no pin): the logical connection may record them without a result set
     * to hand back.
     */
    public boolean onlyTrackedSettings() {
        return onlyTrackedSettings;
    }

    /** Transaction control statements, in order. */
    public List<TransactionControl> transactionControls() {
        return transactionControls;
    }

    /** The last transaction control statement, which decides whether a block is open afterwards; null where none. */
    public TransactionControl lastTransactionControl() {
        return transactionControls.isEmpty() ? null : transactionControls.get(transactionControls.size() - 1);
    }

    /**
     * {@code ALTER DATABASE|ROLE|USER ... SET|RESET}: sessions that start from now on have other defaults than the
     * server connections opened before.
     */
    public boolean changesSessionDefaults() {
        return changesSessionDefaults;
    }

    /**
     * The access mode the SQL's first statement gives the transaction it opens or runs in: {@code BEGIN} or
     * {@code START TRANSACTION} with {@code READ ONLY}/{@code READ WRITE} among its modes, or
     * {@code SET [LOCAL] TRANSACTION ... READ ONLY|READ WRITE}; {@code READ WRITE} anywhere among the modes wins.
     * Null where the first statement names no access mode, or where a later statement of the same string sets
     * another one or ends the transaction and goes on (only a closing COMMIT/ROLLBACK as last statement keeps it).
     */
    public AccessMode transactionAccessMode() {
        return transactionAccessMode;
    }

    /**
     * The SQL's first statement starts or declares a read-only transaction, and the whole string runs in it:
     * the transaction may be served by a standby.
     */
    public boolean readOnlyStart() {
        return transactionAccessMode == AccessMode.READ_ONLY;
    }

    /**
     * The default access mode the SQL leaves for the session's later transactions ({@code SET SESSION
     * CHARACTERISTICS AS TRANSACTION ... READ ONLY|READ WRITE}, {@code SET default_transaction_read_only}), the
     * last one set in the string; null where it sets none. Such a statement also pins unless its parameter is
     * tracked.
     */
    public AccessMode sessionAccessMode() {
        return sessionAccessMode;
    }

    /** Pins or changes a tracked parameter. */
    public boolean changesSession() {
        return pinReason != null || !trackedChanges.isEmpty();
    }

    @Override
    public String toString() {
        if (this == NONE) {
            return "SqlEffects[none]";
        }
        return "SqlEffects[" + (pinReason != null ? "pins: " + pinReason + ", " : "")
                + (trackedChanges.isEmpty() ? "" : "tracked: " + trackedChanges + ", ")
                + (transactionControls.isEmpty() ? "" : "transaction: " + transactionControls + ", ")
                + (transactionAccessMode == null ? "" : "transaction access: " + transactionAccessMode + ", ")
                + (sessionAccessMode == null ? "" : "session access: " + sessionAccessMode + ", ")
                + "shape: " + shape + "]";
    }
}
