package io.pgmux.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Issue 15: the access mode SQL gives a transaction or the session, so that read-only work may go to a standby. */
class SqlClassifierAccessModeTest {

    /** First statements that start or declare a read-only transaction the whole string runs in. */
    static final String[] READ_ONLY_STARTS = {
        "BEGIN READ ONLY",
        "begin transaction read only",
        "BEGIN WORK READ ONLY;",
        "START TRANSACTION READ ONLY",
        "start transaction read only, isolation level read committed",
        "BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY",
        "BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY DEFERRABLE",
        "BEGIN ISOLATION LEVEL READ UNCOMMITTED, NOT DEFERRABLE, READ ONLY",
        "/* Spring */ BEGIN -- comment\n READ /* x */ ONLY",
        "BEGIN READ ONLY; SELECT 1",
        "BEGIN READ ONLY; SELECT 1; COMMIT",
        "SET TRANSACTION READ ONLY",
        "set transaction isolation level serializable, read only",
        "SET TRANSACTION READ ONLY ISOLATION LEVEL REPEATABLE READ",
        "SET LOCAL TRANSACTION READ ONLY",
        "SET SESSION TRANSACTION READ ONLY",
        "SET TRANSACTION READ ONLY; SELECT 1",
    };

    private final SqlClassifier classifier = new SqlClassifier();

    private SqlEffects classify(String sql) {
        return classifier.classify(sql);
    }

    @Test
    void readOnlyTransactionStartsAreRecognisedInAnyOrderOfModes() {
        for (String sql : READ_ONLY_STARTS) {
            SqlEffects effects = classify(sql);
            assertThat(effects.readOnlyStart()).as("read-only start: %s -> %s", sql, effects).isTrue();
            assertThat(effects.transactionAccessMode()).isEqualTo(AccessMode.READ_ONLY);
            assertThat(effects.sessionAccessMode()).as(sql).isNull();
        }
    }

    @Test
    void beginReadOnlyStillOpensATransactionBlockAndSetTransactionDoesNotPin() {
        assertThat(classify("BEGIN READ ONLY").lastTransactionControl()).isEqualTo(TransactionControl.BEGIN);
        assertThat(classify("START TRANSACTION READ ONLY").lastTransactionControl()).isEqualTo(TransactionControl.BEGIN);
        SqlEffects set = classify("SET TRANSACTION READ ONLY");
        assertThat(set.changesSession()).isFalse();
        assertThat(set.transactionControls()).isEmpty();
        assertThat(set.onlyTrackedSettings()).isFalse();
    }

    @Test
    void readWriteAnywhereInTheModesMakesTheTransactionReadWrite() {
        for (String sql : new String[] {"BEGIN READ WRITE", "BEGIN READ ONLY, READ WRITE", "BEGIN READ WRITE READ ONLY",
            "START TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ WRITE", "SET TRANSACTION READ WRITE",
            "set transaction read only, read write"}) {
            SqlEffects effects = classify(sql);
            assertThat(effects.readOnlyStart()).as(sql).isFalse();
            assertThat(effects.transactionAccessMode()).as(sql).isEqualTo(AccessMode.READ_WRITE);
        }
    }

    @Test
    void transactionsWithoutAnAccessModeHaveNone() {
        for (String sql : new String[] {"BEGIN", "BEGIN WORK", "START TRANSACTION", "BEGIN ISOLATION LEVEL READ COMMITTED",
            "BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ", "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE",
            "SET TRANSACTION DEFERRABLE", "SET TRANSACTION SNAPSHOT '00000003-0000001B-1'", "COMMIT", "SELECT 1"}) {
            assertThat(classify(sql).transactionAccessMode()).as(sql).isNull();
        }
        assertThat(classify("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE")).isSameAs(SqlEffects.NONE);
    }

    @Test
    void onlyTheFirstStatementStartsTheTransaction() {
        assertThat(classify("SELECT 1; BEGIN READ ONLY").readOnlyStart()).isFalse();
        assertThat(classify("BEGIN; SET TRANSACTION READ ONLY").readOnlyStart()).isFalse();
    }

    @Test
    void aStringThatLeavesTheReadOnlyTransactionAndGoesOnIsNoReadOnlyStart() {
        assertThat(classify("BEGIN READ ONLY; COMMIT; INSERT INTO t VALUES (1)").transactionAccessMode()).isNull();
        assertThat(classify("BEGIN READ ONLY; ROLLBACK; SELECT 1").transactionAccessMode()).isNull();
        assertThat(classify("SET TRANSACTION READ ONLY; BEGIN; INSERT INTO t VALUES (1)").transactionAccessMode()).isNull();
        assertThat(classify("SET TRANSACTION READ ONLY; BEGIN").transactionAccessMode()).isNull();
        assertThat(classify("BEGIN READ ONLY; COMMIT AND CHAIN").transactionAccessMode()).isNull();
        assertThat(classify("SET TRANSACTION READ ONLY; SET TRANSACTION READ WRITE").transactionAccessMode()).isNull();
        assertThat(classify("BEGIN READ ONLY; SET TRANSACTION READ ONLY").readOnlyStart()).isTrue();
        assertThat(classify("BEGIN READ ONLY; SELECT 1; ROLLBACK").readOnlyStart()).isTrue();
    }

    @Test
    void keywordsInLiteralsIdentifiersAndCommentsAreNotModes() {
        assertThat(classify("SELECT 'BEGIN READ ONLY'").readOnlyStart()).isFalse();
        assertThat(classify("-- BEGIN READ ONLY\nBEGIN").readOnlyStart()).isFalse();
        assertThat(classify("BEGIN /* READ ONLY */").readOnlyStart()).isFalse();
        assertThat(classify("BEGIN \"READ\" ONLY").transactionAccessMode()).isNull();
        assertThat(classify("SELECT $$ SET TRANSACTION READ ONLY $$").readOnlyStart()).isFalse();
    }

    @Test
    void unreadableModesGiveNoAccessMode() {
        for (String sql : new String[] {"BEGIN READ ONLY garbage", "BEGIN READ", "BEGIN READ ONLY ISOLATION LEVEL",
            "BEGIN ISOLATION LEVEL READ ONLY", "SET TRANSACTION READ ONLY, ?", "BEGIN NOT READ ONLY",
            "START READ ONLY", "BEGIN READ ONLY; SELECT 'unterminated"}) {
            assertThat(classify(sql).readOnlyStart()).as(sql).isFalse();
        }
    }

    @Test
    void sessionCharacteristicsSetTheSessionAccessModeNotTheTransactions() {
        SqlEffects effects = classify("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
        assertThat(effects.sessionAccessMode()).isEqualTo(AccessMode.READ_ONLY);
        assertThat(effects.readOnlyStart()).isFalse();
        assertThat(effects.transactionAccessMode()).isNull();
        assertThat(effects.pins()).isTrue();
        assertThat(classify("set session characteristics as transaction isolation level serializable, read only")
                .sessionAccessMode()).isEqualTo(AccessMode.READ_ONLY);
        assertThat(classify("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE").sessionAccessMode())
                .isEqualTo(AccessMode.READ_WRITE);
        assertThat(classify("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE")
                .sessionAccessMode()).isNull();
        assertThat(classify("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY; SELECT 'unterminated")
                .sessionAccessMode()).isNull();
    }

    @Test
    void defaultTransactionReadOnlySetsTheSessionAccessMode() {
        assertThat(classify("SET default_transaction_read_only = on").sessionAccessMode()).isEqualTo(AccessMode.READ_ONLY);
        assertThat(classify("set session default_transaction_read_only to 'true'").sessionAccessMode())
                .isEqualTo(AccessMode.READ_ONLY);
        assertThat(classify("SET default_transaction_read_only TO off").sessionAccessMode())
                .isEqualTo(AccessMode.READ_WRITE);
        assertThat(classify("SET default_transaction_read_only = 0").sessionAccessMode())
                .isEqualTo(AccessMode.READ_WRITE);
        assertThat(classify("SET default_transaction_read_only = DEFAULT").sessionAccessMode()).isNull();
        assertThat(classify("SET default_transaction_read_only = on").pins()).isTrue();
        assertThat(classify("SET default_transaction_read_only = on").readOnlyStart()).isFalse();
    }

    @Test
    void theLastSessionAccessModeInTheStringCounts() {
        assertThat(classify("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY; "
                + "SET default_transaction_read_only = off").sessionAccessMode()).isEqualTo(AccessMode.READ_WRITE);
    }

    @Test
    void trackedDefaultTransactionReadOnlyIsTrackedAndReported() {
        SqlClassifier tracking = new SqlClassifier(java.util.Set.of("default_transaction_read_only"));
        SqlEffects effects = tracking.classify("SET default_transaction_read_only = on");
        assertThat(effects.pins()).isFalse();
        assertThat(effects.trackedChanges()).extracting(TrackedSetting::value).containsExactly("on");
        assertThat(effects.sessionAccessMode()).isEqualTo(AccessMode.READ_ONLY);
    }
}
