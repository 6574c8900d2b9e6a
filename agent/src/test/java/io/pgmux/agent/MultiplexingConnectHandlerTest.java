package io.pgmux.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmux.config.PgmuxConfig;
import java.util.Map;
import java.util.Properties;
import org.example.jdbc.RecordingDriver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which connects the agent leaves to the driver; none of these reaches a database. The handler appears in no method
 * signature here: JUnit's reflection would load it, and the bridge interface with it, before the bridge is injected.
 */
class MultiplexingConnectHandlerTest {

    @BeforeAll
    static void bridgeOnBootstrapClassPath() throws Exception {
        // the handler implements a bridge interface, which must come from the bootstrap loader
        InstalledAgent.ensureInstalled();
    }

    @Test
    void aDriverThatDoesNotTakeTheUrlAnswersForItself() throws Exception {
        // RecordingDriver takes only jdbc:recording: URLs, as DriverManager tries each registered driver in turn
        PgmuxConfig config = PgmuxConfig.parse(Map.of("pgmux.include", "jdbc:postgresql:*"));

        Object result = new MultiplexingConnectHandler(config)
                .connect(new RecordingDriver(), "jdbc:postgresql://db/app", new Properties());

        assertThat(result).isNull();
    }

    @Test
    void aUrlOutsideIncludeIsLeftToTheDriver() throws Exception {
        PgmuxConfig config = PgmuxConfig.parse(Map.of("pgmux.include", "jdbc:postgresql:*"));

        Object result = new MultiplexingConnectHandler(config)
                .connect(new RecordingDriver(), "jdbc:recording://db/app", new Properties());

        assertThat(result).isNull();
    }

    @Test
    void anExcludedUrlIsLeftToTheDriver() throws Exception {
        PgmuxConfig config = PgmuxConfig.parse(Map.of(
                "pgmux.include", "jdbc:recording:*", "pgmux.exclude", "jdbc:recording://reporting*"));

        Object result = new MultiplexingConnectHandler(config).connect(new RecordingDriver(), "jdbc:recording://reporting/app", new Properties());

        assertThat(result).isNull();
    }

    @Test
    void aReplicationConnectIsLeftToTheDriver() throws Exception {
        PgmuxConfig config = PgmuxConfig.parse(Map.of("pgmux.include", "jdbc:recording:*"));
        Properties replication = new Properties();
        replication.setProperty("replication", "database");

        Object result = new MultiplexingConnectHandler(config).connect(new RecordingDriver(), "jdbc:recording://db/app",
                replication);

        assertThat(result).isNull();
    }

    @Test
    void aReplicationParameterInTheUrlIsLeftToTheDriver() throws Exception {
        PgmuxConfig config = PgmuxConfig.parse(Map.of("pgmux.include", "jdbc:recording:*"));

        Object result = new MultiplexingConnectHandler(config).connect(new RecordingDriver(),
                "jdbc:recording://db/app?ApplicationName=x&replication=true", new Properties());

        assertThat(result).isNull();
        assertThat(MultiplexingConnectHandler.isReplication("jdbc:postgresql://db/app?replicationx=1", null)).isFalse();
    }
}
