package io.pgmux.session;

/**
 * Splits PostgreSQL SQL text into tokens, one at a time, without allocating.
 *
 * <p>Comments and whitespace are skipped; string literals (standard, {@code E''}, {@code U&''},
 * {@code B''}, {@code X''}, {@code N''}), dollar-quoted strings and quoted identifiers are single
 * tokens, so keywords inside them are never seen. Every loop advances the position, and nested
 * comments are counted rather than recursed into, so any input is lexed in linear time.
 * An unterminated literal, identifier or comment yields one {@link #ERROR} token and then
 * {@link #EOF}.
 */
final class SqlLexer {

    static final int EOF = 0;
    /** Identifier or keyword. */
    static final int WORD = 1;
    static final int QUOTED_IDENT = 2;
    /** Any string constant: quoted, escaped, bit, national or dollar-quoted. */
    static final int STRING = 3;
    static final int NUMBER = 4;
    /** {@code ?} (JDBC placeholder) or {@code $1}. */
    static final int PARAM = 5;
    static final int SEMICOLON = 6;
    /** Any other single character: operators, parentheses, commas. */
    static final int PUNCT = 7;
    static final int ERROR = 8;

    private final String sql;
    private final int limit;
    private int pos;

    int kind;
    int start;
    int end;
    /** What was unterminated, set with {@link #ERROR}. */
    String error;

    SqlLexer(String sql, int from, int to) {
        this.sql = sql;
        this.pos = from;
        this.limit = to;
    }

    int position() {
        return pos;
    }

    /** Moves back (or forward) to a position returned by {@link #position()}; the next token is lexed again. */
    void rewind(int position) {
        pos = position;
        kind = EOF;
    }

    /** Lexes again from the start of a token read earlier, making it current. */
    int reread(int tokenStart) {
        rewind(tokenStart);
        return next();
    }

    int next() {
        if (kind == ERROR) {
            start = end = pos;
            return kind = EOF;
        }
        if (!skipWhitespaceAndComments()) {
            return kind;
        }
        start = pos;
        if (pos >= limit) {
            end = pos;
            return kind = EOF;
        }
        char c = sql.charAt(pos);
        if (c == '\'') {
            return standardString(pos + 1);
        }
        if (c == '"') {
            return quotedIdentifier(pos + 1);
        }
        if (c == '$') {
            return dollar();
        }
        if (c == ';') {
            end = ++pos;
            return kind = SEMICOLON;
        }
        if (c == '?') {
            end = ++pos;
            return kind = PARAM;
        }
        if (isDigit(c) || (c == '.' && pos + 1 < limit && isDigit(sql.charAt(pos + 1)))) {
            return number();
        }
        if (isIdentStart(c)) {
            return wordOrPrefixedLiteral(c);
        }
        end = ++pos;
        return kind = PUNCT;
    }

    /** The current token's text. Allocates; for values that must be kept. */
    String text() {
        return sql.substring(start, end);
    }

    /** Whether the current token is the keyword or identifier {@code lowerCaseWord}, ignoring case. */
    boolean isWord(String lowerCaseWord) {
        return kind == WORD && end - start == lowerCaseWord.length()
                && sql.regionMatches(true, start, lowerCaseWord, 0, lowerCaseWord.length());
    }

    boolean isPunct(char c) {
        return kind == PUNCT && sql.charAt(start) == c;
    }

    /** Whether the current token is a word or quoted identifier naming {@code lowerCaseName}. */
    boolean isName(String lowerCaseName) {
        if (kind == WORD) {
            return isWord(lowerCaseName);
        }
        // a quoted identifier is case-sensitive: "pg_advisory_lock" is the function, "PG_ADVISORY_LOCK" is not
        return kind == QUOTED_IDENT && end - start == lowerCaseName.length() + 2 && sql.charAt(start) == '"'
                && sql.regionMatches(false, start + 1, lowerCaseName, 0, lowerCaseName.length());
    }

    boolean wordStartsWith(String lowerCasePrefix) {
        return kind == WORD && end - start >= lowerCasePrefix.length()
                && sql.regionMatches(true, start, lowerCasePrefix, 0, lowerCasePrefix.length());
    }

    /** False where an unterminated comment ended the input: the current token is then {@link #ERROR}. */
    private boolean skipWhitespaceAndComments() {
        while (pos < limit) {
            char c = sql.charAt(pos);
            if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || Character.isWhitespace(c)) {
                pos++;
            } else if (c == '-' && pos + 1 < limit && sql.charAt(pos + 1) == '-') {
                int newline = sql.indexOf('\n', pos + 2);
                pos = newline < 0 || newline >= limit ? limit : newline + 1;
            } else if (c == '/' && pos + 1 < limit && sql.charAt(pos + 1) == '*') {
                if (!skipBlockComment()) {
                    return false;
                }
            } else {
                return true;
            }
        }
        return true;
    }

    /** Block comments nest in PostgreSQL; the depth is counted, never recursed. */
    private boolean skipBlockComment() {
        int begin = pos;
        int depth = 1;
        int i = pos + 2;
        while (i < limit) {
            char c = sql.charAt(i);
            if (c == '*' && i + 1 < limit && sql.charAt(i + 1) == '/') {
                i += 2;
                if (--depth == 0) {
                    pos = i;
                    return true;
                }
            } else if (c == '/' && i + 1 < limit && sql.charAt(i + 1) == '*') {
                depth++;
                i += 2;
            } else {
                i++;
            }
        }
        fail(begin, "unterminated /* comment");
        return false;
    }

    private int standardString(int from) {
        int begin = pos;
        int i = from;
        while (i < limit) {
            if (sql.charAt(i) == '\'') {
                if (i + 1 < limit && sql.charAt(i + 1) == '\'') {
                    i += 2;
                } else {
                    return token(begin, i + 1, STRING);
                }
            } else {
                i++;
            }
        }
        return fail(begin, "unterminated string literal");
    }

    private int escapeString(int from) {
        int begin = pos;
        int i = from;
        while (i < limit) {
            char c = sql.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '\'') {
                if (i + 1 < limit && sql.charAt(i + 1) == '\'') {
                    i += 2;
                } else {
                    return token(begin, i + 1, STRING);
                }
            } else {
                i++;
            }
        }
        return fail(begin, "unterminated E'' string literal");
    }

    private int quotedIdentifier(int from) {
        int begin = pos;
        int i = from;
        while (i < limit) {
            if (sql.charAt(i) == '"') {
                if (i + 1 < limit && sql.charAt(i + 1) == '"') {
                    i += 2;
                } else {
                    return token(begin, i + 1, QUOTED_IDENT);
                }
            } else {
                i++;
            }
        }
        return fail(begin, "unterminated quoted identifier");
    }

    private int dollar() {
        int begin = pos;
        if (pos + 1 < limit && isDigit(sql.charAt(pos + 1))) {
            int i = pos + 1;
            while (i < limit && isDigit(sql.charAt(i))) {
                i++;
            }
            return token(begin, i, PARAM);
        }
        int i = pos + 1;
        if (i < limit && isIdentStart(sql.charAt(i))) {
            i++;
            while (i < limit && isTagPart(sql.charAt(i))) {
                i++;
            }
        }
        if (i >= limit || sql.charAt(i) != '$') {
            return token(begin, begin + 1, PUNCT);
        }
        String tag = sql.substring(begin, i + 1);
        int close = sql.indexOf(tag, i + 1);
        if (close < 0 || close + tag.length() > limit) {
            return fail(begin, "unterminated dollar-quoted string " + tag);
        }
        return token(begin, close + tag.length(), STRING);
    }

    private int number() {
        int i = pos;
        while (i < limit) {
            char c = sql.charAt(i);
            if (isDigit(c) || c == '.' || c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                boolean exponent = (c == 'e' || c == 'E') && i + 1 < limit
                        && (sql.charAt(i + 1) == '+' || sql.charAt(i + 1) == '-');
                i += exponent ? 2 : 1;
            } else {
                break;
            }
        }
        return token(pos, i, NUMBER);
    }

    private int wordOrPrefixedLiteral(char c) {
        char next = pos + 1 < limit ? sql.charAt(pos + 1) : 0;
        if (next == '\'') {
            if (c == 'e' || c == 'E') {
                return escapeString(pos + 2);
            }
            if (c == 'b' || c == 'B' || c == 'x' || c == 'X' || c == 'n' || c == 'N') {
                return standardString(pos + 2);
            }
        }
        if ((c == 'u' || c == 'U') && next == '&' && pos + 2 < limit) {
            char quote = sql.charAt(pos + 2);
            if (quote == '\'') {
                return standardString(pos + 3);
            }
            if (quote == '"') {
                return quotedIdentifier(pos + 3);
            }
        }
        int i = pos + 1;
        while (i < limit && (isTagPart(sql.charAt(i)) || sql.charAt(i) == '$')) {
            i++;
        }
        return token(pos, i, WORD);
    }

    private int token(int from, int to, int tokenKind) {
        start = from;
        end = to;
        pos = to;
        return kind = tokenKind;
    }

    private int fail(int from, String what) {
        error = what;
        start = from;
        end = limit;
        pos = limit;
        return kind = ERROR;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    private static boolean isTagPart(char c) {
        return isIdentStart(c) || isDigit(c);
    }
}
