package io.pgmux.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The classifier must answer every input without throwing, hanging or going quadratic. Seeds: a fixed
 * one, plus {@code -Dpgmux.fuzz.seed=N} to reproduce a failure.
 */
class SqlClassifierFuzzTest {

    /** Only guards against hangs; tests assert outcomes, never speed. */
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);
    private static final long SEED = Long.getLong("pgmux.fuzz.seed", 20240611L);

    private static final List<String> FRAGMENTS = List.of(
            "SET ", "search_path", " = ", "TO ", "'x'", "E'\\''", "$$", "$t$", "\"", "\"\"", "''", "'", "--", "\n",
            "/*", "*/", ";", "(", ")", ",", ".", "?", "$1", "pg_advisory_lock", "set_config", "('search_path', 'a', false)",
            "SELECT ", "INTO ", "TEMP ", "CREATE ", "TABLE ", "BEGIN ", "ATOMIC ", "END", "CASE ", "FUNCTION ",
            "ROLLBACK ", "TO ", "SAVEPOINT ", "COMMIT", "RESET ", "ALL", "ROLE ", "DECLARE ", "WITH ", "HOLD ", "FOR ",
            "LISTEN ", "TIME ZONE ", "DEFAULT", "U&'", "-", "+", "1e-", "EXPLAIN (", " ");

    private static final List<String> TRICKY = List.of(
            "SET search_path = \"$user\", public",
            "select set_config('search_path', 'a, b', false); SET ROLE x",
            "select E'it\\'s' || 'x''y' || $tag$ $$ ; $tag$ from \"we\"\"ird\" /* a /* b */ c */ -- end",
            "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN true THEN 1 END; END; LISTEN x",
            "DECLARE c CURSOR WITH HOLD FOR SELECT pg_try_advisory_lock(1)",
            "SET TIME ZONE INTERVAL '+02:00' HOUR TO MINUTE; RESET ALL",
            "BEGIN; SELECT * INTO TEMP t FROM x; COMMIT AND CHAIN");

    private final SqlClassifier classifier = new SqlClassifier();

    private SqlEffects classifyAndCheck(String sql) {
        SqlEffects effects = classifier.classify(sql);
        assertThat(effects).isNotNull();
        classifier.provablyReadOnly(sql);
        assertThat(effects.pins()).isEqualTo(!effects.pinReason().isEmpty());
        assertThat(effects.shape().length()).isLessThanOrEqualTo(200);
        return effects;
    }

    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(SEED);
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            for (int i = 0; i < 20_000; i++) {
                byte[] bytes = new byte[random.nextInt(200)];
                random.nextBytes(bytes);
                classifyAndCheck(new String(bytes, StandardCharsets.ISO_8859_1));
                classifyAndCheck(new String(bytes, StandardCharsets.UTF_8));
            }
        });
    }

    @Test
    void randomSplicesOfSqlFragmentsNeverThrow() {
        Random random = new Random(SEED);
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            for (int i = 0; i < 20_000; i++) {
                StringBuilder sql = new StringBuilder();
                int pieces = 1 + random.nextInt(25);
                for (int p = 0; p < pieces; p++) {
                    sql.append(FRAGMENTS.get(random.nextInt(FRAGMENTS.size())));
                }
                classifyAndCheck(sql.toString());
            }
        });
    }

    @Test
    void everyPrefixOfTrickyStatementsIsAnswered() {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            for (String sql : TRICKY) {
                for (int end = 0; end <= sql.length(); end++) {
                    classifyAndCheck(sql.substring(0, end));
                }
            }
        });
    }

    @Test
    void prefixEndingInsideAStringPins() {
        String sql = "SELECT 'a;b' FROM t";
        assertThat(classifier.classify(sql.substring(0, 10)).pins()).isTrue();
    }

    private SqlEffects classifyWithinHangGuard(String sql) {
        return assertTimeoutPreemptively(HANG_GUARD, () -> classifyAndCheck(sql));
    }

    @Test
    void tenMegabyteQueryWithAnAdvisoryLockAtTheEndPins() {
        String sql = "SELECT " + "a + 1, ".repeat(1_500_000) + "pg_advisory_lock(1)";
        assertThat(classifyWithinHangGuard(sql).pinReason()).contains("pg_advisory_lock");
    }

    @Test
    void tenMegabyteStringLiteralHasNoEffect() {
        assertThat(classifyWithinHangGuard("SELECT '" + "x".repeat(10_000_000) + "'").pins()).isFalse();
    }

    @Test
    void tenMegabyteCommentHidesWhatItContains() {
        String sql = "/*" + " set role x ".repeat(900_000) + "*/ SELECT 1";
        assertThat(classifyWithinHangGuard(sql).pins()).isFalse();
    }

    @Test
    void tenMegabyteSetValueIsTracked() {
        String sql = "SET search_path = " + "s, ".repeat(3_000_000) + "public";
        assertThat(classifyWithinHangGuard(sql).trackedChanges()).hasSize(1);
    }

    @Test
    void tenMegabyteUnterminatedStringPins() {
        assertThat(classifyWithinHangGuard("SELECT '" + "x".repeat(10_000_000)).pins()).isTrue();
    }

    @Test
    void millionNestedSetConfigCallsPin() {
        assertThat(classifyWithinHangGuard("SELECT " + "set_config(".repeat(1_000_000)).pins()).isTrue();
    }

    @Test
    void millionStatementsAreEachClassified() {
        assertThat(classifyWithinHangGuard("SELECT 1;".repeat(1_000_000) + "SET ROLE x").pinReason()).contains("role");
    }

    @Test
    void deeplyNestedCommentsAreAnswered() {
        String closed = "/*".repeat(100_000) + "*/".repeat(100_000) + " SET ROLE x";
        String open = "/*".repeat(100_000) + "*/".repeat(99_999) + " SET ROLE x";
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            assertThat(classifyAndCheck(closed).pinReason()).contains("role");
            assertThat(classifyAndCheck(open).pinReason()).contains("unterminated /* comment");
        });
    }

    @Test
    void unterminatedQuotesOfEveryKindPin() {
        for (String sql : List.of("SELECT 'a", "SELECT E'a\\'", "SELECT U&'a", "SELECT \"a", "SELECT $q$ a $q",
                "SELECT 1 /* a", "SET search_path = 'a")) {
            assertThat(classifyAndCheck(sql).pins()).as(sql).isTrue();
        }
    }
}
