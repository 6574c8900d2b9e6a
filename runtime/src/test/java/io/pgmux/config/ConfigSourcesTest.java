package io.pgmux.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSourcesTest {

    @Test
    void strongerSourcesWin(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pgmux.properties");
        Files.writeString(file, "pool.size=1\npool.reserve=1\npool.minIdle=1\npinning=warn\n");
        Properties system = new Properties();
        system.setProperty("pgmux.config", file.toString());
        system.setProperty("pgmux.pool.size", "3");
        system.setProperty("java.version", "ignored");
        Map<String, String> env = Map.of("PGMUX_POOL_SIZE", "2", "PGMUX_POOL_RESERVE", "2", "PATH", "/bin");

        PgmuxConfig config = ConfigSources.collect("pool.size=4", system, env).toConfig();

        assertThat(config.poolSize()).isEqualTo(4);
        assertThat(config.poolReserve()).isEqualTo(2);
        assertThat(config.poolMinIdle()).isEqualTo(1);
        assertThat(config.pinning()).isEqualTo(Pinning.WARN);
    }

    @Test
    void environmentNamesMapToCamelCaseKeys() throws Exception {
        PgmuxConfig config = ConfigSources.collect(null, new Properties(),
                Map.of("PGMUX_POOL_ACQUIRETIMEOUTMS", "1000")).toConfig();
        assertThat(config.poolAcquireTimeoutMs()).isEqualTo(1000);
    }

    @Test
    void agentArgumentsKeepCommasInsideListValues() throws Exception {
        PgmuxConfig config = ConfigSources.collect("trackedParameters=search_path,timezone,pool.size=5",
                new Properties(), Map.of()).toConfig();
        assertThat(config.trackedParameters()).containsExactly("search_path", "timezone");
        assertThat(config.poolSize()).isEqualTo(5);
    }

    @Test
    void anUnreadableFileIsReportedWithItsPath() {
        Properties system = new Properties();
        system.setProperty("pgmux.config", "/nonexistent/pgmux.properties");
        assertThatThrownBy(() -> ConfigSources.collect(null, system, Map.of()).toConfig())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("pgmux.config=/nonexistent/pgmux.properties cannot be read");
    }

    @Test
    void anUnknownEnvironmentVariableIsReported() {
        assertThatThrownBy(() -> ConfigSources.collect(null, new Properties(), Map.of("PGMUX_POOLSIZE", "3")).toConfig())
                .hasMessageContaining("PGMUX_POOLSIZE=3");
    }

    @Test
    void strictIsReadableEvenWhenTheRestIsInvalid() {
        ConfigSources sources = ConfigSources.collect("strict=true,pool.size=banana", new Properties(), Map.of());
        assertThat(sources.strictRequested()).isTrue();
        assertThatThrownBy(sources::toConfig).hasMessageContaining("pgmux.pool.size=banana");
    }
}
