package io.pgmux.session;

/**
 * A transaction control statement found in SQL text, so that a logical connection in autocommit
 * mode knows when the app opened or closed a transaction block with plain SQL.
 */
public enum TransactionControl {
    /** {@code BEGIN}, {@code START TRANSACTION}. */
    BEGIN(true, false),
    /** {@code COMMIT}, {@code END} (also acts as a rollback in a failed transaction: the block ends either way). */
    COMMIT(false, true),
    /** {@code ROLLBACK}, {@code ABORT}; not {@code ROLLBACK TO SAVEPOINT}, which keeps the block open. */
    ROLLBACK(false, true),
    /** {@code COMMIT AND CHAIN}: ends the transaction and opens the next one at once. */
    COMMIT_AND_CHAIN(true, false),
    /** {@code ROLLBACK AND CHAIN}. */
    ROLLBACK_AND_CHAIN(true, false),
    /**
     * {@code PREPARE TRANSACTION 'id'}: ends the block in this session; the prepared transaction then
     * belongs to no session and may be finished from any connection, so it does not pin.
     */
    PREPARE_TRANSACTION(false, true),
    /** {@code COMMIT PREPARED 'id'}: runs outside a transaction block and leaves none open. */
    COMMIT_PREPARED(false, false),
    /** {@code ROLLBACK PREPARED 'id'}. */
    ROLLBACK_PREPARED(false, false);

    private final boolean leavesBlockOpen;
    private final boolean closesBlock;

    TransactionControl(boolean leavesBlockOpen, boolean closesBlock) {
        this.leavesBlockOpen = leavesBlockOpen;
        this.closesBlock = closesBlock;
    }

    /** After this statement the session is inside a transaction block. */
    public boolean leavesBlockOpen() {
        return leavesBlockOpen;
    }

    /** After this statement the session is outside any transaction block. */
    public boolean closesBlock() {
        return closesBlock;
    }
}
