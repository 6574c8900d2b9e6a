package io.pgmux;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Replication connects (CDC tools such as Debezium) are handed to the driver untouched: no pool, no logical connection. */
@ExtendWith(TestDatabaseExtension.class)
class ReplicationPassThroughTest {
    static final String ROLE = "pgmux_replicator";
    static final String PASSWORD = "replicate-me";

    @BeforeAll
    static void replicationRole(TestDatabase db) {
        createReplicationRole(db);
    }

    /** A login role with the REPLICATION attribute, which a walsender connection needs. */
    static void createReplicationRole(TestDatabase db) {
        db.execAsSuperuser("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + ROLE + "') THEN"
                + " CREATE ROLE " + ROLE + " LOGIN REPLICATION PASSWORD '" + PASSWORD + "'; END IF; END $$");
        db.execAsSuperuser("GRANT CONNECT ON DATABASE " + db.database() + " TO " + ROLE);
    }

    @Test
    void aLogicalReplicationConnectInTheUrlRunsIdentifySystemAsWithTheDriver(TestDatabase db) throws SQLException {
        String url = db.jdbcUrl() + "?replication=database&assumeMinServerVersion=9.4&preferQueryMode=simple";
        assertPassesThrough(db, url, new Properties());
    }

    @Test
    void aPhysicalReplicationConnectInThePropertiesRunsIdentifySystemAsWithTheDriver(TestDatabase db)
            throws SQLException {
        Properties info = new Properties();
        info.setProperty("replication", "true");
        info.setProperty("assumeMinServerVersion", "9.4");
        info.setProperty("preferQueryMode", "simple");
        assertPassesThrough(db, db.jdbcUrl(), info);
    }

    private static void assertPassesThrough(TestDatabase db, String url, Properties replication) throws SQLException {
        Properties info = new Properties();
        info.putAll(replication);
        info.setProperty("user", ROLE);
        info.setProperty("password", PASSWORD);
        String expected;
        try (Connection plain = DriverManager.getConnection(url, info)) {
            expected = identifySystem(plain);
        }
        if (replication.isEmpty()) {
            // a PgmuxDataSource takes its properties from the URL
            try (PgmuxDataSource ds = new PgmuxDataSource(new Properties())) {
                ds.setUrl(url);
                try (Connection c = ds.getConnection(ROLE, PASSWORD)) {
                    assertThat(identifySystem(c)).isEqualTo(expected);
                }
                assertThat(ds.pools()).isEmpty();
            }
        }
        try (Multiplexer multiplexer = new Multiplexer(io.pgmux.config.PgmuxConfig.fromProperties(new Properties()))) {
            try (Connection c = multiplexer.connect(new org.postgresql.Driver(), url, info)) {
                assertThat(identifySystem(c)).isEqualTo(expected);
            }
            assertThat(multiplexer.pools()).isEmpty();
        } catch (io.pgmux.config.ConfigException e) {
            throw new AssertionError(e);
        }
    }

    /** IDENTIFY_SYSTEM's system id and timeline: a walsender answers it, a normal session does not know it. */
    private static String identifySystem(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("IDENTIFY_SYSTEM")) {
            rs.next();
            return rs.getString("systemid") + "/" + rs.getString("timeline");
        }
    }
}
