package io.pgmux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A repeat connect does not outlive what PostgreSQL allows: once its pool has been idle, it logs in for real, so
 * that after {@code ALTER ROLE ... PASSWORD}, {@code NOLOGIN} or {@code DROP ROLE} it fails with the driver's own
 * error, as a connect without pgmux does.
 */
@ExtendWith(TestDatabaseExtension.class)
class CredentialChangesTest {
    private TestDatabase db;
    private String role;
    private PgmuxDataSource ds;

    @BeforeEach
    void createRole(TestDatabase db) {
        this.db = db;
        role = "pgmux_tenant_" + ThreadLocalRandom.current().nextInt(1_000_000);
        db.execAsSuperuser("CREATE ROLE " + role + " LOGIN PASSWORD 'first'; GRANT CONNECT ON DATABASE "
                + db.database() + " TO " + role);
        ds = Pools.dataSource(db);
    }

    @AfterEach
    void dropRole() {
        ds.close();
        db.execAsSuperuser("DO $$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role + "') THEN"
                + " EXECUTE 'DROP OWNED BY " + role + "'; EXECUTE 'DROP ROLE " + role + "'; END IF; END $$");
    }

    @Test
    void afterAPasswordChangeTheOldPasswordNoLongerConnects() throws Exception {
        connectAndClose("first");
        db.execAsSuperuser("ALTER ROLE " + role + " PASSWORD 'second'");

        expectTheDriversOwnFailure("first");
        try (Connection c = ds.getConnection(role, "second")) {
            assertThat(Pools.stringOf(c, "SELECT current_user")).isEqualTo(role);
        }
        assertThat(ds.pools()).as("the pool of the old password is gone").hasSize(1);
    }

    @Test
    void afterNoLoginTheRoleNoLongerConnects() throws Exception {
        connectAndClose("first");
        db.execAsSuperuser("ALTER ROLE " + role + " NOLOGIN");

        expectTheDriversOwnFailure("first");
        assertThat(ds.pools()).isEmpty();
    }

    @Test
    void afterDropRoleTheRoleNoLongerConnects() throws Exception {
        connectAndClose("first");
        db.execAsSuperuser("DROP OWNED BY " + role + "; DROP ROLE " + role);

        expectTheDriversOwnFailure("first");
        assertThat(ds.pools()).isEmpty();
    }

    @Test
    void aPoolInUseServesRepeatConnectsWithoutAnotherLogin() throws Exception {
        try (Connection held = ds.getConnection(role, "first")) {
            Pools.backendPid(held);
            Thread.sleep(Multiplexer.LOGIN_AGAIN_AFTER_IDLE_MS + 300);
            try (Connection repeat = ds.getConnection(role, "first")) {
                assertThat(Pools.stringOf(repeat, "SELECT current_user")).isEqualTo(role);
            }
        }
    }

    private void connectAndClose(String password) throws SQLException {
        try (Connection c = ds.getConnection(role, password)) {
            assertThat(Pools.stringOf(c, "SELECT current_user")).isEqualTo(role);
        }
    }

    /** After the pool has been idle for the login window, the connect fails as the plain driver's does. */
    private void expectTheDriversOwnFailure(String password) throws InterruptedException {
        SQLException plain = plainDriverFailure(password);
        Thread.sleep(Multiplexer.LOGIN_AGAIN_AFTER_IDLE_MS + 300);
        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> ds.getConnection(role, password).close())
                    .isInstanceOf(SQLException.class)
                    .hasMessage(plain.getMessage())
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo(plain.getSQLState()));
        }
    }

    private SQLException plainDriverFailure(String password) {
        Properties p = new Properties();
        p.setProperty("user", role);
        p.setProperty("password", password);
        try (Connection c = new org.postgresql.Driver().connect(db.jdbcUrl(), p)) {
            throw new AssertionError("the plain driver still logs in as " + role);
        } catch (SQLException e) {
            return e;
        }
    }
}
