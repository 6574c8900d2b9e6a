package io.pgmux.it.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pgmux.it.agent.BackgroundJvm;
import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The pool and agent MBeans of an app running with the agent, read from outside as JConsole reads them, against what
 * PostgreSQL sees. One app runs for the whole class; the tests that change the pool run last, in order.
 */
@ExtendWith(TestDatabaseExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PoolMBeanIT {
    private static final String APPLICATION_NAME = "pgmux-pool-mbean-it";
    private static final int POOL_SIZE = 4;
    private static final int THREADS = 8;
    private static final int IDLE_CONNECTIONS = 20;

    private TestDatabase db;
    private BackgroundJvm app;
    private MBeanServerConnection mbeans;
    private ObjectName pool;

    @BeforeAll
    void startApp(TestDatabase db) throws Exception {
        this.db = db;
        SampleSchema.ensure(db);
        app = BackgroundJvm.sampleApp("pool.size=" + POOL_SIZE + ",pool.reserve=0,pool.minIdle=1,applicationName=" + APPLICATION_NAME,
                List.of(), "drivermanager", "--url", db.jdbcUrl(), "--user", db.user(), "--password", db.password(),
                "--threads", String.valueOf(THREADS), "--duration", "60", "--mode", "read",
                "--idle-connections", String.valueOf(IDLE_CONNECTIONS));
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            Set<ObjectName> names = app.mbeans().queryNames(new ObjectName("io.pgmux:type=Pool,*"), null);
            return names.size() == 1 && attribute(names.iterator().next(), "TotalTransactions") > 0;
        });
        mbeans = app.mbeans();
        pool = mbeans.queryNames(new ObjectName("io.pgmux:type=Pool,*"), null).iterator().next();
    }

    @AfterAll
    void stopApp() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    private long attribute(ObjectName name, String attribute) throws Exception {
        return ((Number) app.mbeans().getAttribute(name, attribute)).longValue();
    }

    private long pool(String attribute) throws Exception {
        return attribute(pool, attribute);
    }

    /** Backends of the app's server connections, as PostgreSQL lists them. */
    private int backendsOfTheApp() throws Exception {
        try (Connection c = db.superuserConnection();
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
            s.setString(1, APPLICATION_NAME);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    @Test
    @Order(1)
    void thePoolIsNamedAfterUserHostPortAndDatabase() {
        assertThat(pool.getKeyProperty("name")).isEqualTo(
                "\"" + db.user() + "@" + db.host() + ":" + db.postgresPort() + "/" + db.database() + "\"");
    }

    @Test
    @Order(2)
    void serversTotalIsWhatPostgresqlSeesOfTheApp() throws Exception {
        // HikariCP may open or close one at any moment: compare at a moment when neither side moved
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            long before = pool("ServersTotal");
            int backends = backendsOfTheApp();
            long after = pool("ServersTotal");
            System.out.println("[jmx] ServersTotal " + before + "/" + after + ", pg_stat_activity " + backends);
            return before == after && before == backends;
        });
        assertThat(pool("ServersTotal")).isBetween(1L, (long) POOL_SIZE);
    }

    @Test
    @Order(3)
    void clientsOpenCountsTheIdleConnectionsAndTheWorkers() throws Exception {
        long open = pool("ClientsOpen");
        System.out.println("[jmx] ClientsOpen " + open + ", MultiplexingRatio " + mbeans.getAttribute(pool, "MultiplexingRatio"));

        assertThat(open).isGreaterThanOrEqualTo(IDLE_CONNECTIONS);
        assertThat(pool("PoolSize")).isEqualTo(POOL_SIZE);
        assertThat((Double) mbeans.getAttribute(pool, "MultiplexingRatio")).isGreaterThanOrEqualTo((double) IDLE_CONNECTIONS / POOL_SIZE);
    }

    @Test
    @Order(4)
    void theAgentCountsInterceptedConnectsAndShowsItsSettingsWithoutThePassword() throws Exception {
        ObjectName agent = new ObjectName("io.pgmux:type=Agent");
        String[] configuration = (String[]) mbeans.getAttribute(agent, "Configuration");
        String[] pools = (String[]) mbeans.getAttribute(agent, "Pools");

        assertThat(attribute(agent, "InterceptedConnects")).isGreaterThanOrEqualTo(IDLE_CONNECTIONS);
        assertThat(attribute(agent, "PassedThroughConnects")).isZero();
        assertThat((Boolean) mbeans.getAttribute(agent, "Enabled")).isTrue();
        assertThat((String) mbeans.getAttribute(agent, "Version")).isNotBlank();
        assertThat(configuration).contains("pgmux.pool.size=" + POOL_SIZE);
        assertThat(pools).containsExactly(db.user() + "@" + db.host() + ":" + db.postgresPort() + "/" + db.database());
        assertThat(Arrays.toString(configuration) + Arrays.toString(pools)).doesNotContain(db.password());
    }

    @Test
    @Order(5)
    void pauseHoldsNewBorrowsAndResumeLetsThemGo() throws Exception {
        mbeans.invoke(pool, "pause", null, null);
        try {
            // every worker waits: no transaction can be running any more
            await().atMost(Duration.ofSeconds(10)).until(() -> pool("ClientsWaiting") == THREADS);
            assertThat((Boolean) mbeans.getAttribute(pool, "Paused")).isTrue();
            long whilePaused = pool("TotalTransactions");
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> pool("TotalTransactions") == whilePaused);
            System.out.println("[jmx] paused: ClientsWaiting " + pool("ClientsWaiting") + ", TotalTransactions " + whilePaused);
        } finally {
            mbeans.invoke(pool, "resume", null, null);
        }
        long resumedAt = pool("TotalTransactions");
        await().atMost(Duration.ofSeconds(10)).until(() -> pool("TotalTransactions") > resumedAt + THREADS);
        assertThat((Boolean) mbeans.getAttribute(pool, "Paused")).isFalse();
        assertThat(app.isAlive()).as("the app saw no failure while paused: %s", app).isTrue();
    }

    @Test
    @Order(6)
    void resizeShrinksThePoolWhileTheAppRuns() throws Exception {
        mbeans.invoke(pool, "resize", new Object[] {3}, new String[] {int.class.getName()});

        assertThat(pool("PoolSize")).isEqualTo(3);
        await().atMost(Duration.ofSeconds(20)).until(() -> pool("ServersTotal") <= 3 && backendsOfTheApp() <= 3);
        long afterResize = pool("TotalTransactions");
        await().atMost(Duration.ofSeconds(10)).until(() -> pool("TotalTransactions") > afterResize + THREADS);
        System.out.println("[jmx] after resize(3): ServersTotal " + pool("ServersTotal") + ", pg_stat_activity " + backendsOfTheApp());
    }
}
