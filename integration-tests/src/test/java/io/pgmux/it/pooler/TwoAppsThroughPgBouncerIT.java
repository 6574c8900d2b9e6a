package io.pgmux.it.pooler;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmux.it.agent.ChildJvm;
import io.pgmux.it.agent.SampleApps;
import io.pgmux.testing.BackendSampler;
import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two unmodified apps with the agent share one PgBouncer in transaction mode (SPEC section 5): each keeps to its
 * own pool.size + reserve client connections, and PostgreSQL sees no more than PgBouncer's pool.
 */
@ExtendWith(TestDatabaseExtension.class)
class TwoAppsThroughPgBouncerIT {
    private static final int POOL_SIZE = 5;
    private static final int RESERVE = 2;
    private static final List<String> APPS = List.of("pooler-app-a", "pooler-app-b");

    @BeforeAll
    static void createSchema(TestDatabase db) throws Exception {
        SampleApps.initSchema(db);
    }

    /** PgBouncer keeps idle server connections for minutes: they must not count as backends in later tests. */
    @AfterAll
    static void closePoolerServers(TestDatabase db) {
        db.pgbouncerAdmin("RECONNECT");
        db.awaitNoBackends();
    }

    @Test
    void twoAppsShareThePoolerWithoutErrorsEachWithinItsOwnPool(TestDatabase db) throws Exception {
        // server connections PgBouncer kept from earlier tests must not count for this one
        db.pgbouncerAdmin("RECONNECT");
        db.awaitNoBackends();

        Map<String, Integer> peakClients = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService threads = Executors.newFixedThreadPool(APPS.size() + 1);
        try (BackendSampler backends = db.sampleBackends(db.database())) {
            Future<?> clients = threads.submit(() -> sampleClients(db, running, peakClients));
            List<Future<ChildJvm.Result>> apps = APPS.stream().map(name -> threads.submit(() -> app(db, name).run()))
                    .toList();
            for (int i = 0; i < APPS.size(); i++) {
                ChildJvm.Result result = apps.get(i).get();
                System.out.println("[child " + APPS.get(i) + "] exit " + result.exitCode + ", " + result.jsonLine());
                assertThat(result.exitCode).as("%s", result).isZero();
                assertThat(result.field("errors")).as("%s", result).isZero();
                assertThat(result.field("requests")).as("%s", result).isPositive();
            }
            running.set(false);
            clients.get();
            int peakBackends = backends.peak();
            System.out.println("[pooler] peak PostgreSQL backends " + peakBackends + " (PgBouncer pool "
                    + db.pgbouncerPoolSize() + "), peak PgBouncer clients per app " + peakClients);

            assertThat(peakBackends).isBetween(1, db.pgbouncerPoolSize());
            assertThat(peakClients).containsOnlyKeys(APPS);
            assertThat(peakClients.values()).allSatisfy(peak -> assertThat(peak).isBetween(1, POOL_SIZE + RESERVE));
        } finally {
            running.set(false);
            threads.shutdownNow();
        }
    }

    private static ChildJvm app(TestDatabase db, String name) {
        return ChildJvm.withAgent(null)
                .systemProperty("pgmux.target", db.host() + ":" + db.pgbouncerPort())
                .systemProperty("pgmux.pool.size", String.valueOf(POOL_SIZE))
                .systemProperty("pgmux.pool.reserve", String.valueOf(RESERVE))
                .systemProperty("pgmux.applicationName", name)
                .sampleApp(SampleApps.appArguments(db, "drivermanager", "--threads", "100", "--duration", "8",
                        "--mode", "write"));
    }

    /** The most PgBouncer client connections of each app (by application_name) seen in one SHOW CLIENTS. */
    private static Void sampleClients(TestDatabase db, AtomicBoolean running, Map<String, Integer> peaks)
            throws InterruptedException {
        while (running.get()) {
            Map<String, Integer> now = new ConcurrentHashMap<>();
            for (Map<String, String> client : db.showClients()) {
                if (db.database().equals(client.get("database"))) {
                    now.merge(client.get("application_name"), 1, Integer::sum);
                }
            }
            now.forEach((app, count) -> peaks.merge(app, count, Math::max));
            Thread.sleep(100);
        }
        return null;
    }
}
