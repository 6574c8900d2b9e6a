package io.pgmux.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class PgmuxConfigTest {

    @Test
    void defaultsFollowTheSpec() {
        PgmuxConfig config = PgmuxConfig.defaults();
        assertThat(config.enabled()).isTrue();
        assertThat(config.target()).isEmpty();
        assertThat(config.targetMode()).isEqualTo(TargetMode.DIRECT);
        assertThat(config.poolSize()).isEqualTo(10);
        assertThat(config.poolMinIdle()).isEqualTo(2);
        assertThat(config.poolReserve()).isEqualTo(5);
        assertThat(config.poolReserveTimeoutMs()).isEqualTo(3000);
        assertThat(config.poolAcquireTimeoutMs()).isEqualTo(30000);
        assertThat(config.poolMaxLifetimeMs()).isEqualTo(1_800_000);
        assertThat(config.poolIdleTimeoutMs()).isEqualTo(600_000);
        assertThat(config.pinning()).isEqualTo(Pinning.PIN);
        assertThat(config.trackedParameters()).containsExactlyElementsOf(PgmuxConfig.DEFAULT_TRACKED_PARAMETERS);
        assertThat(config.leakThresholdMs()).isZero();
        assertThat(config.jmx()).isTrue();
        assertThat(config.metricsPort()).isZero();
        assertThat(config.metricsHost()).isEqualTo("127.0.0.1");
        assertThat(config.strict()).isFalse();
        assertThat(config.maxServerConnections()).as("no cap").isZero();
        assertThat(config.standbys()).isEmpty();
        assertThat(config.standbyMaxLagMs()).isEqualTo(1000);
        assertThat(config.standbyAutocommitReads()).isFalse();
        assertThat(config.failoverWaitMs()).isEqualTo(30_000);
    }

    @Test
    void standbysAreHostPortPairsWithAnOptionalDatabase() throws Exception {
        PgmuxConfig config = PgmuxConfig.parse(Map.of("pgmux.standby", " 10.0.0.2:5432, 127.0.0.1:6432/app_standby,[::1]:5433/x,10.0.0.2:5432"));
        assertThat(config.standbys()).extracting(Object::toString)
                .containsExactly("10.0.0.2:5432", "127.0.0.1:6432/app_standby", "[::1]:5433/x");
        assertThat(config.standbys().get(1).database()).contains("app_standby");
        assertThat(config.standbys().get(0).database()).isEmpty();
        assertThat(config.standbys().get(2).hostAndPort()).isEqualTo(new HostAndPort("::1", 5433));
    }

    @Test
    void aStandbyWithoutPortOrWithAPathIsRejectedWithAnExample() {
        assertThatThrownBy(() -> PgmuxConfig.parse(Map.of("pgmux.standby", "replica1,10.0.0.3:5432/a/b")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("pgmux.standby=replica1 is not valid")
                .hasMessageContaining("pgmux.standby=10.0.0.3:5432/a/b is not valid")
                .hasMessageContaining("host:port[/database]");
        assertThatThrownBy(() -> PgmuxConfig.parse(Map.of("pgmux.standby.maxLagMs", "-1")))
                .hasMessageContaining("pgmux.standby.maxLagMs=-1");
    }

    @Test
    void maxServerConnectionsCapsTheServerConnectionsOfAllPools() throws Exception {
        assertThat(PgmuxConfig.parse(Map.of("pgmux.maxServerConnections", "40")).maxServerConnections()).isEqualTo(40);
    }

    @Test
    void maxServerConnectionsMustBeAPositiveNumber() {
        assertThatThrownBy(() -> PgmuxConfig.parse(Map.of("pgmux.maxServerConnections", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("pgmux.maxServerConnections=0")
                .hasMessageContaining("a whole number from 1 to 1000000");
        assertThatThrownBy(() -> PgmuxConfig.parse(Map.of("pgmux.maxServerConnections", "lots")))
                .hasMessageContaining("pgmux.maxServerConnections=lots");
    }

    @Test
    void anIdleTimeoutBelowHikariCpsTenSecondsIsAccepted() throws Exception {
        assertThat(PgmuxConfig.parse(Map.of("pgmux.pool.idleTimeoutMs", "500")).poolIdleTimeoutMs()).isEqualTo(500);
        assertThatThrownBy(() -> PgmuxConfig.parse(Map.of("pgmux.pool.idleTimeoutMs", "50")))
                .hasMessageContaining("pgmux.pool.idleTimeoutMs=50")
                .hasMessageContaining("0 (never) or a whole number of milliseconds >= 100");
    }

    @Test
    void aTargetMakesTransactionModeTheDefault() throws Exception {
        PgmuxConfig config = PgmuxConfig.parse(Map.of("pgmux.target", "127.0.0.1:6432"));
        assertThat(config.target()).contains(new HostAndPort("127.0.0.1", 6432));
        assertThat(config.targetMode()).isEqualTo(TargetMode.TRANSACTION);
    }

    @Test
    void keysWithoutThePrefixAreAccepted() throws Exception {
        assertThat(PgmuxConfig.parse(Map.of("pool.size", "3")).poolSize()).isEqualTo(3);
    }

    @Test
    void aBadValueNamesKeyValueAndWhatIsAllowed() {
        assertThatThrownBy(() -> PgmuxConfig.parse(Map.of("pgmux.pool.size", "banana")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("pgmux.pool.size=banana")
                .hasMessageContaining("a whole number from 1 to 10000");
    }

    @Test
    void anUnknownKeyIsReportedWithTheKnownOnes() {
        assertThatThrownBy(() -> PgmuxConfig.parse(Map.of("pgmux.pool.sise", "3")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key pgmux.pool.sise=3")
                .hasMessageContaining("pgmux.pool.size");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        try {
            PgmuxConfig.parse(Map.of("pgmux.pinning", "sometimes", "pgmux.target", "nohost", "pgmux.jmx", "yes"));
        } catch (ConfigException e) {
            assertThat(e.problems()).hasSize(3);
            assertThat(e.getMessage()).contains("one of pin, warn, fail", "host:port", "true or false");
            return;
        }
        throw new AssertionError("expected a ConfigException");
    }

    @Test
    void minIdleAboveThePoolSizeIsRejected() {
        assertThatThrownBy(() -> PgmuxConfig.parse(Map.of("pgmux.pool.size", "2", "pgmux.pool.minIdle", "3")))
                .hasMessageContaining("pgmux.pool.minIdle=3")
                .hasMessageContaining("at most pgmux.pool.size (2)");
    }

    @Test
    void aPoolerModeNeedsATarget() {
        assertThatThrownBy(() -> PgmuxConfig.parse(Map.of("pgmux.target.mode", "transaction")))
                .hasMessageContaining("pgmux.target.mode=transaction");
    }

    @Test
    void includeAndExcludeGlobsDecideWhichUrlsAreMultiplexed() throws Exception {
        PgmuxConfig config = PgmuxConfig.parse(Map.of("pgmux.exclude", "jdbc:postgresql://reports*,*/audit?x=*"));
        assertThat(config.matches("jdbc:postgresql://db:5432/app")).isTrue();
        assertThat(config.matches("jdbc:postgresql://reports:5432/app")).isFalse();
        assertThat(config.matches("jdbc:postgresql://db/audit?x=1")).isFalse();
        assertThat(config.matches("jdbc:h2:mem:test")).isFalse();
        assertThat(config.matches(null)).isFalse();
    }

    @Test
    void globCharactersOtherThanStarAndQuestionMarkAreLiteral() throws Exception {
        PgmuxConfig config = PgmuxConfig.parse(Map.of("pgmux.include", "jdbc:postgresql://a.b:1/x"));
        assertThat(config.matches("jdbc:postgresql://a.b:1/x")).isTrue();
        assertThat(config.matches("jdbc:postgresql://aXb:1/x")).isFalse();
    }

    @Test
    void trackedParametersAreLowerCasedAndValidated() throws Exception {
        assertThat(PgmuxConfig.parse(Map.of("pgmux.trackedParameters", "Search_Path, TimeZone")).trackedParameters())
                .containsExactly("search_path", "timezone");
        assertThatThrownBy(() -> PgmuxConfig.parse(Map.of("pgmux.trackedParameters", "search_path;drop")))
                .hasMessageContaining("search_path;drop");
    }

    @Test
    void withChangesOneSettingAndKeepsTheRest() throws Exception {
        PgmuxConfig config = PgmuxConfig.parse(Map.of("pgmux.pool.size", "4")).with("pool.reserve", "1");
        assertThat(config.poolSize()).isEqualTo(4);
        assertThat(config.poolReserve()).isEqualTo(1);
    }

    @Test
    void fromPropertiesReadsTheSameKeys() throws Exception {
        Properties p = new Properties();
        p.setProperty("pgmux.pinning", "warn");
        assertThat(PgmuxConfig.fromProperties(p).pinning()).isEqualTo(Pinning.WARN);
    }

    @Test
    void describeListsEveryEffectiveSetting() throws Exception {
        Map<String, String> described = PgmuxConfig.parse(Map.of("pgmux.pool.size", "7")).describe();
        assertThat(described).containsEntry("pgmux.pool.size", "7")
                .containsEntry("pgmux.pool.reserve", "5")
                .containsEntry("pgmux.target.mode", "direct");
    }
}
