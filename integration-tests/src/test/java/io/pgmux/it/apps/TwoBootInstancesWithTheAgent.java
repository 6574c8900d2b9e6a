package io.pgmux.it.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two instances of the unmodified Spring Boot sample app (Boot's HikariCP pool of 10, Hibernate, Flyway) run with the
 * agent at once, under concurrent HTTP load. Each instance's pgmux pool is far smaller than Boot's, so that
 * multiplexing is plain to see. The instances start once for the class: Boot starts slowly.
 */
@ExtendWith(TestDatabaseExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class TwoBootInstancesWithTheAgent {
    static final int POOL_SIZE = 4;
    static final int RESERVE = 2;
    /** Boot's HikariCP default: maximumPoolSize 10, minimumIdle the same. */
    static final int BOOT_HIKARI_POOL_SIZE = 10;
    static final int CLIENTS_PER_INSTANCE = 16;
    static final int ROUNDS_PER_CLIENT = 30;
    static final int ACCOUNTS = 100;
    static final int ACCOUNTS_PER_OWNER = 3;
    static final Duration BOOT_START_LIMIT = Duration.ofSeconds(180);
    private static final int MAX_ATTEMPTS = 100;
    private static final Pattern TOTAL = Pattern.compile("\"total\"\\s*:\\s*(-?\\d+)");

    TestDatabase db;
    BackendsByApplication backends;
    final List<BootApp> apps = new ArrayList<>();

    /** The JDBC URL the apps are configured with. */
    abstract String appJdbcUrl(TestDatabase db);

    /** Agent settings beyond the pool's, for example the target; "" for none. */
    abstract String moreAgentArguments(TestDatabase db);

    /**
     * True where each backend serves one instance and so shows its {@code pgmux.applicationName}; a transaction-mode
     * pooler lends its backends to every client in turn.
     */
    abstract boolean backendsShowTheirApp();

    /** What the figures printed by this class are labelled with. */
    abstract String label();

    @BeforeAll
    void startTwoInstances(TestDatabase db) throws Exception {
        this.db = db;
        // Flyway creates and fills the table afresh for this class
        db.execAsSuperuser("DROP TABLE IF EXISTS account, flyway_schema_history");
        db.awaitNoBackends();
        List<String> names = List.of("boot-a", "boot-b");
        backends = new BackendsByApplication(db, Set.copyOf(names));
        for (String name : names) {
            apps.add(BootApp.start(name, agentArguments(name), appJdbcUrl(db), db.user(), db.password()));
        }
        for (BootApp app : apps) {
            long millis = app.awaitHealthy(BOOT_START_LIMIT);
            System.out.printf("[boot %s] %s healthy after %.1f s with the agent%n", label(), app, millis / 1000.0);
        }
    }

    private String agentArguments(String applicationName) {
        return "pool.size=" + POOL_SIZE + ",pool.reserve=" + RESERVE + ",pool.minIdle=1,applicationName="
                + applicationName + moreAgentArguments(db);
    }

    @AfterAll
    void stopInstances() throws Exception {
        if (backends != null) {
            backends.close();
        }
        for (BootApp app : apps) {
            // what the agent said about the app (pins, warnings), so that a passing run still shows it
            app.pgmuxLog().stream().limit(20)
                    .forEach(line -> System.out.printf("[boot %s] %s: %s%n", label(), app, line));
            app.close();
        }
    }

    @Test
    @Order(1)
    void concurrentTransfersAnswerWithoutErrorsAndKeepTheTotal() throws Exception {
        long before = total();
        List<ClientTally> tallies = runClients(CLIENTS_PER_INSTANCE, this::bankClient);
        ClientTally sum = ClientTally.sum(tallies);
        System.out.printf("[boot %s] load: %d requests from %d clients, %d errors, %d conflicts retried, %d transfers"
                        + " refused, %d read-only writes refused%n", label(), sum.requests, tallies.size(), sum.errors,
                sum.retriedConflicts, sum.refused, sum.readOnlyRefusals);

        assertThat(sum.errors).as("errors, first ones: %s", sum.errorSamples).isZero();
        assertThat(sum.transfers).isEqualTo((long) tallies.size() * ROUNDS_PER_CLIENT);
        assertThat(total()).as("total over all accounts after the transfers").isEqualTo(before);
        assertThat(sumOfBalancesInTheDatabase()).isEqualTo(before);
        for (BootApp app : apps) {
            Matcher m = TOTAL.matcher(app.get("/total").body);
            assertThat(m.find()).isTrue();
            assertThat(Long.parseLong(m.group(1))).as("%s reads the same total", app).isEqualTo(before);
        }
    }

    @Test
    @Order(2)
    void aWriteInAReadOnlyTransactionIsRefusedWith25006() throws Exception {
        for (BootApp app : apps) {
            // more requests than Boot's pool has connections, so that every logical connection is tried
            for (int i = 1; i <= 2 * BOOT_HIKARI_POOL_SIZE; i++) {
                BootApp.Response response = app.post("/readonly-write/" + i);
                assertThat(response.status).as("%s: %s", app, response).isEqualTo(500);
                assertThat(response.body).as("%s", app).contains("\"sqlState\":\"25006\"");
            }
        }
    }

    @Test
    @Order(3)
    void concurrentOpeningsUnderSerializableNeverExceedThePerOwnerLimit() throws Exception {
        String owner = "serializable-" + label();
        int clientsPerInstance = 12;
        List<ClientTally> tallies = runClients(clientsPerInstance, app -> openAccount(app, owner));
        ClientTally sum = ClientTally.sum(tallies);
        System.out.printf("[boot %s] serializable: %d clients opened %d accounts for one owner, %d refused at the"
                        + " limit, %d conflicts retried, %d errors%n", label(), tallies.size(), sum.created, sum.refused,
                sum.retriedConflicts, sum.errors);

        assertThat(sum.errors).as("errors, first ones: %s", sum.errorSamples).isZero();
        assertThat(sum.created).isEqualTo(ACCOUNTS_PER_OWNER);
        assertThat(sum.refused).isEqualTo(tallies.size() - ACCOUNTS_PER_OWNER);
        assertThat(accountsOf(owner)).isEqualTo(ACCOUNTS_PER_OWNER);
    }

    @Test
    @Order(4)
    void eachInstanceUsesAtMostOnePgmuxPoolOfServerConnectionsWhileBootsPoolHoldsTen() throws Exception {
        for (BootApp app : apps) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> app.metric("hikaricp.connections") == BOOT_HIKARI_POOL_SIZE);
        }
        System.out.printf("[boot %s] peak backends since before start-up: %d of both instances, per application_name %s%n",
                label(), backends.peakTotal(), backends.peaks());
        assertThat(backends.peakTotal()).isBetween(1, apps.size() * (POOL_SIZE + RESERVE));
        if (backendsShowTheirApp()) {
            for (BootApp app : apps) {
                assertThat(backends.peak(app.name)).as("peak backends of %s", app).isBetween(1, POOL_SIZE + RESERVE);
            }
        }
    }

    // ---- the clients --------------------------------------------------------------------------------

    interface Client {
        ClientTally run(BootApp app) throws Exception;
    }

    private List<ClientTally> runClients(int clientsPerInstance, Client client) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(clientsPerInstance * apps.size());
        try {
            List<Future<ClientTally>> futures = new ArrayList<>();
            for (BootApp app : apps) {
                for (int i = 0; i < clientsPerInstance; i++) {
                    Callable<ClientTally> task = () -> client.run(app);
                    futures.add(threads.submit(task));
                }
            }
            List<ClientTally> tallies = new ArrayList<>();
            for (Future<ClientTally> f : futures) {
                tallies.add(f.get(5, TimeUnit.MINUTES));
            }
            return tallies;
        } finally {
            threads.shutdownNow();
        }
    }

    /** Transfers between random accounts; now and then reads an account or tries a write in a read-only method. */
    private ClientTally bankClient(BootApp app) throws Exception {
        ClientTally tally = new ClientTally();
        Random random = new Random();
        for (int round = 0; round < ROUNDS_PER_CLIENT; round++) {
            long from = 1 + random.nextInt(ACCOUNTS);
            long to = 1 + (from + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
            transfer(app, tally, from, to, 1 + random.nextInt(5));
            if (round % 5 == 0) {
                BootApp.Response account = tally.count(app.get("/accounts/" + (1 + random.nextInt(ACCOUNTS))));
                if (account.status != 200) {
                    tally.error(app, "GET /accounts", account);
                }
            }
            if (round % 10 == 3) {
                BootApp.Response write = tally.count(app.post("/readonly-write/" + (1 + random.nextInt(ACCOUNTS))));
                if (write.status == 500 && write.body.contains("\"sqlState\":\"25006\"")) {
                    tally.readOnlyRefusals++;
                } else {
                    tally.error(app, "POST /readonly-write", write);
                }
            }
        }
        return tally;
    }

    private static void transfer(BootApp app, ClientTally tally, long from, long to, long amount) throws Exception {
        String path = "/transfer?from=" + from + "&to=" + to + "&amount=" + amount;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            BootApp.Response response = tally.count(app.post(path));
            if (response.status == 409) {
                tally.retriedConflicts++;
                continue;
            }
            tally.transfers++;
            if (response.status == 422) {
                tally.refused++; // not enough money: the app's own rule, not a failure
            } else if (response.status != 200) {
                tally.error(app, "POST " + path, response);
            }
            return;
        }
        tally.transfers++;
        tally.error(app, "POST " + path, new BootApp.Response(409, "still conflicting after " + MAX_ATTEMPTS + " attempts"));
    }

    private static ClientTally openAccount(BootApp app, String owner) throws Exception {
        ClientTally tally = new ClientTally();
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            BootApp.Response response = tally.count(app.post("/accounts?owner=" + owner));
            switch (response.status) {
                case 409:
                    tally.retriedConflicts++;
                    continue;
                case 201:
                    tally.created++;
                    return tally;
                case 422:
                    tally.refused++;
                    return tally;
                default:
                    tally.error(app, "POST /accounts", response);
                    return tally;
            }
        }
        tally.error(app, "POST /accounts", new BootApp.Response(409, "still conflicting after " + MAX_ATTEMPTS + " attempts"));
        return tally;
    }

    // ---- reading the database -----------------------------------------------------------------------

    private long total() throws Exception {
        BootApp.Response response = apps.get(0).get("/total");
        Matcher m = TOTAL.matcher(response.body);
        assertThat(m.find()).as("GET /total: %s", response).isTrue();
        return Long.parseLong(m.group(1));
    }

    private long sumOfBalancesInTheDatabase() throws Exception {
        try (Connection c = db.connect(); ResultSet r = c.createStatement().executeQuery("SELECT sum(balance) FROM account")) {
            r.next();
            return r.getLong(1);
        }
    }

    private long accountsOf(String owner) throws Exception {
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement("SELECT count(*) FROM account WHERE owner = ?")) {
            s.setString(1, owner);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /** What one client saw. */
    static final class ClientTally {
        long requests;
        long errors;
        long transfers;
        long retriedConflicts;
        long refused;
        long readOnlyRefusals;
        long created;
        final List<String> errorSamples = new ArrayList<>();

        BootApp.Response count(BootApp.Response response) {
            requests++;
            return response;
        }

        void error(BootApp app, String request, BootApp.Response response) {
            errors++;
            if (errorSamples.size() < 5) {
                errorSamples.add(app + " " + request + " -> " + response);
            }
        }

        static ClientTally sum(List<ClientTally> tallies) {
            ClientTally sum = new ClientTally();
            for (ClientTally t : tallies) {
                sum.requests += t.requests;
                sum.errors += t.errors;
                sum.transfers += t.transfers;
                sum.retriedConflicts += t.retriedConflicts;
                sum.refused += t.refused;
                sum.readOnlyRefusals += t.readOnlyRefusals;
                sum.created += t.created;
                if (sum.errorSamples.size() < 10) {
                    sum.errorSamples.addAll(t.errorSamples);
                }
            }
            return sum;
        }
    }
}
