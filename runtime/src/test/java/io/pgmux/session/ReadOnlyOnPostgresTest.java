package io.pgmux.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 15: what the classifier proves read-only runs in a read-only transaction, which refuses writes, sequence
 * changes and row locks as a hot standby does; what it reads as a read-only start makes PostgreSQL's transaction
 * read-only.
 */
@ExtendWith(TestDatabaseExtension.class)
class ReadOnlyOnPostgresTest {
    private static Connection connection;

    @BeforeAll
    static void open(TestDatabase db) throws SQLException {
        connection = db.connect();
        try (Statement st = connection.createStatement()) {
            st.execute("DROP TABLE IF EXISTS ro_items");
            st.execute("CREATE TABLE ro_items (id int PRIMARY KEY, name text, amount numeric(10, 2), "
                    + "created timestamptz, tags text[], doc jsonb)");
            st.execute("INSERT INTO ro_items VALUES (1, 'apple', 1.50, now(), ARRAY['x', 'y'], '{\"k\": 1}'), "
                    + "(2, 'banana', -2.25, now() - interval '2 days', ARRAY['z'], '{\"k\": 2}')");
            st.execute("CREATE SEQUENCE IF NOT EXISTS ro_items_seq");
        }
    }

    @AfterAll
    static void close() throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("DROP TABLE IF EXISTS ro_items");
            st.execute("DROP SEQUENCE IF EXISTS ro_items_seq");
        }
        connection.close();
    }

    @Test
    void everyProvablyReadOnlyStatementRunsInAReadOnlyTransaction() throws SQLException {
        SqlClassifier classifier = new SqlClassifier();
        try (Statement st = connection.createStatement()) {
            // the transaction the statements run in refuses what a standby refuses
            st.execute("BEGIN READ ONLY");
            assertThatThrownBy(() -> st.execute("SELECT nextval('ro_items_seq')")).isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("25006");
            st.execute("ROLLBACK");
            for (String sql : SqlClassifierReadOnlyTest.PROVABLY_READ_ONLY) {
                assertThat(classifier.provablyReadOnly(sql)).as(sql).isTrue();
                st.execute("BEGIN READ ONLY");
                try (PreparedStatement ps = connection.prepareStatement(sql)) {
                    for (int i = 1; i <= ps.getParameterMetaData().getParameterCount(); i++) {
                        ps.setInt(i, 1);
                    }
                    ps.execute();
                } catch (SQLException e) {
                    fail("provably read-only, but PostgreSQL refused it in a read-only transaction: " + sql, e);
                } finally {
                    st.execute("ROLLBACK");
                }
            }
        }
    }

    @Test
    void everyReadOnlyStartMakesTheTransactionReadOnly() throws SQLException {
        SqlClassifier classifier = new SqlClassifier();
        try (Statement st = connection.createStatement()) {
            for (String sql : SqlClassifierAccessModeTest.READ_ONLY_STARTS) {
                SqlEffects effects = classifier.classify(sql);
                assertThat(effects.readOnlyStart()).as(sql).isTrue();
                if (effects.lastTransactionControl() != null && effects.lastTransactionControl().closesBlock()) {
                    continue; // it ends its transaction itself: nothing is left to look at
                }
                boolean setTransaction = sql.trim().toUpperCase(java.util.Locale.ROOT).startsWith("SET");
                if (setTransaction) {
                    st.execute("BEGIN");
                }
                st.execute(sql);
                try (ResultSet rs = st.executeQuery("SHOW transaction_read_only")) {
                    rs.next();
                    assertThat(rs.getString(1)).as("transaction_read_only after: %s", sql).isEqualTo("on");
                }
                st.execute("ROLLBACK");
            }
        }
    }
}
