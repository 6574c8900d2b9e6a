package io.pgmux.it.pooler;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * An app that migrates its schema with Flyway at start-up, as many apps do: {@code URL USER PASSWORD SCHEMA}. Prints
 * one JSON line with the migrations it applied; exits 1 where the migration fails.
 */
public final class FlywayMigrationMain {
    private FlywayMigrationMain() {
    }

    public static void main(String[] args) {
        try {
            MigrateResult result = Flyway.configure()
                    .dataSource(args[0], args[1], args[2])
                    .schemas(args[3])
                    .createSchemas(true)
                    .locations("classpath:db/pooler-migration")
                    .load()
                    .migrate();
            System.out.println("{\"migrationsExecuted\":" + result.migrationsExecuted + ",\"success\":"
                    + (result.success ? 1 : 0) + "}");
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
        }
    }
}
