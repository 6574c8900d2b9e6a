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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A connect that repeats an earlier one (same driver, URL and properties) skips parsing and goes to the same pool;
 * anything that could change the pool (user, password, another property, one only in the defaults, another URL or
 * driver) is not a repeat and is connected, and authenticated, from scratch.
 */
@ExtendWith(TestDatabaseExtension.class)
class RepeatedConnectsTest {
    private final Driver driver = new org.postgresql.Driver();
    private Multiplexer multiplexer;

    @BeforeEach
    void start() throws Exception {
        Properties settings = new Properties();
        settings.setProperty("pgmux.pool.minIdle", "0");
        settings.setProperty("pgmux.jmx", "false");
        multiplexer = new Multiplexer(PgmuxConfig.fromProperties(settings));
    }

    @AfterEach
    void stop() {
        multiplexer.close();
    }

    @Test
    void aRepeatGoesToThePoolOfTheFirstConnectAndWorks(TestDatabase db) throws SQLException {
        assertThat(multiplexer.connectIfKnown(driver, db.jdbcUrl(), credentials(db.user(), db.password()))).isNull();
        multiplexer.connect(driver, db.jdbcUrl(), credentials(db.user(), db.password())).close();

        try (Connection repeat = multiplexer.connectIfKnown(driver, db.jdbcUrl(), credentials(db.user(), db.password()))) {
            assertThat(repeat).isNotNull();
            assertThat(Pools.stringOf(repeat, "SELECT current_user")).isEqualTo(db.user());
        }
        assertThat(multiplexer.pools()).hasSize(1);
    }

    @Test
    void anotherPasswordIsNoRepeatAndIsAuthenticated(TestDatabase db) throws SQLException {
        multiplexer.connect(driver, db.jdbcUrl(), credentials(db.user(), db.password())).close();

        assertThat(multiplexer.connectIfKnown(driver, db.jdbcUrl(), credentials(db.user(), "guessed"))).isNull();
        assertThatThrownBy(() -> multiplexer.connect(driver, db.jdbcUrl(), credentials(db.user(), "guessed")))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28P01"));
        assertThat(multiplexer.connectIfKnown(driver, db.jdbcUrl(), credentials(db.user(), "guessed"))).isNull();
    }

    @Test
    void anotherUserIsNoRepeatAndGetsItsOwnPool(TestDatabase db) throws SQLException {
        multiplexer.connect(driver, db.jdbcUrl(), credentials(db.user(), db.password())).close();

        assertThat(multiplexer.connectIfKnown(driver, db.jdbcUrl(), credentials(db.otherUser(), db.otherPassword())))
                .isNull();
        try (Connection other = multiplexer.connect(driver, db.jdbcUrl(), credentials(db.otherUser(), db.otherPassword()))) {
            assertThat(Pools.stringOf(other, "SELECT current_user")).isEqualTo(db.otherUser());
        }
        try (Connection repeat = multiplexer.connectIfKnown(driver, db.jdbcUrl(),
                credentials(db.otherUser(), db.otherPassword()))) {
            assertThat(Pools.stringOf(repeat, "SELECT current_user")).isEqualTo(db.otherUser());
        }
        assertThat(multiplexer.pools()).hasSize(2);
    }

    @Test
    void aPropertyOnlyInTheDefaultsCountsAsTheDriverReadsIt(TestDatabase db) throws SQLException {
        multiplexer.connect(driver, db.jdbcUrl(), credentials(db.user(), db.password())).close();

        // Properties.equals ignores defaults; the driver does not
        Properties defaults = new Properties();
        defaults.setProperty("ApplicationName", "from-defaults");
        Properties withDefaults = new Properties(defaults);
        withDefaults.setProperty("user", db.user());
        withDefaults.setProperty("password", db.password());
        assertThat(multiplexer.connectIfKnown(driver, db.jdbcUrl(), withDefaults)).isNull();

        // the same properties, read the same way, from the defaults instead of the object itself
        Properties passwordInDefaults = new Properties();
        passwordInDefaults.setProperty("password", db.password());
        Properties userOwn = new Properties(passwordInDefaults);
        userOwn.setProperty("user", db.user());
        try (Connection repeat = multiplexer.connectIfKnown(driver, db.jdbcUrl(), userOwn)) {
            assertThat(repeat).isNotNull();
        }
    }

    @Test
    void anotherPropertyUrlOrDriverIsNoRepeat(TestDatabase db) throws SQLException {
        multiplexer.connect(driver, db.jdbcUrl(), credentials(db.user(), db.password())).close();

        Properties more = credentials(db.user(), db.password());
        more.setProperty("ApplicationName", "another");
        assertThat(multiplexer.connectIfKnown(driver, db.jdbcUrl(), more)).isNull();
        assertThat(multiplexer.connectIfKnown(driver, db.jdbcUrl() + "?ApplicationName=another",
                credentials(db.user(), db.password()))).isNull();
        assertThat(multiplexer.connectIfKnown(new org.postgresql.Driver(), db.jdbcUrl(),
                credentials(db.user(), db.password()))).isNull();
        assertThat(multiplexer.connectIfKnown(driver, db.jdbcUrl(), null)).isNull();
    }

    @Test
    void noRepeatsOnceClosed(TestDatabase db) throws SQLException {
        multiplexer.connect(driver, db.jdbcUrl(), credentials(db.user(), db.password())).close();
        multiplexer.close();

        assertThat(multiplexer.connectIfKnown(driver, db.jdbcUrl(), credentials(db.user(), db.password()))).isNull();
        assertThatThrownBy(() -> multiplexer.connect(driver, db.jdbcUrl(), credentials(db.user(), db.password())))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08003"));
    }

    private static Properties credentials(String user, String password) {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        return p;
    }
}
