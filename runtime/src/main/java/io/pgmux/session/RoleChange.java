package io.pgmux.session;

import java.util.Locale;

/**
 * Reads {@code SET [SESSION] ROLE name}, {@code SET ROLE NONE} and {@code RESET ROLE}, so that a logical
 * connection can tell a role change that changes nothing (back to its own login role) from one that must pin.
 */
public final class RoleChange {
    /** The role named by {@code SET ROLE NONE} and {@code RESET ROLE}: back to the login role. */
    public static final String NONE = "none";

    private RoleChange() {
    }

    /**
     * The role {@code sql} switches to ({@link #NONE} for a reset; quoted names as written, unquoted ones
     * lower-cased), or null where {@code sql} is not exactly one such statement.
     */
    public static String target(String sql) {
        if (sql == null) {
            return null;
        }
        SqlLexer lexer = new SqlLexer(sql, 0, sql.length());
        lexer.next();
        String role;
        if (lexer.isWord("reset")) {
            lexer.next();
            if (!lexer.isWord("role")) {
                return null;
            }
            role = NONE;
        } else if (lexer.isWord("set")) {
            lexer.next();
            if (lexer.isWord("session")) {
                lexer.next();
            }
            if (!lexer.isWord("role")) {
                return null;
            }
            lexer.next();
            String text = lexer.text();
            if (lexer.kind == SqlLexer.WORD) {
                role = text.toLowerCase(Locale.ROOT);
            } else if (lexer.kind == SqlLexer.STRING && text.startsWith("'")) {
                role = text.substring(1, text.length() - 1).replace("''", "'");
            } else if (lexer.kind == SqlLexer.QUOTED_IDENT && text.startsWith("\"")) {
                role = text.substring(1, text.length() - 1).replace("\"\"", "\"");
                if (role.equals(NONE)) {
                    return "\"none\""; // a role really named none, not the keyword
                }
            } else {
                return null;
            }
        } else {
            return null;
        }
        int after = lexer.next();
        if (after == SqlLexer.SEMICOLON) {
            after = lexer.next();
        }
        return after == SqlLexer.EOF ? role : null;
    }
}
