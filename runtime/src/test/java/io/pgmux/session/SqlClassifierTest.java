package io.pgmux.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class SqlClassifierTest {

    private final SqlClassifier classifier = new SqlClassifier();

    private SqlEffects classify(String sql) {
        return classifier.classify(sql);
    }

    private void assertPins(String sql, String reasonFragment) {
        SqlEffects effects = classify(sql);
        assertThat(effects.pins()).as("pins: %s", sql).isTrue();
        assertThat(effects.pinReason()).containsIgnoringCase(reasonFragment);
    }

    private void assertNoSessionEffect(String sql) {
        SqlEffects effects = classify(sql);
        assertThat(effects.changesSession()).as("session effect of: %s -> %s", sql, effects).isFalse();
    }

    private static TrackedSetting set(String name, String value) {
        return TrackedSetting.set(name, value, TrackedSetting.Syntax.SET_TO);
    }

    // plain statements

    @Test
    void plainQueriesHaveNoEffectAndShareOneResult() {
        assertThat(classify("select * from accounts where id = ?")).isSameAs(SqlEffects.NONE);
        assertThat(classify("INSERT INTO t VALUES (1, 'x')")).isSameAs(SqlEffects.NONE);
        assertThat(classify("update t set a = 1")).isSameAs(SqlEffects.NONE);
        assertThat(classify("with x as (select 1) delete from t")).isSameAs(SqlEffects.NONE);
        assertThat(classify("values (1)")).isSameAs(SqlEffects.NONE);
        assertThat(classify("ALTER TABLE t ADD COLUMN c int")).isSameAs(SqlEffects.NONE);
    }

    @Test
    void nullAndEmptySqlHaveNoEffect() {
        assertThat(classify(null)).isSameAs(SqlEffects.NONE);
        assertThat(classify("")).isSameAs(SqlEffects.NONE);
        assertThat(classify("  ;; ")).isSameAs(SqlEffects.NONE);
    }

    @Test
    void repeatedSqlIsAnsweredFromTheCache() {
        String sql = "SET ROLE admin";
        SqlEffects first = classify(sql);
        assertThat(classify(new String(sql))).isSameAs(first);
    }

    @Test
    void cacheStaysBounded() {
        for (int i = 0; i < SqlClassifier.CACHE_CAPACITY * 3; i++) {
            classify("select " + i);
        }
        assertThat(classifier.cachedCount()).isLessThanOrEqualTo(SqlClassifier.CACHE_CAPACITY);
    }

    // tracked SET

    @Test
    void setOfTrackedParameterIsTrackedWithItsSqlText() {
        SqlEffects effects = classify("SET search_path = \"$user\", public");
        assertThat(effects.pins()).isFalse();
        assertThat(effects.trackedChanges()).containsExactly(set("search_path", "\"$user\", public"));
        assertThat(effects.onlyTrackedSettings()).isTrue();
    }

    @Test
    void setWithToAndSessionAndMixedCaseIsTracked() {
        assertThat(classify("set SESSION Statement_Timeout TO '5s'").trackedChanges())
                .containsExactly(set("statement_timeout", "'5s'"));
        assertThat(classify("SET lock_timeout=5000").trackedChanges()).containsExactly(set("lock_timeout", "5000"));
    }

    @Test
    void quotedParameterNameIsLowerCased() {
        assertThat(classify("SET \"Search_Path\" TO a").trackedChanges()).containsExactly(set("search_path", "a"));
    }

    @Test
    void signedNumberValueIsKept() {
        assertThat(classify("SET extra_float_digits = -3").trackedChanges())
                .containsExactly(set("extra_float_digits", "-3"));
    }

    @Test
    void setToDefaultIsAReset() {
        assertThat(classify("SET statement_timeout TO DEFAULT").trackedChanges())
                .containsExactly(TrackedSetting.reset("statement_timeout"));
        assertThat(classify("set application_name = default").trackedChanges())
                .containsExactly(TrackedSetting.reset("application_name"));
    }

    @Test
    void setTimeZoneIsTrackedAsTimezone() {
        SqlEffects effects = classify("SET TIME ZONE 'Europe/Paris'");
        assertThat(effects.trackedChanges()).extracting(TrackedSetting::name, TrackedSetting::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("timezone", "'Europe/Paris'"));
        assertThat(effects.trackedChanges().get(0).applySql(true)).isEqualTo("SET LOCAL TIME ZONE 'Europe/Paris'");
    }

    @Test
    void setTimeZoneIntervalKeepsItsSyntax() {
        TrackedSetting setting = classify("SET TIME ZONE INTERVAL '+02:00' HOUR TO MINUTE").trackedChanges().get(0);
        assertThat(setting.applySql(false)).isEqualTo("SET TIME ZONE INTERVAL '+02:00' HOUR TO MINUTE");
    }

    @Test
    void setTimeZoneLocalIsAReset() {
        assertThat(classify("SET TIME ZONE LOCAL").trackedChanges()).containsExactly(TrackedSetting.reset("timezone"));
    }

    @Test
    void setSchemaIsTrackedAsSearchPath() {
        assertThat(classify("SET SCHEMA 'app'").trackedChanges()).containsExactly(set("search_path", "'app'"));
    }

    @Test
    void setNamesPins() {
        assertPins("SET NAMES 'LATIN1'", "client_encoding");
    }

    @Test
    void setOfUntrackedParameterPins() {
        assertPins("SET work_mem = '64MB'", "work_mem");
        assertPins("SET myapp.tenant = 42", "myapp.tenant");
    }

    @Test
    void configuredTrackedParametersReplaceTheDefaults() {
        SqlClassifier custom = new SqlClassifier(Set.of("MyApp.Tenant"));
        assertThat(custom.classify("SET myapp.tenant = 42").trackedChanges()).containsExactly(set("myapp.tenant", "42"));
        assertThat(custom.classify("SET search_path = a").pins()).isTrue();
    }

    @Test
    void blankTrackedParameterNameIsRejected() {
        assertThatThrownBy(() -> new SqlClassifier(Set.of(" "))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be blank");
    }

    @Test
    void setWithNonLiteralValuePins() {
        assertPins("SET search_path = ?", "cannot be read");
        assertPins("SET statement_timeout = 1 + 1", "cannot be read");
    }

    @Test
    void unreadableSetPins() {
        assertPins("SET", "cannot be read");
        assertPins("SET search_path", "cannot be read");
        assertPins("SET TIME 'x'", "cannot be read");
    }

    // RESET

    @Test
    void resetOfTrackedParameterIsTracked() {
        assertThat(classify("RESET search_path").trackedChanges()).containsExactly(TrackedSetting.reset("search_path"));
        assertThat(classify("reset time zone").trackedChanges()).containsExactly(TrackedSetting.reset("timezone"));
    }

    @Test
    void resetAllIsTracked() {
        SqlEffects effects = classify("RESET ALL");
        assertThat(effects.trackedChanges()).containsExactly(TrackedSetting.resetAll());
        assertThat(effects.pins()).isFalse();
    }

    @Test
    void resetOfUntrackedParameterRestoresTheDefaultAndDoesNotPin() {
        assertNoSessionEffect("RESET work_mem");
    }

    @Test
    void resetRoleAndSessionAuthorizationPin() {
        assertPins("RESET ROLE", "role");
        assertPins("RESET SESSION AUTHORIZATION", "user");
    }

    // pinned SET forms and transaction-scoped SET forms

    @Test
    void setRolePins() {
        assertPins("SET ROLE reporting", "role");
        assertPins("SET SESSION ROLE reporting", "role");
    }

    @Test
    void setSessionAuthorizationPins() {
        assertPins("SET SESSION AUTHORIZATION bob", "user");
    }

    @Test
    void setSessionCharacteristicsIsolationLevelIsTrackedAsTheDefaultIsolation() {
        assertThat(classify("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE").trackedChanges())
                .containsExactly(set("default_transaction_isolation", "'serializable'"));
        assertThat(classify("set session characteristics as transaction isolation level repeatable  read").trackedChanges())
                .containsExactly(set("default_transaction_isolation", "'repeatable read'"));
    }

    @Test
    void setSessionCharacteristicsOfOtherTransactionModesPins() {
        assertPins("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY", "characteristics");
        assertPins("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ ONLY", "characteristics");
        assertPins("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SOMETHING", "characteristics");
    }

    @Test
    void defaultTransactionIsolationIsTrackedWithoutBeingListed() {
        assertThat(classify("SET default_transaction_isolation = 'repeatable read'").trackedChanges())
                .containsExactly(set("default_transaction_isolation", "'repeatable read'"));
        assertThat(classify("SET SESSION default_transaction_isolation TO serializable").trackedChanges())
                .containsExactly(set("default_transaction_isolation", "serializable"));
        assertThat(classify("RESET default_transaction_isolation").trackedChanges())
                .containsExactly(TrackedSetting.reset("default_transaction_isolation"));
        assertPins("SET default_transaction_isolation = 'no such level'", "cannot be read");
    }

    @Test
    void alterDatabaseOrRoleSetChangesTheDefaultsOfNewSessions() {
        assertThat(classify("ALTER DATABASE app SET default_transaction_isolation = 'serializable'")
                .changesSessionDefaults()).isTrue();
        assertThat(classify("alter role bob in database app reset all").changesSessionDefaults()).isTrue();
        assertThat(classify("ALTER USER bob SET search_path = a").changesSessionDefaults()).isTrue();
        assertThat(classify("ALTER DATABASE app RENAME TO other").changesSessionDefaults()).isFalse();
        assertThat(classify("ALTER ROLE bob PASSWORD 'set'").changesSessionDefaults()).isFalse();
        assertThat(classify("ALTER TABLE t SET UNLOGGED")).isSameAs(SqlEffects.NONE);
    }

    @Test
    void setLocalIsSafe() {
        assertNoSessionEffect("SET LOCAL work_mem = '1GB'");
        assertNoSessionEffect("SET LOCAL ROLE admin");
    }

    @Test
    void setTransactionAndConstraintsAreSafe() {
        assertNoSessionEffect("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE");
        assertNoSessionEffect("SET CONSTRAINTS ALL DEFERRED");
    }

    // set_config

    @Test
    void setConfigWithLiteralsOfTrackedParameterIsTracked() {
        SqlEffects effects = classify("select set_config('search_path', '\"$user\", public', false)");
        assertThat(effects.pins()).isFalse();
        assertThat(effects.onlyTrackedSettings()).isFalse();
        TrackedSetting setting = effects.trackedChanges().get(0);
        assertThat(setting.name()).isEqualTo("search_path");
        assertThat(setting.value()).isEqualTo("'\"$user\", public'");
        assertThat(setting.applySql(true))
                .isEqualTo("SELECT pg_catalog.set_config('search_path', '\"$user\", public', true)");
    }

    @Test
    void setConfigOfUntrackedParameterPins() {
        assertPins("SELECT pg_catalog.set_config('work_mem', '1GB', false)", "work_mem");
    }

    @Test
    void transactionLocalSetConfigIsSafe() {
        assertNoSessionEffect("SELECT set_config('work_mem', '1GB', true)");
        assertNoSessionEffect("SELECT set_config(?, ?, true)");
    }

    @Test
    void setConfigWithNonLiteralArgumentsPins() {
        assertPins("SELECT set_config('search_path', ?, false)", "non-literal");
        assertPins("SELECT set_config(?, 'x', false)", "non-literal");
        assertPins("SELECT set_config('search_path', 'a' || 'b', false)", "non-literal");
        assertPins("SELECT set_config('search_path', 'a', ?)", "is_local");
    }

    // other pinning statements

    @Test
    void temporaryObjectsPin() {
        assertPins("CREATE TEMP TABLE t (a int)", "TEMP TABLE");
        assertPins("create temporary view v as select 1", "TEMP VIEW");
        assertPins("CREATE GLOBAL TEMPORARY TABLE t (a int)", "temporary");
        assertPins("CREATE LOCAL TEMP SEQUENCE s", "TEMP SEQUENCE");
        assertPins("CREATE OR REPLACE TEMP VIEW v AS SELECT 1", "TEMP VIEW");
        assertPins("CREATE TABLE pg_temp.t (a int)", "pg_temp");
    }

    @Test
    void temporaryTableDroppedOnCommitDoesNotPin() {
        assertNoSessionEffect("CREATE TEMP TABLE t (a int) ON COMMIT DROP");
    }

    @Test
    void unloggedAndOrdinaryTablesDoNotPin() {
        assertNoSessionEffect("CREATE UNLOGGED TABLE t (a int)");
        assertNoSessionEffect("CREATE TABLE temp_data (temp int)");
    }

    @Test
    void selectIntoTempPins() {
        assertPins("SELECT * INTO TEMP t FROM accounts", "INTO TEMP");
        assertPins("select a into temporary table t from x", "INTO TEMP");
        assertPins("WITH w AS (SELECT 1) SELECT * INTO pg_temp.t FROM w", "INTO TEMP");
    }

    @Test
    void insertIntoATableNamedTempDoesNotPin() {
        assertNoSessionEffect("INSERT INTO temp VALUES (1)");
    }

    @Test
    void listenLoadAndPreparePin() {
        assertPins("LISTEN orders", "LISTEN");
        assertPins("LOAD 'auto_explain'", "LOAD");
        assertPins("PREPARE q(int) AS SELECT $1", "prepared statement");
        assertPins("EXECUTE q(1)", "EXECUTE");
    }

    @Test
    void declareWithHoldPinsButPlainCursorDoesNot() {
        assertPins("DECLARE c CURSOR WITH HOLD FOR SELECT 1", "WITH HOLD");
        assertPins("declare c no scroll cursor with hold for select 1", "WITH HOLD");
        assertNoSessionEffect("DECLARE c CURSOR WITHOUT HOLD FOR SELECT 1");
        assertNoSessionEffect("DECLARE c CURSOR FOR WITH hold AS (SELECT 1) SELECT * FROM hold");
    }

    @Test
    void discardAllAndDeallocatePin() {
        assertPins("DISCARD ALL", "DISCARD ALL");
        assertPins("DEALLOCATE ALL", "DEALLOCATE");
        assertPins("DEALLOCATE PREPARE q", "DEALLOCATE");
    }

    @Test
    void narrowDiscardsDoNotPin() {
        assertNoSessionEffect("DISCARD PLANS");
        assertNoSessionEffect("DISCARD TEMP");
        assertNoSessionEffect("DISCARD SEQUENCES");
    }

    @Test
    void doBlockPins() {
        assertPins("DO $$ BEGIN PERFORM 1; END $$", "DO block");
    }

    @Test
    void explainAnalyzeOfTempTableCreationPins() {
        assertPins("EXPLAIN (ANALYZE, BUFFERS) CREATE TEMP TABLE t AS SELECT 1", "TEMP TABLE");
        assertNoSessionEffect("EXPLAIN ANALYZE SELECT 1");
    }

    // advisory locks

    @Test
    void sessionAdvisoryLocksPinWhereverTheyAppear() {
        assertPins("SeLeCt  pg_advisory_lock (1)", "pg_advisory_lock");
        assertPins("select public.pg_advisory_lock(1)", "pg_advisory_lock");
        assertPins("SELECT pg_catalog.pg_advisory_lock_shared(1)", "pg_advisory_lock_shared");
        assertPins("SELECT x FROM t WHERE pg_try_advisory_lock(t.id)", "pg_try_advisory_lock");
        assertPins("WITH l AS (SELECT pg_try_advisory_lock_shared(1, 2)) SELECT * FROM l", "pg_try_advisory_lock_shared");
        assertPins("SELECT coalesce(pg_advisory_lock(hashtext('x')), 1)", "pg_advisory_lock");
        assertPins("SELECT \"pg_advisory_lock\"(1)", "pg_advisory_lock");
    }

    @Test
    void transactionAdvisoryLocksAndUnlocksAreSafe() {
        assertNoSessionEffect("SELECT pg_advisory_xact_lock(1)");
        assertNoSessionEffect("SELECT pg_try_advisory_xact_lock_shared(1)");
        assertNoSessionEffect("SELECT pg_advisory_unlock(1)");
        assertNoSessionEffect("SELECT pg_advisory_unlock_all()");
    }

    @Test
    void advisoryLockNamesOutsideCallsDoNotPin() {
        assertNoSessionEffect("select 'pg_advisory_lock(1)'");
        assertNoSessionEffect("select pg_advisory_lock from t");
        assertNoSessionEffect("select \"PG_ADVISORY_LOCK\"(1)");
        assertNoSessionEffect("CREATE FUNCTION f() RETURNS void AS $$ SELECT pg_advisory_lock(1) $$ LANGUAGE sql");
    }

    // transaction control

    @Test
    void beginAndStartTransactionAreRecognised() {
        assertThat(classify("BEGIN").transactionControls()).containsExactly(TransactionControl.BEGIN);
        assertThat(classify("begin isolation level serializable").lastTransactionControl()).isEqualTo(TransactionControl.BEGIN);
        assertThat(classify("START TRANSACTION READ ONLY").lastTransactionControl()).isEqualTo(TransactionControl.BEGIN);
        assertThat(classify("BEGIN").pins()).isFalse();
    }

    @Test
    void commitAndEndAreRecognised() {
        assertThat(classify("COMMIT").lastTransactionControl()).isEqualTo(TransactionControl.COMMIT);
        assertThat(classify("end work").lastTransactionControl()).isEqualTo(TransactionControl.COMMIT);
        assertThat(classify("COMMIT AND NO CHAIN").lastTransactionControl()).isEqualTo(TransactionControl.COMMIT);
        assertThat(classify("COMMIT AND CHAIN").lastTransactionControl()).isEqualTo(TransactionControl.COMMIT_AND_CHAIN);
    }

    @Test
    void rollbackAndAbortAreRecognisedButNotRollbackToSavepoint() {
        assertThat(classify("ROLLBACK").lastTransactionControl()).isEqualTo(TransactionControl.ROLLBACK);
        assertThat(classify("abort transaction").lastTransactionControl()).isEqualTo(TransactionControl.ROLLBACK);
        assertThat(classify("ROLLBACK AND CHAIN").lastTransactionControl()).isEqualTo(TransactionControl.ROLLBACK_AND_CHAIN);
        assertThat(classify("ROLLBACK TO SAVEPOINT s1")).isSameAs(SqlEffects.NONE);
        assertThat(classify("rollback work to s1")).isSameAs(SqlEffects.NONE);
    }

    @Test
    void twoPhaseCommitStatementsAreRecognisedWithoutPinning() {
        assertThat(classify("PREPARE TRANSACTION 'tx1'").lastTransactionControl())
                .isEqualTo(TransactionControl.PREPARE_TRANSACTION);
        assertThat(classify("PREPARE TRANSACTION 'tx1'").pins()).isFalse();
        assertThat(classify("COMMIT PREPARED 'tx1'").lastTransactionControl()).isEqualTo(TransactionControl.COMMIT_PREPARED);
        assertThat(classify("ROLLBACK PREPARED 'tx1'").lastTransactionControl())
                .isEqualTo(TransactionControl.ROLLBACK_PREPARED);
    }

    @Test
    void transactionControlsSayWhetherABlockStaysOpen() {
        assertThat(TransactionControl.BEGIN.leavesBlockOpen()).isTrue();
        assertThat(TransactionControl.COMMIT_AND_CHAIN.leavesBlockOpen()).isTrue();
        assertThat(TransactionControl.COMMIT.closesBlock()).isTrue();
        assertThat(TransactionControl.PREPARE_TRANSACTION.closesBlock()).isTrue();
        assertThat(TransactionControl.COMMIT_PREPARED.closesBlock()).isFalse();
        assertThat(TransactionControl.COMMIT_PREPARED.leavesBlockOpen()).isFalse();
    }

    // multi-statement strings

    @Test
    void multiStatementStringMergesTrackedChangesInOrder() {
        SqlEffects effects = classify("SET search_path = a; SELECT 1; RESET search_path");
        assertThat(effects.trackedChanges())
                .containsExactly(set("search_path", "a"), TrackedSetting.reset("search_path"));
        assertThat(effects.pins()).isFalse();
        assertThat(effects.onlyTrackedSettings()).isFalse();
    }

    @Test
    void pinInAnyStatementPinsTheWholeString() {
        assertPins("SELECT 1; SET ROLE x; SELECT 2", "role");
    }

    @Test
    void transactionControlsAreListedInOrder() {
        SqlEffects effects = classify("BEGIN; INSERT INTO t VALUES (1); COMMIT");
        assertThat(effects.transactionControls()).containsExactly(TransactionControl.BEGIN, TransactionControl.COMMIT);
        assertThat(effects.lastTransactionControl()).isEqualTo(TransactionControl.COMMIT);
    }

    @Test
    void trackedChangeMixedWithTransactionControlPins() {
        assertPins("BEGIN; SET search_path = a; ROLLBACK", "transaction control");
    }

    @Test
    void sqlStandardRoutineBodyIsOneStatement() {
        assertNoSessionEffect("CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; "
                + "SELECT CASE WHEN true THEN 1 END; END");
        assertThat(classify("CREATE PROCEDURE p() BEGIN ATOMIC SELECT 1; END").transactionControls()).isEmpty();
    }

    // applySql and shape

    @Test
    void trackedSettingRendersSessionAndLocalSql() {
        TrackedSetting setting = classify("SET search_path TO \"$user\", public").trackedChanges().get(0);
        assertThat(setting.applySql(false)).isEqualTo("SET search_path TO \"$user\", public");
        assertThat(setting.applySql(true)).isEqualTo("SET LOCAL search_path TO \"$user\", public");
        assertThat(TrackedSetting.reset("lock_timeout").applySql(true)).isEqualTo("SET LOCAL lock_timeout TO DEFAULT");
        assertThat(TrackedSetting.reset("lock_timeout").applySql(false)).isEqualTo("RESET lock_timeout");
    }

    @Test
    void resetAllHasNoTransactionLocalForm() {
        assertThat(TrackedSetting.resetAll().applySql(false)).isEqualTo("RESET ALL");
        assertThatThrownBy(() -> TrackedSetting.resetAll().applySql(true)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shapeReplacesLiteralsAndCollapsesWhitespace() {
        assertThat(SqlClassifier.shapeOf("SELECT  *\n FROM t /* c */ WHERE a = 'x' AND b IN (1, 2.5, ?)"))
                .isEqualTo("SELECT * FROM t WHERE a = ? AND b IN (?, ?, ?)");
        assertThat(classify("SET ROLE   admin").shape()).isEqualTo("SET ROLE admin");
    }

    @Test
    void shapeIsTruncated() {
        String shape = SqlClassifier.shapeOf("SELECT " + "column_name, ".repeat(1000) + "x FROM t");
        assertThat(shape).hasSizeLessThanOrEqualTo(120).endsWith("...");
    }
}
