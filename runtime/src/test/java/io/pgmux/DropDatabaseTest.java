package io.pgmux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code DROP DATABASE} succeeds once the app has closed its connections to that database, as it does without pgmux,
 * although pgmux kept idle server connections to it; it fails while the app still has one open, as without pgmux.
 */
@ExtendWith(TestDatabaseExtension.class)
class DropDatabaseTest {
    private TestDatabase db;
    private String tenant;

    @BeforeEach
    void createTenantDatabase(TestDatabase db) {
        this.db = db;
        tenant = "pgmux_tenant_" + ThreadLocalRandom.current().nextInt(1_000_000);
        db.execAsSuperuser("CREATE DATABASE " + tenant + " OWNER " + db.user());
    }

    @AfterEach
    void dropTenantDatabase() {
        db.execAsSuperuser("DROP DATABASE IF EXISTS " + tenant + " WITH (FORCE)");
    }

    @Test
    void dropDatabaseSucceedsOnceTheAppClosedItsConnectionsToIt() throws Exception {
        try (PgmuxDataSource ds = Pools.dataSource(db, "pool.minIdle", "2")) {
            ds.setUrl(tenantUrl());
            for (int i = 0; i < 3; i++) {
                try (Connection c = ds.getConnection()) {
                    assertThat(Pools.stringOf(c, "SELECT current_database()")).isEqualTo(tenant);
                }
            }
            assertThat(db.countBackends(tenant)).as("idle server connections to the tenant database").isPositive();

            ds.setUrl(db.jdbcUrl());
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                long start = System.nanoTime();
                s.execute("DROP DATABASE " + tenant);
                long millis = (System.nanoTime() - start) / 1_000_000;
                System.out.printf("pgmux DROP DATABASE after closing the app's connections: %d ms%n", millis);
                assertThat(millis).as("no 5 s wait of PostgreSQL's for other sessions").isLessThan(4_000);
                assertThat(Pools.intOf(c, "SELECT count(*) FROM pg_database WHERE datname = '" + tenant + "'")).isZero();
            }
            assertThat(ds.pools()).as("the tenant database's pool is closed").hasSize(1);
        }
    }

    @Test
    void aDropDatabaseNotRecognizedBeforehandIsRunAgainAfterPgmuxLetsTheDatabaseGo() throws Exception {
        try (PgmuxDataSource ds = Pools.dataSource(db, "pool.minIdle", "2")) {
            ds.setUrl(tenantUrl());
            try (Connection c = ds.getConnection()) {
                Pools.backendPid(c);
            }
            ds.setUrl(db.jdbcUrl());
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                // a leading comment hides the statement from the look before execution: PostgreSQL refuses with 55006
                s.execute("/* tenant teardown */ DROP DATABASE " + tenant);
                assertThat(Pools.intOf(c, "SELECT count(*) FROM pg_database WHERE datname = '" + tenant + "'")).isZero();
            }
        }
    }

    @Test
    void dropDatabaseFailsWhileTheAppHasAConnectionToItOpenAsWithoutPgmux() throws Exception {
        try (PgmuxDataSource ds = Pools.dataSource(db)) {
            ds.setUrl(tenantUrl());
            try (Connection open = ds.getConnection()) {
                Pools.backendPid(open);
                ds.setUrl(db.jdbcUrl());
                try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                    assertThatThrownBy(() -> s.execute("DROP DATABASE " + tenant))
                            .isInstanceOf(SQLException.class)
                            .hasMessageContaining("is being accessed by other users")
                            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("55006"));
                    assertThat(Pools.intOf(c, "SELECT 1")).isOne();
                }
                assertThat(Pools.stringOf(open, "SELECT current_database()")).isEqualTo(tenant);
            }
        }
    }

    private String tenantUrl() {
        return "jdbc:postgresql://" + db.host() + ":" + db.postgresPort() + "/" + tenant;
    }
}
