package io.pgmux.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void badArgumentsExitWithTwoNamingTheArgumentOnStderrAndLeaveStdoutEmpty() {
        int exit = run("hikari", "--url", "jdbc:postgresql://localhost/app", "--user", "u", "--password", "p", "--threads", "-4");

        assertThat(exit).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("error: bad value for --threads: -4")
                .contains("usage: java [-javaagent:...] -jar sample-apps.jar STYLE");
    }

    @Test
    void noArgumentsAskForAStyle() {
        int exit = run();

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: missing STYLE");
    }

    @Test
    void helpPrintsTheUsageAndSucceeds() {
        int exit = run("--help");

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage:");
    }
}
