package io.pgmux.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlLexerTest {

    private final SqlClassifier classifier = new SqlClassifier();

    private static List<String> tokens(String sql) {
        SqlLexer lexer = new SqlLexer(sql, 0, sql.length());
        List<String> tokens = new ArrayList<>();
        for (int kind = lexer.next(); kind != SqlLexer.EOF; kind = lexer.next()) {
            tokens.add(kind == SqlLexer.ERROR ? "ERROR" : lexer.text());
        }
        return tokens;
    }

    @Test
    void lineAndBlockCommentsAreSkipped() {
        assertThat(tokens("select -- set role x\n 1 /* c */")).containsExactly("select", "1");
    }

    @Test
    void blockCommentsNest() {
        assertThat(tokens("/* a /* set role x */ still comment */ select 1")).containsExactly("select", "1");
        assertThat(classifier.classify("/* set role x */ select 1").pins()).isFalse();
        assertThat(classifier.classify("/* /* */ SET ROLE x */ select 1").pins()).isFalse();
    }

    @Test
    void quotedStringWithDoubledQuoteIsOneToken() {
        assertThat(tokens("select 'it''s; set role x'")).containsExactly("select", "'it''s; set role x'");
    }

    @Test
    void escapeStringHonoursBackslashQuote() {
        assertThat(tokens("select E'a\\'; set role x', 1")).containsExactly("select", "E'a\\'; set role x'", ",", "1");
        assertThat(classifier.classify("select E'\\'; SET ROLE x; '").pins()).isFalse();
    }

    @Test
    void standardStringTreatsBackslashAsPlainCharacter() {
        assertThat(tokens("select 'a\\'; set role x")).containsExactly("select", "'a\\'", ";", "set", "role", "x");
    }

    @Test
    void unicodeAndBitStringsAreOneToken() {
        assertThat(tokens("select U&'d\\0061t'' ', B'101', X'1F'")).containsExactly(
                "select", "U&'d\\0061t'' '", ",", "B'101'", ",", "X'1F'");
    }

    @Test
    void dollarQuotesWithTagsAreOneToken() {
        assertThat(tokens("select $$ set role x; $$, $fn$ a $$ b $fn$")).containsExactly(
                "select", "$$ set role x; $$", ",", "$fn$ a $$ b $fn$");
    }

    @Test
    void positionalParametersAndIdentifiersWithDollarsAreNotDollarQuotes() {
        assertThat(tokens("select $1, a$b$ from t")).containsExactly("select", "$1", ",", "a$b$", "from", "t");
    }

    @Test
    void quotedIdentifierContainingKeywordsIsOneToken() {
        assertThat(tokens("select \"set role \"\"x\"\";\" from t")).containsExactly(
                "select", "\"set role \"\"x\"\";\"", "from", "t");
        assertThat(classifier.classify("select \"; set role x; \" from t").pins()).isFalse();
    }

    @Test
    void numbersWithExponentsAreOneToken() {
        assertThat(tokens("select 1.5e-3, .5")).containsExactly("select", "1.5e-3", ",", ".5");
    }

    @Test
    void unterminatedLiteralsAndCommentsAreErrors() {
        assertThat(tokens("select 'abc")).containsExactly("select", "ERROR");
        assertThat(tokens("select E'abc\\'")).containsExactly("select", "ERROR");
        assertThat(tokens("select \"abc")).containsExactly("select", "ERROR");
        assertThat(tokens("select $x$ abc")).containsExactly("select", "ERROR");
        assertThat(tokens("select /* /* */ 1")).containsExactly("select", "ERROR");
    }

    @Test
    void unterminatedLiteralsAndCommentsPin() {
        assertThat(classifier.classify("select 'abc").pinReason()).contains("unterminated string literal");
        assertThat(classifier.classify("select \"abc").pinReason()).contains("unterminated quoted identifier");
        assertThat(classifier.classify("select $$abc").pinReason()).contains("unterminated dollar-quoted");
        assertThat(classifier.classify("select 1 /* x").pinReason()).contains("unterminated /* comment");
    }

    @Test
    void semicolonsInsideLiteralsDoNotSplitStatements() {
        assertThat(classifier.classify("select 'a; SET ROLE x'; select $$; LISTEN x$$").pins()).isFalse();
    }
}
