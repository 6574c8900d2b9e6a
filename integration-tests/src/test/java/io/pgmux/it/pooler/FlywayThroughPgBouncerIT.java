package io.pgmux.it.pooler;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmux.it.agent.ChildJvm;
import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.io.File;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Flyway in two app JVMs that start at once, with the agent, through PgBouncer in transaction mode: Flyway's lock
 * keeps them apart, so every migration is applied exactly once and neither app fails.
 */
@ExtendWith(TestDatabaseExtension.class)
class FlywayThroughPgBouncerIT {
    private static final String SCHEMA = "pooler_migration";

    /** PgBouncer keeps idle server connections for minutes: they must not count as backends in later tests. */
    @AfterAll
    static void closePoolerServers(TestDatabase db) {
        db.pgbouncerAdmin("RECONNECT");
        db.awaitNoBackends();
    }

    @Test
    void twoAppsMigratingAtOnceApplyEachVersionExactlyOnce(TestDatabase db) throws Exception {
        db.execAsSuperuser("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");

        ExecutorService threads = Executors.newFixedThreadPool(2);
        long applied = 0;
        try {
            List<Future<ChildJvm.Result>> apps = new ArrayList<>();
            for (String name : List.of("flyway-app-a", "flyway-app-b")) {
                apps.add(threads.submit(() -> migrate(db, name).run()));
            }
            for (Future<ChildJvm.Result> app : apps) {
                ChildJvm.Result result = app.get();
                System.out.println("[child] exit " + result.exitCode + ", " + result.jsonLine());
                assertThat(result.exitCode).as("%s", result).isZero();
                assertThat(result.field("success")).as("%s", result).isEqualTo(1);
                assertThat(result.stderr).as("%s", result).doesNotContainIgnoringCase("exception");
                // transaction-level advisory lock, SET ROLE to the login role, set_config('search_path', ?, false):
                // nothing Flyway runs needs a session of its own
                assertThat(result.stderr).as("%s", result).doesNotContain("pins logical connections")
                        .doesNotContain("[pgmux] WARN");
                applied += result.field("migrationsExecuted");
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(applied).isEqualTo(4);
        try (Connection c = db.connect()) {
            assertThat(rows(c, "SELECT version || ' ' || success FROM " + SCHEMA + ".flyway_schema_history"
                    + " WHERE version IS NOT NULL ORDER BY installed_rank"))
                    .containsExactly("1 true", "2 true", "3 true", "4 true");
            assertThat(rows(c, "SELECT owner FROM " + SCHEMA + ".pooler_accounts ORDER BY id"))
                    .containsExactly("ada", "grace", "edsger");
            assertThat(rows(c, "SELECT account_id || ':' || amount FROM " + SCHEMA + ".pooler_entries ORDER BY id"))
                    .containsExactly("1:100", "2:250", "3:75", "1:-20");
        }
    }

    private static ChildJvm migrate(TestDatabase db, String name) {
        return ChildJvm.withAgent(null)
                .systemProperty("pgmux.target", db.host() + ":" + db.pgbouncerPort())
                .systemProperty("pgmux.pool.size", "2")
                .systemProperty("pgmux.applicationName", name)
                .mainClass(flywayClassPath(), FlywayMigrationMain.class, db.jdbcUrl(), db.user(), db.password(), SCHEMA);
    }

    /** This module's test classes and resources, Flyway with what it needs, and the PostgreSQL driver. */
    private static List<String> flywayClassPath() {
        String testClasses = Paths.get(FlywayMigrationMain.class.getProtectionDomain().getCodeSource().getLocation()
                .getPath()).toString();
        List<String> entries = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> {
                    String file = Paths.get(entry).getFileName().toString();
                    return file.startsWith("flyway-") || file.startsWith("jackson-") || file.startsWith("postgresql-");
                })
                .collect(Collectors.toCollection(ArrayList::new));
        entries.add(0, testClasses);
        assertThat(entries).as("class path of the Flyway app").anyMatch(e -> e.contains("flyway-core"))
                .anyMatch(e -> e.contains("flyway-database-postgresql")).anyMatch(e -> e.contains("postgresql-42"));
        return entries;
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
