package io.pgmux.testing;

import static io.pgmux.testing.TestDatabaseTest.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestDatabaseExtension.class)
class ServerProcessTest {

    private final TestDatabase db;

    ServerProcessTest(TestDatabase db) {
        this.db = db;
    }

    /** Leaves both servers running for the other tests, whatever a failed test left behind. */
    @AfterEach
    void bothServersRun() {
        db.postgres().resume();
        db.pgbouncer().resume();
        db.postgres().start();
        db.pgbouncer().start();
    }

    @Test
    void pgbouncerRestartKeepsItsPort() throws SQLException {
        long before = db.pgbouncer().pid();

        db.pgbouncer().restart();

        assertThat(db.pgbouncer().pid()).isNotEqualTo(before);
        try (Connection connection = db.connectThroughPgbouncer(PoolMode.TRANSACTION)) {
            assertThat(query(connection, "SELECT 1")).isEqualTo("1");
        }
    }

    @Test
    void stoppedPgbouncerRefusesConnectionsUntilStarted() throws SQLException {
        db.pgbouncer().stop();

        assertThat(db.pgbouncer().isRunning()).isFalse();
        assertThatThrownBy(() -> db.connectThroughPgbouncer(PoolMode.SESSION).close()).isInstanceOf(SQLException.class);

        db.pgbouncer().start();
        try (Connection connection = db.connectThroughPgbouncer(PoolMode.SESSION)) {
            assertThat(query(connection, "SELECT 1")).isEqualTo("1");
        }
    }

    @Test
    void postgresRestartBreaksOpenConnectionsAndServesNewOnes() throws SQLException {
        long before = db.postgres().pid();
        Connection open = db.connect();

        db.postgres().restart();

        assertThat(db.postgres().pid()).isNotEqualTo(before);
        assertThatThrownBy(() -> query(open, "SELECT 1")).isInstanceOf(SQLException.class);
        open.close();
        try (Connection connection = db.connect()) {
            assertThat(query(connection, "SELECT 1")).isEqualTo("1");
        }
        // PgBouncer drops the server connections PostgreSQL closed and logs in again
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            try (Connection connection = db.connectThroughPgbouncer(PoolMode.TRANSACTION)) {
                assertThat(query(connection, "SELECT 1")).isEqualTo("1");
            }
        });
    }

    @Test
    void pausedPostgresLetsConnectsTimeOutUntilResumed() throws SQLException {
        db.postgres().pause();
        try {
            assertThatThrownBy(() -> connectWithLoginTimeout(db.jdbcUrl()).close()).isInstanceOf(SQLException.class);
        } finally {
            db.postgres().resume();
        }
        try (Connection connection = connectWithLoginTimeout(db.jdbcUrl())) {
            assertThat(query(connection, "SELECT 1")).isEqualTo("1");
        }
    }

    @Test
    void pausedPgbouncerLetsConnectsTimeOutUntilResumed() throws SQLException {
        String url = db.pgbouncerUrl(PoolMode.TRANSACTION);
        db.pgbouncer().pause();
        try {
            assertThatThrownBy(() -> connectWithLoginTimeout(url).close()).isInstanceOf(SQLException.class);
        } finally {
            db.pgbouncer().resume();
        }
        try (Connection connection = connectWithLoginTimeout(url)) {
            assertThat(query(connection, "SELECT 1")).isEqualTo("1");
        }
    }

    private Connection connectWithLoginTimeout(String url) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", db.user());
        properties.setProperty("password", db.password());
        properties.setProperty("loginTimeout", "2");
        return DriverManager.getConnection(url, properties);
    }
}
