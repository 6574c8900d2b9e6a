package io.pgmux.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: an autocommit statement goes to a standby only where the classifier proves it read-only and free of
 * side effects. {@link ReadOnlyOnPostgresTest} runs every statement of {@link #PROVABLY_READ_ONLY} in a read-only
 * transaction against the fixture table {@code ro_items}.
 */
class SqlClassifierReadOnlyTest {

    /** Each runs in {@code BEGIN READ ONLY} on PostgreSQL; {@code ?} placeholders take the integer 1. */
    static final List<String> PROVABLY_READ_ONLY = List.of(
            "SELECT 1",
            "select * from ro_items where id = 1",
            "SELECT id, name FROM ro_items WHERE id = ? AND amount > ?",
            ";; SELECT 1;",
            "SELECT count(*), sum(amount), avg(amount), min(created), max(created) FROM ro_items",
            "SELECT coalesce(name, 'none'), NULLIF(name, ''), greatest(1, 2), least(1, 2) FROM ro_items",
            "SELECT lower(name), UPPER(name), length(name), substr(name, 1, 2), substring(name from 1 for 2), "
                    + "trim(both ' ' from name), concat(name, '!'), replace(name, 'a', 'b') FROM ro_items",
            "SELECT abs(-1), round(amount, 1), floor(amount), ceil(amount), mod(id, 2) FROM ro_items",
            "SELECT now(), current_timestamp, current_timestamp(3), current_date, date_trunc('day', created), "
                    + "extract(epoch from created), to_char(created, 'YYYY') FROM ro_items",
            "SELECT date_part('year', created), age(created), make_date(2024, 1, 1) FROM ro_items",
            "SELECT CAST(amount AS int), amount::numeric(12, 3), name::varchar(5), created::timestamp(0), "
                    + "cast(amount as text) || ' EUR' FROM ro_items",
            "SELECT doc ->> 'k', doc -> 'k', jsonb_build_object('id', id), jsonb_typeof(doc), json_build_array(1, 2) "
                    + "FROM ro_items",
            "SELECT jsonb_agg(doc ORDER BY id), to_jsonb(array_agg(i)) FROM ro_items i",
            "SELECT * FROM generate_series(1, 3) AS g(n)",
            "SELECT n FROM generate_series(1, 3) g(n)",
            "SELECT unnest(tags) FROM ro_items",
            "SELECT x FROM unnest(ARRAY[1, 2]) WITH ORDINALITY AS u(x, i)",
            "SELECT id, row_number() OVER (ORDER BY id), rank() OVER w, lag(amount) OVER (PARTITION BY name ORDER BY id) "
                    + "FROM ro_items WINDOW w AS (ORDER BY amount)",
            "SELECT count(*) FILTER (WHERE amount > 0) FROM ro_items",
            "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY amount) FROM ro_items",
            "SELECT string_agg(name, ', ' ORDER BY name), array_agg(DISTINCT id), bool_and(amount > 0) FROM ro_items",
            "SELECT * FROM ro_items WHERE id IN (1, 2) AND EXISTS (SELECT 1 FROM ro_items i2 WHERE i2.id = ro_items.id) "
                    + "AND name = ANY (ARRAY['a', 'b']) AND amount > ALL (SELECT 0) AND NOT (id < 0)",
            "SELECT ARRAY(SELECT id FROM ro_items), ROW(1, 'a')",
            "VALUES (1, 'one'), (2, 'two')",
            "TABLE ro_items",
            "(SELECT 1) UNION ALL (SELECT 2)",
            "WITH recent AS (SELECT * FROM ro_items WHERE created > now() - interval '1 day') SELECT count(*) FROM recent",
            "WITH RECURSIVE t(n) AS (VALUES (1) UNION ALL SELECT n + 1 FROM t WHERE n < 5) SELECT sum(n) FROM t",
            "WITH x(a, b) AS MATERIALIZED (SELECT 1, 2), y AS NOT MATERIALIZED (SELECT 3) SELECT a + b FROM x, y",
            "SHOW search_path",
            "SHOW TIME ZONE",
            "show transaction isolation level",
            "SELECT pg_catalog.lower(name), pg_catalog.count(*) FROM ro_items GROUP BY name",
            "SELECT \"lower\"(name) FROM ro_items",
            "SELECT pg_sleep(0)",
            "SELECT 'insert into x' || $$ update $$ AS \"delete\", E'nextval(\\'s\\')' AS n FROM ro_items "
                    + "/* FOR UPDATE */ -- select nextval('s')",
            "SELECT \"into\", 'FOR UPDATE' FROM (SELECT 1 AS \"into\") q",
            "SELECT name FROM ro_items ORDER BY (amount) DESC NULLS LAST LIMIT 10 OFFSET 0",
            "SELECT id FROM ro_items ORDER BY id FETCH FIRST (2) ROWS ONLY",
            "SELECT a.id FROM ro_items a JOIN (SELECT id FROM ro_items) b USING (id) "
                    + "LEFT JOIN LATERAL (SELECT 1 AS one) c ON (true) CROSS JOIN (SELECT 2) d",
            "SELECT x.id FROM \"ro_items\" x JOIN (VALUES (1)) v(id) ON v.id = x.id",
            "SELECT name, count(*) FROM ro_items GROUP BY GROUPING SETS ((name), ())",
            "SELECT name, count(*) FROM ro_items GROUP BY ROLLUP (name)",
            "SELECT * FROM (VALUES (1, 'a')) v(id, name)",
            "SELECT DISTINCT ON (name) name, id FROM ro_items ORDER BY name, id",
            "SELECT created AT TIME ZONE ('UTC') FROM ro_items",
            "SELECT CASE WHEN amount > 0 THEN 'positive' ELSE 'other' END FROM ro_items",
            "SELECT id FROM ro_items WHERE name LIKE 'a%' AND name ~ '^a' "
                    + "AND created BETWEEN now() - interval '1 day' AND now()",
            "SELECT count(*) FROM ro_items WHERE doc @> '{\"k\": 1}' AND tags && ARRAY['x']",
            "SELECT * FROM ro_items FOR READ ONLY",
            "SELECT current_database(), current_schema(), pg_typeof(id) FROM ro_items");

    /** Writes, locks, volatile or unknown functions, several statements, and what cannot be read. */
    static final List<String> NOT_PROVABLY_READ_ONLY = List.of(
            "INSERT INTO ro_items VALUES (1)",
            "UPDATE ro_items SET name = 'x'",
            "DELETE FROM ro_items",
            "MERGE INTO ro_items t USING (SELECT 1 AS id) s ON t.id = s.id WHEN MATCHED THEN DELETE",
            "SELECT nextval('s')",
            "select NEXTVAL('s')",
            "SELECT currval('s')",
            "SELECT setval('s', 1)",
            "SELECT pg_catalog.nextval('s')",
            "SELECT \"nextval\"('s')",
            "SELECT id, nextval('s') AS n FROM ro_items",
            "SELECT nextval('s') AS materialized FROM ro_items",
            "SELECT created AT TIME ZONE nextval('s')::text FROM ro_items",
            "SELECT count(*) OVER (), nextval('s') FROM ro_items",
            "SELECT pg_advisory_xact_lock(1)",
            "SELECT pg_try_advisory_lock(1)",
            "SELECT txid_current()",
            "SELECT pg_current_xact_id()",
            "SELECT pg_notify('channel', 'x')",
            "SELECT set_config('search_path', 'x', false)",
            "SELECT lo_create(0)",
            "SELECT dblink_exec('db', 'DELETE FROM t')",
            "SELECT my_function(1)",
            "SELECT * FROM my_set_returning_function(1)",
            "SELECT * FROM ro_items, LATERAL my_function(ro_items.id)",
            "SELECT public.lower(name) FROM ro_items",
            "SELECT myschema.count(*) FROM ro_items",
            "SELECT pg_catalog.public.lower(name) FROM ro_items",
            "SELECT \"LOWER\"(name) FROM ro_items",
            "SELECT U&\"lower\"(name) FROM ro_items",
            "SELECT OPERATOR(pg_catalog.+)(1, 2)",
            "SELECT * FROM ro_items TABLESAMPLE SYSTEM (10)",
            "SELECT 1 FROM ro_items WHERE id = 1 AND join(2)",
            "SELECT 1 FROM ro_items ORDER BY rollup(id)",
            "SELECT 1 FROM ro_items WHERE NOT materialized(id)",
            "SELECT 1 FROM ro_items ORDER BY by(id)",
            "SELECT 1 FROM ro_items a, b(1)",
            "SELECT 1 FROM ro_items x(a) WHERE a = 1",
            "SELECT * FROM ro_items FOR UPDATE",
            "SELECT * FROM ro_items FOR NO KEY UPDATE",
            "SELECT * FROM ro_items for share",
            "SELECT * FROM ro_items FOR KEY SHARE",
            "SELECT * FROM ro_items FOR UPDATE SKIP LOCKED",
            "SELECT * INTO new_table FROM ro_items",
            "SELECT * INTO TEMP t2 FROM ro_items",
            "WITH x AS (INSERT INTO ro_items VALUES (1) RETURNING *) SELECT * FROM x",
            "WITH x AS (DELETE FROM ro_items RETURNING *) SELECT 1",
            "WITH x AS (UPDATE ro_items SET name = 'x' RETURNING *) SELECT count(*) FROM x",
            "WITH x AS (SELECT 1) INSERT INTO ro_items SELECT * FROM x",
            "SELECT 1; SELECT 2",
            "SELECT 1; DELETE FROM ro_items",
            "EXPLAIN SELECT 1",
            "SHOW transaction_read_only",
            "SHOW default_transaction_read_only",
            "SHOW in_hot_standby",
            "SHOW ALL",
            "SHOW \"search_path\"",
            "SHOW",
            "SELECT pg_is_in_recovery()",
            "SELECT pg_current_wal_lsn()",
            "SELECT current_setting('transaction_read_only')",
            "SELECT setseed(0.5)",
            "SELECT 'unterminated",
            "SELECT (1",
            "SELECT 1)",
            "CALL p()",
            "DO $$ BEGIN END $$",
            "COPY ro_items TO STDOUT",
            "BEGIN READ ONLY",
            "SET search_path = x",
            "LOCK TABLE ro_items",
            "DECLARE c CURSOR FOR SELECT 1",
            "VACUUM ro_items",
            "REFRESH MATERIALIZED VIEW v",
            "NOTIFY c",
            "PREPARE p AS SELECT 1",
            "EXECUTE p",
            "SELECT t.update FROM ro_items t",
            "",
            "  ;  ");

    private final SqlClassifier classifier = new SqlClassifier();

    @Test
    void readOnlyQueriesOfBuiltInFunctionsAreProvablyReadOnly() {
        for (String sql : PROVABLY_READ_ONLY) {
            assertThat(classifier.provablyReadOnly(sql)).as("provably read-only: %s", sql).isTrue();
        }
    }

    @Test
    void writesLocksUnknownFunctionsAndSeveralStatementsAreNot() {
        for (String sql : NOT_PROVABLY_READ_ONLY) {
            assertThat(classifier.provablyReadOnly(sql)).as("not provably read-only: %s", sql).isFalse();
        }
        assertThat(classifier.provablyReadOnly(null)).isFalse();
    }

    @Test
    void provablyReadOnlySqlHasNoSessionEffect() {
        for (String sql : PROVABLY_READ_ONLY) {
            SqlEffects effects = classifier.classify(sql);
            assertThat(effects.changesSession()).as(sql).isFalse();
            assertThat(effects.transactionControls()).as(sql).isEmpty();
        }
    }

    @Test
    void everyBuiltInFunctionOfTheAllowListIsAllowedAndOthersAreNot() {
        for (String function : ReadOnlyProof.FUNCTIONS) {
            assertThat(classifier.provablyReadOnly("SELECT " + function + "(x) FROM t")).as(function).isTrue();
            assertThat(classifier.provablyReadOnly("SELECT pg_catalog." + function + "(x) FROM t")).as(function).isTrue();
            assertThat(classifier.provablyReadOnly("SELECT app." + function + "(x) FROM t")).as(function).isFalse();
            assertThat(classifier.provablyReadOnly("SELECT " + function + "_x(x) FROM t")).as(function).isFalse();
        }
    }

    @Test
    void answersAreCachedPerSqlAndTheCacheStaysBounded() {
        String sql = "SELECT lower(name) FROM ro_items WHERE id = ?";
        assertThat(classifier.provablyReadOnly(sql)).isTrue();
        assertThat(classifier.cachedReadOnlyCount()).isEqualTo(1);
        assertThat(classifier.provablyReadOnly(new String(sql))).isTrue();
        assertThat(classifier.cachedReadOnlyCount()).isEqualTo(1);
        assertThat(classifier.cachedCount()).as("classify's cache is not filled").isZero();
        for (int i = 0; i < SqlClassifier.CACHE_CAPACITY * 3; i++) {
            classifier.provablyReadOnly("select " + i);
        }
        assertThat(classifier.cachedReadOnlyCount()).isLessThanOrEqualTo(SqlClassifier.CACHE_CAPACITY);
    }

    @Test
    void aCachedAnswerAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        String provable = "SELECT count(*) FROM ro_items WHERE name = ?";
        String refused = "SELECT nextval('s')";
        boolean expected = classifier.provablyReadOnly(provable) && !classifier.provablyReadOnly(refused);
        long thread = Thread.currentThread().getId();
        boolean all = true;
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 100_000; i++) {
            all &= classifier.provablyReadOnly(provable) && !classifier.provablyReadOnly(refused);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertThat(expected && all).isTrue();
        assertThat(allocated).as("bytes allocated by 200,000 cached answers").isLessThan(10_000);
    }
}
