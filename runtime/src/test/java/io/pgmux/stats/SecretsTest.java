package io.pgmux.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pgmux.config.PgmuxConfig;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class SecretsTest {
    @Test
    void passwordInAJdbcUrlQueryIsMasked() {
        assertThat(Secrets.mask("jdbc:postgresql://db:5432/orders?user=app&password=secret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/orders?user=app&password=****&ssl=true");
    }

    @Test
    void passwordInUserInfoIsMasked() {
        assertThat(Secrets.mask("postgresql://app:secret@db:5432/orders")).isEqualTo("postgresql://app:****@db:5432/orders");
    }

    @Test
    void passwordInAConnectionStringIsMasked() {
        assertThat(Secrets.mask("host=db user=app password=secret dbname=orders"))
                .isEqualTo("host=db user=app password=**** dbname=orders");
    }

    @Test
    void textWithoutSecretsIsUnchanged() {
        assertThat(Secrets.mask("app@db.example:5432/orders")).isEqualTo("app@db.example:5432/orders");
    }

    @Test
    void settingsNamedLikeSecretsAreMaskedWhole() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("password", "secret");
        settings.put("sslpassword", "secret");
        settings.put("pgmux.pool.size", "10");

        assertThat(Secrets.mask(settings)).containsExactly(
                Map.entry("password", "****"), Map.entry("sslpassword", "****"), Map.entry("pgmux.pool.size", "10"));
    }

    @Test
    void propertiesAreMasked() {
        Properties p = new Properties();
        p.setProperty("user", "app");
        p.setProperty("password", "secret");

        Properties masked = Secrets.mask(p);

        assertThat(masked.getProperty("user")).isEqualTo("app");
        assertThat(masked.getProperty("password")).isEqualTo("****");
    }

    @Test
    void aPasswordInAPoolsNameReachesNoMBeanNameAttributeOrMeter() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        FakePool pool = new FakePool("app@db.example:5432/orders?password=secret");
        pool.holders.add(new HolderInfo(1, 5, "in transaction", "password=secret", null));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Statistics statistics = new Statistics(PgmuxConfig.defaults(), server, LeakDetector.LOG)) {
            statistics.poolOpened(pool, null);
            PoolStatistics stats = new PoolStatistics(pool);
            new PoolMeters(stats).bindTo(registry);

            ObjectName name = new ObjectName("io.pgmux:type=Pool,name=" + ObjectName.quote("app@db.example:5432/orders?password=****"));
            assertThat(server.isRegistered(name)).isTrue();
            assertThat(server.queryNames(new ObjectName("io.pgmux:*"), null).toString()).doesNotContain("secret");
            assertThat(String.join("\n", (String[]) server.invoke(name, "holders", null, null))).doesNotContain("secret");
            for (Meter m : registry.getMeters()) {
                assertThat(m.getId().getTag("pool")).isEqualTo("app@db.example:5432/orders?password=****");
            }
        }
    }
}
