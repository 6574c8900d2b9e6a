package io.pgmux.session;

/**
 * Statements PostgreSQL refuses to run inside a transaction block (VACUUM, CREATE DATABASE, ... CONCURRENTLY):
 * an autocommit statement of this kind is never wrapped in a transaction of pgmux's, even where settings
 * would be applied in one.
 */
public final class NoTransactionBlock {
    private NoTransactionBlock() {
    }

    public static boolean refuses(String sql) {
        if (sql == null) {
            return false;
        }
        SqlLexer lexer = new SqlLexer(sql, 0, sql.length());
        lexer.next();
        if (lexer.isWord("vacuum") || lexer.isWord("reindex") || lexer.isWord("cluster")) {
            return true;
        }
        boolean create = lexer.isWord("create") || lexer.isWord("drop");
        boolean alter = lexer.isWord("alter");
        if (!create && !alter) {
            return false;
        }
        lexer.next();
        if (alter) {
            return lexer.isWord("system");
        }
        if (lexer.isWord("database") || lexer.isWord("tablespace") || lexer.isWord("subscription")) {
            return true;
        }
        for (int kind = lexer.kind; kind != SqlLexer.EOF && kind != SqlLexer.SEMICOLON; kind = lexer.next()) {
            if (lexer.isWord("concurrently")) {
                return true;
            }
        }
        return false;
    }
}
