package io.pgmux.session;

import io.pgmux.config.PgmuxConfig;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells what session-level effect a SQL string has, so that a logical connection can keep session
 * state to itself: tracked parameter changes to re-apply on every borrow, statements that pin it to
 * its server connection, and transaction control statements.
 *
 * <p>It reads tokens, not raw text, so keywords inside literals, quoted identifiers and comments are
 * never matched. Where it cannot tell (an unterminated literal, a SET it cannot read) it pins, with a
 * reason. It never throws on any input and runs in time linear in the length of the SQL. Results are
 * cached per SQL string, so executing the same SQL again costs one map lookup.
 *
 * <p>Thread-safe.
 */
public final class SqlClassifier {

    /** Longer SQL is classified every time rather than held in the cache, to bound its memory. */
    static final int MAX_CACHED_SQL_LENGTH = 4096;
    static final int CACHE_CAPACITY = 4096;
    private static final int SHAPE_LENGTH = 100;
    /** set_config arguments are read only this far: literal arguments fit easily; anything longer pins. */
    private static final int SET_CONFIG_LOOKAHEAD_TOKENS = 16;

    private static final String[] SESSION_ADVISORY_LOCKS = {
        "pg_advisory_lock", "pg_advisory_lock_shared", "pg_try_advisory_lock", "pg_try_advisory_lock_shared"};
    private static final String[] PLAIN_QUERY_KEYWORDS = {"select", "insert", "update", "delete", "with", "values"};
    private static final String[] TRUE_LITERALS = {"'t'", "'true'", "'on'", "'yes'", "'y'", "'1'"};
    private static final String[] FALSE_LITERALS = {"'f'", "'false'", "'off'", "'no'", "'n'", "'0'"};
    private static final String DEFAULT_READ_ONLY_PARAMETER = "default_transaction_read_only";

    private final Set<String> trackedParameters;
    private final ConcurrentHashMap<String, SqlEffects> cache = new ConcurrentHashMap<>();
    /** Filled only where {@link #provablyReadOnly} is asked, so that classify's cost does not change. */
    private final ConcurrentHashMap<String, Boolean> readOnlyCache = new ConcurrentHashMap<>();

    /** A classifier tracking the default of {@code pgmux.trackedParameters}. */
    public SqlClassifier() {
        this(PgmuxConfig.DEFAULT_TRACKED_PARAMETERS);
    }

    /**
     * @param trackedParameters run-time parameter names whose session-level changes are tracked rather
     *                          than pinned; matched case-insensitively
     */
    public SqlClassifier(Set<String> trackedParameters) {
        Objects.requireNonNull(trackedParameters, "trackedParameters");
        Set<String> names = new LinkedHashSet<>();
        for (String name : trackedParameters) {
            if (name == null || name.trim().isEmpty()) {
                throw new IllegalArgumentException("tracked parameter names must not be blank, got " + trackedParameters
                        + "; list run-time parameter names such as search_path, statement_timeout");
            }
            names.add(name.trim().toLowerCase(Locale.ROOT));
        }
        this.trackedParameters = Set.copyOf(names);
    }

    /** The tracked parameter names, lower-cased. */
    public Set<String> trackedParameters() {
        return trackedParameters;
    }

    /** The session effects of executing {@code sql}; {@link SqlEffects#NONE} for null or empty SQL. Never throws. */
    public SqlEffects classify(String sql) {
        if (sql == null || sql.isEmpty()) {
            return SqlEffects.NONE;
        }
        SqlEffects cached = cache.get(sql);
        if (cached != null) {
            return cached;
        }
        SqlEffects effects;
        try {
            effects = isPlainQuery(sql) ? SqlEffects.NONE : analyse(sql);
        } catch (RuntimeException e) {
            effects = new SqlEffects("the SQL could not be analysed (" + e + "), so it is treated as changing the session",
                    "", List.of(), List.of(), false);
        }
        if (sql.length() <= MAX_CACHED_SQL_LENGTH) {
            remember(cache, sql, effects);
        }
        return effects;
    }

    /**
     * True only where {@code sql} is proven to run on a hot standby with no write and no side effect, so that an
     * autocommit statement may be sent there: a single {@code SELECT}, {@code VALUES}, {@code TABLE} or
     * {@code WITH ... SELECT} with no data-modifying CTE, no {@code FOR UPDATE/SHARE}, no {@code INTO}, calling only
     * allowed built-in functions (unqualified or {@code pg_catalog.}), or a {@code SHOW} of a setting that reads the
     * same on a standby. False for anything else and for null or empty SQL. Cached per SQL string like
     * {@link #classify(String)}; never throws.
     */
    public boolean provablyReadOnly(String sql) {
        if (sql == null || sql.isEmpty()) {
            return false;
        }
        Boolean cached = readOnlyCache.get(sql);
        if (cached != null) {
            return cached;
        }
        boolean proven;
        try {
            proven = ReadOnlyProof.proves(sql);
        } catch (RuntimeException e) {
            proven = false;
        }
        if (sql.length() <= MAX_CACHED_SQL_LENGTH) {
            remember(readOnlyCache, sql, proven);
        }
        return proven;
    }

    /**
     * The session effects of executing {@code sql} with these text values bound to its {@code ?} placeholders, in
     * order: read as string literals, so that {@code SELECT set_config('search_path', ?, false)} (as Flyway runs
     * it) is tracked rather than pinned. Not cached: the values vary.
     */
    public SqlEffects classify(String sql, List<String> parameterValues) {
        if (sql == null || sql.isEmpty()) {
            return SqlEffects.NONE;
        }
        StringBuilder inlined = new StringBuilder(sql.length() + 32);
        SqlLexer lexer = new SqlLexer(sql, 0, sql.length());
        int copied = 0;
        int parameter = 0;
        for (int kind = lexer.next(); kind != SqlLexer.EOF && kind != SqlLexer.ERROR; kind = lexer.next()) {
            if (kind == SqlLexer.PARAM && sql.charAt(lexer.start) == '?') {
                if (parameter >= parameterValues.size() || parameterValues.get(parameter) == null) {
                    return classify(sql);
                }
                inlined.append(sql, copied, lexer.start).append('\'')
                        .append(parameterValues.get(parameter).replace("'", "''")).append('\'');
                copied = lexer.end;
                parameter++;
            }
        }
        if (parameter == 0) {
            return classify(sql);
        }
        String literal = inlined.append(sql, copied, sql.length()).toString();
        try {
            return isPlainQuery(literal) ? SqlEffects.NONE : analyse(literal);
        } catch (RuntimeException e) {
            return classify(sql);
        }
    }

    /**
     * {@code sql} normalised for logs and counting: literals and parameters as {@code ?}, comments
     * dropped, whitespace collapsed, cut at about 100 characters.
     */
    public static String shapeOf(String sql) {
        if (sql == null) {
            return "";
        }
        StringBuilder shape = new StringBuilder(SHAPE_LENGTH + 8);
        SqlLexer lexer = new SqlLexer(sql, 0, sql.length());
        boolean spaceBefore = false;
        while (true) {
            int kind = lexer.next();
            if (kind == SqlLexer.EOF) {
                return shape.toString();
            }
            if (shape.length() >= SHAPE_LENGTH) {
                return shape.append("...").toString();
            }
            boolean literal = kind == SqlLexer.STRING || kind == SqlLexer.NUMBER || kind == SqlLexer.PARAM
                    || kind == SqlLexer.ERROR;
            char first = sql.charAt(lexer.start);
            boolean closing = !literal && (first == ',' || first == ')' || first == '.' || first == ';');
            if (spaceBefore && !closing && shape.length() > 0) {
                shape.append(' ');
            }
            if (literal) {
                shape.append('?');
            } else {
                shape.append(sql, lexer.start, Math.min(lexer.end, lexer.start + SHAPE_LENGTH));
            }
            spaceBefore = literal || !(first == '(' || first == '.');
        }
    }

    private static <V> void remember(ConcurrentHashMap<String, V> cache, String sql, V value) {
        if (cache.size() >= CACHE_CAPACITY) {
            // hash order is as good as random here: drop a quarter rather than track recency on the hot path
            Iterator<String> keys = cache.keySet().iterator();
            for (int i = 0; i < CACHE_CAPACITY / 4 && keys.hasNext(); i++) {
                keys.next();
                keys.remove();
            }
        }
        cache.put(sql, value);
    }

    int cachedCount() {
        return cache.size();
    }

    int cachedReadOnlyCount() {
        return readOnlyCache.size();
    }

    /**
     * A single SELECT/INSERT/UPDATE/DELETE/WITH/VALUES that cannot mention an advisory lock, set_config
     * or a temporary table (none of those letters occur anywhere in it) and lexes cleanly has no session
     * effect; one pass, no allocation beyond the lexer.
     */
    private static boolean isPlainQuery(String sql) {
        int i = 0;
        int length = sql.length();
        while (i < length && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        int wordStart = i;
        while (i < length && isAsciiLetter(sql.charAt(i))) {
            i++;
        }
        if (i < length && (sql.charAt(i) == '_' || sql.charAt(i) == '$' || Character.isLetterOrDigit(sql.charAt(i)))) {
            return false;
        }
        boolean plainKeyword = false;
        for (String keyword : PLAIN_QUERY_KEYWORDS) {
            if (i - wordStart == keyword.length() && sql.regionMatches(true, wordStart, keyword, 0, keyword.length())) {
                plainKeyword = true;
                break;
            }
        }
        if (!plainKeyword) {
            return false;
        }
        for (int j = i; j < length; j++) {
            char c = sql.charAt(j);
            if (((c == 'a' || c == 'A') && sql.regionMatches(true, j, "advisory", 0, 8))
                    || ((c == 's' || c == 'S') && sql.regionMatches(true, j, "set_config", 0, 10))
                    || ((c == 't' || c == 'T') && sql.regionMatches(true, j, "temp", 0, 4))) {
                return false;
            }
        }
        SqlLexer lexer = new SqlLexer(sql, 0, length);
        boolean ended = false;
        for (int kind = lexer.next(); kind != SqlLexer.EOF; kind = lexer.next()) {
            if (kind == SqlLexer.ERROR || ended) {
                return false;
            }
            ended = kind == SqlLexer.SEMICOLON;
        }
        return true;
    }

    private SqlEffects analyse(String sql) {
        Analysis analysis = new Analysis();
        SqlLexer lexer = new SqlLexer(sql, 0, sql.length());
        for (int kind = lexer.next(); kind != SqlLexer.EOF; kind = lexer.next()) {
            if (kind != SqlLexer.SEMICOLON) {
                scanStatement(sql, lexer, analysis);
            }
        }
        return analysis.result(sql);
    }

    /**
     * Reads one statement, from the lexer's current token to its top-level semicolon, looking for
     * effects that may hide anywhere in it (function calls, SELECT INTO TEMP); then reads its head.
     */
    private void scanStatement(String sql, SqlLexer lexer, Analysis analysis) {
        int statementStart = lexer.start;
        int statementEnd = sql.length();
        boolean create = lexer.isWord("create");
        boolean routine = false;
        boolean onCommitDrop = false;
        boolean mentionsTempSchema = false;
        int atomicDepth = 0;
        int words = 0;
        int prevKind = SqlLexer.EOF;
        int prevStart = 0;
        int prevEnd = 0;
        int prev2Kind = SqlLexer.EOF;
        int prev2Start = 0;
        int prev2End = 0;
        for (int kind = lexer.kind; kind != SqlLexer.EOF; kind = lexer.next()) {
            if (kind == SqlLexer.ERROR) {
                analysis.pin("the SQL has an " + lexer.error + " at offset " + lexer.start
                        + ", so what it does cannot be told");
                analysis.unreadable();
                statementEnd = lexer.start;
                break;
            }
            if (kind == SqlLexer.SEMICOLON && atomicDepth == 0) {
                statementEnd = lexer.start;
                break;
            }
            if (kind == SqlLexer.WORD) {
                words++;
                if (create && words <= 4 && (lexer.isWord("function") || lexer.isWord("procedure"))) {
                    routine = true;
                }
                if (routine) {
                    // a SQL-standard routine body (BEGIN ATOMIC ... END) holds semicolons of its own
                    if (lexer.isWord("atomic") && isWord(sql, prevKind, prevStart, prevEnd, "begin")) {
                        atomicDepth++;
                    } else if (atomicDepth > 0 && lexer.isWord("case")) {
                        atomicDepth++;
                    } else if (atomicDepth > 0 && lexer.isWord("end")) {
                        atomicDepth--;
                    }
                }
                boolean tempSchema = lexer.isWord("pg_temp") || lexer.wordStartsWith("pg_temp_");
                mentionsTempSchema |= create && tempSchema;
                if (isWord(sql, prevKind, prevStart, prevEnd, "into")
                        && !isWord(sql, prev2Kind, prev2Start, prev2End, "insert")
                        && !isWord(sql, prev2Kind, prev2Start, prev2End, "merge")
                        && (tempSchema || lexer.isWord("temp") || lexer.isWord("temporary")
                            || lexer.isWord("local") || lexer.isWord("global"))) {
                    analysis.pin("SELECT ... INTO TEMP creates a temporary table, which lives as long as the session");
                }
                if (lexer.isWord("drop") && isWord(sql, prevKind, prevStart, prevEnd, "commit")
                        && isWord(sql, prev2Kind, prev2Start, prev2End, "on")) {
                    onCommitDrop = true;
                }
            } else if (kind == SqlLexer.PUNCT && lexer.isPunct('(')
                    && (prevKind == SqlLexer.WORD || prevKind == SqlLexer.QUOTED_IDENT)) {
                functionCall(sql, prevKind, prevStart, prevEnd, lexer.position(), analysis);
            }
            prev2Kind = prevKind;
            prev2Start = prevStart;
            prev2End = prevEnd;
            prevKind = kind;
            prevStart = lexer.start;
            prevEnd = lexer.end;
        }
        if (atomicDepth > 0) {
            analysis.pin("a BEGIN ATOMIC routine body has no matching END, so where its statement ends cannot be told");
        }
        analyseHead(new SqlLexer(sql, statementStart, statementEnd), analysis, onCommitDrop, mentionsTempSchema);
    }

    private void functionCall(String sql, int nameKind, int nameStart, int nameEnd, int argumentsStart,
                              Analysis analysis) {
        for (String lock : SESSION_ADVISORY_LOCKS) {
            if (isName(sql, nameKind, nameStart, nameEnd, lock)) {
                analysis.pin(lock + "() takes a session-level advisory lock, held until it is unlocked or the session ends");
                return;
            }
        }
        if (isName(sql, nameKind, nameStart, nameEnd, "set_config")) {
            setConfig(sql, argumentsStart, analysis);
        }
    }

    /** {@code set_config(name, value, is_local)}: tracked where all three are literals and the name is tracked. */
    private void setConfig(String sql, int argumentsStart, Analysis analysis) {
        SqlLexer lexer = new SqlLexer(sql, argumentsStart, sql.length());
        int[] argumentStart = new int[3];
        int[] argumentEnd = new int[3];
        int[] argumentKind = new int[3];
        boolean[] singleToken = new boolean[3];
        int argument = 0;
        int tokensInArgument = 0;
        int depth = 0;
        boolean closed = false;
        for (int read = 0; read < SET_CONFIG_LOOKAHEAD_TOKENS && !closed; read++) {
            int kind = lexer.next();
            if (kind == SqlLexer.EOF || kind == SqlLexer.ERROR || kind == SqlLexer.SEMICOLON) {
                break;
            }
            boolean separator = depth == 0 && (lexer.isPunct(',') || lexer.isPunct(')'));
            if (separator) {
                if (argument < 3) {
                    singleToken[argument] = tokensInArgument == 1;
                }
                closed = lexer.isPunct(')');
                argument++;
                tokensInArgument = 0;
                continue;
            }
            if (lexer.isPunct('(')) {
                depth++;
            } else if (lexer.isPunct(')')) {
                depth--;
            }
            if (argument < 3 && tokensInArgument == 0) {
                argumentKind[argument] = kind;
                argumentStart[argument] = lexer.start;
                argumentEnd[argument] = lexer.end;
            }
            tokensInArgument++;
        }
        if (!closed || argument != 3) {
            analysis.pin("set_config(...) with arguments that cannot be read changes a parameter for the session");
            return;
        }
        Boolean local = singleToken[2] ? booleanLiteral(sql, argumentKind[2], argumentStart[2], argumentEnd[2]) : null;
        if (local == null) {
            analysis.pin("set_config(...) with a non-literal is_local argument may change a parameter for the session");
            return;
        }
        if (local) {
            return; // transaction-local: gone at the end of the transaction
        }
        boolean literalName = singleToken[0] && argumentKind[0] == SqlLexer.STRING && sql.charAt(argumentStart[0]) == '\'';
        boolean literalValue = singleToken[1] && argumentKind[1] == SqlLexer.STRING;
        if (!literalName || !literalValue) {
            analysis.pin("set_config(..., false) with non-literal arguments changes a parameter for the session "
                    + "in a way that cannot be tracked");
            return;
        }
        String name = sql.substring(argumentStart[0] + 1, argumentEnd[0] - 1).replace("''", "'").toLowerCase(Locale.ROOT);
        if (!trackedParameters.contains(name)) {
            analysis.pin("set_config('" + name + "', ..., false) changes parameter " + name
                    + " for the session, and it is not in pgmux.trackedParameters");
            return;
        }
        analysis.track(TrackedSetting.set(name, sql.substring(argumentStart[1], argumentEnd[1]),
                TrackedSetting.Syntax.SET_CONFIG));
    }

    private static Boolean booleanLiteral(String sql, int kind, int start, int end) {
        if (isWord(sql, kind, start, end, "true")) {
            return Boolean.TRUE;
        }
        if (isWord(sql, kind, start, end, "false")) {
            return Boolean.FALSE;
        }
        if (kind == SqlLexer.STRING) {
            for (String literal : TRUE_LITERALS) {
                if (end - start == literal.length() && sql.regionMatches(true, start, literal, 0, literal.length())) {
                    return Boolean.TRUE;
                }
            }
            for (String literal : FALSE_LITERALS) {
                if (end - start == literal.length() && sql.regionMatches(true, start, literal, 0, literal.length())) {
                    return Boolean.FALSE;
                }
            }
        }
        return null;
    }

    /** Classifies a statement by its leading keywords. */
    private void analyseHead(SqlLexer head, Analysis analysis, boolean onCommitDrop, boolean mentionsTempSchema) {
        analysis.statementStarts();
        head.next();
        if (head.isWord("explain")) {
            skipExplainOptions(head);
        }
        if (head.isWord("set")) {
            set(head, analysis);
            return;
        }
        if (head.isWord("reset")) {
            reset(head, analysis);
            return;
        }
        analysis.untrackedStatement();
        if (head.isWord("begin")) {
            analysis.control(TransactionControl.BEGIN);
            head.next();
            if (head.isWord("work") || head.isWord("transaction")) {
                head.next();
            }
            analysis.transactionAccess(accessMode(head));
        } else if (head.isWord("start")) {
            head.next();
            if (head.isWord("transaction")) {
                analysis.control(TransactionControl.BEGIN);
                head.next();
                analysis.transactionAccess(accessMode(head));
            }
        } else if (head.isWord("commit") || head.isWord("end")) {
            head.next();
            if (head.isWord("prepared")) {
                analysis.control(TransactionControl.COMMIT_PREPARED);
            } else {
                analysis.control(chains(head) ? TransactionControl.COMMIT_AND_CHAIN : TransactionControl.COMMIT);
            }
        } else if (head.isWord("rollback") || head.isWord("abort")) {
            rollback(head, analysis);
        } else if (head.isWord("prepare")) {
            head.next();
            if (head.isWord("transaction")) {
                analysis.control(TransactionControl.PREPARE_TRANSACTION);
            } else {
                analysis.pin("PREPARE creates a prepared statement, which lives as long as the session");
            }
        } else if (head.isWord("create")) {
            create(head, analysis, onCommitDrop, mentionsTempSchema);
        } else if (head.isWord("listen")) {
            analysis.pin("LISTEN registers the session for notifications");
        } else if (head.isWord("load")) {
            analysis.pin("LOAD loads a shared library into the session");
        } else if (head.isWord("declare")) {
            declare(head, analysis);
        } else if (head.isWord("discard")) {
            head.next();
            if (head.isWord("temp") || head.isWord("temporary") || head.isWord("plans") || head.isWord("sequences")) {
                return; // drops only what this session made, and a logical connection without a pin made none
            }
            analysis.pin("DISCARD ALL (or a DISCARD that cannot be read) resets the whole session, "
                    + "including what pgmux applied to it");
        } else if (head.isWord("deallocate")) {
            analysis.pin("DEALLOCATE removes prepared statements of the session, which may be the driver's own");
        } else if (head.isWord("execute")) {
            analysis.pin("EXECUTE runs a statement prepared in the session");
        } else if (head.isWord("alter")) {
            alter(head, analysis);
        } else if (head.isWord("do")) {
            analysis.pin("a DO block runs procedural code whose session effects cannot be told from its text");
        }
    }

    /** {@code ALTER DATABASE|ROLE|USER ... SET|RESET ...} changes the defaults of sessions that start later. */
    private static void alter(SqlLexer head, Analysis analysis) {
        head.next();
        if (!(head.isWord("database") || head.isWord("role") || head.isWord("user"))) {
            return;
        }
        for (int kind = head.next(); kind != SqlLexer.EOF; kind = head.next()) {
            if (head.isWord("set") || head.isWord("reset")) {
                analysis.sessionDefaultsChanged();
                return;
            }
        }
    }

    private static void skipExplainOptions(SqlLexer head) {
        head.next();
        if (head.isPunct('(')) {
            int depth = 1;
            while (depth > 0 && head.next() != SqlLexer.EOF) {
                if (head.isPunct('(')) {
                    depth++;
                } else if (head.isPunct(')')) {
                    depth--;
                }
            }
            head.next();
        }
        while (head.isWord("analyze") || head.isWord("analyse") || head.isWord("verbose")) {
            head.next();
        }
    }

    private static boolean chains(SqlLexer head) {
        boolean no = false;
        for (int kind = head.kind; kind != SqlLexer.EOF; kind = head.next()) {
            if (head.isWord("chain")) {
                return !no;
            }
            no = head.isWord("no");
        }
        return false;
    }

    private static void rollback(SqlLexer head, Analysis analysis) {
        head.next();
        if (head.isWord("prepared")) {
            analysis.control(TransactionControl.ROLLBACK_PREPARED);
            return;
        }
        if (head.isWord("work") || head.isWord("transaction")) {
            head.next();
        }
        if (head.isWord("to")) {
            return; // ROLLBACK TO SAVEPOINT keeps the transaction block open
        }
        analysis.control(chains(head) ? TransactionControl.ROLLBACK_AND_CHAIN : TransactionControl.ROLLBACK);
    }

    private static void create(SqlLexer head, Analysis analysis, boolean onCommitDrop, boolean mentionsTempSchema) {
        boolean temporary = false;
        head.next();
        while (head.isWord("or") || head.isWord("replace") || head.isWord("global") || head.isWord("local")
                || head.isWord("temp") || head.isWord("temporary") || head.isWord("unlogged")
                || head.isWord("recursive")) {
            temporary |= head.isWord("temp") || head.isWord("temporary");
            head.next();
        }
        if (temporary && !(onCommitDrop && head.isWord("table"))) {
            String object = head.kind == SqlLexer.WORD ? head.text().toUpperCase(Locale.ROOT) : "object";
            analysis.pin("CREATE TEMP " + object + " creates a temporary object, which lives as long as the session");
        } else if (mentionsTempSchema && !onCommitDrop) {
            analysis.pin("CREATE ... pg_temp creates or uses a temporary object, which lives as long as the session");
        }
    }

    private static void declare(SqlLexer head, Analysis analysis) {
        boolean with = false;
        for (int kind = head.next(); kind != SqlLexer.EOF && !head.isWord("for"); kind = head.next()) {
            if (with && head.isWord("hold")) {
                analysis.pin("DECLARE ... WITH HOLD creates a cursor that outlives its transaction");
                return;
            }
            with = head.isWord("with");
        }
    }

    private void set(SqlLexer head, Analysis analysis) {
        head.next();
        if (head.isWord("local")) {
            analysis.untrackedStatement();
            if (head.next() == SqlLexer.WORD && head.isWord("transaction")) {
                head.next();
                analysis.transactionAccess(accessMode(head));
            }
            return; // SET LOCAL ends with the transaction
        }
        if (head.isWord("session")) {
            head.next();
            if (head.isWord("session")) {
                head.next(); // SET SESSION SESSION AUTHORIZATION
            }
            if (head.isWord("authorization")) {
                analysis.pin("SET SESSION AUTHORIZATION changes the session's user");
                return;
            }
            if (head.isWord("characteristics")) {
                sessionCharacteristics(head, analysis);
                return;
            }
        }
        if (head.isWord("transaction") || head.isWord("constraints")) {
            analysis.untrackedStatement();
            if (head.isWord("transaction")) {
                head.next();
                analysis.transactionAccess(accessMode(head));
            }
            return; // applies to the current transaction only
        }
        if (head.isWord("role")) {
            analysis.pin("SET ROLE changes the session's role");
            return;
        }
        if (head.isWord("names")) {
            analysis.pin("SET NAMES changes client_encoding, which the driver requires to stay UTF8");
            return;
        }
        if (head.isWord("time")) {
            head.next();
            if (head.isWord("zone")) {
                timeZone(head, analysis);
            } else {
                analysis.pin("a SET statement that cannot be read may change the session");
            }
            return;
        }
        if (head.isWord("schema")) {
            head.next();
            String schema = head.kind == SqlLexer.STRING ? head.text() : null;
            if (schema != null && head.next() == SqlLexer.EOF) {
                trackOrPin(analysis, "search_path", TrackedSetting.set("search_path", schema, TrackedSetting.Syntax.SET_TO));
            } else {
                analysis.pin("a SET SCHEMA statement that cannot be read may change the session");
            }
            return;
        }
        String name = readName(head);
        if (name == null || !(head.isPunct('=') || head.isWord("to"))) {
            analysis.pin("a SET statement that cannot be read may change the session");
            return;
        }
        if (name.equals(DEFAULT_READ_ONLY_PARAMETER)) {
            int valueStart = head.position();
            head.next();
            Boolean readOnly = booleanSetting(head);
            if (readOnly != null && head.next() == SqlLexer.EOF) {
                analysis.sessionAccess(readOnly ? AccessMode.READ_ONLY : AccessMode.READ_WRITE);
            }
            head.rewind(valueStart);
        }
        boolean isolation = name.equals(TransactionIsolation.PARAMETER);
        if (!trackedParameters.contains(name) && !isolation) {
            analysis.pin("SET " + name + " changes a parameter for the session, and it is not in pgmux.trackedParameters");
            return;
        }
        head.next();
        if (head.isWord("default")) {
            int defaultStart = head.start;
            if (head.next() == SqlLexer.EOF) {
                analysis.track(TrackedSetting.reset(name));
                return;
            }
            head.reread(defaultStart);
        }
        String value = readSetValue(head);
        if (value == null || (isolation && TransactionIsolation.levelOf(value) < 0)) {
            analysis.pin("SET " + name + " with a value that cannot be read (only literals and names can be tracked)");
            return;
        }
        analysis.track(TrackedSetting.set(name, value, TrackedSetting.Syntax.SET_TO));
    }

    /**
     * {@code SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL level}: the session's default isolation,
     * tracked as {@value TransactionIsolation#PARAMETER}. Other transaction modes (READ ONLY, DEFERRABLE) pin.
     */
    private static void sessionCharacteristics(SqlLexer head, Analysis analysis) {
        int afterCharacteristics = head.position();
        if (head.next() == SqlLexer.WORD && head.isWord("as") && head.next() == SqlLexer.WORD
                && head.isWord("transaction")) {
            head.next();
            analysis.sessionAccess(accessMode(head));
        }
        head.rewind(afterCharacteristics);
        StringBuilder level = new StringBuilder();
        boolean read = head.next() == SqlLexer.WORD && head.isWord("as") && head.next() == SqlLexer.WORD
                && head.isWord("transaction") && head.next() == SqlLexer.WORD && head.isWord("isolation")
                && head.next() == SqlLexer.WORD && head.isWord("level");
        for (int kind = read ? head.next() : SqlLexer.EOF; kind == SqlLexer.WORD; kind = head.next()) {
            level.append(level.length() == 0 ? "" : " ").append(head.text());
        }
        if (read && head.kind == SqlLexer.EOF && TransactionIsolation.levelOf(level.toString()) >= 0) {
            analysis.track(TrackedSetting.set(TransactionIsolation.PARAMETER,
                    "'" + level.toString().toLowerCase(Locale.ROOT) + "'", TrackedSetting.Syntax.SET_TO));
            return;
        }
        analysis.pin("SET SESSION CHARACTERISTICS AS TRANSACTION changes the default transaction mode "
                + "of the session; use Connection.setTransactionIsolation/setReadOnly instead");
    }

    /**
     * Reads a transaction mode list ({@code ISOLATION LEVEL level}, {@code READ ONLY|WRITE}, {@code [NOT]
     * DEFERRABLE}, with or without commas) from the current token to the end of the statement: its access mode,
     * READ WRITE winning over READ ONLY; null where it names none or cannot be read.
     */
    private static AccessMode accessMode(SqlLexer head) {
        boolean readOnly = false;
        boolean readWrite = false;
        for (int kind = head.kind; kind != SqlLexer.EOF; kind = head.next()) {
            if (head.isPunct(',') || head.isWord("deferrable")) {
                continue;
            }
            if (head.isWord("not")) {
                head.next();
                if (!head.isWord("deferrable")) {
                    return null;
                }
            } else if (head.isWord("read")) {
                head.next();
                readOnly |= head.isWord("only");
                readWrite |= head.isWord("write");
                if (!head.isWord("only") && !head.isWord("write")) {
                    return null;
                }
            } else if (head.isWord("isolation")) {
                head.next();
                if (!head.isWord("level") || !isolationLevel(head)) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return readWrite ? AccessMode.READ_WRITE : readOnly ? AccessMode.READ_ONLY : null;
    }

    /** Reads the level after ISOLATION LEVEL, leaving its last word current. */
    private static boolean isolationLevel(SqlLexer head) {
        head.next();
        if (head.isWord("serializable")) {
            return true;
        }
        if (head.isWord("repeatable")) {
            head.next();
            return head.isWord("read");
        }
        if (head.isWord("read")) {
            head.next();
            return head.isWord("committed") || head.isWord("uncommitted");
        }
        return false;
    }

    /** A boolean setting's value as SET writes it (on, 'off', true, 1, ...); null where it is anything else. */
    private static Boolean booleanSetting(SqlLexer head) {
        if (head.kind != SqlLexer.WORD && head.kind != SqlLexer.STRING && head.kind != SqlLexer.NUMBER) {
            return null;
        }
        String value = head.text().toLowerCase(Locale.ROOT);
        if (head.kind == SqlLexer.STRING) {
            if (value.length() < 2 || value.charAt(0) != '\'') {
                return null;
            }
            value = value.substring(1, value.length() - 1);
        }
        switch (value) {
            case "on": case "true": case "t": case "yes": case "y": case "1":
                return Boolean.TRUE;
            case "off": case "false": case "f": case "no": case "n": case "0":
                return Boolean.FALSE;
            default:
                return null;
        }
    }

    private void timeZone(SqlLexer head, Analysis analysis) {
        head.next();
        int first = head.start;
        if (head.isWord("local") || head.isWord("default")) {
            if (head.next() == SqlLexer.EOF) {
                trackOrPin(analysis, "timezone", TrackedSetting.reset("timezone"));
                return;
            }
        }
        StringBuilder value = new StringBuilder();
        boolean afterSign = false;
        for (int kind = head.reread(first); kind != SqlLexer.EOF; kind = head.next()) {
            boolean sign = head.isPunct('+') || head.isPunct('-');
            if (!(kind == SqlLexer.WORD || kind == SqlLexer.STRING || kind == SqlLexer.NUMBER || sign)) {
                analysis.pin("a SET TIME ZONE statement that cannot be read may change the session");
                return;
            }
            if (value.length() > 0 && !afterSign) {
                value.append(' ');
            }
            value.append(head.text());
            afterSign = sign;
        }
        if (value.length() == 0 || afterSign) {
            analysis.pin("a SET TIME ZONE statement that cannot be read may change the session");
            return;
        }
        trackOrPin(analysis, "timezone", TrackedSetting.set("timezone", value.toString(), TrackedSetting.Syntax.SET_TIME_ZONE));
    }

    private void reset(SqlLexer head, Analysis analysis) {
        head.next();
        if (head.isWord("all")) {
            if (head.next() == SqlLexer.EOF) {
                analysis.track(TrackedSetting.resetAll());
            } else {
                analysis.pin("a RESET statement that cannot be read may change the session");
            }
            return;
        }
        if (head.isWord("role")) {
            analysis.pin("RESET ROLE changes the session's role");
            return;
        }
        if (head.isWord("session")) {
            analysis.pin("RESET SESSION AUTHORIZATION changes the session's user");
            return;
        }
        if (head.isWord("transaction")) {
            analysis.untrackedStatement();
            return; // RESET TRANSACTION ISOLATION LEVEL: the current transaction only
        }
        String name;
        if (head.isWord("time")) {
            head.next();
            name = head.isWord("zone") ? "timezone" : null;
            head.next();
        } else {
            name = readName(head);
        }
        if (name == null || head.kind != SqlLexer.EOF) {
            analysis.pin("a RESET statement that cannot be read may change the session");
        } else if (trackedParameters.contains(name) || name.equals(TransactionIsolation.PARAMETER)) {
            analysis.track(TrackedSetting.reset(name));
        } else {
            analysis.untrackedStatement(); // back to the session default: nothing of this app's stays behind
        }
    }

    private void trackOrPin(Analysis analysis, String name, TrackedSetting setting) {
        if (trackedParameters.contains(name)) {
            analysis.track(setting);
        } else {
            analysis.pin("SET " + name + " changes a parameter for the session, and it is not in pgmux.trackedParameters");
        }
    }

    /**
     * Reads a possibly dotted, possibly quoted parameter name starting at the current token, lower-cased
     * (parameter names are case-insensitive even when quoted); leaves the token after it current.
     */
    private static String readName(SqlLexer head) {
        StringBuilder name = new StringBuilder();
        while (true) {
            if (head.kind == SqlLexer.WORD) {
                name.append(head.text());
            } else if (head.kind == SqlLexer.QUOTED_IDENT && head.text().charAt(0) == '"') {
                String quoted = head.text();
                name.append(quoted.substring(1, quoted.length() - 1).replace("\"\"", "\""));
            } else {
                return null;
            }
            head.next();
            if (!head.isPunct('.')) {
                return name.toString().toLowerCase(Locale.ROOT);
            }
            name.append('.');
            head.next();
        }
    }

    /**
     * SET's value: a comma-separated list of names, string literals and signed numbers, ending the
     * statement; returned as the items' SQL text joined by {@code ", "}, or null where it is anything else.
     */
    private static String readSetValue(SqlLexer head) {
        StringBuilder value = new StringBuilder();
        while (true) {
            String sign = "";
            if (head.isPunct('+') || head.isPunct('-')) {
                sign = head.text();
                if (head.next() != SqlLexer.NUMBER) {
                    return null;
                }
            }
            int kind = head.kind;
            if (kind != SqlLexer.WORD && kind != SqlLexer.QUOTED_IDENT && kind != SqlLexer.STRING
                    && kind != SqlLexer.NUMBER) {
                return null;
            }
            value.append(sign).append(head.text());
            int after = head.next();
            if (after == SqlLexer.EOF) {
                return value.toString();
            }
            if (!head.isPunct(',') || head.next() == SqlLexer.EOF) {
                return null;
            }
            value.append(", ");
        }
    }

    private static boolean isWord(String sql, int kind, int start, int end, String lowerCaseWord) {
        return kind == SqlLexer.WORD && end - start == lowerCaseWord.length()
                && sql.regionMatches(true, start, lowerCaseWord, 0, lowerCaseWord.length());
    }

    private static boolean isName(String sql, int kind, int start, int end, String lowerCaseName) {
        if (kind == SqlLexer.WORD) {
            return isWord(sql, kind, start, end, lowerCaseName);
        }
        return kind == SqlLexer.QUOTED_IDENT && sql.charAt(start) == '"' && end - start == lowerCaseName.length() + 2
                && sql.regionMatches(false, start + 1, lowerCaseName, 0, lowerCaseName.length());
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** What the statements of one SQL string add up to, in order. */
    private static final class Analysis {
        private String pinReason;
        private final List<TrackedSetting> tracked = new ArrayList<>(2);
        private final List<TransactionControl> controls = new ArrayList<>(2);
        private boolean onlyTrackedSettings = true;
        private boolean sessionDefaultsChanged;
        private int statements;
        private AccessMode transactionAccess;
        private boolean transactionAccessLost;
        private int closedAt;
        private AccessMode sessionAccess;
        private boolean unreadable;

        void statementStarts() {
            if (closedAt != 0 && closedAt == statements) {
                transactionAccessLost = true; // the string goes on after a later statement ended the transaction
            }
            statements++;
        }

        /** The access mode a statement gives its transaction: the first statement's counts. */
        void transactionAccess(AccessMode mode) {
            if (statements == 1) {
                transactionAccess = mode;
            } else if (mode != null && mode != transactionAccess) {
                transactionAccessLost = true;
            }
        }

        /** Part of the SQL cannot be lexed: the server refuses all of it, so it starts nothing. */
        void unreadable() {
            unreadable = true;
        }

        void sessionAccess(AccessMode mode) {
            if (mode != null) {
                sessionAccess = mode;
            }
        }

        void sessionDefaultsChanged() {
            sessionDefaultsChanged = true;
        }

        void pin(String reason) {
            if (pinReason == null) {
                pinReason = reason;
            }
            onlyTrackedSettings = false;
        }

        void track(TrackedSetting setting) {
            tracked.add(setting);
        }

        void control(TransactionControl control) {
            controls.add(control);
            if (statements > 1) {
                if (control.closesBlock()) {
                    closedAt = statements;
                } else {
                    transactionAccessLost = true;
                }
            }
        }

        void untrackedStatement() {
            onlyTrackedSettings = false;
        }

        SqlEffects result(String sql) {
            AccessMode access = transactionAccessLost || unreadable ? null : transactionAccess;
            AccessMode session = unreadable ? null : sessionAccess;
            if (pinReason == null && tracked.isEmpty() && controls.isEmpty() && !sessionDefaultsChanged
                    && access == null && session == null) {
                return SqlEffects.NONE;
            }
            if (pinReason == null && !tracked.isEmpty() && !controls.isEmpty()) {
                // a rollback in the same string would undo the SET; the order cannot be replayed from the lists
                pin("tracked parameter changes and transaction control in one multi-statement string");
            }
            return new SqlEffects(pinReason, shapeOf(sql), tracked, controls,
                    onlyTrackedSettings && pinReason == null && !tracked.isEmpty(), sessionDefaultsChanged, access,
                    session);
        }
    }
}
