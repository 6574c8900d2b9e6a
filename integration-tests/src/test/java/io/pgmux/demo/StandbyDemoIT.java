package io.pgmux.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./demo.sh --standby} in short: the reader's read-only transactions go to the standby, to the primary while
 * the standby is stopped, and the apps see no error.
 */
@ExtendWith(TestDatabaseExtension.class)
class StandbyDemoIT {

    private static final Pattern SUMMARY = Pattern.compile("Read-only transactions sent to the standby: (\\d+);"
            + " served by the primary instead, the standby being down or behind: (\\d+)");

    @Test
    void readsGoToTheStandbyFallBackToThePrimaryWhileItIsStoppedAndNoAppSeesAnError(TestDatabase db,
            @TempDir Path work) throws Exception {
        String output = demoOutput(db, work);

        assertThat(output).contains("--- stopping the standby").contains("--- starting the standby again ---")
                .contains("healthy").contains("down");
        Matcher summary = SUMMARY.matcher(output);
        assertThat(summary.find()).as(output).isTrue();
        assertThat(Long.parseLong(summary.group(1))).as(output).isPositive();
        assertThat(Long.parseLong(summary.group(2))).as(output).isPositive();
        assertThat(output).as(output).containsPattern("writer \\(drivermanager, 8 threads\\): \\{[^\\n]*\"errors\":0,")
                .containsPattern("reader \\(drivermanager, 40 threads\\): \\{[^\\n]*\"errors\":0,")
                .doesNotContain("histogram_us");
    }

    /** Runs the demo for 12 s on the harness's database and standby, with what it printed. */
    private static String demoOutput(TestDatabase db, Path work) throws Exception {
        Path agent = artifact("pgmux.agent.jar", "../agent/target/pgmux-agent.jar");
        Path sampleApps = artifact("pgmux.sampleApps.jar", "../sample-apps/target/sample-apps.jar");
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            StandbyDemo.run(db, agent, sampleApps, 12, work);
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        original.println(output);
        return output;
    }

    private static Path artifact(String property, String relativeToModule) {
        Path path = Paths.get(System.getProperty(property, relativeToModule)).toAbsolutePath().normalize();
        assertThat(Files.isRegularFile(path)).as("%s: build it first", path).isTrue();
        return path;
    }
}
