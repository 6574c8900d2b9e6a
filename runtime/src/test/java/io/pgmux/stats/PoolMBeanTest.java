package io.pgmux.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmux.config.PgmuxConfig;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PoolMBeanTest {
    private static final String NAME = "app@db.example:5432/orders";
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final Statistics statistics = newStatistics();
    private final FakePool pool = new FakePool(NAME);

    private Statistics newStatistics() {
        try {
            return new Statistics(PgmuxConfig.defaults(), server, LeakDetector.LOG);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @AfterEach
    void close() {
        statistics.close();
    }

    private static ObjectName poolName(String name) throws Exception {
        return new ObjectName("io.pgmux:type=Pool,name=" + ObjectName.quote(name));
    }

    @Test
    void poolIsRegisteredUnderItsQuotedName() throws Exception {
        statistics.poolOpened(pool, null);

        Set<ObjectName> names = server.queryNames(new ObjectName("io.pgmux:type=Pool,*"), null);
        assertThat(names).contains(poolName(NAME));
        assertThat(poolName(NAME).getKeyProperty("name")).isEqualTo("\"" + NAME + "\"");
        assertThat(ObjectName.unquote(poolName(NAME).getKeyProperty("name"))).isEqualTo(NAME);
    }

    @Test
    void attributesReadThroughTheMBeanServerShowThePoolsCounts() throws Exception {
        pool.clients(12).servers(3, 1);
        pool.poolSize = 4;
        PoolCounters c = pool.counters();
        pool.borrowed(2_500).borrowed(7_500).borrowed(5_000);
        c.waitStarted();
        c.pinned();
        c.reserveTaken();
        c.transaction(1_000);
        c.transaction(3_000);
        c.query(400);
        c.query(600);
        c.query(800);
        c.acquireTimedOut();
        statistics.poolOpened(pool, null);
        ObjectName name = poolName(NAME);

        Map<String, Object> expected = Map.ofEntries(
                Map.entry("ClientsOpen", 12L), Map.entry("ClientsActive", 3L), Map.entry("ClientsWaiting", 1L),
                Map.entry("ClientsPinned", 1L), Map.entry("ServersActive", 3), Map.entry("ServersIdle", 1),
                Map.entry("ServersTotal", 4), Map.entry("PoolSize", 4), Map.entry("ReserveInUse", 1L),
                Map.entry("MaxWaitMillis", 7L), Map.entry("TotalTransactions", 2L), Map.entry("TotalQueries", 3L),
                Map.entry("TotalWaitMicros", 15_000L), Map.entry("AvgTransactionMicros", 2_000L),
                Map.entry("AvgQueryMicros", 600L), Map.entry("AvgWaitMicros", 5_000L), Map.entry("TotalPins", 1L),
                Map.entry("TotalAcquireTimeouts", 1L), Map.entry("MultiplexingRatio", 3.0), Map.entry("Paused", false));
        for (Map.Entry<String, Object> e : expected.entrySet()) {
            assertThat(server.getAttribute(name, e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
        }
    }

    @Test
    void everyAttributeAndOperationOfTheSpecIsThereWithADescription() throws Exception {
        statistics.poolOpened(pool, null);
        MBeanInfo info = server.getMBeanInfo(poolName(NAME));

        assertThat(info.getDescription()).contains("pgmux pool");
        assertThat(info.getAttributes()).extracting(MBeanAttributeInfo::getName).containsExactlyInAnyOrder(
                "ClientsOpen", "ClientsActive", "ClientsWaiting", "ClientsPinned", "ServersActive", "ServersIdle",
                "ServersTotal", "PoolSize", "ReserveInUse", "MaxWaitMillis", "TotalTransactions", "TotalQueries",
                "TotalWaitMicros", "AvgTransactionMicros", "AvgQueryMicros", "AvgWaitMicros", "TotalPins",
                "TotalAcquireTimeouts", "MultiplexingRatio", "Paused", "Role", "Healthy", "ReplicationLagMillis",
                "ReadsRoutedToStandby", "ReadsFellBackToPrimary", "ReadYourWritesWaits", "Failovers");
        assertThat(info.getOperations()).extracting(MBeanOperationInfo::getName)
                .containsExactlyInAnyOrder("pause", "resume", "reconnect", "resize", "holders");
        for (MBeanAttributeInfo a : info.getAttributes()) {
            assertThat(a.getDescription()).as(a.getName()).isNotBlank().isNotEqualTo("Attribute exposed for management");
            assertThat(a.isWritable()).as(a.getName()).isFalse();
        }
        for (MBeanOperationInfo o : info.getOperations()) {
            assertThat(o.getDescription()).as(o.getName()).isNotBlank().isNotEqualTo("Operation exposed for management");
        }
        MBeanOperationInfo resize = Arrays.stream(info.getOperations()).filter(o -> o.getName().equals("resize")).findFirst().orElseThrow();
        assertThat(resize.getSignature()[0].getName()).isEqualTo("size");
    }

    @Test
    void pauseAndResumeReachThePool() throws Exception {
        statistics.poolOpened(pool, null);
        ObjectName name = poolName(NAME);

        server.invoke(name, "pause", null, null);
        assertThat(pool.paused).isTrue();
        assertThat(server.getAttribute(name, "Paused")).isEqualTo(true);

        server.invoke(name, "resume", null, null);
        assertThat(pool.paused).isFalse();
    }

    @Test
    void reconnectAndResizeReachThePool() throws Exception {
        statistics.poolOpened(pool, null);
        ObjectName name = poolName(NAME);

        server.invoke(name, "reconnect", null, null);
        server.invoke(name, "resize", new Object[] {25}, new String[] {int.class.getName()});

        assertThat(pool.reconnects).hasValue(1);
        assertThat(server.getAttribute(name, "PoolSize")).isEqualTo(25);
    }

    @Test
    void resizeBelowOneIsRefusedWithTheReason() throws Exception {
        statistics.poolOpened(pool, null);

        assertThatThrownBy(() -> server.invoke(poolName(NAME), "resize", new Object[] {0}, new String[] {int.class.getName()}))
                .hasRootCauseMessage("pool " + NAME + ": size must be at least 1, was 0");
        assertThat(pool.poolSize).isEqualTo(10);
    }

    @Test
    void holdersListsEachHolderOnOneReadableLine() throws Exception {
        pool.holders.add(new HolderInfo(7, 1234, "in transaction", "worker-3", FakePool.openedAt()));
        pool.holders.add(new HolderInfo(9, 15, "autocommit statement", "worker-4", null));
        statistics.poolOpened(pool, null);

        String[] lines = (String[]) server.invoke(poolName(NAME), "holders", null, null);

        assertThat(lines).containsExactly(
                "#7 held 1234 ms, in transaction, thread worker-3, opened at com.acme.orders.OrderRepository.load(OrderRepository.java:42)",
                "#9 held 15 ms, autocommit statement, thread worker-4");
    }

    @Test
    void aClosedPoolsMBeanIsGone() throws Exception {
        statistics.poolOpened(pool, null);
        statistics.poolClosed(pool);

        assertThat(server.isRegistered(poolName(NAME))).isFalse();
    }

    @Test
    void aSecondPgmuxInTheJvmRegistersTheSamePoolUnderAnInstanceKey() throws Exception {
        FakePool sameName = new FakePool(NAME);
        try (Statistics other = new Statistics(PgmuxConfig.defaults(), server, LeakDetector.LOG)) {
            statistics.poolOpened(pool, null);
            other.poolOpened(sameName.clients(2), null);

            ObjectName second = new ObjectName(poolName(NAME) + ",instance=2");
            assertThat(server.getAttribute(poolName(NAME), "ClientsOpen")).isEqualTo(0L);
            assertThat(server.getAttribute(second, "ClientsOpen")).isEqualTo(2L);

            other.close();
            assertThat(server.isRegistered(second)).isFalse();
            assertThat(server.isRegistered(poolName(NAME))).isTrue();
        }
    }

    @Test
    void withJmxOffNothingIsRegistered() throws Exception {
        try (Statistics off = new Statistics(PgmuxConfig.defaults().with("jmx", "false"), server, LeakDetector.LOG)) {
            off.poolOpened(new FakePool("off@db.example:5432/orders"), null);

            assertThat(server.queryNames(new ObjectName("io.pgmux:type=Pool,name=\"off@db.example:5432/orders\",*"), null)).isEmpty();
        }
    }
}
