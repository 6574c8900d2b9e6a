package io.pgmux.agent.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class StderrLoggingTest {
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void captureStderr() {
        originalErr = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setErr(originalErr);
        StderrLogging.setLevel("info");
    }

    private String stderr() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void pgmuxLinesArePrefixedWithTheLevel() {
        Logger log = LoggerFactory.getLogger("io.pgmux.pool.ServerPool");

        log.warn("pool {} is waiting", "app@db");

        assertThat(stderr()).isEqualTo("[pgmux] WARN pool app@db is waiting" + System.lineSeparator());
    }

    @Test
    void linesBelowTheConfiguredLevelAreLeftOut() {
        StderrLogging.setLevel("warn");
        Logger log = LoggerFactory.getLogger("io.pgmux.Multiplexer");

        log.info("opened a pool");
        log.error("could not open a pool");

        assertThat(stderr()).doesNotContain("opened").contains("[pgmux] ERROR could not open a pool");
    }

    @Test
    void routineInfoOfBundledLibrariesShowsOnlyAtDebug() {
        Logger hikari = LoggerFactory.getLogger("com.zaxxer.hikari.HikariDataSource");

        hikari.info("Starting...");
        StderrLogging.setLevel("debug");
        hikari.info("Start completed.");

        assertThat(stderr()).doesNotContain("Starting...").contains("[pgmux] INFO Start completed.");
    }

    @Test
    void anExceptionIsPrintedWithItsStackTrace() {
        LoggerFactory.getLogger("io.pgmux.agent.PgmuxAgent").error("pgmux could not start", new IllegalStateException("boom"));

        assertThat(stderr()).contains("[pgmux] ERROR pgmux could not start", "java.lang.IllegalStateException: boom",
                "at io.pgmux.agent.logging.StderrLoggingTest");
    }
}
