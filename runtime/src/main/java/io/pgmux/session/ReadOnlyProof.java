package io.pgmux.session;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Proves from SQL text alone that a statement can run on a hot standby with no write and no side effect: one
 * {@code SELECT}, {@code VALUES}, {@code TABLE} or {@code WITH ... SELECT} that locks no rows, creates no table and
 * calls only built-in functions known to be free of side effects, or a {@code SHOW} of a setting that does not
 * differ on a standby. Anything it cannot prove is false, which only keeps a read on the primary.
 *
 * <p>Text cannot show what views, row security policies, operators or a user's overload of a built-in name call;
 * on a standby such a call fails with an error (a standby accepts no write), it does not write.
 */
final class ReadOnlyProof {

    /** Built-in functions that are safe on a standby and free of side effects, lower-case. */
    static final Set<String> FUNCTIONS = Set.of(
            // aggregates
            "count", "sum", "avg", "min", "max", "array_agg", "string_agg", "bool_and", "bool_or", "every",
            "bit_and", "bit_or", "json_agg", "jsonb_agg", "json_object_agg", "jsonb_object_agg", "stddev",
            "stddev_pop", "stddev_samp", "variance", "var_pop", "var_samp", "corr", "covar_pop", "covar_samp",
            "percentile_cont", "percentile_disc", "mode",
            // window functions
            "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead", "first_value",
            "last_value", "nth_value",
            // strings
            "lower", "upper", "initcap", "length", "char_length", "character_length", "octet_length", "bit_length",
            "substr", "btrim", "ltrim", "rtrim", "lpad", "rpad", "concat", "concat_ws", "replace", "translate",
            "strpos", "left", "right", "reverse", "repeat", "split_part", "starts_with", "format", "md5", "sha256",
            "sha512", "regexp_replace", "regexp_match", "regexp_matches", "regexp_split_to_array",
            "regexp_split_to_table", "ascii", "chr", "quote_ident", "quote_literal", "quote_nullable", "to_hex",
            "encode", "decode", "string_to_array", "array_to_string", "like", "overlaps",
            // numbers
            "abs", "round", "floor", "ceil", "ceiling", "trunc", "mod", "power", "sqrt", "cbrt", "exp", "ln", "log",
            "log10", "sign", "div", "pi", "random", "width_bucket", "gcd", "lcm", "scale",
            // dates and times
            "now", "clock_timestamp", "statement_timestamp", "transaction_timestamp", "timeofday", "date_trunc",
            "date_part", "date_bin", "age", "to_char", "to_date", "to_timestamp", "to_number", "make_date",
            "make_time", "make_timestamp", "make_timestamptz", "make_interval", "justify_days", "justify_hours",
            "justify_interval", "isfinite",
            // casts written as calls
            "date", "text", "int2", "int4", "int8", "float4", "float8", "numeric", "bool", "timestamptz", "timetz",
            "varchar", "bpchar",
            // JSON
            "to_json", "to_jsonb", "json_build_object", "jsonb_build_object", "json_build_array", "jsonb_build_array",
            "json_object", "jsonb_object", "row_to_json", "array_to_json", "json_array_length", "jsonb_array_length",
            "json_extract_path", "json_extract_path_text", "jsonb_extract_path", "jsonb_extract_path_text",
            "json_array_elements", "jsonb_array_elements", "json_array_elements_text", "jsonb_array_elements_text",
            "json_each", "jsonb_each", "json_each_text", "jsonb_each_text", "json_object_keys", "jsonb_object_keys",
            "json_typeof", "jsonb_typeof", "jsonb_set", "jsonb_insert", "json_strip_nulls", "jsonb_strip_nulls",
            "jsonb_pretty", "jsonb_path_query", "jsonb_path_query_array", "jsonb_path_query_first",
            "jsonb_path_exists", "jsonb_path_match", "json_to_record", "json_to_recordset", "jsonb_to_record",
            "jsonb_to_recordset",
            // arrays and set-returning functions
            "array_length", "cardinality", "array_position", "array_positions", "array_remove", "array_replace",
            "array_append", "array_prepend", "array_cat", "array_dims", "array_lower", "array_upper", "array_ndims",
            "array_fill", "unnest", "generate_series", "generate_subscripts",
            // ranges
            "isempty", "lower_inc", "upper_inc", "lower_inf", "upper_inf", "int4range", "int8range", "numrange",
            "tsrange", "tstzrange", "daterange",
            // text search
            "to_tsvector", "to_tsquery", "plainto_tsquery", "phraseto_tsquery", "websearch_to_tsquery", "ts_rank",
            "ts_rank_cd", "ts_headline", "setweight",
            // other
            "num_nulls", "num_nonnulls", "current_database", "current_schema", "current_schemas", "pg_typeof",
            "gen_random_uuid", "pg_sleep", "pg_sleep_for", "pg_sleep_until");

    /**
     * Keywords that PostgreSQL reserves or allows only as column names: followed by {@code (} they are syntax
     * ({@code IN (}, {@code EXISTS (}, {@code VALUES (}, {@code CAST(}, {@code numeric(10, 2)}), never a call of a
     * function a user could have created.
     */
    static final Set<String> SYNTAX_KEYWORDS = Set.of(
            "all", "and", "any", "array", "as", "asymmetric", "both", "case", "cast", "current_time",
            "current_timestamp", "distinct", "else", "except", "for", "from", "group", "having", "in", "intersect",
            "lateral", "leading", "limit", "localtime", "localtimestamp", "not", "offset", "on", "only", "or",
            "placing", "select", "some", "symmetric", "then", "to", "trailing", "union", "using", "variadic", "when",
            "where", "with",
            "between", "bigint", "bit", "boolean", "char", "character", "coalesce", "dec", "decimal", "exists",
            "extract", "float", "greatest", "grouping", "int", "integer", "interval", "least", "national", "nchar",
            "normalize", "nullif", "numeric", "overlay", "position", "precision", "real", "row", "smallint",
            "substring", "time", "timestamp", "treat", "trim", "values", "varchar", "xmlattributes", "xmlconcat",
            "xmlelement", "xmlexists", "xmlforest", "xmlparse", "xmlpi", "xmlroot", "xmlserialize");

    /** Words that write or lock wherever they stand in a query: data-modifying CTEs, SELECT INTO. */
    private static final String[] WRITING_WORDS = {"insert", "update", "delete", "merge", "into"};
    /** After FOR: FOR UPDATE, FOR NO KEY UPDATE, FOR SHARE, FOR KEY SHARE lock rows. */
    private static final String[] ROW_LOCK_WORDS = {"update", "share", "no", "key"};
    private static final String[] QUERY_KEYWORDS = {"select", "values", "table", "with"};
    /** Settings that answer differently on a standby, so SHOW of them must go to the primary. */
    private static final String[] STANDBY_SETTINGS = {
        "all", "transaction_read_only", "default_transaction_read_only", "in_hot_standby"};

    private final String sql;
    private int[] kinds = new int[32];
    private int[] starts = new int[32];
    private int[] ends = new int[32];
    private int count;

    private ReadOnlyProof(String sql) {
        this.sql = sql;
    }

    /** True only where {@code sql} is proven to run on a hot standby with no write and no side effect. */
    static boolean proves(String sql) {
        return new ReadOnlyProof(sql).proves();
    }

    private boolean proves() {
        if (!lex()) {
            return false;
        }
        if (isWord(0, "show")) {
            return showsSameOnStandby();
        }
        int head = 0;
        while (head < count && isPunct(head, '(')) {
            head++;
        }
        if (head == count || !isAnyWord(head, QUERY_KEYWORDS)) {
            return false;
        }
        int[] closing = matchParentheses();
        if (closing == null) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            if (kinds[i] == SqlLexer.WORD) {
                if (isAnyWord(i, WRITING_WORDS) || (isWord(i, "for") && isAnyWord(i + 1, ROW_LOCK_WORDS))) {
                    return false;
                }
            } else if (isPunct(i, '(') && !harmlessParenthesis(i, closing[i])) {
                return false;
            }
        }
        return true;
    }

    /** Reads all tokens of one statement; false on a lexing error or a second statement. */
    private boolean lex() {
        SqlLexer lexer = new SqlLexer(sql, 0, sql.length());
        boolean ended = false;
        for (int kind = lexer.next(); kind != SqlLexer.EOF; kind = lexer.next()) {
            if (kind == SqlLexer.ERROR) {
                return false;
            }
            if (kind == SqlLexer.SEMICOLON) {
                ended = count > 0;
                continue;
            }
            if (ended) {
                return false;
            }
            if (count == kinds.length) {
                kinds = Arrays.copyOf(kinds, count * 2);
                starts = Arrays.copyOf(starts, count * 2);
                ends = Arrays.copyOf(ends, count * 2);
            }
            kinds[count] = kind;
            starts[count] = lexer.start;
            ends[count] = lexer.end;
            count++;
        }
        return count > 0;
    }

    /** {@code SHOW name}: read-only anywhere, but some settings tell a standby from the primary. */
    private boolean showsSameOnStandby() {
        for (int i = 1; i < count; i++) {
            if (!(kinds[i] == SqlLexer.WORD || isPunct(i, '.')) || isAnyWord(i, STANDBY_SETTINGS)) {
                return false;
            }
        }
        return count > 1;
    }

    /** For each {@code (} the index of its {@code )}; null where they do not balance. */
    private int[] matchParentheses() {
        int[] closing = new int[count];
        int[] open = new int[count];
        int depth = 0;
        for (int i = 0; i < count; i++) {
            if (isPunct(i, '(')) {
                open[depth++] = i;
            } else if (isPunct(i, ')')) {
                if (depth == 0) {
                    return null;
                }
                closing[open[--depth]] = i;
            }
        }
        return depth == 0 ? closing : null;
    }

    /**
     * Whether the {@code (} at {@code paren} opens something other than a call of a function not known to be safe:
     * a subquery or expression, syntax ({@code IN (}, {@code OVER (}), a type modifier, a column alias list, or a
     * call of an allowed built-in function.
     */
    private boolean harmlessParenthesis(int paren, int close) {
        int name = paren - 1;
        if (name < 0 || !(kinds[name] == SqlLexer.WORD || kinds[name] == SqlLexer.QUOTED_IDENT)) {
            return true; // grouping, subquery, row
        }
        int before = name - 1;
        if (isPunct(before, '.')) {
            // schema-qualified: only pg_catalog's own functions
            return isName(before - 1, "pg_catalog") && !isPunct(before - 2, '.') && isBuiltinFunction(name);
        }
        if (kinds[name] == SqlLexer.WORD && (SYNTAX_KEYWORDS.contains(lowerCase(name)) || syntaxInContext(name, before))) {
            return true;
        }
        if (isWord(before, "as") || isCastOperator(before) || isPunct(before, ')')) {
            // CAST(x AS numeric(10, 2)), x::varchar(5), AS t(a, b), (VALUES ...) v(a, b): a type or an alias
            return true;
        }
        return isCteColumnList(before, close) || isBuiltinFunction(name);
    }

    /** Unreserved keywords that are syntax, not a call, only where the token before says so. */
    private boolean syntaxInContext(int name, int before) {
        if (isWord(name, "over") || isWord(name, "filter")) {
            return isPunct(before, ')'); // count(*) FILTER (WHERE ...) OVER (...)
        }
        if (isWord(name, "by")) {
            return isWord(before, "order") || isWord(before, "group") || isWord(before, "partition");
        }
        if (isWord(name, "first") || isWord(name, "next")) {
            return isWord(before, "fetch");
        }
        if (isWord(name, "zone")) {
            return isWord(before, "time");
        }
        if (isWord(name, "materialized")) {
            return isWord(before, "not") && isWord(before - 1, "as"); // AS MATERIALIZED is covered by AS
        }
        if (isWord(name, "sets")) {
            return isWord(before, "grouping");
        }
        if (isWord(name, "rollup") || isWord(name, "cube")) {
            return isWord(before, "by") && isWord(before - 1, "group"); // ORDER BY rollup(x) would be a call
        }
        if (isWord(name, "join")) {
            // a JOIN follows a table, an alias or a join type; a call of a function join would follow an operator
            // or a reserved word
            return isPunct(before, ')') || (before >= 0 && kinds[before] == SqlLexer.QUOTED_IDENT)
                    || (before >= 0 && kinds[before] == SqlLexer.WORD && !SYNTAX_KEYWORDS.contains(lowerCase(before)));
        }
        return false;
    }

    /** {@code WITH name (a, b) AS [[NOT] MATERIALIZED] (}: the names of a CTE's columns. */
    private boolean isCteColumnList(int before, int close) {
        if (!(isWord(before, "with") || isWord(before, "recursive") || isPunct(before, ','))) {
            return false;
        }
        int i = close + 1;
        if (!isWord(i, "as")) {
            return false;
        }
        i++;
        if (isWord(i, "not")) {
            i++;
            if (!isWord(i, "materialized")) {
                return false;
            }
        }
        if (isWord(i, "materialized")) {
            i++;
        }
        return isPunct(i, '(');
    }

    private boolean isBuiltinFunction(int name) {
        if (kinds[name] == SqlLexer.WORD) {
            return FUNCTIONS.contains(lowerCase(name));
        }
        // a quoted name is case-sensitive and names the function only in lower case
        return sql.charAt(starts[name]) == '"' && FUNCTIONS.contains(sql.substring(starts[name] + 1, ends[name] - 1));
    }

    private boolean isCastOperator(int i) {
        return isPunct(i, ':') && isPunct(i - 1, ':') && ends[i - 1] == starts[i];
    }

    private String lowerCase(int i) {
        return sql.substring(starts[i], ends[i]).toLowerCase(Locale.ROOT);
    }

    private boolean isWord(int i, String lowerCaseWord) {
        return i >= 0 && i < count && kinds[i] == SqlLexer.WORD && ends[i] - starts[i] == lowerCaseWord.length()
                && sql.regionMatches(true, starts[i], lowerCaseWord, 0, lowerCaseWord.length());
    }

    private boolean isAnyWord(int i, String[] lowerCaseWords) {
        for (String word : lowerCaseWords) {
            if (isWord(i, word)) {
                return true;
            }
        }
        return false;
    }

    private boolean isName(int i, String lowerCaseName) {
        if (i >= 0 && i < count && kinds[i] == SqlLexer.QUOTED_IDENT) {
            return ends[i] - starts[i] == lowerCaseName.length() + 2 && sql.charAt(starts[i]) == '"'
                    && sql.regionMatches(false, starts[i] + 1, lowerCaseName, 0, lowerCaseName.length());
        }
        return isWord(i, lowerCaseName);
    }

    private boolean isPunct(int i, char c) {
        return i >= 0 && i < count && kinds[i] == SqlLexer.PUNCT && sql.charAt(starts[i]) == c;
    }
}
