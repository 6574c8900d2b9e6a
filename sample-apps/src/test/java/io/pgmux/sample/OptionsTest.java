package io.pgmux.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {
    private static final String[] REQUIRED = {
        "--url", "jdbc:postgresql://localhost:5432/app", "--user", "app", "--password", "secret"};

    private static List<String> args(String style, String... extra) {
        List<String> args = new ArrayList<>();
        args.add(style);
        args.addAll(Arrays.asList(REQUIRED));
        args.addAll(Arrays.asList(extra));
        return args;
    }

    @Test
    void defaultsToTenSecondsOfWritesOnOneThreadWithAPoolOfTen() throws Exception {
        Options options = Options.parse(args("hikari"));

        assertThat(options.style).isEqualTo(Style.HIKARI);
        assertThat(options.mode).isEqualTo(Mode.WRITE);
        assertThat(options.threads).isEqualTo(1);
        assertThat(options.durationSeconds).isEqualTo(10.0);
        assertThat(options.requests).isNull();
        assertThat(options.appPoolSize).isEqualTo(10);
        assertThat(options.idleConnections).isZero();
        assertThat(options.init).isFalse();
        assertThat(options.warmupSeconds).isZero();
        assertThat(options.readOnly).isFalse();
    }

    @Test
    void readOnlyReadsAreAFlagWithoutAValue() throws Exception {
        Options options = Options.parse(args("drivermanager", "--read-only", "--mode", "read", "--threads", "4"));

        assertThat(options.readOnly).isTrue();
        assertThat(options.mode).isEqualTo(Mode.READ);
        assertThat(options.threads).isEqualTo(4);
    }

    @Test
    void rejectsReadOnlyOutsideTheReadMode() {
        assertThatThrownBy(() -> Options.parse(args("hikari", "--read-only")))
                .isInstanceOf(BadArgumentException.class)
                .hasMessage("--read-only applies only with --mode read");
    }

    @Test
    void theUsageDescribesReadOnly() {
        assertThat(Options.USAGE).contains("--read-only").contains("setReadOnly(true)");
    }

    @Test
    void aRequestCountAloneBoundsTheRunWithoutADeadline() throws Exception {
        Options options = Options.parse(args("hold", "--requests", "500"));

        assertThat(options.requests).isEqualTo(500L);
        assertThat(options.durationSeconds).isNull();
    }

    @Test
    void readsEveryOption() throws Exception {
        Options options = Options.parse(args("c3p0", "--threads", "64", "--duration", "2.5", "--mode", "read",
                "--app-pool-size", "4", "--idle-connections", "100", "--init", "--scale", "3", "--requests", "7", "--warmup", "1.5"));

        assertThat(options.style).isEqualTo(Style.C3P0);
        assertThat(options.threads).isEqualTo(64);
        assertThat(options.durationSeconds).isEqualTo(2.5);
        assertThat(options.mode).isEqualTo(Mode.READ);
        assertThat(options.appPoolSize).isEqualTo(4);
        assertThat(options.idleConnections).isEqualTo(100);
        assertThat(options.init).isTrue();
        assertThat(options.scale).isEqualTo(3);
        assertThat(options.requests).isEqualTo(7L);
        assertThat(options.warmupSeconds).isEqualTo(1.5);
    }

    @Test
    void rejectsAnUnknownStyleListingTheKnownOnes() {
        assertThatThrownBy(() -> Options.parse(args("spring")))
                .isInstanceOf(BadArgumentException.class)
                .hasMessageContaining("'spring'")
                .hasMessageContaining("drivermanager, datasource, hikari, hold, dbcp2, c3p0");
    }

    @Test
    void rejectsAMissingRequiredOptionByName() {
        assertThatThrownBy(() -> Options.parse(List.of("hold", "--url", "jdbc:postgresql://h/db", "--user", "u")))
                .isInstanceOf(BadArgumentException.class)
                .hasMessage("missing --password");
    }

    @Test
    void rejectsAnOptionWithoutItsValue() {
        assertThatThrownBy(() -> Options.parse(args("hold", "--threads")))
                .hasMessage("--threads needs a value");
    }

    @Test
    void rejectsANonNumericThreadCount() {
        assertThatThrownBy(() -> Options.parse(args("hold", "--threads", "many")))
                .hasMessageContaining("--threads")
                .hasMessageContaining("'many'");
    }

    @Test
    void rejectsZeroThreads() {
        assertThatThrownBy(() -> Options.parse(args("hold", "--threads", "0")))
                .hasMessageContaining("--threads")
                .hasMessageContaining("at least 1");
    }

    @Test
    void rejectsANonPositiveDuration() {
        assertThatThrownBy(() -> Options.parse(args("hold", "--duration", "0")))
                .hasMessageContaining("--duration");
    }

    @Test
    void rejectsAnUnknownMode() {
        assertThatThrownBy(() -> Options.parse(args("hold", "--mode", "mixed")))
                .hasMessageContaining("--mode")
                .hasMessageContaining("'mixed'");
    }

    @Test
    void rejectsAnUnknownOption() {
        assertThatThrownBy(() -> Options.parse(args("hold", "--fast", "yes")))
                .hasMessage("unknown option --fast");
    }

    @Test
    void rejectsAnOptionGivenTwice() {
        assertThatThrownBy(() -> Options.parse(args("hold", "--threads", "2", "--threads", "3")))
                .hasMessage("--threads is given twice");
    }

    @Test
    void rejectsAUrlOfAnotherDriver() {
        assertThatThrownBy(() -> Options.parse(List.of("hold", "--url", "jdbc:mysql://h/db", "--user", "u", "--password", "p")))
                .hasMessageContaining("--url");
    }

    @Test
    void rejectsAScaleWithoutInit() {
        assertThatThrownBy(() -> Options.parse(args("hold", "--scale", "2")))
                .hasMessage("--scale applies only with --init");
    }
}
