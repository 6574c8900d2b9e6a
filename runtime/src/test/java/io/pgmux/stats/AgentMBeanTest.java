package io.pgmux.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmux.config.PgmuxConfig;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AgentMBeanTest {
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final FakePool orders = new FakePool("app@pooler.example:6432/orders");
    private final FakePool billing = new FakePool("billing@pooler.example:6432/billing");
    private final LongAdder intercepted = new LongAdder();
    private final LongAdder passedThrough = new LongAdder();
    private Statistics statistics;
    private ObjectName agentName;

    @BeforeEach
    void start() throws Exception {
        PgmuxConfig config = PgmuxConfig.defaults().with("target", "pooler.example:6432")
                .with("exclude", "jdbc:postgresql://legacy.example/*?password=hunter2");
        statistics = new Statistics(config, server, LeakDetector.LOG);
        statistics.registerAgent(new AgentManagement("1.2.3", config, () -> List.of(orders, billing), intercepted, passedThrough));
        agentName = server.queryNames(new ObjectName("io.pgmux:type=Agent,*"), null).stream()
                .filter(n -> {
                    try {
                        return "1.2.3".equals(server.getAttribute(n, "Version"));
                    } catch (Exception e) {
                        return false;
                    }
                }).findFirst().orElseThrow();
    }

    @AfterEach
    void close() {
        statistics.close();
    }

    @Test
    void attributesShowVersionTargetPoolsAndConnectCounts() throws Exception {
        intercepted.add(40);
        passedThrough.add(2);

        assertThat(server.getAttribute(agentName, "Version")).isEqualTo("1.2.3");
        assertThat(server.getAttribute(agentName, "Enabled")).isEqualTo(true);
        assertThat(server.getAttribute(agentName, "Target")).isEqualTo("pooler.example:6432");
        assertThat((String[]) server.getAttribute(agentName, "Pools"))
                .containsExactly("app@pooler.example:6432/orders", "billing@pooler.example:6432/billing");
        assertThat(server.getAttribute(agentName, "InterceptedConnects")).isEqualTo(40L);
        assertThat(server.getAttribute(agentName, "PassedThroughConnects")).isEqualTo(2L);
    }

    @Test
    void configurationShowsEverySettingWithPasswordsMasked() throws Exception {
        String[] lines = (String[]) server.getAttribute(agentName, "Configuration");

        assertThat(lines).contains("pgmux.pool.size=10", "pgmux.target=pooler.example:6432",
                "pgmux.exclude=jdbc:postgresql://legacy.example/*?password=****");
        assertThat(String.join("\n", lines)).doesNotContain("hunter2");
    }

    @Test
    void pauseAllAndResumeAllReachEveryPool() throws Exception {
        server.invoke(agentName, "pauseAll", null, null);
        assertThat(orders.paused).isTrue();
        assertThat(billing.paused).isTrue();

        server.invoke(agentName, "resumeAll", null, null);
        assertThat(orders.paused).isFalse();
        assertThat(billing.paused).isFalse();
    }

    @Test
    void everyAttributeHasADescription() throws Exception {
        for (MBeanAttributeInfo a : server.getMBeanInfo(agentName).getAttributes()) {
            assertThat(a.getDescription()).as(a.getName()).isNotBlank().isNotEqualTo("Attribute exposed for management");
        }
    }
}
