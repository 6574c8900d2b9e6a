package io.pgmux.it.apps;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmux.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The Spring Boot sample app with the agent through PgBouncer in transaction mode, configured as a user would:
 * the app's URL is unchanged (straight at PostgreSQL) and {@code pgmux.target} names the pooler, so that each
 * instance is a handful of PgBouncer clients and the few sessions that must pin (Flyway's start-up) go to
 * PostgreSQL itself, the default pin target.
 */
class SpringBootThroughPgBouncerIT extends TwoBootInstancesWithTheAgent {

    @Override
    String appJdbcUrl(TestDatabase db) {
        return db.jdbcUrl();
    }

    @Override
    String moreAgentArguments(TestDatabase db) {
        return ",target=" + db.host() + ":" + db.pgbouncerPort();
    }

    @Override
    boolean backendsShowTheirApp() {
        return false;
    }

    @Override
    String label() {
        return "pgbouncer-transaction";
    }

    @Test
    @Order(5)
    void eachInstanceIsAtMostOnePgmuxPoolOfPgBouncerClients() {
        List<Map<String, String>> clients = db.showClients();
        long ofTheApps = clients.stream()
                .filter(c -> db.database().equals(c.get("database")))
                .count();
        System.out.printf("[boot %s] PgBouncer clients of %s: %d%n", label(),
                db.database(), ofTheApps);
        assertThat(ofTheApps).isBetween(1L, (long) apps.size() * (POOL_SIZE + RESERVE));
    }
}
