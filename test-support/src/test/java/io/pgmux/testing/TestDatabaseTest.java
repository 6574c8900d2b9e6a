package io.pgmux.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestDatabaseExtension.class)
class TestDatabaseTest {

    private final TestDatabase db;

    TestDatabaseTest(TestDatabase db) {
        this.db = db;
    }

    @Test
    void appUserQueriesPostgresDirectly() throws SQLException {
        try (Connection connection = db.connect()) {
            assertThat(query(connection, "SELECT current_user || '@' || current_database()"))
                    .isEqualTo(db.user() + "@" + db.database());
        }
    }

    @Test
    void appUserQueriesThroughTheTransactionModeAlias() throws SQLException {
        try (Connection connection = db.connectThroughPgbouncer(PoolMode.TRANSACTION)) {
            assertThat(query(connection, "SELECT current_user || '@' || current_database()"))
                    .isEqualTo(db.user() + "@" + db.database());
        }
    }

    @Test
    void appUserQueriesThroughTheSessionModeAlias() throws SQLException {
        try (Connection connection = DriverManager.getConnection(db.pgbouncerUrl(PoolMode.SESSION), db.user(), db.password())) {
            assertThat(query(connection, "SELECT current_user || '@' || current_database()"))
                    .isEqualTo(db.user() + "@" + db.database());
        }
    }

    @Test
    void testUsersHaveScramPasswords() throws SQLException {
        try (Connection connection = db.superuserConnection()) {
            assertThat(query(connection, "SELECT string_agg(left(rolpassword, 14), ',') FROM pg_authid"
                    + " WHERE rolname IN ('" + db.user() + "', '" + db.otherUser() + "')"))
                    .isEqualTo("SCRAM-SHA-256$,SCRAM-SHA-256$");
        }
    }

    @Test
    void wrongPasswordIsRejected() {
        assertThatThrownBy(() -> DriverManager.getConnection(db.jdbcUrl(), db.user(), "not-" + db.password()).close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
    }

    @Test
    void otherUserConnectsButCannotReadTheAppUsersTables() throws SQLException {
        try (Connection owner = db.connect(); Statement statement = owner.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS harness_private (id int)");
        }
        try (Connection other = DriverManager.getConnection(db.pgbouncerUrl(PoolMode.SESSION), db.otherUser(), db.otherPassword())) {
            assertThat(query(other, "SELECT current_user")).isEqualTo(db.otherUser());
            assertThatThrownBy(() -> query(other, "SELECT count(*) FROM harness_private"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
        }
    }

    @Test
    void execAsSuperuserRunsSeveralStatementsInTheTestDatabase() throws SQLException {
        db.execAsSuperuser("DROP TABLE IF EXISTS harness_grant; CREATE TABLE harness_grant (id int);"
                + "INSERT INTO harness_grant VALUES (1), (2); GRANT SELECT ON harness_grant TO " + db.otherUser());
        try (Connection other = DriverManager.getConnection(db.jdbcUrl(), db.otherUser(), db.otherPassword())) {
            assertThat(query(other, "SELECT count(*) FROM harness_grant")).isEqualTo("2");
        }
    }

    @Test
    void execAsSuperuserReportsTheFailingSql() {
        assertThatThrownBy(() -> db.execAsSuperuser("SELECT * FROM no_such_table"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no_such_table");
    }

    @Test
    void showPoolsListsBothAliasesWithTheirPoolMode() throws SQLException {
        for (PoolMode mode : PoolMode.values()) {
            try (Connection connection = db.connectThroughPgbouncer(mode)) {
                query(connection, "SELECT 1");
            }
        }

        Map<String, String> transaction = pool(db.pgbouncerDatabase(PoolMode.TRANSACTION));
        Map<String, String> session = pool(db.pgbouncerDatabase(PoolMode.SESSION));

        assertThat(transaction).containsKeys("cl_active", "cl_waiting", "sv_active", "sv_idle")
                .containsEntry("pool_mode", "transaction");
        assertThat(session).containsKeys("cl_active", "cl_waiting", "sv_active", "sv_idle")
                .containsEntry("pool_mode", "session");
    }

    @Test
    void showStatsClientsAndServersAnswer() throws SQLException {
        try (Connection connection = db.connectThroughPgbouncer(PoolMode.SESSION)) {
            query(connection, "SELECT 1");
            assertThat(db.showClients()).anySatisfy(client -> assertThat(client)
                    .containsEntry("database", db.pgbouncerDatabase(PoolMode.SESSION))
                    .containsEntry("user", db.user()));
            assertThat(db.showServers()).anySatisfy(server -> assertThat(server)
                    .containsEntry("database", db.pgbouncerDatabase(PoolMode.SESSION)));
        }
        assertThat(db.showStats()).anySatisfy(stats -> assertThat(stats)
                .containsEntry("database", db.pgbouncerDatabase(PoolMode.SESSION))
                .containsKey("total_xact_count"));
    }

    @Test
    void adminCommandsWithoutResultReturnNoRows() {
        assertThat(db.pgbouncerAdmin("RECONNECT " + db.pgbouncerDatabase(PoolMode.TRANSACTION))).isEmpty();
    }

    @Test
    void pgbouncerIsConfiguredAsDocumented() {
        assertThat(db.pgbouncerAdmin("SHOW CONFIG"))
                .anySatisfy(row -> assertThat(row).containsEntry("key", "default_pool_size")
                        .containsEntry("value", Integer.toString(db.pgbouncerPoolSize())))
                .anySatisfy(row -> assertThat(row).containsEntry("key", "max_client_conn")
                        .containsEntry("value", Integer.toString(db.pgbouncerMaxClientConnections())));
    }

    private Map<String, String> pool(String alias) {
        return db.showPools().stream()
                .filter(row -> alias.equals(row.get("database")) && db.user().equals(row.get("user")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no pool of " + db.user() + " for " + alias + " in " + db.showPools()));
    }

    static String query(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
