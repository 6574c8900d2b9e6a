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
 * The failover part of {@code ./demo.sh --standby} in short: the primary is killed under the writer, the standby
 * promoted, and the writer goes on on the new primary; only transactions in flight at the kill fail.
 */
@ExtendWith(TestDatabaseExtension.class)
class FailoverDemoIT {
    private static final Pattern WRITER = Pattern.compile("writer \\(drivermanager, 16 threads\\): [^\\n]*\"requests\":(\\d+),"
            + "\"errors\":(\\d+),");
    private static final Pattern LAST_ROW = Pattern.compile("\\|\\s+(\\d+)\\s+\\|\\s+(\\d+)\\s+\\|\\s+new primary on");

    @Test
    void theWriterGoesOnOnThePromotedStandbyAndOnlyTransactionsInFlightFail(TestDatabase db, @TempDir Path work)
            throws Exception {
        Path agent = artifact("pgmux.agent.jar", "../agent/target/pgmux-agent.jar");
        Path sampleApps = artifact("pgmux.sampleApps.jar", "../sample-apps/target/sample-apps.jar");
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            FailoverDemo.run(db, agent, sampleApps, 12, work);
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        original.println(output);

        assertThat(output).contains("--- kill -9 of the primary ---").contains("--- pg_promote() on the standby ---");
        Matcher writer = WRITER.matcher(output);
        assertThat(writer.find()).as(output).isTrue();
        assertThat(Long.parseLong(writer.group(2))).as("errors: at most the 16 transactions in flight").isLessThanOrEqualTo(16);
        long lastTransactions = -1;
        long lastFailovers = -1;
        Matcher row = LAST_ROW.matcher(output);
        while (row.find()) {
            lastTransactions = Long.parseLong(row.group(1));
            lastFailovers = Long.parseLong(row.group(2));
        }
        assertThat(lastFailovers).as(output).isEqualTo(1);
        assertThat(lastTransactions).as(output).isPositive();
        assertThat(output).contains("the writer's commits went on within");
    }

    private static Path artifact(String property, String relativeToModule) {
        Path path = Paths.get(System.getProperty(property, relativeToModule)).toAbsolutePath().normalize();
        assertThat(Files.isRegularFile(path)).as("%s: build it first", path).isTrue();
        return path;
    }
}
