package io.pgmux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmux.config.PgmuxConfig;
import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An app-level connect (DriverManager with URL, user and password, as the agent sees it at entry) that returned a
 * logical connection is repeated from its pool for the same arguments and scope, and never past the pool's
 * lifecycle: a pool idle for the login window logs in for real first, a forgotten or retired pool serves no repeat.
 */
@ExtendWith(TestDatabaseExtension.class)
class AppConnectRepeatsTest {
    private static final Object SCOPE = new Object();
    private final Driver driver = new org.postgresql.Driver();
    private TestDatabase db;
    private Multiplexer multiplexer;

    @BeforeEach
    void start(TestDatabase db) throws Exception {
        this.db = db;
        multiplexer = multiplexer("pgmux.pool.minIdle", "0");
    }

    @AfterEach
    void stop() {
        multiplexer.close();
    }

    @Test
    void aRememberedConnectIsRepeatedFromItsPoolForTheSameArgumentsAndScopeOnly() throws SQLException {
        assertThat(multiplexer.connectIfKnown(db.jdbcUrl(), db.user(), db.password(), SCOPE)).isNull();
        connectAndRemember(db.user(), db.password());

        try (Connection repeat = multiplexer.connectIfKnown(db.jdbcUrl(), db.user(), db.password(), SCOPE)) {
            assertThat(Pools.stringOf(repeat, "SELECT current_user")).isEqualTo(db.user());
        }
        assertThat(multiplexer.connectIfKnown(db.jdbcUrl(), db.user(), "guessed", SCOPE)).isNull();
        assertThat(multiplexer.connectIfKnown(db.jdbcUrl(), db.otherUser(), db.otherPassword(), SCOPE)).isNull();
        assertThat(multiplexer.connectIfKnown(db.jdbcUrl(), db.user(), db.password(), new Object())).isNull();
        assertThat(multiplexer.connectIfKnown(db.jdbcUrl() + "?ApplicationName=x", db.user(), db.password(), SCOPE))
                .isNull();
        assertThat(multiplexer.pools()).hasSize(1);
    }

    @Test
    void onlyThisMultiplexersOwnLogicalConnectionsAreRemembered() throws Exception {
        try (Connection real = driver.connect(db.jdbcUrl(), credentials(db.user(), db.password()));
                Multiplexer other = multiplexer("pgmux.pool.minIdle", "0");
                Connection foreign = other.connect(driver, db.jdbcUrl(), credentials(db.user(), db.password()))) {
            multiplexer.rememberConnect(real, db.jdbcUrl(), db.user(), db.password(), SCOPE);
            multiplexer.rememberConnect(foreign, db.jdbcUrl(), db.user(), db.password(), SCOPE);

            assertThat(multiplexer.connectIfKnown(db.jdbcUrl(), db.user(), db.password(), SCOPE)).isNull();
        }
    }

    @Test
    void afterThePoolIdledForTheLoginWindowTheConnectLogsInForRealFirst() throws Exception {
        connectAndRemember(db.user(), db.password());
        Thread.sleep(Multiplexer.LOGIN_AGAIN_AFTER_IDLE_MS + 300);

        assertThat(multiplexer.connectIfKnown(db.jdbcUrl(), db.user(), db.password(), SCOPE)).isNull();
        // the full connect logs in again; the pool is good for repeats once more
        multiplexer.connect(driver, db.jdbcUrl(), credentials(db.user(), db.password())).close();
        try (Connection repeat = multiplexer.connectIfKnown(db.jdbcUrl(), db.user(), db.password(), SCOPE)) {
            assertThat(repeat).isNotNull();
        }
    }

    @Test
    void aPoolForgottenAfterItsLoginFailedServesNoRepeat() throws Exception {
        String role = "pgmux_app_" + ThreadLocalRandom.current().nextInt(1_000_000);
        db.execAsSuperuser("CREATE ROLE " + role + " LOGIN PASSWORD 'first'; GRANT CONNECT ON DATABASE "
                + db.database() + " TO " + role);
        try {
            connectAndRemember(role, "first");
            db.execAsSuperuser("ALTER ROLE " + role + " PASSWORD 'second'");
            Thread.sleep(Multiplexer.LOGIN_AGAIN_AFTER_IDLE_MS + 300);

            assertThatThrownBy(() -> multiplexer.connect(driver, db.jdbcUrl(), credentials(role, "first")))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28P01"));
            assertThat(multiplexer.connectIfKnown(db.jdbcUrl(), role, "first", SCOPE)).isNull();
        } finally {
            db.execAsSuperuser("DROP OWNED BY " + role + "; DROP ROLE " + role);
        }
    }

    @Test
    void aRetiredPoolServesNoRepeat() throws Exception {
        multiplexer.close();
        multiplexer = multiplexer("pgmux.pool.minIdle", "0", "pgmux.pool.idleTimeoutMs", "200");
        connectAndRemember(db.user(), db.password());
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!multiplexer.pools().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(multiplexer.pools()).isEmpty();

        assertThat(multiplexer.connectIfKnown(db.jdbcUrl(), db.user(), db.password(), SCOPE)).isNull();
    }

    @Test
    void forgettingAppConnectsEndsTheirRepeats() throws SQLException {
        connectAndRemember(db.user(), db.password());

        multiplexer.forgetAppConnects();

        assertThat(multiplexer.connectIfKnown(db.jdbcUrl(), db.user(), db.password(), SCOPE)).isNull();
    }

    private void connectAndRemember(String user, String password) throws SQLException {
        try (Connection first = multiplexer.connect(driver, db.jdbcUrl(), credentials(user, password))) {
            assertThat(Pools.stringOf(first, "SELECT current_user")).isEqualTo(user);
            multiplexer.rememberConnect(first, db.jdbcUrl(), user, password, SCOPE);
        }
    }

    private static Multiplexer multiplexer(String... settings) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("pgmux.jmx", "false");
        for (int i = 0; i < settings.length; i += 2) {
            properties.setProperty(settings[i], settings[i + 1]);
        }
        return new Multiplexer(PgmuxConfig.fromProperties(properties));
    }

    private static Properties credentials(String user, String password) {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        return p;
    }
}
